package io.detectionstudio.engine.training;

import io.detectionstudio.core.Messages;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes a run's record into its folder when it ends: {@link RunSummary#FILE} (how it ended, its settings, final
 * losses, validations, timings) and {@link LossLog#FILE} (every step's losses). The command line's {@code train} and
 * the studio both add one to their job, so every run folder has them, whoever trained it.
 *
 * <p>A listener on the training thread: it writes in {@link #onEnd}; a caller whose job threw instead of ending
 * calls {@link #record(TrainingOutcome, Throwable)} itself. Writing never throws: what could not be written is
 * {@link #problem()}.
 */
public final class RunRecorder implements TrainingListener {

    private final Path folder;
    private final String started;
    private final String dataset;
    private final int trainingImages;
    private final TrainingJob.Settings settings;
    private Supplier<RunSummary.PreviewCost> preview = () -> null;
    private final List<String> terms = new ArrayList<>();
    private final List<LossLog.Row> rows = new ArrayList<>();
    private final List<RunSummary.Validated> validations = new ArrayList<>();
    private long lastStepNanos;
    private int checkpoints;
    private long checkpointNanos;
    private volatile String problem;

    /**
     * @param folder         the run folder
     * @param started        when it started (kept to the second)
     * @param dataset        the annotations file it trains from, or null
     * @param trainingImages images it trains on, validation images included
     * @param settings       the settings it runs with (its start included)
     */
    public RunRecorder(Path folder, LocalDateTime started, Path dataset, int trainingImages, TrainingJob.Settings settings) {
        this.folder = folder;
        this.started = started.truncatedTo(ChronoUnit.SECONDS).toString();
        this.dataset = dataset == null ? null : dataset.toString();
        this.trainingImages = trainingImages;
        this.settings = settings;
    }

    /** What the studio's live preview cost, asked for when the summary is written. */
    public RunRecorder withPreviewCost(Supplier<RunSummary.PreviewCost> cost) {
        this.preview = cost;
        return this;
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
    }

    @Override
    public void onValidation(int step, Map<String, Double> metrics, boolean best) {
        validations.add(new RunSummary.Validated(step, Map.copyOf(metrics)));
    }

    @Override
    public void onCheckpoint(int step, Path prefix, boolean best) {
        if (!best && !rows.isEmpty() && step == rows.get(rows.size() - 1).step()) {
            // Written right after the step's report: the time since is the save.
            checkpoints++;
            checkpointNanos += System.nanoTime() - lastStepNanos;
        }
    }

    @Override
    public void onEnd(TrainingOutcome outcome) {
        record(outcome, null);
    }

    /** Writes the summary and the loss log of a run that ended ({@code outcome}) or threw ({@code thrown}). */
    public void record(TrainingOutcome outcome, Throwable thrown) {
        try {
            new LossLog(terms, rows).write(folder);
            summary(outcome, thrown).write(folder);
            problem = null;
        } catch (IOException | RuntimeException e) {
            problem = "the run's summary could not be written: " + e.getMessage();
        }
    }

    /** Why the last {@link #record} could not write, or null. */
    public String problem() {
        return problem;
    }

    RunSummary summary(TrainingOutcome o, Throwable t) {
        Map<String, Double> last = new LinkedHashMap<>();
        if (!rows.isEmpty()) {
            double[] v = rows.get(rows.size() - 1).losses();
            for (int i = 0; i < terms.size(); i++) {
                last.put(terms.get(i), v[i]);
            }
        }
        Double msPerStep = rows.size() < 2 ? null
                : 1000 * (rows.get(rows.size() - 1).seconds() - rows.get(0).seconds()) / (rows.size() - 1);
        RunSummary.Validated best = o == null || o.best() == null ? null : new RunSummary.Validated(o.best().step(), o.best().metrics());
        String reason = o == null ? TrainingOutcome.Reason.FAILED.name() : o.reason().name();
        String error = o != null ? o.error() : Messages.firstLine(t);
        int steps = o == null ? rows.size() : o.steps();
        double seconds = o != null ? o.seconds() : rows.isEmpty() ? 0 : rows.get(rows.size() - 1).seconds();
        return new RunSummary(folder.getFileName().toString(), started, dataset, trainingImages,
                RunSummary.SettingsRecord.of(settings), steps, seconds, reason, error, last, best, List.copyOf(validations),
                msPerStep, checkpoints == 0 ? null : checkpointNanos / 1e6 / checkpoints, preview.get());
    }
}
