package io.detectionstudio.ui.train;

import io.detectionstudio.engine.training.RunSummary;
import io.detectionstudio.core.Detection;
import io.detectionstudio.data.KeypointSchema;
import io.detectionstudio.data.image.ImageLoader;
import io.detectionstudio.model.centernet.CenterNetDetector;
import io.detectionstudio.model.centernet.CenterNetRun;
import io.detectionstudio.viz.DetectionRenderer;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Detections of the model being trained on a few images, redrawn at each checkpoint, so the user watches it learn.
 *
 * <p>The training thread only copies the new checkpoint's files aside (a few milliseconds); a worker thread of its
 * own restores them into an inference graph, detects and draws. While a redraw is still running, new checkpoints
 * are skipped, so the preview never queues up work behind the training. Frames go to {@code sink} on the worker
 * thread.
 */
final class LivePreview implements AutoCloseable {

    /** Detections below this score are not drawn (as {@code detect --min-score 0.3}). */
    static final double MIN_SCORE = 0.3;
    /** At most this many images are previewed. */
    static final int MAX_IMAGES = 3;
    /** Preview images are drawn at most this many pixels on a side. */
    static final int DISPLAY_SIZE = 320;

    private record Source(String name, BufferedImage display, CenterNetDetector.Letterboxed input) {
    }

    private final Path runFolder;
    private final Map<Integer, String> names;
    private final Map<Integer, KeypointSchema> schemas;
    private final Consumer<List<PreviewFrame>> sink;
    private final Consumer<String> onError;
    private final ExecutorService worker;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final Path copyDir;
    private volatile List<Source> sources = List.of();
    private CenterNetDetector detector;
    private volatile int lastStep = -1;
    private volatile boolean failed;
    private int redraws;
    private int skipped;
    private long firstNanos;
    private long redrawNanos;
    private int copies;
    private long copyNanos;

    /**
     * Starts decoding the images in the background.
     *
     * @param files     the images to preview (up to {@link #MAX_IMAGES} are used)
     * @param inputSize the run's input size
     * @param onError   told once, on the worker thread, when the preview fails (training goes on without it)
     */
    LivePreview(Path runFolder, List<Path> files, int inputSize, Map<Integer, String> names, Map<Integer, KeypointSchema> schemas,
                Consumer<List<PreviewFrame>> sink, Consumer<String> onError) throws IOException {
        this.runFolder = runFolder;
        this.names = Map.copyOf(names);
        this.schemas = Map.copyOf(schemas);
        this.sink = sink;
        this.onError = onError;
        this.copyDir = Files.createTempDirectory("detection-studio-preview");
        this.worker = io.detectionstudio.ui.task.Workers.single("training-preview", Thread.MIN_PRIORITY);
        List<Path> use = files.subList(0, Math.min(MAX_IMAGES, files.size()));
        worker.execute(() -> guarded(() -> {
            List<Source> out = new ArrayList<>();
            for (Path f : use) {
                BufferedImage img = ImageLoader.loadRgb(f);
                out.add(new Source(f.getFileName().toString(), shrink(img, DISPLAY_SIZE), CenterNetDetector.letterbox(img, inputSize)));
            }
            sources = out;
        }));
    }

    /**
     * On the training thread, after a checkpoint was written: hands it to the worker unless a redraw is running.
     */
    void checkpoint(int step, Path prefix) {
        if (failed) {
            return;
        }
        if (!busy.compareAndSet(false, true)) {
            synchronized (this) {
                skipped++;
            }
            return;
        }
        long t0 = System.nanoTime();
        try {
            copy(prefix);
        } catch (IOException e) {
            busy.set(false);
            fail("the preview could not copy the checkpoint: " + e.getMessage());
            return;
        }
        synchronized (this) {
            copies++;
            copyNanos += System.nanoTime() - t0;
        }
        lastStep = step;
        worker.execute(() -> {
            try {
                guarded(() -> redraw(step));
            } finally {
                busy.set(false);
            }
        });
    }

    /** After the job: draws the final checkpoint unless it was the last one drawn (waits for the worker, not the trainer). */
    void finish(int step, Path prefix) {
        if (failed || prefix == null || step == lastStep) {
            return;
        }
        lastStep = step;
        worker.execute(() -> guarded(() -> {
            copy(prefix);
            redraw(step);
        }));
    }

    private void redraw(int step) throws Exception {
        List<Source> src = sources;
        if (src.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        Path copied = copyDir.resolve("preview");
        if (detector == null) {
            detector = CenterNetDetector.open(CenterNetRun.open(runFolder).withCheckpoint(copied));
        } else {
            detector.restore(copied);
        }
        List<PreviewFrame> frames = new ArrayList<>();
        for (Source s : src) {
            List<Detection> found = detector.detect(s.input()).stream().filter(d -> d.score() >= MIN_SCORE).toList();
            BufferedImage drawn = DetectionRenderer.draw(s.display(), found, names, schemas);
            frames.add(new PreviewFrame(drawn, s.name() + " · step " + step + " · " + found.size() + " found", step, found.size()));
        }
        synchronized (this) {
            if (redraws++ == 0) {
                firstNanos = System.nanoTime() - t0;
            } else {
                redrawNanos += System.nanoTime() - t0;
            }
        }
        sink.accept(frames);
    }

    /** Copies {@code prefix.*} (index and data shards) to the worker's own prefix, so the trainer may overwrite its own. */
    private void copy(Path prefix) throws IOException {
        String stem = prefix.getFileName() + ".";
        try (DirectoryStream<Path> files = Files.newDirectoryStream(prefix.getParent(), stem + "*")) {
            for (Path f : files) {
                String suffix = f.getFileName().toString().substring(stem.length());
                Files.copy(f, copyDir.resolve("preview." + suffix), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private void guarded(Step step) {
        if (failed) {
            return;
        }
        try {
            step.run();
        } catch (Exception | LinkageError e) {
            fail("the live preview stopped: " + (e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("")));
        }
    }

    private void fail(String message) {
        if (!failed) {
            failed = true;
            onError.accept(message);
        }
    }

    /** What the preview cost so far. */
    synchronized RunSummary.PreviewCost cost() {
        return new RunSummary.PreviewCost(redraws, skipped, firstNanos / 1e6, redraws < 2 ? 0 : redrawNanos / 1e6 / (redraws - 1),
                copies == 0 ? 0 : copyNanos / 1e6 / copies);
    }

    /** Waits for the pending redraws, then frees the model and the copied checkpoint. */
    @Override
    public void close() {
        worker.execute(() -> {
            if (detector != null) {
                detector.close();
                detector = null;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(copyDir)) {
                for (Path f : files) {
                    Files.deleteIfExists(f);
                }
                Files.deleteIfExists(copyDir);
            } catch (IOException e) {
                // a temporary folder left behind; the system cleans it up
            }
        });
        worker.shutdown();
        try {
            worker.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static BufferedImage shrink(BufferedImage img, int maxSide) {
        double f = Math.min(1, (double) maxSide / Math.max(img.getWidth(), img.getHeight()));
        if (f >= 1) {
            return img;
        }
        int w = Math.max(1, (int) Math.round(img.getWidth() * f));
        int h = Math.max(1, (int) Math.round(img.getHeight() * f));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }
}
