package io.detectionstudio.ui.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.detectionstudio.data.image.ImageLoader;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Thumbnails: subsampled decoding, the placeholder for broken files, the LRU cache and dropped stale requests. */
class ThumbnailLoaderTest {

    private static final BufferedImage BROKEN = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);

    @TempDir
    Path dir;

    @Test
    void decodesAThumbnailOfTheRightSizeAndCachesIt() throws Exception {
        Path file = jpeg("photo.jpg", 1600, 1200);
        try (ThumbnailLoader<BufferedImage> loader = loader(ImageLoader::loadThumbnail, 10)) {
            BufferedImage thumb = await(loader, file);

            assertThat(thumb.getWidth()).isEqualTo(96);
            assertThat(thumb.getHeight()).isEqualTo(72);
            assertThat(loader.cached(file)).isSameAs(thumb);
            // A second request is served from the cache: nothing more is decoded.
            assertThat(await(loader, file)).isSameAs(thumb);
            assertThat(loader.decodedCount()).isEqualTo(1);
        }
    }

    @Test
    void aBrokenFileGetsThePlaceholderAndTheOthersStillLoad() throws Exception {
        Path broken = dir.resolve("broken.jpg");
        Files.writeString(broken, "this is not a JPEG");
        Path cut = dir.resolve("cut.jpg");
        byte[] full = Files.readAllBytes(jpeg("full.jpg", 200, 100));
        Files.write(cut, java.util.Arrays.copyOf(full, full.length / 2));
        Path good = jpeg("good.jpg", 200, 100);
        try (ThumbnailLoader<BufferedImage> loader = loader(ImageLoader::loadThumbnail, 10)) {
            assertThat(await(loader, broken)).isSameAs(BROKEN);
            assertThat(await(loader, cut)).isSameAs(BROKEN);
            assertThat(await(loader, dir.resolve("missing.jpg"))).isSameAs(BROKEN);
            assertThat(await(loader, good).getWidth()).isEqualTo(96);
            // Broken files are remembered too, so scrolling past them does not decode them again.
            assertThat(loader.cached(broken)).isSameAs(BROKEN);
        }
    }

    @Test
    void theCacheForgetsTheLeastRecentlyUsed() {
        ThumbnailCache<String, Integer> cache = new ThumbnailCache<>(2);
        cache.put("a", 1);
        cache.put("b", 2);
        assertThat(cache.get("a")).isEqualTo(1); // "a" is now the most recent
        cache.put("c", 3);

        assertThat(cache.contains("b")).isFalse();
        assertThat(cache.get("a")).isEqualTo(1);
        assertThat(cache.get("c")).isEqualTo(3);
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void theLoaderDecodesAgainWhatTheCacheEvicted() throws Exception {
        List<Path> decoded = new CopyOnWriteArrayList<>();
        ThumbnailLoader.Decoder counting = (f, size) -> {
            decoded.add(f);
            return new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        };
        try (ThumbnailLoader<BufferedImage> loader = loader(counting, 2)) {
            Path a = dir.resolve("a.jpg");
            Path b = dir.resolve("b.jpg");
            Path c = dir.resolve("c.jpg");
            await(loader, a);
            await(loader, b);
            await(loader, c); // evicts a
            await(loader, b); // cached
            await(loader, a); // decoded again

            assertThat(decoded).containsExactly(a, b, c, a);
            assertThat(loader.cached(c)).isNull(); // evicted by a: b was used more recently
        }
    }

    @Test
    void cancelledRequestsAreDroppedAndNewerOnesComeFirst() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> order = new CopyOnWriteArrayList<>();
        ThumbnailLoader.Decoder slow = (f, size) -> {
            if (f.getFileName().toString().equals("first.jpg")) {
                busy.countDown();
                release.await(10, TimeUnit.SECONDS);
            }
            order.add(f.getFileName().toString());
            return new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        };
        List<String> delivered = new CopyOnWriteArrayList<>();
        try (ThumbnailLoader<BufferedImage> loader = new ThumbnailLoader<>(96, 10, 1, slow, img -> img, BROKEN, Runnable::run)) {
            loader.request(dir.resolve("first.jpg"), t -> delivered.add("first"));
            assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue(); // the only thread is busy with "first"
            // A fast scroll: rows ask for images, then show others before the thread gets to them.
            ThumbnailLoader.Request stale1 = loader.request(dir.resolve("stale1.jpg"), t -> delivered.add("stale1"));
            loader.request(dir.resolve("older.jpg"), t -> delivered.add("older"));
            ThumbnailLoader.Request stale2 = loader.request(dir.resolve("stale2.jpg"), t -> delivered.add("stale2"));
            CountDownLatch done = new CountDownLatch(1);
            loader.request(dir.resolve("newest.jpg"), t -> delivered.add("newest"));
            loader.request(dir.resolve("last-done.jpg"), t -> done.countDown());
            stale1.cancel();
            stale2.cancel();
            release.countDown();
            // "last-done" is the newest, so it runs first; wait until the queue has drained.
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            waitUntil(() -> loader.pending() == 0 && order.size() == 4);

            assertThat(order).containsExactly("first.jpg", "last-done.jpg", "newest.jpg", "older.jpg");
            assertThat(delivered).containsExactlyInAnyOrder("first", "newest", "older");
        }
    }

    @Test
    void aRequestCancelledAfterDecodingIsNotDelivered() throws Exception {
        LinkedBlockingQueue<Runnable> fx = new LinkedBlockingQueue<>();
        List<BufferedImage> delivered = new CopyOnWriteArrayList<>();
        try (ThumbnailLoader<BufferedImage> loader = new ThumbnailLoader<>(96, 10, 1,
                (f, size) -> new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB), img -> img, BROKEN, fx::add)) {
            ThumbnailLoader.Request r = loader.request(dir.resolve("a.jpg"), delivered::add);
            Runnable handOver = fx.poll(10, TimeUnit.SECONDS);
            r.cancel(); // the row shows another image by the time the FX thread runs the hand-over
            handOver.run();

            assertThat(delivered).isEmpty();
            assertThat(loader.cached(dir.resolve("a.jpg"))).isNotNull(); // the work is kept for next time
        }
    }

    private ThumbnailLoader<BufferedImage> loader(ThumbnailLoader.Decoder decoder, int cacheSize) {
        return new ThumbnailLoader<>(96, cacheSize, 2, decoder, img -> img, BROKEN, Runnable::run);
    }

    private static BufferedImage await(ThumbnailLoader<BufferedImage> loader, Path file) throws InterruptedException {
        LinkedBlockingQueue<BufferedImage> result = new LinkedBlockingQueue<>();
        loader.request(file, result::add);
        BufferedImage img = result.poll(10, TimeUnit.SECONDS);
        assertThat(img).as("thumbnail of %s", file).isNotNull();
        return img;
    }

    private Path jpeg(String name, int w, int h) throws Exception {
        Path f = dir.resolve(name);
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "jpg", f.toFile());
        return f;
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }
}
