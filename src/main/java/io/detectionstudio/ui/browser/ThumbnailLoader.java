package io.detectionstudio.ui.browser;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Decodes thumbnails on a small pool of background threads, only for what is asked (the list's visible cells), and
 * keeps the most recent ones in an LRU {@link ThumbnailCache}. Requests are served newest first, so the cells the user
 * scrolled to come before those scrolled past; a cancelled request (its cell now shows another image) is dropped
 * without decoding. A file that cannot be decoded gets the {@code broken} placeholder, which is cached as well, and
 * never stops the others.
 *
 * @param <T> the thumbnail type the views use (a JavaFX image in the studio, the decoded image in tests)
 */
public final class ThumbnailLoader<T> implements AutoCloseable {

    /** Decodes a file into an image fitting {@code maxSide} x {@code maxSide}; throws when it cannot. */
    @FunctionalInterface
    public interface Decoder {
        BufferedImage decode(Path file, int maxSide) throws Exception;
    }

    /** A pending request; {@link #cancel()} drops it if it has not started. */
    public interface Request {
        void cancel();
    }

    private final int maxSide;
    private final Decoder decoder;
    private final Function<BufferedImage, T> convert;
    private final T broken;
    private final Executor deliver;
    private final ThumbnailCache<Path, T> cache;
    private final ThreadPoolExecutor workers;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong decoded = new AtomicLong();

    /**
     * @param maxSide   the longest side of a thumbnail in pixels
     * @param cacheSize how many thumbnails are kept
     * @param threads   decoding threads (daemon, below normal priority)
     * @param decoder   the decoding, e.g. {@code ImageLoader::loadThumbnail}
     * @param convert   turns a decoded image into the view's type (called on a decoding thread)
     * @param broken    the placeholder shown for a file that cannot be decoded
     * @param deliver   where results are handed over (the FX thread in the app)
     */
    public ThumbnailLoader(int maxSide, int cacheSize, int threads, Decoder decoder, Function<BufferedImage, T> convert,
                           T broken, Executor deliver) {
        this.maxSide = maxSide;
        this.decoder = decoder;
        this.convert = convert;
        this.broken = broken;
        this.deliver = deliver;
        this.cache = new ThumbnailCache<>(cacheSize);
        this.workers = io.detectionstudio.ui.task.Workers.pool("thumbnails", threads, Thread.NORM_PRIORITY - 1, new PriorityBlockingQueue<>());
    }

    /** The cached thumbnail of a file (or the placeholder when it is known to be broken); null when not cached. */
    public T cached(Path file) {
        return cache.get(file);
    }

    /**
     * Asks for a file's thumbnail: {@code onLoaded} gets it on the delivery executor, unless the request is cancelled
     * first. A cached thumbnail is delivered without decoding.
     */
    public Request request(Path file, Consumer<T> onLoaded) {
        Job job = new Job(file, onLoaded, sequence.incrementAndGet());
        workers.execute(job);
        return job;
    }

    /** Files decoded so far (broken ones included), for tests and diagnostics. */
    public long decodedCount() {
        return decoded.get();
    }

    /** Requests waiting for a thread. */
    public int pending() {
        return workers.getQueue().size();
    }

    ThumbnailCache<Path, T> cache() {
        return cache;
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    private T load(Path file) {
        T t = cache.get(file);
        if (t != null) {
            return t;
        }
        try {
            t = convert.apply(decoder.decode(file, maxSide));
        } catch (Exception | OutOfMemoryError e) {
            t = broken;
        }
        decoded.incrementAndGet();
        cache.put(file, t);
        return t;
    }

    /** One request; newer ones sort first in the queue. */
    private final class Job implements Runnable, Request, Comparable<Job> {
        private final Path file;
        private final Consumer<T> onLoaded;
        private final long seq;
        private final AtomicBoolean cancelled = new AtomicBoolean();

        Job(Path file, Consumer<T> onLoaded, long seq) {
            this.file = file;
            this.onLoaded = onLoaded;
            this.seq = seq;
        }

        @Override
        public void cancel() {
            cancelled.set(true);
        }

        @Override
        public void run() {
            if (cancelled.get()) {
                return;
            }
            T t = load(file);
            deliver.execute(() -> {
                if (!cancelled.get()) {
                    onLoaded.accept(t);
                }
            });
        }

        @Override
        public int compareTo(Job o) {
            return Long.compare(o.seq, seq);
        }
    }
}
