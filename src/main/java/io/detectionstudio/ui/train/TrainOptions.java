package io.detectionstudio.ui.train;

import io.detectionstudio.config.PipelineConfigs;
import io.detectionstudio.core.Keypoints;
import io.detectionstudio.data.Category;
import io.detectionstudio.engine.training.Augmenter;
import io.detectionstudio.engine.training.TrainingJob;
import io.detectionstudio.model.centernet.CenterNetNet;
import io.detectionstudio.model.centernet.CenterNetRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * What the Train panel's "Advanced" section edits: the fields of a run's {@code pipeline.config} and the job's
 * settings, as properties the form binds to. {@link #reset()} gives what {@code train} does with no options
 * ({@link TrainingJob.Settings#defaults()}, starting from the shipped pretrained run), except that checkpoints
 * are written every {@link #previewEveryProperty() few steps} so the live preview can follow the model.
 */
public final class TrainOptions {

    /**
     * Where the weights start, as {@code train --start} names it: the best available start (the best installed
     * weights, else the built-in run), the built-in run, installed weights by name, random weights, or another run of
     * the project. {@link #spec()} is what {@link io.detectionstudio.engine.training.StartPoint#named} resolves.
     */
    public record Start(Kind kind, String name, Path run) {

        public enum Kind {
            DEFAULT, BUILT_IN, WEIGHTS, SCRATCH, RUN
        }

        public static final Start DEFAULT = new Start(Kind.DEFAULT, null, null);
        public static final Start BUILT_IN = new Start(Kind.BUILT_IN, null, null);
        public static final Start SCRATCH = new Start(Kind.SCRATCH, null, null);

        public static Start run(Path folder) {
            return new Start(Kind.RUN, null, Objects.requireNonNull(folder));
        }

        public static Start weights(String name) {
            return new Start(Kind.WEIGHTS, Objects.requireNonNull(name), null);
        }

        /** The start as {@code train --start} takes it. */
        public String spec() {
            return switch (kind) {
                case DEFAULT -> io.detectionstudio.engine.training.StartPoint.DEFAULT;
                case BUILT_IN -> "built-in";
                case SCRATCH -> "scratch";
                case WEIGHTS -> name;
                case RUN -> run.toString();
            };
        }

        @Override
        public String toString() {
            return switch (kind) {
                case DEFAULT -> "Best available (installed weights, else built-in)";
                case BUILT_IN -> "Built-in (synthetic toy ducks)";
                case SCRATCH -> "From scratch";
                case WEIGHTS -> "Weights " + name;
                case RUN -> "Run " + run.getFileName();
            };
        }
    }

    /** Input sizes the form offers (multiples of 32). */
    public static final List<Integer> INPUT_SIZES = List.of(64, 96, 128, 192, 256, 320, 384, 448, 512);
    /** MobileNetV2 widths the form offers. */
    public static final List<Float> DEPTH_MULTIPLIERS = List.of(0.35f, 0.5f, 0.75f, 1.0f);
    /** Validation hold-outs the form offers: automatic, none, or a share. */
    public static final List<Double> VALIDATION_FRACTIONS = List.of(TrainingJob.Validation.AUTO, 0.0, 0.1, 0.15, 0.2, 0.3);
    /** Checkpoint (and preview) cadence of runs started here: cheap (tens of ms) against a step of a few hundred. */
    public static final int DEFAULT_PREVIEW_EVERY = 25;

    private final ObjectProperty<Integer> steps = new SimpleObjectProperty<>();
    private final ObjectProperty<Integer> maxSeconds = new SimpleObjectProperty<>();
    private final ObjectProperty<Integer> batchSize = new SimpleObjectProperty<>();
    private final ObjectProperty<Double> learningRate = new SimpleObjectProperty<>();
    private final ObjectProperty<Integer> inputSize = new SimpleObjectProperty<>();
    private final ObjectProperty<Float> depthMultiplier = new SimpleObjectProperty<>();
    private final ObjectProperty<Integer> headFilters = new SimpleObjectProperty<>();
    private final BooleanProperty headsOnly = new SimpleBooleanProperty();
    private final ObjectProperty<Start> start = new SimpleObjectProperty<>();
    private final BooleanProperty flip = new SimpleBooleanProperty();
    private final ObjectProperty<Double> minZoom = new SimpleObjectProperty<>();
    private final ObjectProperty<Double> maxZoom = new SimpleObjectProperty<>();
    private final ObjectProperty<Double> colorJitter = new SimpleObjectProperty<>();
    private final ObjectProperty<Double> pasteProbability = new SimpleObjectProperty<>();
    private final ObjectProperty<Double> validationFraction = new SimpleObjectProperty<>();
    private final ObjectProperty<Integer> patience = new SimpleObjectProperty<>();
    private final ObjectProperty<Integer> validateEvery = new SimpleObjectProperty<>();
    private final BooleanProperty preview = new SimpleBooleanProperty();
    private final ObjectProperty<Integer> previewEvery = new SimpleObjectProperty<>();
    private double minVisible;
    private long seed;

    public TrainOptions() {
        reset();
    }

    /** Back to the defaults of {@code train} with no options. */
    public void reset() {
        TrainingJob.Settings d = TrainingJob.Settings.defaults();
        steps.set(d.steps());
        maxSeconds.set((int) Math.round(d.maxSeconds()));
        batchSize.set(d.batchSize());
        learningRate.set(d.learningRate());
        inputSize.set(d.inputSize());
        depthMultiplier.set(d.net().depthMultiplier());
        headFilters.set(d.net().headFilters());
        headsOnly.set(d.headsOnly());
        start.set(Start.DEFAULT);
        Augmenter.Options a = d.augmentation();
        flip.set(a.flip());
        minZoom.set(a.minZoom());
        maxZoom.set(a.maxZoom());
        colorJitter.set(a.color());
        pasteProbability.set(a.pasteProbability());
        minVisible = a.minVisible();
        validationFraction.set(d.validation().fraction());
        patience.set(d.validation().patience());
        validateEvery.set(d.validation().every());
        preview.set(true);
        previewEvery.set(DEFAULT_PREVIEW_EVERY);
        seed = d.seed();
    }

    /**
     * The job's settings; {@code initFrom} is the checkpoint prefix to start from (resolved from {@link #startProperty()}
     * by the caller, since finding it reads files), or null.
     *
     * @throws IllegalArgumentException with a one-line message when a value is out of range: the engine's own checks
     *                                  ({@link TrainingJob.Settings}, {@link Augmenter.Options}, {@link TrainingJob.Validation}),
     *                                  the same rules {@code train} applies to its options
     */
    public TrainingJob.Settings toSettings(Path initFrom) {
        int size = inputSize.get();
        Augmenter.Options aug = new Augmenter.Options(size, flip.get(), minZoom.get(), maxZoom.get(), colorJitter.get(),
                pasteProbability.get(), minVisible);
        TrainingJob.Validation v = new TrainingJob.Validation(validationFraction.get(), validateEvery.get(), patience.get(),
                TrainingJob.Validation.DEFAULT_MIN_DELTA);
        int every = preview.get() ? previewEvery.get() : TrainingJob.Settings.defaults().checkpointEvery();
        return new TrainingJob.Settings(size, batchSize.get(), steps.get(), maxSeconds.get(), learningRate.get(),
                new CenterNetNet.Config(depthMultiplier.get(), headFilters.get()), headsOnly.get(), every, seed, aug, initFrom, v);
    }

    /** The {@code pipeline.config} a run with these options writes for these categories (the run's own is the same text). */
    public String pipelineConfig(List<Category> categories) {
        if (categories.isEmpty()) {
            return "# Add a class (Label tab) to see the pipeline.config of a run.";
        }
        TrainingJob.Settings st;
        try {
            st = toSettings(null);
        } catch (IllegalArgumentException e) {
            return "# " + e.getMessage();
        }
        List<Category> sorted = new ArrayList<>(categories);
        sorted.sort(Comparator.comparingInt(Category::id));
        int keypointClass = -1;
        for (int i = 0; i < sorted.size() && keypointClass < 0; i++) {
            keypointClass = sorted.get(i).hasKeypoints() ? i : -1;
        }
        int[] flipPermutation = keypointClass < 0 ? null : Keypoints.flipPermutation(sorted.get(keypointClass).keypoints().size(),
                sorted.get(keypointClass).keypoints().flipPairArrays());
        return PipelineConfigs.toText(CenterNetRun.config(sorted, st.inputSize(), st.net(), st.batchSize(), st.steps(),
                st.learningRate(), keypointClass, flipPermutation));
    }

    /** Every property, for one listener that reacts to any edit. */
    public Observable[] all() {
        return new Observable[] {steps, maxSeconds, batchSize, learningRate, inputSize, depthMultiplier, headFilters, headsOnly,
                start, flip, minZoom, maxZoom, colorJitter, pasteProbability, validationFraction, patience, validateEvery,
                preview, previewEvery};
    }

    public ObjectProperty<Integer> stepsProperty() {
        return steps;
    }

    /** Time budget in seconds; 0: none. */
    public ObjectProperty<Integer> maxSecondsProperty() {
        return maxSeconds;
    }

    public ObjectProperty<Integer> batchSizeProperty() {
        return batchSize;
    }

    public ObjectProperty<Double> learningRateProperty() {
        return learningRate;
    }

    public ObjectProperty<Integer> inputSizeProperty() {
        return inputSize;
    }

    public ObjectProperty<Float> depthMultiplierProperty() {
        return depthMultiplier;
    }

    /** Filters of each head's hidden layer (not in the form: the default suits every width). */
    public ObjectProperty<Integer> headFiltersProperty() {
        return headFilters;
    }

    public BooleanProperty headsOnlyProperty() {
        return headsOnly;
    }

    public ObjectProperty<Start> startProperty() {
        return start;
    }

    public BooleanProperty flipProperty() {
        return flip;
    }

    public ObjectProperty<Double> minZoomProperty() {
        return minZoom;
    }

    public ObjectProperty<Double> maxZoomProperty() {
        return maxZoom;
    }

    public ObjectProperty<Double> colorJitterProperty() {
        return colorJitter;
    }

    public ObjectProperty<Double> pasteProbabilityProperty() {
        return pasteProbability;
    }

    /** {@link TrainingJob.Validation#AUTO}, 0 (none) or the share of labelled images held out. */
    public ObjectProperty<Double> validationFractionProperty() {
        return validationFraction;
    }

    /** Validations in a row without improvement before the run stops early; 0: never. */
    public ObjectProperty<Integer> patienceProperty() {
        return patience;
    }

    public ObjectProperty<Integer> validateEveryProperty() {
        return validateEvery;
    }

    /** Whether detections on a few images are redrawn while training. */
    public BooleanProperty previewProperty() {
        return preview;
    }

    /** Steps between checkpoints, and so between preview redraws. */
    public ObjectProperty<Integer> previewEveryProperty() {
        return previewEvery;
    }
}
