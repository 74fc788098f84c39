package io.detectionstudio.ui.task;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The studio's background threads, made in this one place: named daemon threads (the window closing ends the app
 * whatever they do), in plain {@link ThreadPoolExecutor}s. Not {@code Executors.newSingleThreadExecutor}: its wrapper
 * shuts the pool down when the wrapper is finalized, which can happen mid-call (JDK-8145304) and then rejects work.
 */
public final class Workers {

    private Workers() {
    }

    /** Daemon threads named {@code name}, at {@code priority}. */
    public static ThreadFactory threads(String name, int priority) {
        ThreadFactory base = Executors.defaultThreadFactory();
        return r -> {
            Thread t = base.newThread(r);
            t.setName(name);
            t.setDaemon(true);
            t.setPriority(priority);
            return t;
        };
    }

    /** One daemon thread that runs work in order. */
    public static ThreadPoolExecutor single(String name) {
        return single(name, Thread.NORM_PRIORITY);
    }

    /** One daemon thread at {@code priority} that runs work in order. */
    public static ThreadPoolExecutor single(String name, int priority) {
        return pool(name, 1, priority, new LinkedBlockingQueue<>());
    }

    /** {@code threads} daemon threads taking work from {@code queue}; idle threads end after 30 s. */
    public static ThreadPoolExecutor pool(String name, int threads, int priority, BlockingQueue<Runnable> queue) {
        ThreadPoolExecutor p = new Pool(threads, queue, threads(name, priority));
        p.allowCoreThreadTimeOut(true);
        return p;
    }

    private static final class Pool extends ThreadPoolExecutor {
        Pool(int threads, BlockingQueue<Runnable> queue, ThreadFactory factory) {
            super(threads, threads, 30, TimeUnit.SECONDS, queue, factory);
        }
    }
}
