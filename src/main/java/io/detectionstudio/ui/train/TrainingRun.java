package io.detectionstudio.ui.train;

import io.detectionstudio.data.Category;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.FileTrees;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.KeypointSchema;
import io.detectionstudio.data.ObjectAnnotation;
import io.detectionstudio.engine.training.StartPoint;
import io.detectionstudio.engine.weights.WeightsStore;
import io.detectionstudio.engine.training.RunRecorder;
import io.detectionstudio.engine.training.TrainingJob;
import io.detectionstudio.engine.training.TrainingListener;
import io.detectionstudio.engine.training.TrainingOutcome;
import io.detectionstudio.engine.training.TrainingProgress;
import io.detectionstudio.model.ModelException;
import io.detectionstudio.model.centernet.CenterNetRun;
import io.detectionstudio.ui.StudioViewModel;
import io.detectionstudio.ui.task.BackgroundTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One run of the Train panel: on the training thread it resolves the start, trains with its {@link Trainer}, feeds
 * the live preview and lets a {@link RunRecorder} write the run's records; the trainer's reports wait in
 * {@link #drain()} for the FX thread, which {@code flush} is asked (at most {@link TrainViewModel#CHART_UPDATES_PER_SECOND}
 * times a second) to take.
 */
final class TrainingRun implements TrainingListener {

    /** What to train: the snapshot, where, with what, and what to preview. */
    record Request(Path folder, LocalDateTime started, Dataset dataset, TrainingJob.Settings settings, TrainOptions.Start start,
                   List<Path> previewFiles, Map<Integer, String> names, Map<Integer, KeypointSchema> schemas,
                   Path annotationsFile, WeightsStore weights) {

        /** A request for {@code snapshot}, a training set of {@code open}, with names and previews from {@code open}. */
        static Request of(Dataset open, Dataset snapshot, Path folder, LocalDateTime started, TrainingJob.Settings settings,
                          TrainOptions.Start start, boolean preview, Path annotationsFile, WeightsStore weights) {
            Map<Integer, String> names = new LinkedHashMap<>();
            Map<Integer, KeypointSchema> schemas = new LinkedHashMap<>();
            for (Category c : open.categories()) {
                names.put(c.id(), c.name());
                if (c.hasKeypoints()) {
                    schemas.put(c.id(), c.keypoints());
                }
            }
            return new Request(folder, started, snapshot, settings, start, preview ? previewImages(open) : List.of(), names,
                    schemas, annotationsFile, weights);
        }
    }

    /** How the training thread ended: the outcome, or what it threw, and why the records could not be written. */
    record Ended(TrainingOutcome outcome, Throwable thrown, String notWritten) {
    }

    /** The reports since the last {@link #drain()}: steps, and validations to apply to the chart. */
    record Reports(List<TrainingProgress> steps, List<Consumer<LossChart>> validations) {
    }

    /** Where the run's messages go, all called on the FX thread. */
    interface Sink {
        void flush(TrainingRun run);

        void started(TrainingRun run, String message);

        void previews(TrainingRun run, List<PreviewFrame> frames);

        void status(String message);
    }

    final Request request;
    final Trainer trainer;
    private final Executor fx;
    private final Sink sink;
    BackgroundTask<Ended> task;
    // Training thread only.
    private LivePreview preview;
    volatile TrainingJob.Settings settings;
    volatile String startNote = "Training";
    // Handed to the FX thread (guarded by pending).
    private final List<TrainingProgress> pending = new ArrayList<>();
    private final List<Consumer<LossChart>> pendingValidations = new ArrayList<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private volatile long lastFlush;
    // FX thread only.
    boolean announced;

    TrainingRun(Request request, Trainer trainer, Executor fx, Sink sink) {
        this.request = request;
        this.trainer = trainer;
        this.fx = fx;
        this.sink = sink;
        this.settings = request.settings();
    }

    private static boolean reviewed(ImageRecord im) {
        return Boolean.TRUE.equals(im.extras().get(StudioViewModel.REVIEWED));
    }

    /**
     * The images a run may learn from: those with annotations, and those marked reviewed (checked: nothing to find).
     * An image nobody has labelled yet is left out: in a half-labelled folder it is not a negative.
     */
    static Dataset trainingSet(Dataset copy) {
        Set<Long> annotated = new HashSet<>();
        copy.annotations().forEach(a -> annotated.add(a.imageId()));
        copy.images().removeIf(im -> !annotated.contains(im.id()) && !reviewed(im));
        Set<Long> kept = new HashSet<>();
        copy.images().forEach(im -> kept.add(im.id()));
        copy.annotations().removeIf(a -> !kept.contains(a.imageId()));
        return copy;
    }

    /** Up to {@link LivePreview#MAX_IMAGES} images for the live preview: unlabelled ones, or labelled ones when all are. */
    static List<Path> previewImages(Dataset d) {
        Set<Long> annotated = new HashSet<>();
        d.annotations().stream().map(ObjectAnnotation::imageId).forEach(annotated::add);
        List<ImageRecord> unlabelled = d.images().stream()
                .filter(im -> !annotated.contains(im.id()) && !reviewed(im))
                .toList();
        List<ImageRecord> from = unlabelled.isEmpty() ? d.images() : unlabelled;
        return from.stream().limit(LivePreview.MAX_IMAGES).map(d::resolve).toList();
    }

    /** How a run ended, in one line. */
    static String describe(TrainingOutcome o) {
        String best = o.best() == null ? "" : "; " + o.best().describe();
        return switch (o.reason()) {
            case FINISHED -> String.format(Locale.ROOT, "Finished: %d steps in %.0f s%s", o.steps(), o.seconds(), best);
            case TIME_BUDGET -> String.format(Locale.ROOT, "Time budget reached after %d steps (%.0f s); model kept%s",
                    o.steps(), o.seconds(), best);
            case EARLY_STOP -> String.format(Locale.ROOT, "Stopped early at step %d: validation stopped improving%s", o.steps(), best);
            case CANCELLED -> o.checkpoint() != null ? "Cancelled at step " + o.steps() + "; model kept"
                    : "Cancelled before the first step; nothing kept";
            case FAILED -> "Training failed: " + o.error();
        };
    }

    boolean cancelled() {
        return task != null && task.isCancelled();
    }

    /**
     * The training thread's body: train, record, report the end. A run that ended without a checkpoint (it failed or
     * was cancelled before its first step) has no model to keep: its folder is deleted.
     */
    Ended run() {
        Path folder = request.folder();
        TrainingOutcome outcome = null;
        Throwable thrown = null;
        RunRecorder recorder = null;
        try {
            settings = withStart(request.settings());
            recorder = new RunRecorder(folder, request.started(), request.annotationsFile(), request.dataset().images().size(),
                    settings).withPreviewCost(() -> preview == null ? null : preview.cost());
            String split = trainer.split(request.dataset(), settings).description();
            fx.execute(() -> sink.started(this, startNote + " · validation: " + split));
            if (!request.previewFiles().isEmpty()) {
                preview = new LivePreview(folder, request.previewFiles(), settings.inputSize(), request.names(), request.schemas(),
                        frames -> fx.execute(() -> sink.previews(this, frames)),
                        msg -> fx.execute(() -> sink.status("Training goes on; " + msg)));
            }
            outcome = trainer.run(request.dataset(), folder, settings, TrainingListener.all(this, recorder));
        } catch (Exception | Error e) {
            // Errors too (a native library that fails to load, memory): the studio must learn the job ended.
            thrown = e;
            if (recorder != null) {
                recorder.record(null, e);
            }
        } finally {
            if (preview != null) {
                preview.close();
            }
        }
        if (lastCheckpoint(outcome) == null) {
            FileTrees.deleteQuietly(folder);
            return new Ended(outcome, thrown, null);
        }
        return new Ended(outcome, thrown, recorder == null ? null : recorder.problem());
    }

    /** Resolves where the weights start, with the same code as {@code train --start}; the start decides the width. */
    TrainingJob.Settings withStart(TrainingJob.Settings st) throws ModelException {
        StartPoint from = request.start().kind() == TrainOptions.Start.Kind.RUN ? StartPoint.ofRun(request.start().run())
                : StartPoint.named(request.start().spec(), request.weights());
        startNote = "Training from " + from.description();
        return from.fit(st, false);
    }

    private Path lastCheckpoint(TrainingOutcome o) {
        Path last = request.folder().resolve(CenterNetRun.CHECKPOINTS).resolve(CenterNetRun.LAST);
        return Files.isRegularFile(Path.of(last + ".index")) && (o == null || o.steps() > 0) ? last : null;
    }

    /** Takes the reports that arrived since the last call (FX thread). */
    Reports drain() {
        flushScheduled.set(false);
        synchronized (pending) {
            Reports r = new Reports(List.copyOf(pending), List.copyOf(pendingValidations));
            pending.clear();
            pendingValidations.clear();
            return r;
        }
    }

    @Override
    public void onStep(TrainingProgress p) {
        synchronized (pending) {
            pending.add(p);
        }
        long now = System.nanoTime();
        if (now - lastFlush >= 1_000_000_000L / TrainViewModel.CHART_UPDATES_PER_SECOND && flushScheduled.compareAndSet(false, true)) {
            lastFlush = now;
            fx.execute(() -> sink.flush(this));
        }
    }

    @Override
    public void onValidation(int step, Map<String, Double> metrics, boolean best) {
        Map<String, Double> m = Map.copyOf(metrics);
        synchronized (pending) {
            pendingValidations.add(chart -> chart.addValidation(step, m, best));
        }
        fx.execute(() -> sink.flush(this));
    }

    @Override
    public void onCheckpoint(int step, Path prefix, boolean best) {
        if (!best && preview != null) {
            preview.checkpoint(step, prefix);
        }
    }

    @Override
    public void onEnd(TrainingOutcome outcome) {
        if (preview != null) {
            preview.finish(outcome.steps(), lastCheckpoint(outcome));
        }
    }
}
