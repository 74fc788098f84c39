package io.detectionstudio.ui.train;

import io.detectionstudio.core.Messages;
import io.detectionstudio.data.Category;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.FileTrees;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.KeypointSchema;
import io.detectionstudio.data.ObjectAnnotation;
import io.detectionstudio.engine.weights.InstalledStart;
import io.detectionstudio.engine.weights.KnownStart;
import io.detectionstudio.engine.weights.WeightsDownloader;
import io.detectionstudio.engine.weights.WeightsStore;
import io.detectionstudio.ui.task.BackgroundTask;
import io.detectionstudio.engine.training.RunRecorder;
import io.detectionstudio.engine.training.TrainingJob;
import io.detectionstudio.engine.training.TrainingListener;
import io.detectionstudio.engine.training.TrainingOutcome;
import io.detectionstudio.engine.training.TrainingProgress;
import io.detectionstudio.model.ModelException;
import io.detectionstudio.model.centernet.CenterNetRun;
import io.detectionstudio.ui.StudioViewModel;
import io.detectionstudio.ui.task.BackgroundTask;
import io.detectionstudio.ui.task.TaskExecutor;
import io.detectionstudio.ui.task.Workers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
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

/**
 * The Train panel's state, testable without a window: the options, the running job's progress, its charts
 * ({@link LossChart}) and live preview, and the project's runs ({@link RunsViewModel}).
 *
 * <p>{@link #train()} trains on a snapshot of the open dataset, restricted to the images that are labelled or
 * marked reviewed (an image nobody has looked at is not a negative), as a {@link BackgroundTask} on the
 * {@code jobs} executor, with a {@link Trainer} from {@code trainers} (the engine in the app, a fake in tests). The
 * trainer reports on its thread; the reports reach the properties through the studio's {@code fxThread}, the chart at
 * most {@link #CHART_UPDATES_PER_SECOND} times a second. A {@link RunRecorder} writes the run's summary and loss log,
 * as the command line's {@code train} does. Every method is called on the FX thread.
 */
public final class TrainViewModel {

    public static final int CHART_UPDATES_PER_SECOND = 5;
    public static final int CHART_POINTS = LossChart.POINTS;
    /** The loss every run reports; the one runs are compared by. */
    public static final String TOTAL = "total";

    private static final DateTimeFormatter FOLDER_NAME = DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss", Locale.ROOT);

    /** A failed run: one line for people, and the details (stack trace, settings) for an expandable area. */
    public record TrainingError(String message, String details) {
    }

    private final StudioViewModel studio;
    private final Supplier<Trainer> trainers;
    private final TaskExecutor jobs;
    private final TrainOptions options = new TrainOptions();
    private final LossChart chart = new LossChart();
    private final RunsViewModel runs;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyIntegerWrapper step = new ReadOnlyIntegerWrapper();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper();
    private final ReadOnlyDoubleWrapper imagesPerSecond = new ReadOnlyDoubleWrapper();
    private final ReadOnlyStringWrapper eta = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("Train a detector on the labelled images.");
    private final ReadOnlyStringWrapper configText = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Path> currentRun = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Path> lastRun = new ReadOnlyObjectWrapper<>();
    private final ObservableList<PreviewFrame> previews = FXCollections.observableArrayList();
    private final ObservableList<TrainOptions.Start> starts = FXCollections.observableArrayList();
    private final ObservableList<KnownStart> downloadable = FXCollections.observableArrayList();
    private final ReadOnlyDoubleWrapper downloadProgress = new ReadOnlyDoubleWrapper(-1);
    private final javafx.beans.property.ReadOnlyBooleanWrapper downloading = new javafx.beans.property.ReadOnlyBooleanWrapper();
    private final WeightsStore weights;
    private final java.util.function.Function<WeightsStore, WeightsDownloader> downloaders;
    private BackgroundTask<InstalledStart> download;
    private Consumer<TrainingError> onError = e -> { };
    private TrainingRun job;
    private TrainingRun latest;

    /** The app's: the engine trains, on a thread of its own; starts from the user's weights store. */
    public TrainViewModel(StudioViewModel studio) {
        this(studio, Trainer::engine, new TaskExecutor(Workers.single("training"), studio.fxThread()), WeightsStore.atDefaultLocation(),
                WeightsDownloader::new);
    }

    public TrainViewModel(StudioViewModel studio, Supplier<Trainer> trainers, TaskExecutor jobs) {
        this(studio, trainers, jobs, WeightsStore.atDefaultLocation(), WeightsDownloader::new);
    }

    /**
     * @param trainers    makes the trainer of each run
     * @param jobs        where runs train (not the studio's background executor, which stays free for decoding images)
     * @param weights     the installed pretrained starts offered, and where downloads go
     * @param downloaders makes the downloader of a start the user asks for
     */
    public TrainViewModel(StudioViewModel studio, Supplier<Trainer> trainers, TaskExecutor jobs, WeightsStore weights,
                          java.util.function.Function<WeightsStore, WeightsDownloader> downloaders) {
        this.studio = studio;
        this.trainers = trainers;
        this.jobs = jobs;
        this.weights = weights;
        this.downloaders = downloaders;
        this.runs = new RunsViewModel(studio, message::set);
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
        Dataset snapshot = TrainingRun.trainingSet(open.copy());
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
        TrainOptions.Start start = options.startProperty().get() == null ? TrainOptions.Start.DEFAULT : options.startProperty().get();
        latest = job = new TrainingRun(TrainingRun.Request.of(open, snapshot, folder, now, settings, start,
                options.previewProperty().get(), studio.annotationsFileProperty().get(), weights), trainers.get(), studio.fxThread(), sink);
        chart.clear();
        previews.clear();
        step.set(0);
        progress.set(-1);
        imagesPerSecond.set(0);
        eta.set("");
        message.set("Preparing: decoding " + snapshot.images().size() + " images and building the network...");
        running.set(true);
        currentRun.set(folder);
        lastRun.set(folder);
        reloadRuns();
        TrainingRun j = job;
        j.task = jobs.execute(BackgroundTask.of("Training " + folder.getFileName(), c -> j.run())
                .onCancel(j.trainer::cancel)
                .onSuccess(ended -> finished(j, ended)));
    }

    /** Asks the running job to stop after the current step; its checkpoint is kept. */
    public void cancel() {
        if (job != null && job.task != null && !job.task.isCancelled()) {
            job.task.cancel();
            message.set("Cancelling: finishing the current step...");
        }
    }

    private void refuse(String why) {
        message.set(why);
        studio.setStatus(why);
    }

    /** Where the run's reports arrive (FX thread). */
    private final TrainingRun.Sink sink = new TrainingRun.Sink() {
        @Override
        public void flush(TrainingRun run) {
            TrainViewModel.this.flush(run);
        }

        @Override
        public void started(TrainingRun run, String text) {
            if (!run.cancelled()) {
                message.set(text);
            }
        }

        @Override
        public void previews(TrainingRun run, List<PreviewFrame> frames) {
            if (run == latest) {
                previews.setAll(frames);
            }
        }

        @Override
        public void status(String text) {
            studio.setStatus(text);
        }
    };

    /** Brings the chart, progress and validation up to date with what the run reported (FX thread). */
    private void flush(TrainingRun j) {
        TrainingRun.Reports r = j.drain();
        if (j != job) {
            return;
        }
        chart.addSteps(r.steps());
        if (!r.steps().isEmpty()) {
            TrainingProgress p = r.steps().get(r.steps().size() - 1);
            step.set(p.step());
            double byTime = j.settings.maxSeconds() > 0 ? p.elapsedSeconds() / j.settings.maxSeconds() : 0;
            progress.set(Math.min(1, Math.max((double) p.step() / p.totalSteps(), byTime)));
            imagesPerSecond.set(p.imagesPerSecond());
            eta.set("ETA " + clock(p.etaSeconds()));
            if (!j.cancelled()) {
                message.set(String.format(Locale.ROOT, "%s · step %d/%d · loss %.3f", j.startNote, p.step(), p.totalSteps(),
                        p.losses().getOrDefault(TOTAL, Double.NaN)));
            }
            if (!j.announced) {
                j.announced = true;
                studio.refreshRuns();
            }
        }
        r.validations().forEach(v -> v.accept(chart));
    }

    /** The job ended (FX thread): final figures, a message, the error dialog if it failed, the runs list. */
    private void finished(TrainingRun j, TrainingRun.Ended ended) {
        flush(j);
        job = null;
        running.set(false);
        currentRun.set(null);
        TrainingOutcome o = ended.outcome();
        String text;
        if (ended.thrown() != null) {
            text = "Training failed: " + Messages.firstLine(ended.thrown());
            onError.accept(new TrainingError(text, details(j, stackTrace(ended.thrown()))));
        } else {
            text = TrainingRun.describe(o);
            if (o.reason() == TrainingOutcome.Reason.FINISHED || o.reason() == TrainingOutcome.Reason.TIME_BUDGET) {
                progress.set(1);
                eta.set("");
            }
            if (o.reason() == TrainingOutcome.Reason.FAILED) {
                onError.accept(new TrainingError(text, details(j, "The job stopped at step " + o.steps() + " after "
                        + String.format(Locale.ROOT, "%.1f", o.seconds()) + " s"
                        + (o.checkpoint() == null ? "; no checkpoint was kept." : "; the last good checkpoint was kept."))));
            }
            Path runsFolder = studio.runsFolder();
            if (o.checkpoint() != null && runsFolder != null && j.request.folder().startsWith(runsFolder)) {
                // The model just trained is what Inspect shows (unless another project was opened meanwhile).
                studio.selectedRunProperty().set(j.request.folder());
            }
        }
        if (ended.notWritten() != null) {
            text += " (" + ended.notWritten() + ")";
        }
        message.set(text);
        studio.setStatus(text);
        studio.refreshRuns();
        reloadRuns();
    }

    private static String details(TrainingRun j, String what) {
        return what + "\n\nRun folder: " + j.request.folder() + "\nImages: " + j.request.dataset().images().size() + " (labelled or reviewed)"
                + "\nSettings: " + j.settings;
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

    /** The catalogue's starts not installed yet, which {@link #download} fetches. */
    public ObservableList<KnownStart> downloadable() {
        return downloadable;
    }

    /** The running download's progress (0..1; negative when none runs or its size is unknown). */
    public ReadOnlyDoubleProperty downloadProgressProperty() {
        return downloadProgress.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty downloadingProperty() {
        return downloading.getReadOnlyProperty();
    }

    /**
     * Downloads a catalogue start in the background (the studio's background executor), with progress; when it is
     * installed it is offered and chosen as the start. A failure (offline, checksum) is one line in the message.
     */
    public void download(KnownStart start) {
        if (download != null || start == null) {
            return;
        }
        WeightsDownloader downloader = downloaders.apply(weights);
        downloading.set(true);
        downloadProgress.set(0);
        message.set("Downloading " + start.name() + " from " + downloader.urlOf(start) + " ...");
        download = studio.tasks().execute(BackgroundTask.<InstalledStart>of("Download " + start.name(), ctx ->
                        downloader.download(start, (bytes, total) -> ctx.updateProgress(total > 0 ? (double) bytes / total : -1),
                                ctx::isCancelled))
                .onSuccess(installed -> {
                    message.set("Installed " + installed.name() + " (" + installed.description() + "); it is the start now.");
                    reloadStarts();
                    options.startProperty().set(TrainOptions.Start.weights(installed.name()));
                })
                .onFailure(e -> message.set(e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("")))
                .onCancel(() -> message.set("Download of " + start.name() + " cancelled; it resumes where it stopped next time."))
                .onFinished(() -> {
                    download = null;
                    downloading.set(false);
                    downloadProgress.unbind();
                    downloadProgress.set(-1);
                }));
        downloadProgress.bind(download.progressProperty());
    }

    /** Cancels the running download (what it fetched is kept and resumed next time). */
    public void cancelDownload() {
        if (download != null) {
            download.cancel();
        }
    }

    /** Re-reads the start choices: the fixed ones, the installed weights, the project's runs. */
    private void reloadStarts() {
        List<TrainOptions.Start> choices = new ArrayList<>(List.of(TrainOptions.Start.DEFAULT, TrainOptions.Start.BUILT_IN,
                TrainOptions.Start.SCRATCH));
        weights.installed().forEach(w -> choices.add(TrainOptions.Start.weights(w.name())));
        studio.runs().forEach(f -> choices.add(TrainOptions.Start.run(f)));
        TrainOptions.Start chosen = options.startProperty().get();
        starts.setAll(choices);
        options.startProperty().set(choices.contains(chosen) ? chosen : TrainOptions.Start.DEFAULT);
        downloadable.setAll(weights.catalogue().starts().stream().filter(k -> !weights.isInstalled(k)).toList());
    }

    /** Re-reads the runs list and the start choices after the studio's list changed. */
    private void reloadRuns() {
        reloadStarts();
        Path training = job == null ? null : currentRun.get();
        runs.reload(training, job == null ? null : RunEntry.DATE.format(job.request.started()));
    }

    /** Deletes runs' folders (the caller has asked the user); the running one is refused. */
    public void delete(List<RunEntry> chosen) {
        runs.delete(chosen, currentRun.get());
    }

    private void refreshConfigText() {
        Dataset d = studio.datasetProperty().get();
        configText.set(options.pipelineConfig(d == null ? List.of() : d.categories()));
    }

    // ---- properties ----

    public TrainOptions options() {
        return options;
    }

    /** The running job's loss and validation charts. */
    public LossChart chart() {
        return chart;
    }

    /** The project's runs: list, open, compare. */
    public RunsViewModel runs() {
        return runs;
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

    /** The live preview: detections of the latest checkpoint on a few images. */
    public ObservableList<PreviewFrame> previews() {
        return previews;
    }

    /** Where a run may start from: the pretrained run, scratch, or a run of the project. */
    public ObservableList<TrainOptions.Start> starts() {
        return starts;
    }
}
