package io.detectionstudio.engine.training;

import io.detectionstudio.core.Box;
import io.detectionstudio.core.Keypoint;
import io.detectionstudio.core.Keypoints;
import io.detectionstudio.data.Category;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.KeypointSchema;
import io.detectionstudio.data.ObjectAnnotation;
import io.detectionstudio.data.image.ImageLoadException;
import io.detectionstudio.data.image.ImageLoader;
import io.detectionstudio.model.ModelException;
import io.detectionstudio.model.centernet.CenterNetLosses;
import io.detectionstudio.model.centernet.CenterNetNet;
import io.detectionstudio.model.centernet.CenterNetRun;
import io.detectionstudio.model.centernet.CenterNetSpec;
import io.detectionstudio.nn.NetVariable;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.types.TFloat32;

/**
 * Trains a CenterNet detector on a dataset, on the caller's thread (run it on a worker thread; {@link #cancel()}
 * from any thread stops it within one step and keeps the last checkpoint). Graph mode: gradients from
 * {@code Graph.addGradients}, Adam through {@code ApplyAdam} with the learning rate and the bias corrections fed
 * each step, batch-norm statistics updated by the network's update ops.
 *
 * <p>The run folder gets the effective {@code pipeline.config}, {@code label_map.pbtxt} and
 * {@code checkpoint/ckpt}, written at the end and every {@link Settings#checkpointEvery()} steps. When the job
 * validates ({@link Validation}), the checkpoint is also written and scored every {@link Validation#every()} steps and
 * at the end, the best one is kept as {@code checkpoint/best}, and the job may stop early.
 */
public final class TrainingJob {

    /**
     * @param inputSize       side of the square images are fitted into (a multiple of 32)
     * @param maxSeconds      time budget; the job stops after the step that passes it (0: none)
     * @param headsOnly       train the heads only, leaving backbone and FPN as they are (the OD API's freeze_variables)
     * @param start           where the weights start ({@link StartPoint}; null: from scratch)
     * @param validation      whether and how to validate (the constructors without it: {@link Validation#NONE})
     * @param recipe          how the backbone is fine-tuned ({@link Recipe#SCRATCH} unless a start brings another)
     */
    public record Settings(int inputSize, int batchSize, int steps, double maxSeconds, double learningRate,
                           CenterNetNet.Config net, boolean headsOnly, int checkpointEvery, long seed,
                           Augmenter.Options augmentation, StartPoint start, Validation validation, Recipe recipe) {

        public Settings {
            if (validation == null) {
                validation = Validation.NONE;
            }
            if (start == null) {
                start = StartPoint.scratch();
            }
            if (recipe == null) {
                recipe = Recipe.SCRATCH;
            }
            if (inputSize < 32 || inputSize > 2048 || inputSize % 32 != 0) {
                throw new IllegalArgumentException("the input size must be a multiple of 32 from 32 to 2048; got " + inputSize);
            }
            if (batchSize < 1 || batchSize > 256) {
                throw new IllegalArgumentException("the batch size must be from 1 to 256; got " + batchSize);
            }
            if (steps < 1) {
                throw new IllegalArgumentException("the number of steps must be 1 or more; got " + steps);
            }
            if (!(maxSeconds >= 0) || Double.isInfinite(maxSeconds)) {
                throw new IllegalArgumentException("the time budget must be 0 (none) or a positive number of seconds; got " + maxSeconds);
            }
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("the learning rate must be a positive number; got " + learningRate);
            }
            if (!(net.depthMultiplier() > 0) || net.depthMultiplier() > 4 || net.headFilters() < 1 || net.headFilters() > 1024) {
                throw new IllegalArgumentException("the width must be above 0 and at most 4 and the head filters from 1 to 1024; got "
                        + net.depthMultiplier() + " and " + net.headFilters());
            }
            if (checkpointEvery < 0) {
                throw new IllegalArgumentException("checkpoint every 0 (only at the end) or more steps; got " + checkpointEvery);
            }
        }

        public Settings(int inputSize, int batchSize, int steps, double maxSeconds, double learningRate,
                        CenterNetNet.Config net, boolean headsOnly, int checkpointEvery, long seed,
                        Augmenter.Options augmentation, Path initFrom, Validation validation) {
            this(inputSize, batchSize, steps, maxSeconds, learningRate, net, headsOnly, checkpointEvery, seed, augmentation,
                    initFrom == null ? null : StartPoint.ofCheckpoint(initFrom),
                    validation, null);
        }

        public Settings(int inputSize, int batchSize, int steps, double maxSeconds, double learningRate,
                        CenterNetNet.Config net, boolean headsOnly, int checkpointEvery, long seed,
                        Augmenter.Options augmentation, Path initFrom) {
            this(inputSize, batchSize, steps, maxSeconds, learningRate, net, headsOnly, checkpointEvery, seed, augmentation,
                    initFrom, Validation.NONE);
        }

        public Settings(int inputSize, int batchSize, int steps, double maxSeconds, double learningRate,
                        CenterNetNet.Config net, boolean headsOnly, int checkpointEvery, long seed,
                        Augmenter.Options augmentation) {
            this(inputSize, batchSize, steps, maxSeconds, learningRate, net, headsOnly, checkpointEvery, seed, augmentation,
                    (Path) null);
        }

        /** The checkpoint prefix backbone and FPN start from, or null (scratch, or weights from a file). */
        public Path initFrom() {
            return start.kind() == StartPoint.Kind.CHECKPOINT ? start.checkpoint() : null;
        }

        /** Start the backbone and FPN from another run's checkpoint (same depth multiplier); heads start fresh. */
        public Settings withInitFrom(Path checkpointPrefix) {
            return withStart(checkpointPrefix == null ? null
                    : StartPoint.ofCheckpoint(checkpointPrefix));
        }

        public Settings withStart(StartPoint value) {
            return new Settings(inputSize, batchSize, steps, maxSeconds, learningRate, net, headsOnly, checkpointEvery, seed,
                    augmentation, value, validation, recipe);
        }

        public Settings withRecipe(Recipe value) {
            return new Settings(inputSize, batchSize, steps, maxSeconds, learningRate, net, headsOnly, checkpointEvery, seed,
                    augmentation, start, validation, value);
        }

        public Settings withNet(CenterNetNet.Config value) {
            return new Settings(inputSize, batchSize, steps, maxSeconds, learningRate, value, headsOnly, checkpointEvery, seed,
                    augmentation, start, validation, recipe);
        }

        public Settings withInputSize(int value) {
            return new Settings(value, batchSize, steps, maxSeconds, learningRate, net, headsOnly, checkpointEvery, seed,
                    Augmenter.Options.defaults(value), start, validation, recipe);
        }

        public Settings withLearningRate(double value) {
            return new Settings(inputSize, batchSize, steps, maxSeconds, value, net, headsOnly, checkpointEvery, seed,
                    augmentation, start, validation, recipe);
        }

        public Settings withAugmentation(Augmenter.Options value) {
            return new Settings(inputSize, batchSize, steps, maxSeconds, learningRate, net, headsOnly, checkpointEvery, seed,
                    value, start, validation, recipe);
        }

        public Settings withSeed(long value) {
            return new Settings(inputSize, batchSize, steps, maxSeconds, learningRate, net, headsOnly, checkpointEvery, value,
                    augmentation, start, validation, recipe);
        }

        public Settings withBatchSize(int value) {
            return new Settings(inputSize, value, steps, maxSeconds, learningRate, net, headsOnly, checkpointEvery, seed,
                    augmentation, start, validation, recipe);
        }

        /** What suits a few-shot set on a laptop CPU; validates when the set is large enough ({@link Validation#defaults()}). */
        public static Settings defaults() {
            int size = 256;
            return new Settings(size, 8, 400, 170, 2e-3, new CenterNetNet.Config(0.5f, 64), false, 100, 1,
                    Augmenter.Options.defaults(size), null, Validation.defaults(), null);
        }

        public Settings withSteps(int n) {
            return new Settings(inputSize, batchSize, n, maxSeconds, learningRate, net, headsOnly, checkpointEvery, seed, augmentation,
                    start, validation, recipe);
        }

        public Settings withMaxSeconds(double s) {
            return new Settings(inputSize, batchSize, steps, s, learningRate, net, headsOnly, checkpointEvery, seed, augmentation,
                    start, validation, recipe);
        }

        public Settings withHeadsOnly(boolean b) {
            return new Settings(inputSize, batchSize, steps, maxSeconds, learningRate, net, b, checkpointEvery, seed, augmentation,
                    start, validation, recipe);
        }

        public Settings withValidation(Validation v) {
            return new Settings(inputSize, batchSize, steps, maxSeconds, learningRate, net, headsOnly, checkpointEvery, seed,
                    augmentation, start, v, recipe);
        }
    }

    /**
     * How the backbone is trained: what a pretrained backbone needs differs from what random weights need.
     *
     * @param frozenBackboneBn  the backbone's batch normalizations keep their stored statistics (the OD API's
     *                          {@code freeze_batchnorm}); measured: an ImageNet backbone's folded statistics put in
     *                          train mode named 0 of 4 test pictures right, frozen 4 of 4
     * @param backboneLrScale   the backbone's learning rate as a share of the FPN's and heads' (1: the same)
     * @param frozenBlocks      the first this many of MobileNetV2's 17 blocks (and its first conv) are not trained at all
     *                          (0: none); their gradients are not even computed, which makes steps cheaper
     * @param warmupFraction    the share of the steps over which the learning rate climbs from a tenth to its peak
     * @param sizePrior         start the box-size head's bias at the training boxes' mean size ({@link #meanBoxSize})
     */
    public record Recipe(boolean frozenBackboneBn, double backboneLrScale, int frozenBlocks, double warmupFraction,
                         boolean sizePrior) {

        /** Random or self-trained weights: everything trains at one rate, batch norm in train mode, 5% warm-up. */
        public static final Recipe SCRATCH = new Recipe(false, 1.0, 0, 0.05, false);

        public Recipe {
            if (!(backboneLrScale >= 0 && backboneLrScale <= 10)) {
                throw new IllegalArgumentException("the backbone's learning-rate scale must be from 0 to 10; got " + backboneLrScale);
            }
            if (frozenBlocks < 0 || frozenBlocks > io.detectionstudio.nn.MobileNetV2.BLOCKS) {
                throw new IllegalArgumentException("frozen blocks must be from 0 to " + io.detectionstudio.nn.MobileNetV2.BLOCKS
                        + "; got " + frozenBlocks);
            }
            if (!(warmupFraction >= 0 && warmupFraction < 1)) {
                throw new IllegalArgumentException("the warm-up fraction must be from 0 to below 1; got " + warmupFraction);
            }
        }

        /** For a real pretrained backbone (ImageNet, COCO/VOC): chosen from the measurements in the README. */
        public static Recipe pretrained() {
            return new Recipe(true, 0.1, 0, 0.1, false);
        }

        public Recipe withBackboneLrScale(double value) {
            return new Recipe(frozenBackboneBn, value, frozenBlocks, warmupFraction, sizePrior);
        }

        public Recipe withFrozenBlocks(int value) {
            return new Recipe(frozenBackboneBn, backboneLrScale, value, warmupFraction, sizePrior);
        }

        public Recipe withFrozenBackboneBn(boolean value) {
            return new Recipe(value, backboneLrScale, frozenBlocks, warmupFraction, sizePrior);
        }

        public Recipe withSizePrior(boolean value) {
            return new Recipe(frozenBackboneBn, backboneLrScale, frozenBlocks, warmupFraction, value);
        }

        /** Whether a backbone variable trains: not in a frozen block, and not at all with a zero rate. */
        boolean trains(NetVariable v) {
            if (!v.group().equals("backbone")) {
                return true;
            }
            if (backboneLrScale == 0) {
                return false;
            }
            if (frozenBlocks == 0) {
                return true;
            }
            String n = v.name();
            if (n.startsWith("backbone_conv1_")) {
                return false;
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("backbone_block(\\d+)_.*").matcher(n);
            return !m.matches() || Integer.parseInt(m.group(1)) >= frozenBlocks;
        }
    }

    /**
     * Validation while training: every {@code every} steps and after the last one, the weights are scored on the
     * validation images (COCO box AP50, ties broken by AP); the best are kept as {@code checkpoint/best}, and the job
     * stops early when {@code patience} validations in a row bring no improvement. What it validates on is a
     * {@link ValidationSplit}: part of the dataset held out, or a separate set ({@link #validatingOn}).
     *
     * @param fraction share of the labelled images to hold out: {@link #AUTO} ({@value ValidationSplit#AUTO_FRACTION}
     *                 when at least {@value ValidationSplit#AUTO_MIN_LABELLED} images are labelled, else none), 0 for
     *                 none, or up to {@value ValidationSplit#MAX_FRACTION}
     * @param every    validate every this many steps, and after the last one
     * @param patience stop after this many validations in a row without improvement (0: never stop early)
     * @param minDelta an improvement is AP50 up by more than this, or AP50 as good and AP up by more than this
     */
    public record Validation(double fraction, int every, int patience, double minDelta) {

        public static final double AUTO = -1;
        public static final int DEFAULT_EVERY = 50;
        public static final int DEFAULT_PATIENCE = 4;
        public static final double DEFAULT_MIN_DELTA = 0.005;
        /** No hold-out (a separate set given to {@link #validatingOn} is still used, with these every/patience). */
        public static final Validation NONE = new Validation(0, DEFAULT_EVERY, DEFAULT_PATIENCE, DEFAULT_MIN_DELTA);

        public Validation {
            if (fraction != AUTO && !(fraction >= 0 && fraction <= ValidationSplit.MAX_FRACTION)) {
                throw new IllegalArgumentException("the validation fraction must be between 0 and " + ValidationSplit.MAX_FRACTION
                        + " (0: none); got " + fraction);
            }
            if (every < 1) {
                throw new IllegalArgumentException("validate every 1 step or more; got " + every);
            }
            if (patience < 0) {
                throw new IllegalArgumentException("the patience must be 0 (off) or more; got " + patience);
            }
            if (!(minDelta >= 0)) {
                throw new IllegalArgumentException("the minimum improvement must be 0 or more; got " + minDelta);
            }
        }

        /** The automatic split, every 50 steps, patience 4, improvements above 0.005. */
        public static Validation defaults() {
            return new Validation(AUTO, DEFAULT_EVERY, DEFAULT_PATIENCE, DEFAULT_MIN_DELTA);
        }

        public Validation withFraction(double f) {
            return new Validation(f, every, patience, minDelta);
        }

        public Validation withEvery(int n) {
            return new Validation(fraction, n, patience, minDelta);
        }

        public Validation withPatience(int n) {
            return new Validation(fraction, every, n, minDelta);
        }
    }

    /** Beside the checkpoint: the number of steps it holds, for {@link #resuming()}. */
    static final String STEP_FILE = "step";

    private final AtomicBoolean cancelled = new AtomicBoolean();
    private boolean resume;
    private Dataset separateValidation;

    /**
     * Continue the run in the folder from its last checkpoint (weights, Adam state and step) instead of starting
     * over; the settings must be the ones it was started with.
     */
    public TrainingJob resuming() {
        this.resume = true;
        return this;
    }

    /**
     * Validate on this labelled set (its categories must be among the training set's) instead of holding images
     * out of the training set, with the settings' {@link Validation#every()} and {@link Validation#patience()}.
     */
    public TrainingJob validatingOn(Dataset validation) {
        this.separateValidation = validation;
        return this;
    }

    /** The split {@link #run} will use for this dataset and these settings (it depends on nothing else). */
    public ValidationSplit split(Dataset dataset, Settings settings) throws ModelException {
        return ValidationSplit.choose(dataset, separateValidation, settings.validation(), settings.seed());
    }

    /** Asks the job to stop after the current step; the last checkpoint is written. */
    public void cancel() {
        cancelled.set(true);
    }

    public TrainingOutcome run(Dataset dataset, Path runFolder, Settings settings, TrainingListener listener)
            throws ModelException {
        long start = System.nanoTime();
        List<Category> categories = new ArrayList<>(dataset.categories());
        categories.sort(Comparator.comparingInt(Category::id));
        if (categories.isEmpty()) {
            throw new ModelException("the dataset has no categories to learn");
        }
        int keypointClass = keypointClass(categories);
        KeypointSchema schema = keypointClass < 0 ? null : categories.get(keypointClass).keypoints();
        int numKeypoints = schema == null ? 0 : schema.size();
        ValidationSplit split = split(dataset, settings);
        List<Augmenter.Source> sources = sources(split.training(), categories, settings.inputSize(), keypointClass);
        if (sources.stream().allMatch(s -> s.boxes().isEmpty())) {
            throw new ModelException("the dataset has no labelled objects to learn from");
        }
        int[] flipPermutation = schema == null ? null : Keypoints.flipPermutation(numKeypoints, schema.flipPairArrays());
        CenterNetRun.write(runFolder, CenterNetRun.config(categories, settings.inputSize(), settings.net(),
                settings.batchSize(), settings.steps(), settings.learningRate(), keypointClass, flipPermutation), categories);
        Path checkpoint = runFolder.resolve(CenterNetRun.CHECKPOINTS).resolve(CenterNetRun.LAST);
        int firstStep = 0;
        if (resume) {
            Path stepFile = runFolder.resolve(CenterNetRun.CHECKPOINTS).resolve(STEP_FILE);
            if (!Files.isRegularFile(Path.of(checkpoint + ".index")) || !Files.isRegularFile(stepFile)) {
                throw new ModelException(runFolder + ": nothing to resume (no checkpoint yet)");
            }
            try {
                firstStep = Integer.parseInt(Files.readString(stepFile).strip());
            } catch (java.io.IOException | NumberFormatException e) {
                throw new ModelException(stepFile + ": unreadable step count: " + e.getMessage());
            }
        }
        // A resumed run draws new samples rather than replaying the ones its first part saw.
        Augmenter augmenter = new Augmenter(sources, settings.augmentation(), flipPermutation, settings.seed() + firstStep);
        int s = settings.inputSize();
        CenterNetSpec spec = CenterNetSpec.forInput(s, s, categories.size(), numKeypoints, keypointClass, 32);

        if (!resume) {
            BestCheckpoint.deleteEarlier(checkpoint.getParent());
        }
        BestCheckpoint best = !split.validates() ? null : resume
                ? BestCheckpoint.resumed(checkpoint.getParent(), settings.validation())
                : BestCheckpoint.fresh(checkpoint.getParent(), settings.validation());

        try (TrainingGraph graph = new TrainingGraph(settings, spec, meanBoxSize(sources, s));
             Validator validator = split.validates() ? new Validator(split.validation(), s) : null) {
            graph.begin(settings, resume ? checkpoint : null);
            Keeping keeping = validator == null ? null : new Keeping(validator, best, runFolder);
            return loop(new Loop(settings, graph, new BatchFeeder(augmenter, spec, settings.batchSize(), s), checkpoint, keeping,
                    listener, start, firstStep));
        } catch (TensorFlowException | IllegalArgumentException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            TrainingOutcome out = new TrainingOutcome(TrainingOutcome.Reason.FAILED, 0, seconds(start), null, msg);
            listener.onEnd(out);
            return out;
        }
    }

    /**
     * What the step loop works with: the settings, the graph and the batches, where checkpoints go, validation, who
     * hears about it, when the job started ({@code System.nanoTime}) and the step it starts after.
     */
    private record Loop(Settings settings, TrainingGraph graph, BatchFeeder feeder, Path checkpoint, Keeping keeping,
                        TrainingListener listener, long start, int firstStep) {
    }

    private TrainingOutcome loop(Loop l) throws ModelException {
        Settings st = l.settings();
        int b = st.batchSize();
        Path saved = null;
        int savedStep = -1;
        int validatedStep = -1;
        int step = l.firstStep();
        TrainingOutcome.Reason reason = TrainingOutcome.Reason.FINISHED;
        String error = null;
        double recentImagesPerSecond = 0;
        while (step < st.steps()) {
            if (cancelled.get()) {
                reason = TrainingOutcome.Reason.CANCELLED;
                break;
            }
            // The budget counts from the job's start (loading, building the graph); one step always runs, so even
            // a budget too short for it leaves a model to look at.
            if (st.maxSeconds() > 0 && step > l.firstStep() && seconds(l.start()) >= st.maxSeconds()) {
                reason = TrainingOutcome.Reason.TIME_BUDGET;
                break;
            }
            long t0 = System.nanoTime();
            BatchFeeder.Batch batch = l.feeder().next();
            double rate = learningRate(st, step);
            step++;
            Map<String, Double> values = l.graph().step(batch, rate, step);
            if (!Double.isFinite(values.get("total"))) {
                reason = TrainingOutcome.Reason.FAILED;
                error = "the loss became " + values.get("total") + " at step " + step
                        + "; training stopped and the last good checkpoint was kept (try a lower learning rate)";
                step--;
                break;
            }
            double stepSeconds = (System.nanoTime() - t0) / 1e9;
            double ips = b / stepSeconds;
            recentImagesPerSecond = recentImagesPerSecond == 0 ? ips : 0.9 * recentImagesPerSecond + 0.1 * ips;
            double elapsed = seconds(l.start());
            double etaSteps = (st.steps() - step) * b / recentImagesPerSecond;
            double eta = st.maxSeconds() > 0 ? Math.min(etaSteps, Math.max(0, st.maxSeconds() - elapsed)) : etaSteps;
            l.listener().onStep(new TrainingProgress(step, st.steps(), values, rate, recentImagesPerSecond, eta, elapsed));
            boolean validateNow = l.keeping() != null && step % st.validation().every() == 0 && step < st.steps();
            if (validateNow || st.checkpointEvery() > 0 && step % st.checkpointEvery() == 0 && step < st.steps()) {
                saved = save(l.graph(), l.checkpoint(), step, l.listener());
                savedStep = step;
            }
            if (validateNow) {
                validatedStep = step;
                if (l.keeping().validate(step, l.checkpoint(), l.listener())) {
                    reason = TrainingOutcome.Reason.EARLY_STOP;
                    break;
                }
            }
        }
        if (step > l.firstStep() && reason != TrainingOutcome.Reason.FAILED && savedStep != step) {
            saved = save(l.graph(), l.checkpoint(), step, l.listener());
        }
        // The last weights are scored too, unless the run was cancelled (a cancel should end it at once).
        boolean ended = reason == TrainingOutcome.Reason.FINISHED || reason == TrainingOutcome.Reason.TIME_BUDGET;
        if (l.keeping() != null && ended && step > l.firstStep() && validatedStep != step) {
            l.keeping().validate(step, l.checkpoint(), l.listener());
        }
        TrainingOutcome.Best best = l.keeping() == null ? null : l.keeping().best().best();
        TrainingOutcome out = new TrainingOutcome(reason, step, seconds(l.start()), best != null ? l.keeping().best().prefix() : saved,
                error, best);
        l.listener().onEnd(out);
        return out;
    }

    /** Validation during a run: the scorer, and the best checkpoint it keeps. */
    private record Keeping(Validator validator, BestCheckpoint best, Path runFolder) {

        /** Scores the checkpoint just written; true when the patience has run out. */
        boolean validate(int step, Path checkpoint, TrainingListener listener) throws ModelException {
            return best.offer(step, validator.evaluate(runFolder, checkpoint), checkpoint, listener);
        }
    }

    /** The box-size head's output bias ({@code (h, w)} in grid units), which training starts at the data's mean size. */
    static final String BOX_SIZE_BIAS = "head_box_size_out_bias";

    /**
     * The mean {@code (h, w)} of the training boxes in grid units, as the un-augmented letterboxed images show them:
     * the box-size head starts there instead of at 0. Its outputs are sizes in grid units, up to the grid's side,
     * and an Adam step moves each weight by about the learning rate, so starting from 0 a few hundred steps leave
     * large objects' boxes far too small (measured on raccoons, which fill most of their photos).
     */
    static float[] meanBoxSize(List<Augmenter.Source> sources, int inputSize) {
        double h = 0;
        double w = 0;
        int n = 0;
        double grid = inputSize / 4.0;
        for (Augmenter.Source src : sources) {
            int iw = src.image().getWidth();
            int ih = src.image().getHeight();
            double fit = Math.min((double) inputSize / iw, (double) inputSize / ih);
            for (Box b : src.boxes()) {
                h += b.height() * ih * fit / inputSize * grid;
                w += b.width() * iw * fit / inputSize * grid;
                n++;
            }
        }
        return n == 0 ? new float[2] : new float[] {(float) (h / n), (float) (w / n)};
    }

    /** The loss terms reported each step, by the OD API's names for them. */
    static Map<String, Operand<TFloat32>> lossesByName(CenterNetLosses.Losses l) {
        Map<String, Operand<TFloat32>> out = new LinkedHashMap<>();
        out.put("object_center", l.center());
        out.put("box_scale", l.boxSize());
        out.put("box_offset", l.boxOffset());
        if (l.keypointHeatmap() != null) {
            out.put("keypoint_heatmap", l.keypointHeatmap());
            out.put("keypoint_offset", l.keypointOffset());
            out.put("keypoint_regression", l.keypointRegression());
        }
        out.put("total", l.total());
        return out;
    }

    /** The class whose keypoints are learned: the first (by id) with a keypoint schema, or -1. One per model for now. */
    static int keypointClass(List<Category> categories) {
        for (int i = 0; i < categories.size(); i++) {
            if (categories.get(i).hasKeypoints()) {
                return i;
            }
        }
        return -1;
    }

    private static Path save(TrainingGraph graph, Path checkpoint, int step, TrainingListener listener) {
        graph.save(checkpoint);
        try {
            Files.writeString(checkpoint.resolveSibling(STEP_FILE), Integer.toString(step));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        listener.onCheckpoint(step, checkpoint, false);
        return checkpoint;
    }

    /**
     * Linear warm-up from a tenth of the rate over the recipe's share of the steps (5% by default), then a cosine
     * decay to zero, as the OD API's cosine schedule.
     */
    static double learningRate(Settings st, int step) {
        int warmup = Math.max(1, (int) Math.round(st.steps() * st.recipe().warmupFraction()));
        if (step < warmup) {
            return st.learningRate() * (0.1 + 0.9 * step / warmup);
        }
        double progress = (double) (step - warmup) / Math.max(1, st.steps() - warmup);
        return st.learningRate() * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress)));
    }

    /** Decodes every image once, shrunk to at most twice the input size, with its objects normalized. */
    static List<Augmenter.Source> sources(Dataset d, List<Category> categories, int inputSize, int keypointClass)
            throws ModelException {
        int numKeypoints = keypointClass < 0 ? 0 : categories.get(keypointClass).keypoints().size();
        Map<Integer, Integer> classIndex = new LinkedHashMap<>();
        for (int i = 0; i < categories.size(); i++) {
            classIndex.put(categories.get(i).id(), i);
        }
        Map<Long, List<ObjectAnnotation>> byImage = d.annotationsByImage();
        List<Augmenter.Source> out = new ArrayList<>();
        for (ImageRecord im : d.images()) {
            BufferedImage img;
            try {
                img = shrink(ImageLoader.loadRgb(d.resolve(im)), 2 * inputSize);
            } catch (ImageLoadException e) {
                throw new ModelException(e.getMessage(), e);
            }
            List<Box> boxes = new ArrayList<>();
            List<Integer> classes = new ArrayList<>();
            List<List<Keypoint>> keypoints = new ArrayList<>();
            for (ObjectAnnotation a : byImage.getOrDefault(im.id(), List.of())) {
                if (a.iscrowd() || !classIndex.containsKey(a.categoryId()) || a.bbox().width() <= 0 || a.bbox().height() <= 0) {
                    continue;
                }
                int c = classIndex.get(a.categoryId());
                boxes.add(a.bbox().toBox(im.width(), im.height()).clip());
                classes.add(c);
                double[] kp = a.keypoints();
                keypoints.add(c == keypointClass && kp != null && kp.length == 3 * numKeypoints
                        ? Keypoints.fromCocoPixels(kp, im.width(), im.height()) : List.of());
            }
            out.add(new Augmenter.Source(img, boxes, classes.stream().mapToInt(Integer::intValue).toArray(), keypoints));
        }
        return out;
    }

    private static BufferedImage shrink(BufferedImage img, int maxSide) {
        int w = img.getWidth();
        int h = img.getHeight();
        double f = Math.min(1, (double) maxSide / Math.max(w, h));
        if (f >= 1) {
            return img;
        }
        int nw = Math.max(1, (int) Math.round(w * f));
        int nh = Math.max(1, (int) Math.round(h * f));
        BufferedImage out = new BufferedImage(nw, nh, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(img, 0, 0, nw, nh, null);
        g.dispose();
        return out;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
