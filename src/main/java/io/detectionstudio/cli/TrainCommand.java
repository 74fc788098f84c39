package io.detectionstudio.cli;

import io.detectionstudio.config.ConfigException;
import io.detectionstudio.config.PipelineConfigs;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.data.Problem;
import io.detectionstudio.data.formats.DatasetFormat;
import io.detectionstudio.data.formats.DatasetFormats;
import io.detectionstudio.engine.training.Augmenter;
import io.detectionstudio.engine.training.Pretrained;
import io.detectionstudio.engine.training.RunRecorder;
import io.detectionstudio.engine.training.StartPoint;
import io.detectionstudio.engine.training.TrainingJob;
import io.detectionstudio.engine.training.TrainingListener;
import io.detectionstudio.engine.training.TrainingOutcome;
import io.detectionstudio.engine.training.TrainingProgress;
import io.detectionstudio.engine.training.ValidationSplit;
import io.detectionstudio.model.ModelException;
import io.detectionstudio.model.centernet.CenterNetNet;
import io.detectionstudio.model.centernet.CenterNetRun;
import io.detectionstudio.proto.odapi.CenterNet;
import io.detectionstudio.proto.odapi.TrainEvalPipelineConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code train}: the OD API's {@code model_main_tf2.py}, on a laptop: a CenterNet detector trained from scratch. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a CenterNet (MobileNetV2-FPN) detector on a dataset and write a run folder: pipeline.config,",
                "label_map.pbtxt, checkpoint/, summary.json, losses.csv. With no options it uses defaults for a few-shot",
                "set (256 px, batch 8, 400 steps or 170 s) and starts from the best installed pretrained weights",
                "(see weights list), else from the shipped built-in run (" + Pretrained.RUN + "); --start chooses.",
                "A pretrained backbone is fine-tuned with its batch norm frozen and a tenth of the learning rate.",
                "With 20 or more labelled images it holds 15%% out for validation: every 50",
                "steps it scores the model on them (COCO AP50), keeps the best checkpoint",
                "(checkpoint/best, which detect, eval and export use) and stops early after",
                "4 validations without improvement.",
                "--config takes an OD API pipeline.config with a center_net model; its",
                "train_config.fine_tune_checkpoint may name a start too."})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "DATASET", description = "Training dataset (any format convert reads).")
    Path dataset;

    @Option(names = "--out", required = true, paramLabel = "RUN_DIR", description = "Run folder for the config, label map and checkpoint.")
    Path out;

    @Option(names = "--config", paramLabel = "pipeline.config", description = "OD API pipeline config (center_net).")
    Path config;

    @Option(names = "--max-seconds", paramLabel = "N", description = "Time budget in seconds (default: 170).")
    Double maxSeconds;

    @Option(names = "--steps", paramLabel = "N", description = "Number of training steps (default: 400).")
    Integer steps;

    @Option(names = "--heads-only", description = "Train the prediction heads only (backbone and FPN frozen).")
    boolean headsOnly;

    @Option(names = "--start", paramLabel = "START",
            description = "Where the weights start: the name of installed weights (see weights list), a .tflite file "
                    + "(an ImageNet or COCO/VOC MobileNetV2), a run folder or checkpoint prefix (backbone and FPN), built-in "
                    + "(the shipped " + Pretrained.RUN + "), or scratch. Default: the best installed weights, else built-in.")
    String start;

    @Option(names = "--init-from", paramLabel = "RUN_DIR", description = "Same as --start RUN_DIR.")
    Path initFrom;

    @Option(names = "--from-scratch", description = "Same as --start scratch.")
    boolean fromScratch;

    @Option(names = "--resume", description = "Continue the run in RUN_DIR from its last checkpoint (same options as it was started with).")
    boolean resume;

    @Option(names = "--val-fraction", paramLabel = "F",
            description = "Share of the labelled images held out for validation, up to 0.5; 0: none. "
                    + "Default: 0.15 when 20 or more images are labelled, else none.")
    Double valFraction;

    @Option(names = "--val-dataset", paramLabel = "DATASET",
            description = "Validate on this labelled dataset (same categories) instead of holding images out.")
    Path valDataset;

    @Option(names = "--val-every", paramLabel = "N",
            description = "Validate every N steps and after the last one (default: " + TrainingJob.Validation.DEFAULT_EVERY + ").")
    Integer valEvery;

    @Option(names = "--patience", paramLabel = "N",
            description = "Stop after N validations in a row without improvement (default: " + TrainingJob.Validation.DEFAULT_PATIENCE
                    + "; 0: never).")
    Integer patience;

    /** The config's train_config.fine_tune_checkpoint, resolved against the config's folder; null when absent. */
    private String configStart;

    @Override
    public Integer call() throws DatasetException, ConfigException, ModelException {
        PrintWriter o = spec.commandLine().getOut();
        DatasetFormat.ReadResult read = read(dataset, "dataset");
        if (read == null) {
            return 1;
        }
        TrainingJob.Settings st = TrainingJob.Settings.defaults();
        try {
            if (config != null) {
                st = fromConfig(st, config, spec.commandLine().getErr());
                configStart = fineTuneCheckpoint(config);
            }
            if (steps != null) {
                st = st.withSteps(steps);
            }
            if (maxSeconds != null) {
                st = st.withMaxSeconds(maxSeconds);
            }
            if (headsOnly) {
                st = st.withHeadsOnly(true);
            }
            st = st.withValidation(validation(st.validation()));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        String startName = startName(st);
        if (resume) {
            o.println("Resuming " + out + " from its last checkpoint");
        } else {
            StartPoint from = startName.equals(Starts.DEFAULT) ? Starts.defaultFor(config != null ? st : null) : Starts.resolve(startName);
            st = from.fit(st, config != null);
            o.println("Starting from " + from.description());
        }
        int every = Math.max(1, st.steps() / 20);
        TrainingJob job = resume ? new TrainingJob().resuming() : new TrainingJob();
        if (valDataset != null) {
            DatasetFormat.ReadResult val = read(valDataset, "validation dataset");
            if (val == null) {
                return 1;
            }
            job.validatingOn(val.dataset());
        }
        ValidationSplit split = job.split(read.dataset(), st);
        TrainingJob.Validation v = st.validation();
        o.println("Validation: " + split.description() + (split.validates()
                ? String.format(Locale.ROOT, "; every %d steps, keeping the best checkpoint; %s", v.every(),
                        v.patience() > 0 ? "early stop after " + v.patience() + " without improvement" : "no early stop")
                : v.fraction() == TrainingJob.Validation.AUTO ? "; --val-fraction or --val-dataset to validate anyway" : ""));
        o.flush();
        long[] stepEnded = {System.nanoTime()};
        RunRecorder recorder = new RunRecorder(out, LocalDateTime.now(), dataset, read.dataset().images().size(), st);
        TrainingOutcome outcome = job.run(read.dataset(), out, st, TrainingListener.all(new TrainingListener() {
            @Override
            public void onValidation(int step, Map<String, Double> metrics, boolean best) {
                // The time since the step ended: writing the checkpoint, restoring it and scoring the images.
                double seconds = (System.nanoTime() - stepEnded[0]) / 1e9;
                o.printf(Locale.ROOT, "validation at step %d: AP50 %.3f  AP %.3f%s  (%.1f s)%n", step,
                        metrics.get(TrainingListener.AP50), metrics.get(TrainingListener.AP), best ? "  best so far" : "", seconds);
                o.flush();
            }

            @Override
            public void onStep(TrainingProgress p) {
                stepEnded[0] = System.nanoTime();
                if (p.step() == 1 || p.step() % every == 0 || p.step() == p.totalSteps()) {
                    StringBuilder terms = new StringBuilder();
                    p.losses().forEach((name, v) -> {
                        if (!name.equals("total")) {
                            terms.append(terms.length() == 0 ? "" : ", ").append(name).append(String.format(Locale.ROOT, " %.3f", v));
                        }
                    });
                    o.printf(Locale.ROOT, "step %4d/%d  loss %.3f (%s)  lr %.5f  %.1f img/s  ETA %s%n", p.step(), p.totalSteps(),
                            p.losses().get("total"), terms, p.learningRate(), p.imagesPerSecond(), clock(p.etaSeconds()));
                    o.flush();
                }
            }
        }, recorder));
        if (recorder.problem() != null) {
            spec.commandLine().getErr().println("warning: " + recorder.problem());
        }
        if (outcome.reason() == TrainingOutcome.Reason.FAILED) {
            spec.commandLine().getErr().println("detection-studio train: " + outcome.error());
            return 1;
        }
        o.printf(Locale.ROOT, "%s.%nModel: %s%s (use it with detect --model %s)%n", ending(outcome, st.validation().patience()), out,
                outcome.best() == null ? "" : " (its best checkpoint, " + CenterNetRun.CHECKPOINTS + "/" + CenterNetRun.BEST + ")", out);
        return 0;
    }

    /** How the run ended, e.g. {@code Finished after 400 steps in 105 s; best AP50 0.986 (AP 0.702) at step 350}. */
    static String ending(TrainingOutcome outcome, int patience) {
        String ended = switch (outcome.reason()) {
            case CANCELLED -> "Cancelled";
            case TIME_BUDGET -> "Time budget reached";
            case EARLY_STOP -> "Stopped early";
            default -> "Finished";
        };
        String validation = outcome.best() == null ? ""
                : outcome.reason() == TrainingOutcome.Reason.EARLY_STOP
                ? String.format(Locale.ROOT, ": no validation improvement in %d validations since step %d; %s", patience,
                        outcome.best().step(), outcome.best().describe())
                : "; " + outcome.best().describe();
        return String.format(Locale.ROOT, "%s after %d steps in %.0f s%s", ended, outcome.steps(), outcome.seconds(), validation);
    }

    /** The start the options name (one of --start, --init-from, --from-scratch, the config's fine_tune_checkpoint). */
    private String startName(TrainingJob.Settings st) {
        int given = (start != null ? 1 : 0) + (initFrom != null ? 1 : 0) + (fromScratch ? 1 : 0);
        if (given > 1) {
            throw new ParameterException(spec.commandLine(), "--start, --init-from and --from-scratch: give one of them");
        }
        if (start != null) {
            return start;
        }
        if (initFrom != null) {
            return initFrom.toString();
        }
        if (fromScratch) {
            return "scratch";
        }
        return configStart != null ? configStart : Starts.DEFAULT;
    }

    /** The validation settings the options ask for. */
    private TrainingJob.Validation validation(TrainingJob.Validation v) {
        if (valFraction != null && valDataset != null) {
            throw new ParameterException(spec.commandLine(), "--val-fraction and --val-dataset: give one or the other");
        }
        try {
            if (valFraction != null) {
                v = v.withFraction(valFraction);
            }
            if (valDataset != null) {
                v = v.withFraction(0);
            }
            if (valEvery != null) {
                v = v.withEvery(valEvery);
            }
            if (patience != null) {
                v = v.withPatience(patience);
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return v;
    }

    /** A dataset in any format convert reads, or null when it has problems (printed, one a line). */
    private DatasetFormat.ReadResult read(Path file, String what) throws DatasetException {
        return readDataset(file, spec.commandLine().getOut(), "in the " + what + "; nothing was trained");
    }

    /**
     * A dataset in any format convert reads, or null when it has problems: each printed on a line, then
     * {@code N problems WHERE (see validate)}.
     */
    static DatasetFormat.ReadResult readDataset(Path file, PrintWriter o, String where) throws DatasetException {
        DatasetFormat format = DatasetFormats.inferInput(file)
                .orElseThrow(() -> new DatasetException(file + ": cannot tell its format (known: " + DatasetFormats.names() + ")"));
        DatasetFormat.ReadResult read = format.read(file);
        if (!read.problems().isEmpty()) {
            read.problems().stream().map(Problem::toString).forEach(o::println);
            o.println(read.problems().size() + " problems " + where + " (see validate)");
            return null;
        }
        return read;
    }

    /**
     * {@code train_config.fine_tune_checkpoint} of a pipeline.config (a .tflite file, a run or checkpoint prefix, or
     * the name of installed weights; relative paths from the config's folder), or null.
     */
    static String fineTuneCheckpoint(Path file) throws ConfigException {
        String ckpt = PipelineConfigs.read(file).config().getTrainConfig().getFineTuneCheckpoint();
        if (ckpt.isBlank()) {
            return null;
        }
        Path p = Path.of(ckpt);
        Path resolved = p.isAbsolute() || file.toAbsolutePath().getParent() == null ? p : file.toAbsolutePath().getParent().resolve(p);
        return java.nio.file.Files.exists(resolved) || java.nio.file.Files.exists(Path.of(resolved + ".index")) ? resolved.toString() : ckpt;
    }

    /** Settings from a pipeline.config's center_net model and train_config; unsupported fields were warned about. */
    static TrainingJob.Settings fromConfig(TrainingJob.Settings d, Path file, PrintWriter err) throws ConfigException {
        PipelineConfigs.Result r = PipelineConfigs.read(file);
        r.warnings().forEach(w -> err.println("warning: " + w));
        TrainEvalPipelineConfig c = r.config();
        if (!c.getModel().hasCenterNet()) {
            throw new ConfigException(file + ": Detection Studio trains center_net models; this config has "
                    + c.getModel().getModelCase().name().toLowerCase(Locale.ROOT) + " (use export --for-odapi to train it with the OD API)");
        }
        CenterNet cn = c.getModel().getCenterNet();
        int size = cn.getImageResizer().hasKeepAspectRatioResizer() ? cn.getImageResizer().getKeepAspectRatioResizer().getMaxDimension()
                : cn.getImageResizer().hasFixedShapeResizer() ? cn.getImageResizer().getFixedShapeResizer().getWidth() : d.inputSize();
        size = Math.max(32, size / 32 * 32);
        float depth = cn.getFeatureExtractor().hasDepthMultiplier() ? cn.getFeatureExtractor().getDepthMultiplier() : d.net().depthMultiplier();
        int batch = c.getTrainConfig().hasBatchSize() ? c.getTrainConfig().getBatchSize() : d.batchSize();
        int steps = c.getTrainConfig().hasNumSteps() && c.getTrainConfig().getNumSteps() > 0 ? c.getTrainConfig().getNumSteps() : d.steps();
        double lr = d.learningRate();
        var opt = c.getTrainConfig().getOptimizer();
        if (opt.hasAdamOptimizer() && opt.getAdamOptimizer().getLearningRate().hasCosineDecayLearningRate()) {
            lr = opt.getAdamOptimizer().getLearningRate().getCosineDecayLearningRate().getLearningRateBase();
        }
        return new TrainingJob.Settings(size, batch, steps, d.maxSeconds(), lr, new CenterNetNet.Config(depth, d.net().headFilters()),
                d.headsOnly(), d.checkpointEvery(), d.seed(), size == d.inputSize() ? d.augmentation() : Augmenter.Options.defaults(size),
                d.initFrom(), d.validation());
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
