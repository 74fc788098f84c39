package io.detectionstudio.engine.training;

import io.detectionstudio.model.ModelException;
import io.detectionstudio.model.centernet.CenterNetNet;
import io.detectionstudio.model.centernet.CenterNetRun;
import io.detectionstudio.model.tflite.MobileNetV2Weights;
import io.detectionstudio.nn.NetBuilder;
import io.detectionstudio.nn.NetVariable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.types.TString;

/**
 * Where a training run's weights start: one place that resolves what the user named and says what it is.
 *
 * <ul>
 *   <li>{@link Kind#SCRATCH}: random weights.</li>
 *   <li>{@link Kind#CHECKPOINT}: backbone and FPN from a checkpoint of ours (a run folder, whose best or last
 *       checkpoint is used, or a checkpoint prefix); the heads start fresh. The checkpoint must come from a net of
 *       the same width and variant.</li>
 *   <li>{@link Kind#WEIGHTS}: the backbone from pretrained weights in a TensorFlow Lite file (an ImageNet or
 *       COCO/VOC MobileNetV2); FPN and heads start fresh. The weights decide the width, and the run is fine-tuned
 *       with {@link TrainingJob.Recipe#pretrained()}.</li>
 * </ul>
 *
 * @param description one line for the user, e.g. {@code ImageNet MobileNetV2 1.0 (file.tflite)}
 * @param checkpoint  the checkpoint prefix, for {@link Kind#CHECKPOINT}
 * @param checkpointNet the net the checkpoint was trained with, for {@link Kind#CHECKPOINT} (null when unknown: a bare prefix)
 * @param weights     the mapped weights, for {@link Kind#WEIGHTS}
 */
public record StartPoint(Kind kind, String description, Path checkpoint, CenterNetNet.Config checkpointNet,
                         MobileNetV2Weights weights) {

    public enum Kind { SCRATCH, CHECKPOINT, WEIGHTS }

    public static StartPoint scratch() {
        return new StartPoint(Kind.SCRATCH, "random weights (from scratch)", null, null, null);
    }

    /** A run folder of ours (its best checkpoint, else its last) or a checkpoint prefix. */
    public static StartPoint ofRun(Path runOrPrefix) throws ModelException {
        if (CenterNetRun.isRun(runOrPrefix)) {
            CenterNetRun run = CenterNetRun.open(runOrPrefix);
            return new StartPoint(Kind.CHECKPOINT, "run " + runOrPrefix + " (backbone and FPN)", run.checkpoint(), run.net(), null);
        }
        if (Files.isRegularFile(Path.of(runOrPrefix + ".index"))) {
            return ofCheckpoint(runOrPrefix);
        }
        throw new ModelException(runOrPrefix + ": neither a training run (pipeline.config and checkpoint/) nor a checkpoint ("
                + runOrPrefix.getFileName() + ".index)");
    }

    /** Backbone and FPN from a checkpoint prefix of ours, whose net is not known here (its shapes are checked on restore). */
    public static StartPoint ofCheckpoint(Path prefix) {
        return new StartPoint(Kind.CHECKPOINT, "checkpoint " + prefix + " (backbone and FPN)", prefix, null, null);
    }

    /** The backbone of a MobileNetV2 in a TensorFlow Lite file. */
    public static StartPoint ofTflite(Path file, String what) throws ModelException {
        MobileNetV2Weights w = MobileNetV2Weights.read(file);
        return new StartPoint(Kind.WEIGHTS, (what == null ? w.describe() : what) + " (" + file + ")", null, null, w);
    }

    /**
     * Resolves what {@code --start} (or the studio) names: {@code scratch}, {@code built-in}, a {@code .tflite} file,
     * a run folder, a checkpoint prefix, or the name of installed weights ({@code installed}, may be null).
     */
    public static StartPoint resolve(String spec, Installed installed) throws ModelException {
        String s = spec.strip();
        if (s.equalsIgnoreCase("scratch") || s.equalsIgnoreCase("none")) {
            return scratch();
        }
        if (s.equalsIgnoreCase("built-in") || s.equalsIgnoreCase("builtin")) {
            return builtIn().orElseThrow(() -> new ModelException("built-in start: the shipped run " + Pretrained.RUN
                    + " is not here (a build without assets?)"));
        }
        Path p = Path.of(s);
        if (s.toLowerCase(Locale.ROOT).endsWith(".tflite")) {
            if (!Files.isRegularFile(p)) {
                throw new ModelException(p + ": no such file");
            }
            return ofTflite(p, null);
        }
        if (Files.isDirectory(p) || Files.isRegularFile(Path.of(s + ".index"))) {
            return ofRun(p);
        }
        Path file = installed == null ? null : installed.file(s);
        if (file != null) {
            return ofTflite(file, s);
        }
        throw new ModelException(s + ": not a start we know (scratch, built-in, the name of installed weights"
                + " (weights list), a .tflite file, a run folder or a checkpoint prefix)");
    }

    /** Installed weights by name (the weights store): the file, null when no such name is known. */
    @FunctionalInterface
    public interface Installed {
        /** @throws ModelException one line when the name is known but cannot be used (e.g. not downloaded yet) */
        Path file(String name) throws ModelException;
    }

    /** The name that asks for {@link #defaultFor}: what {@code train} uses when no start is named. */
    public static final String DEFAULT = "default";

    /**
     * A start by what the user named ({@link #resolve}), with the weights installed in {@code store};
     * {@link #DEFAULT} gives {@link #defaultFor}.
     */
    public static StartPoint named(String name, io.detectionstudio.engine.weights.WeightsStore store) throws ModelException {
        if (name.equals(DEFAULT)) {
            return defaultFor(store, null);
        }
        return resolve(name, n -> installedFile(store, n));
    }

    /** The file of installed weights of that name; null when the store knows no such name. */
    private static Path installedFile(io.detectionstudio.engine.weights.WeightsStore store, String name) throws ModelException {
        boolean known = store.catalogue().byName(name).isPresent()
                || store.installed().stream().anyMatch(s -> s.name().equals(name));
        if (!known) {
            return null;
        }
        try {
            return store.find(name).file();
        } catch (io.detectionstudio.engine.weights.WeightsException e) {
            throw new ModelException(e.getMessage(), e);
        }
    }

    /**
     * The start used when none is named: the best installed weights ({@code store.best()}), else the built-in start,
     * else scratch. With {@code fixed} settings (a pipeline.config gave the width), the first of those that fits them.
     */
    public static StartPoint defaultFor(io.detectionstudio.engine.weights.WeightsStore store, TrainingJob.Settings fixed)
            throws ModelException {
        java.util.List<StartPoint> candidates = new java.util.ArrayList<>();
        var best = store.best();
        if (best.isPresent()) {
            try {
                candidates.add(ofTflite(best.get().file(), best.get().name()));
            } catch (ModelException e) {
                // a damaged file in the store: the next start will do, and weights list shows the file
            }
        }
        builtIn().ifPresent(candidates::add);
        for (StartPoint p : candidates) {
            if (fixed == null || p.fits(fixed)) {
                return p;
            }
        }
        return scratch();
    }

    /** The run the project trains on its synthetic ducks and ships, if it is here. */
    public static java.util.Optional<StartPoint> builtIn() throws ModelException {
        java.util.Optional<Path> run = Pretrained.defaultRun();
        if (run.isEmpty()) {
            return java.util.Optional.empty();
        }
        StartPoint p = ofRun(run.get());
        return java.util.Optional.of(new StartPoint(Kind.CHECKPOINT, "built-in start (" + Pretrained.RUN
                + ", trained on synthetic ducks)", p.checkpoint(), p.checkpointNet(), null));
    }

    /** Whether the backbone comes from real pretrained weights (and wants the fine-tuning recipe). */
    public boolean pretrainedBackbone() {
        return kind == Kind.WEIGHTS;
    }

    /** The net this start's backbone needs (null: any, for scratch and bare checkpoint prefixes). */
    public CenterNetNet.Config requiredNet(int headFilters) {
        return switch (kind) {
            case WEIGHTS -> new CenterNetNet.Config(weights.depthMultiplier(), headFilters, weights.config().divisor() == 1, false);
            case CHECKPOINT -> checkpointNet == null ? null
                    : new CenterNetNet.Config(checkpointNet.depthMultiplier(), headFilters, checkpointNet.unrounded(), false);
            case SCRATCH -> null;
        };
    }

    /** Whether this start fits a net of these settings' width and variant. */
    public boolean fits(TrainingJob.Settings st) {
        CenterNetNet.Config need = requiredNet(st.net().headFilters());
        return need == null || need.depthMultiplier() == st.net().depthMultiplier() && need.unrounded() == st.net().unrounded();
    }

    /**
     * The settings fitted to this start. When {@code widthFixed} (a pipeline.config said the width), the start must
     * fit it ({@link #fits}; else one line saying what differs); otherwise the start decides width and variant. Weights
     * bring the {@link TrainingJob.Recipe#pretrained()} recipe; other starts the {@link TrainingJob.Recipe#SCRATCH} one.
     */
    public TrainingJob.Settings fit(TrainingJob.Settings st, boolean widthFixed) throws ModelException {
        CenterNetNet.Config need = requiredNet(st.net().headFilters());
        if (need != null && !fits(st)) {
            if (widthFixed) {
                throw new ModelException(description + ": its backbone has depth multiplier " + need.depthMultiplier()
                        + (need.unrounded() ? " (unrounded widths)" : "") + "; the config asks for " + st.net().depthMultiplier());
            }
            st = st.withNet(need);
        }
        return st.withStart(this).withRecipe(pretrainedBackbone() ? TrainingJob.Recipe.pretrained() : TrainingJob.Recipe.SCRATCH);
    }

    /**
     * Builds the op that loads this start into a freshly built net: a restore of backbone and FPN from the checkpoint
     * (fed {@code prefix}), or assignments of the backbone's values; null for {@link Kind#SCRATCH}.
     */
    Op loadOp(NetBuilder net, Operand<TString> prefix) {
        return switch (kind) {
            case CHECKPOINT -> net.restoreVariables(prefix, (NetVariable v) -> !v.group().equals("head"));
            case WEIGHTS -> net.assignValues(weights.backbone());
            case SCRATCH -> null;
        };
    }
}
