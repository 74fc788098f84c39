package io.detectionstudio.ui.train;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** A single thread standing in for the FX thread, so view models run without a window: call on it, wait on it. */
final class FxStandIn implements AutoCloseable {

    final ExecutorService executor = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0L, java.util.concurrent.TimeUnit.MILLISECONDS,
            new java.util.concurrent.LinkedBlockingQueue<>(), r -> new Thread(r, "fx-stand-in"));

    /** Runs {@code c} on the stand-in thread and returns its result. */
    <T> T call(Callable<T> c) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return c.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, executor).get(60, TimeUnit.SECONDS);
    }

    void run(Runnable r) throws Exception {
        call(() -> {
            r.run();
            return null;
        });
    }

    /** Polls {@code condition} on the stand-in thread until it holds. */
    void waitFor(int seconds, Supplier<Boolean> condition, Supplier<String> why) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            if (call(condition::get)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new TimeoutException("not within " + seconds + " s: " + call(why::get));
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
