package io.detectionstudio.ui.train;

import io.detectionstudio.data.Category;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.KeypointSchema;
import io.detectionstudio.data.ObjectAnnotation;
import io.detectionstudio.engine.training.Pretrained;
import io.detectionstudio.engine.training.TrainingJob;
import io.detectionstudio.engine.training.TrainingListener;
import io.detectionstudio.engine.training.TrainingOutcome;
import io.detectionstudio.engine.training.TrainingProgress;
import io.detectionstudio.model.ModelException;
import io.detectionstudio.model.centernet.CenterNetRun;
import io.detectionstudio.ui.StudioViewModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.chart.XYChart;

/**
 * The Train panel's state, testable without a window: the options, the running job's progress, loss curves,
 * validation AP and live preview, and the project's runs with their summaries.
 *
 * <p>{@link #train()} trains on a snapshot of the open dataset, restricted to the images that are labelled or
 * marked reviewed (an image nobody has looked at is not a negative), on a thread of its own; the engine reports
 * on that thread and the reports reach the properties through the studio's {@code fxThread}, the chart at most
 * {@link #CHART_UPDATES_PER_SECOND} times a second and with at most {@link #CHART_POINTS} points per curve. When a
 * run ends, {@link RunSummary} and {@link LossLog} are written into its folder. Every method is called on the FX
 * thread (the studio's {@code fxThread}).
 */
public final class TrainViewModel {

    public static final int CHART_UPDATES_PER_SECOND = 5;
    public static final int CHART_POINTS = 300;
    /** The loss every run reports; the one runs are compared by. */
    public static final String TOTAL = "total";

    private static final DateTimeFormatter FOLDER_NAME = DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss", Locale.ROOT);

    /** A failed run: one line for people, and the details (stack trace, settings) for an expandable area. */
    public record TrainingError(String message, String details) {
    }

    /** Runs side by side: each with its total loss by step (downsampled to {@link #CHART_POINTS}). */
    public record Comparison(List<Compared> runs) {
    }

    /** One run of a {@link Comparison}; {@code totalLoss} is empty when the run has no {@link LossLog}. */
    public record Compared(RunEntry run, List<DownsampledCurve.Point> totalLoss) {
    }

    private final StudioViewModel studio;
    private final TrainOptions options = new TrainOptions();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyIntegerWrapper step = new ReadOnlyIntegerWrapper();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper();
    private final ReadOnlyDoubleWrapper imagesPerSecond = new ReadOnlyDoubleWrapper();
    private final ReadOnlyStringWrapper eta = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("Train a detector on the labelled images.");
    private final ReadOnlyStringWrapper bestValidation = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper configText = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Path> currentRun = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Path> lastRun = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Comparison> comparison = new ReadOnlyObjectWrapper<>();
    private final ObservableList<XYChart.Series<Number, Number>> lossSeries = FXCollections.observableArrayList();
    private final ObservableList<XYChart.Series<Number, Number>> validationSeries = FXCollections.observableArrayList();
    private final ObservableList<PreviewFrame> previews = FXCollections.observableArrayList();
    private final ObservableList<RunEntry> runs = FXCollections.observableArrayList();
    private final ObservableList<TrainOptions.Start> starts = FXCollections.observableArrayList();
    private Consumer<TrainingError> onError = e -> { };
    private Job job;
    private int jobCount;

    public TrainViewModel(StudioViewModel studio) {
        this.studio = studio;
        studio.runs().addListener((ListChangeListener<Path>) c -> reloadRuns());
        studio.datasetProperty().addListener((o, old, d) -> refreshConfigText());
        studio.revisionProperty().addListener((o, old, r) -> refreshConfigText());
        for (var p : options.all()) {
            p.addListener(o -> refreshConfigText());
        }
        refreshConfigText();
        reloadRuns();
    }

    /** Where failures go (the panel shows a dialog); called on the FX thread. */
    public void setOnError(Consumer<TrainingError> onError) {
        this.onError = onError == null ? e -> { } : onError;
    }

    /**
     * Starts a run with the current options in a new folder under the project's {@code runs/}. Problems that keep it
     * from starting (no project, nothing labelled, a bad option) are one line in {@link #messageProperty()}.
     */
    public void train() {
        if (job != null) {
            return;
        }
        Dataset open = studio.datasetProperty().get();
        Path runs = studio.runsFolder();
        if (open == null || runs == null) {
            refuse("Open a project first (File > Open Folder...).");
            return;
        }
        Dataset snapshot = trainingSet(open.copy());
        if (snapshot.categories().isEmpty()) {
            refuse("Nothing to learn yet: add a class and draw boxes on a few images (Label tab), then train.");
            return;
        }
        if (snapshot.annotations().isEmpty()) {
            refuse("Nothing labelled yet: draw boxes on a few images (Label tab), then train.");
            return;
        }
        TrainingJob.Settings settings;
        try {
            settings = options.toSettings(null);
        } catch (IllegalArgumentException e) {
            refuse("Cannot train: " + e.getMessage() + " (Advanced).");
            return;
        }
        LocalDateTime now = LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS);
        Path folder = runs.resolve(now.format(FOLDER_NAME));
        for (int i = 2; Files.exists(folder); i++) {
            folder = runs.resolve(now.format(FOLDER_NAME) + "-" + i);
        }
        Map<Integer, String> names = new LinkedHashMap<>();
        Map<Integer, KeypointSchema> schemas = new LinkedHashMap<>();
        for (Category c : open.categories()) {
            names.put(c.id(), c.name());
            if (c.hasKeypoints()) {
                schemas.put(c.id(), c.keypoints());
            }
        }
        List<Path> previewFiles = options.previewProperty().get() ? previewImages(open) : List.of();
        TrainOptions.Start start = options.startProperty().get() == null ? TrainOptions.Start.PRETRAINED : options.startProperty().get();
        job = new Job(++jobCount, folder, now.toString(), snapshot, settings, start, previewFiles,
                names, schemas, studio.annotationsFileProperty().get());
        lossSeries.clear();
        validationSeries.clear();
        previews.clear();
        bestValidation.set("");
        step.set(0);
        progress.set(-1);
        imagesPerSecond.set(0);
        eta.set("");
        message.set("Preparing: decoding " + snapshot.images().size() + " images and building the network...");
        running.set(true);
        currentRun.set(folder);
        lastRun.set(folder);
        reloadRuns();
        Thread t = new Thread(job::run, "training");
        t.setDaemon(true);
        t.start();
    }

    /** Asks the running job to stop after the current step; its checkpoint is kept. */
    public void cancel() {
        if (job != null && !job.cancelled.getAndSet(true)) {
            job.engine.cancel();
            message.set("Cancelling: finishing the current step...");
        }
    }

    private void refuse(String why) {
        message.set(why);
        studio.setStatus(why);
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

    private record ValidationReport(RunSummary.Validated validated, boolean best) {
    }

    /** One run: the engine's listener on the training thread, handing reports to the FX thread. */
    private final class Job implements TrainingListener {

        final int id;
        final Path folder;
        final String started;
        final Dataset dataset;
        final TrainingJob.Settings requested;
        final TrainOptions.Start start;
        final List<Path> previewFiles;
        final Map<Integer, String> names;
        final Map<Integer, KeypointSchema> schemas;
        final Path annotationsFile;
        final TrainingJob engine = new TrainingJob();
        final AtomicBoolean cancelled = new AtomicBoolean();
        // Training thread only.
        final List<String> terms = new ArrayList<>();
        final List<LossLog.Row> rows = new ArrayList<>();
        final List<RunSummary.Validated> validations = new ArrayList<>();
        LivePreview preview;
        TrainingJob.Settings settings;
        volatile String startNote = "Training";
        long lastStepNanos;
        int checkpoints;
        long checkpointNanos;
        // Handed to the FX thread (guarded by pending).
        final List<TrainingProgress> pending = new ArrayList<>();
        final List<ValidationReport> pendingValidations = new ArrayList<>();
        final AtomicBoolean flushScheduled = new AtomicBoolean();
        volatile long lastFlush;
        // FX thread only.
        final Map<String, DownsampledCurve> curves = new LinkedHashMap<>();
        final Map<String, XYChart.Series<Number, Number>> series = new LinkedHashMap<>();
        final Map<String, Integer> merges = new LinkedHashMap<>();
        boolean announced;

        Job(int id, Path folder, String started, Dataset dataset, TrainingJob.Settings settings, TrainOptions.Start start,
            List<Path> previewFiles, Map<Integer, String> names, Map<Integer, KeypointSchema> schemas, Path annotationsFile) {
            this.id = id;
            this.folder = folder;
            this.started = started;
            this.dataset = dataset;
            this.requested = settings;
            this.settings = settings;
            this.start = start;
            this.previewFiles = previewFiles;
            this.names = names;
            this.schemas = schemas;
            this.annotationsFile = annotationsFile;
        }

        /** The training thread's body: train, write the summary, report the end. */
        void run() {
            TrainingOutcome outcome = null;
            Throwable thrown = null;
            try {
                settings = withStart(requested);
                String split = engine.split(dataset, settings).description();
                fx(() -> {
                    if (!cancelled.get()) {
                        message.set(startNote + " · validation: " + split);
                    }
                });
                if (!previewFiles.isEmpty()) {
                    preview = new LivePreview(folder, previewFiles, settings.inputSize(), names, schemas,
                            frames -> fx(() -> showPreview(id, frames)),
                            msg -> fx(() -> studio.setStatus("Training goes on; " + msg)));
                }
                outcome = engine.run(dataset, folder, settings, this);
                if (preview != null) {
                    preview.finish(outcome.steps(), lastCheckpoint(outcome));
                }
            } catch (Exception | Error e) {
                // Errors too (a native library that fails to load, memory): the studio must learn the job ended.
                thrown = e;
            } finally {
                if (preview != null) {
                    preview.close();
                }
            }
            String notWritten;
            try {
                notWritten = writeRecords(outcome, thrown);
            } catch (RuntimeException e) {
                notWritten = "the run's summary could not be written: " + oneLine(e);
            }
            TrainingOutcome o = outcome;
            Throwable t = thrown;
            String problem = notWritten;
            fx(() -> finished(this, o, t, problem));
        }

        /** Resolves where the backbone starts, as {@code train} does with no options. */
        private TrainingJob.Settings withStart(TrainingJob.Settings st) throws ModelException {
            Path from = switch (start.kind()) {
                case SCRATCH -> null;
                case RUN -> start.run();
                case PRETRAINED -> Pretrained.defaultRun().orElse(null);
            };
            if (from == null) {
                startNote = start.kind() == TrainOptions.Start.Kind.SCRATCH ? "Training from scratch"
                        : "Training from scratch (no pretrained run found at " + Pretrained.RUN + ")";
                return st;
            }
            CenterNetRun run = CenterNetRun.open(from);
            if (run.inputSize() != st.inputSize() || run.net().depthMultiplier() != st.net().depthMultiplier()) {
                if (start.kind() == TrainOptions.Start.Kind.RUN) {
                    throw new ModelException(from.getFileName() + " was trained at " + run.inputSize() + " px with width "
                            + run.net().depthMultiplier() + "; this run uses " + st.inputSize() + " px and width "
                            + st.net().depthMultiplier() + " (choose the same in Advanced, or start from scratch)");
                }
                startNote = String.format(Locale.ROOT, "Training from scratch (the pretrained start is %d px, width %s)",
                        run.inputSize(), run.net().depthMultiplier());
                return st;
            }
            startNote = "Training from " + (start.kind() == TrainOptions.Start.Kind.PRETRAINED ? "the pretrained toy-duck run"
                    : "run " + from.getFileName()) + " (backbone and FPN)";
            return st.withInitFrom(run.checkpoint());
        }

        private Path lastCheckpoint(TrainingOutcome o) {
            Path last = folder.resolve(CenterNetRun.CHECKPOINTS).resolve(CenterNetRun.LAST);
            return o.steps() > 0 && Files.isRegularFile(Path.of(last + ".index")) ? last : null;
        }

        @Override
        public void onStep(TrainingProgress p) {
            if (terms.isEmpty()) {
                terms.addAll(p.losses().keySet());
            }
            double[] values = new double[terms.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = p.losses().getOrDefault(terms.get(i), Double.NaN);
            }
            rows.add(new LossLog.Row(p.step(), p.elapsedSeconds(), p.learningRate(), values));
            lastStepNanos = System.nanoTime();
            synchronized (pending) {
                pending.add(p);
            }
            long now = System.nanoTime();
            if (now - lastFlush >= 1_000_000_000L / CHART_UPDATES_PER_SECOND && flushScheduled.compareAndSet(false, true)) {
                lastFlush = now;
                fx(() -> flush(this));
            }
        }

        @Override
        public void onValidation(int step, Map<String, Double> metrics, boolean best) {
            RunSummary.Validated v = new RunSummary.Validated(step, Map.copyOf(metrics));
            validations.add(v);
            synchronized (pending) {
                pendingValidations.add(new ValidationReport(v, best));
            }
            fx(() -> flush(this));
        }

        @Override
        public void onCheckpoint(int step, Path prefix, boolean best) {
            if (best) {
                return;
            }
            if (!rows.isEmpty() && step == rows.get(rows.size() - 1).step()) {
                // Written right after the step's report: the time since is the save.
                checkpoints++;
                checkpointNanos += System.nanoTime() - lastStepNanos;
            }
            if (preview != null) {
                preview.checkpoint(step, prefix);
            }
        }

        /**
         * Writes the summary and the loss log; returns why they could not be written, or null. A run that ended
         * without a checkpoint (it failed or was cancelled before its first step) has no model to keep: its folder
         * is deleted.
         */
        private String writeRecords(TrainingOutcome o, Throwable t) {
            Path index = Path.of(folder.resolve(CenterNetRun.CHECKPOINTS).resolve(CenterNetRun.LAST) + ".index");
            if (!Files.isRegularFile(index)) {
                deleteQuietly(folder);
                return null;
            }
            Map<String, Double> last = new LinkedHashMap<>();
            if (!rows.isEmpty()) {
                double[] v = rows.get(rows.size() - 1).losses();
                for (int i = 0; i < terms.size(); i++) {
                    last.put(terms.get(i), v[i]);
                }
            }
            Double msPerStep = rows.size() < 2 ? null
                    : 1000 * (rows.get(rows.size() - 1).seconds() - rows.get(0).seconds()) / (rows.size() - 1);
            RunSummary.Validated best = o == null || o.best() == null ? null
                    : new RunSummary.Validated(o.best().step(), o.best().metrics());
            String reason = o == null ? TrainingOutcome.Reason.FAILED.name() : o.reason().name();
            String error = o != null ? o.error() : oneLine(t);
            RunSummary s = new RunSummary(folder.getFileName().toString(), started,
                    annotationsFile == null ? null : annotationsFile.toString(), dataset.images().size(),
                    RunSummary.SettingsRecord.of(settings), o == null ? rows.size() : o.steps(),
                    o == null ? (rows.isEmpty() ? 0 : rows.get(rows.size() - 1).seconds()) : o.seconds(), reason, error, last,
                    best, List.copyOf(validations), msPerStep, checkpoints == 0 ? null : checkpointNanos / 1e6 / checkpoints,
                    preview == null ? null : preview.cost());
            try {
                new LossLog(terms, rows).write(folder);
                s.write(folder);
                return null;
            } catch (IOException e) {
                return "the run's summary could not be written: " + e.getMessage();
            }
        }
    }

    private static void deleteQuietly(Path folder) {
        try {
            if (Files.isDirectory(folder)) {
                deleteTree(folder);
            }
        } catch (IOException e) {
            // left behind: listed as a run without steps, which the user can delete
        }
    }

    private void fx(Runnable r) {
        studio.fxThread().execute(r);
    }

    /** Brings the chart, progress and validation up to date with what the job reported (FX thread). */
    private void flush(Job j) {
        j.flushScheduled.set(false);
        List<TrainingProgress> ps;
        List<ValidationReport> vs;
        synchronized (j.pending) {
            ps = new ArrayList<>(j.pending);
            vs = new ArrayList<>(j.pendingValidations);
            j.pending.clear();
            j.pendingValidations.clear();
        }
        if (j != job) {
            return;
        }
        for (TrainingProgress p : ps) {
            p.losses().forEach((name, v) -> {
                if (!j.curves.containsKey(name)) {
                    j.curves.put(name, new DownsampledCurve(CHART_POINTS));
                    XYChart.Series<Number, Number> s = new XYChart.Series<>();
                    s.setName(name);
                    j.series.put(name, s);
                    j.merges.put(name, 0);
                    lossSeries.add(s);
                }
                if (Double.isFinite(v)) {
                    j.curves.get(name).add(p.step(), v);
                }
            });
        }
        j.curves.forEach((name, curve) -> {
            ObservableList<XYChart.Data<Number, Number>> data = j.series.get(name).getData();
            List<DownsampledCurve.Point> points = curve.points();
            if (curve.merges() != j.merges.get(name)) {
                j.merges.put(name, curve.merges());
                data.setAll(points.stream().map(TrainViewModel::data).toList());
            } else if (points.size() > data.size()) {
                data.addAll(points.subList(data.size(), points.size()).stream().map(TrainViewModel::data).toList());
            }
        });
        if (!ps.isEmpty()) {
            TrainingProgress p = ps.get(ps.size() - 1);
            step.set(p.step());
            double byTime = j.settings.maxSeconds() > 0 ? p.elapsedSeconds() / j.settings.maxSeconds() : 0;
            progress.set(Math.min(1, Math.max((double) p.step() / p.totalSteps(), byTime)));
            imagesPerSecond.set(p.imagesPerSecond());
            eta.set("ETA " + clock(p.etaSeconds()));
            if (!j.cancelled.get()) {
                message.set(String.format(Locale.ROOT, "%s · step %d/%d · loss %.3f", j.startNote, p.step(), p.totalSteps(),
                        p.losses().getOrDefault(TOTAL, Double.NaN)));
            }
            if (!j.announced) {
                j.announced = true;
                studio.refreshRuns();
            }
        }
        for (ValidationReport v : vs) {
            if (validationSeries.isEmpty()) {
                for (String m : new String[] {TrainingListener.AP50, TrainingListener.AP}) {
                    XYChart.Series<Number, Number> s = new XYChart.Series<>();
                    s.setName("validation " + m);
                    validationSeries.add(s);
                }
            }
            Map<String, Double> m = v.validated().metrics();
            validationSeries.get(0).getData().add(new XYChart.Data<>(v.validated().step(), m.getOrDefault(TrainingListener.AP50, 0.0)));
            validationSeries.get(1).getData().add(new XYChart.Data<>(v.validated().step(), m.getOrDefault(TrainingListener.AP, 0.0)));
            if (v.best()) {
                bestValidation.set(String.format(Locale.ROOT, "best validation AP50 %.3f (AP %.3f) at step %d",
                        m.getOrDefault(TrainingListener.AP50, -1.0), m.getOrDefault(TrainingListener.AP, -1.0), v.validated().step()));
            }
        }
    }

    private static XYChart.Data<Number, Number> data(DownsampledCurve.Point p) {
        return new XYChart.Data<>(p.step(), p.value());
    }

    private void showPreview(int jobId, List<PreviewFrame> frames) {
        if (jobId == jobCount) {
            previews.setAll(frames);
        }
    }

    /** The job ended (FX thread): final figures, a message, the error dialog if it failed, the runs list. */
    private void finished(Job j, TrainingOutcome o, Throwable thrown, String notWritten) {
        flush(j);
        job = null;
        running.set(false);
        currentRun.set(null);
        String text;
        if (thrown != null) {
            text = "Training failed: " + oneLine(thrown);
            onError.accept(new TrainingError(text, details(j, stackTrace(thrown))));
        } else {
            String best = o.best() == null ? "" : "; " + o.best().describe();
            text = switch (o.reason()) {
                case FINISHED -> String.format(Locale.ROOT, "Finished: %d steps in %.0f s%s", o.steps(), o.seconds(), best);
                case TIME_BUDGET -> String.format(Locale.ROOT, "Time budget reached after %d steps (%.0f s); model kept%s",
                        o.steps(), o.seconds(), best);
                case EARLY_STOP -> String.format(Locale.ROOT, "Stopped early at step %d: validation stopped improving%s",
                        o.steps(), best);
                case CANCELLED -> o.checkpoint() != null ? "Cancelled at step " + o.steps() + "; model kept"
                        : "Cancelled before the first step; nothing kept";
                case FAILED -> "Training failed: " + o.error();
            };
            if (o.reason() == TrainingOutcome.Reason.FINISHED || o.reason() == TrainingOutcome.Reason.TIME_BUDGET) {
                progress.set(1);
                eta.set("");
            }
            if (o.reason() == TrainingOutcome.Reason.FAILED) {
                onError.accept(new TrainingError(text, details(j, "The job stopped at step " + o.steps() + " after "
                        + String.format(Locale.ROOT, "%.1f", o.seconds()) + " s"
                        + (o.checkpoint() == null ? "; no checkpoint was kept." : "; the last good checkpoint was kept."))));
            }
            Path runs = studio.runsFolder();
            if (o.checkpoint() != null && runs != null && j.folder.startsWith(runs)) {
                // The model just trained is what Inspect shows (unless another project was opened meanwhile).
                studio.selectedRunProperty().set(j.folder);
            }
        }
        if (notWritten != null) {
            text += " (" + notWritten + ")";
        }
        message.set(text);
        studio.setStatus(text);
        studio.refreshRuns();
        reloadRuns();
    }

    private static String details(Job j, String what) {
        return what + "\n\nRun folder: " + j.folder + "\nImages: " + j.dataset.images().size() + " (labelled or reviewed)"
                + "\nSettings: " + j.settings;
    }

    static String oneLine(Throwable t) {
        if (t == null) {
            return null;
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.toString() : m.lines().findFirst().orElse(t.toString());
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    static String clock(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    // ---- runs ----

    /** Re-reads the runs' summaries (in the background) after the studio's list changed. */
    private void reloadRuns() {
        List<Path> folders = List.copyOf(studio.runs());
        List<TrainOptions.Start> choices = new ArrayList<>(List.of(TrainOptions.Start.PRETRAINED, TrainOptions.Start.SCRATCH));
        folders.forEach(f -> choices.add(TrainOptions.Start.run(f)));
        TrainOptions.Start chosen = options.startProperty().get();
        starts.setAll(choices);
        options.startProperty().set(choices.contains(chosen) ? chosen : TrainOptions.Start.PRETRAINED);
        studio.run(() -> folders.stream().map(RunEntry::load).toList(), list -> {
            List<RunEntry> rows = new ArrayList<>();
            Path training = currentRun.get();
            if (training != null && !folders.contains(training) && job != null) {
                rows.add(RunEntry.training(training, RunEntry.DATE.format(LocalDateTime.parse(job.started))));
            }
            for (RunEntry e : list) {
                rows.add(e.folder().equals(training) && job != null
                        ? RunEntry.training(e.folder(), e.date()) : e);
            }
            runs.setAll(rows);
        });
    }

    /** Inspect (and the browser's "predicted" status) use this run. */
    public void open(RunEntry run) {
        if (run == null) {
            return;
        }
        studio.selectedRunProperty().set(run.folder());
        studio.setStatus("Inspect now uses run " + run.name());
    }

    /** Loads the loss curves of two or more runs for {@link #comparisonProperty()}. */
    public void compare(List<RunEntry> chosen) {
        if (chosen.size() < 2) {
            message.set("Select two or more runs to compare (Ctrl+click).");
            return;
        }
        List<RunEntry> list = List.copyOf(chosen);
        studio.run(() -> {
            List<Compared> out = new ArrayList<>();
            for (RunEntry e : list) {
                LossLog log = LossLog.read(e.folder());
                DownsampledCurve c = new DownsampledCurve(CHART_POINTS);
                if (log != null) {
                    log.curve(TOTAL).forEach(p -> c.add(p.step(), p.value()));
                }
                out.add(new Compared(e, List.copyOf(c.points())));
            }
            return new Comparison(out);
        }, comparison::set, msg -> message.set("Cannot compare: " + msg));
    }

    public void closeComparison() {
        comparison.set(null);
    }

    /** Deletes runs' folders (the caller has asked the user); the running one is refused. */
    public void delete(List<RunEntry> chosen) {
        List<Path> folders = chosen.stream().map(RunEntry::folder).toList();
        if (folders.isEmpty()) {
            return;
        }
        if (currentRun.get() != null && folders.contains(currentRun.get())) {
            message.set("Cancel the run before deleting it.");
            return;
        }
        studio.run(() -> {
            for (Path f : folders) {
                deleteTree(f);
            }
            return folders.size();
        }, n -> {
            Comparison c = comparison.get();
            if (c != null && c.runs().stream().anyMatch(r -> folders.contains(r.run().folder()))) {
                comparison.set(null);
            }
            String text = n == 1 ? "Deleted run " + folders.get(0).getFileName() : "Deleted " + n + " runs";
            message.set(text);
            studio.setStatus(text);
            studio.refreshRuns();
        }, msg -> {
            message.set("Could not delete: " + msg);
            studio.refreshRuns();
        });
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    private void refreshConfigText() {
        Dataset d = studio.datasetProperty().get();
        configText.set(options.pipelineConfig(d == null ? List.of() : d.categories()));
    }

    // ---- properties ----

    public TrainOptions options() {
        return options;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** The last step reported. */
    public ReadOnlyIntegerProperty stepProperty() {
        return step.getReadOnlyProperty();
    }

    /** 0 to 1 (steps or time budget, whichever is further); -1 while the job prepares. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty imagesPerSecondProperty() {
        return imagesPerSecond.getReadOnlyProperty();
    }

    /** E.g. {@code ETA 1:23}; empty when nothing runs. */
    public ReadOnlyStringProperty etaProperty() {
        return eta.getReadOnlyProperty();
    }

    /** One line: what the job does, how it ended, or why it could not start. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** E.g. {@code best validation AP50 0.917 at step 250}; empty until the run validates. */
    public ReadOnlyStringProperty bestValidationProperty() {
        return bestValidation.getReadOnlyProperty();
    }

    /** The pipeline.config a run with the current options writes (read-only text). */
    public ReadOnlyStringProperty configTextProperty() {
        return configText.getReadOnlyProperty();
    }

    /** The folder of the run in progress, or null. */
    public ReadOnlyObjectProperty<Path> currentRunProperty() {
        return currentRun.getReadOnlyProperty();
    }

    /** The folder of the run started last (kept after it ends), or null. */
    public ReadOnlyObjectProperty<Path> lastRunProperty() {
        return lastRun.getReadOnlyProperty();
    }

    /** One series per loss term of the run in progress (or the last one). */
    public ObservableList<XYChart.Series<Number, Number>> lossSeries() {
        return lossSeries;
    }

    /** Validation AP50 and AP by step, once the run validates. */
    public ObservableList<XYChart.Series<Number, Number>> validationSeries() {
        return validationSeries;
    }

    /** The live preview: detections of the latest checkpoint on a few images. */
    public ObservableList<PreviewFrame> previews() {
        return previews;
    }

    /** The project's runs, newest first, with their summaries. */
    public ObservableList<RunEntry> runs() {
        return runs;
    }

    /** Where a run may start from: the pretrained run, scratch, or a run of the project. */
    public ObservableList<TrainOptions.Start> starts() {
        return starts;
    }

    public ReadOnlyObjectProperty<Comparison> comparisonProperty() {
        return comparison.getReadOnlyProperty();
    }
}
