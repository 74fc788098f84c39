package io.detectionstudio.nn;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Constant;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.op.train.Restore;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * Builds network layers into a TensorFlow graph (graph mode, float32, NHWC) and keeps a registry of the variables
 * it creates.
 *
 * <p>A builder has an {@link Ops}, a {@link Mode}, a seed, a name prefix and a group. {@link #scope(String, String)}
 * makes a builder for a part of the net (say prefix {@code "backbone"}, group {@code "backbone"}) that shares the
 * graph, the mode, the seed, the variable registry and the update ops with its parent. A variable created under
 * prefix {@code p} by layer {@code l} is named {@code p_l_suffix} ({@code backbone_block3_expand_kernel},
 * {@code fpn_smooth8_bn_moving_mean}); names are checked to be {@code [A-Za-z0-9][A-Za-z0-9_]*} and unique. A graph
 * built in another mode from the same code has the same variables under the same names, so a checkpoint written with
 * {@code Session.save} from one graph restores into the other with {@code Session.restore}, and
 * {@link #restoreVariables} loads chosen variables (a pretrained backbone) by name.
 *
 * <p>Each variable gets an initializer in the graph's init scope (run by {@code Session.initialize()} or the first
 * {@code run}); its initial value is drawn in Java, see {@link Init}, so a graph is fully determined by the code and
 * the seed.
 *
 * <p>Layers read their input's channel count from its static shape, which must therefore be known; height, width
 * and batch may be unknown.
 */
public final class NetBuilder {

    /** What a variable name may look like: no '/', which the framework's optimizers reject. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_]*");

    private final Ops tf;
    private final Graph graph;
    private final Mode mode;
    private final long seed;
    private final String prefix;
    private final String group;
    private final Map<String, NetVariable> registry;
    private final List<Op> updateOps;

    /**
     * A builder with no prefix, in group {@code "net"}.
     *
     * @param tf   ops of a {@link Graph}, with no sub-scope (variable names must be exactly the names built here)
     * @param mode how batch normalization is built
     * @param seed the seed of every initial value
     */
    public NetBuilder(Ops tf, Mode mode, long seed) {
        this(tf, graphOf(tf), mode, seed, "", "net", new LinkedHashMap<>(), new ArrayList<>());
    }

    private NetBuilder(Ops tf, Graph graph, Mode mode, long seed, String prefix, String group,
            Map<String, NetVariable> registry, List<Op> updateOps) {
        this.tf = tf;
        this.graph = graph;
        this.mode = Objects.requireNonNull(mode, "mode");
        this.seed = seed;
        this.prefix = prefix;
        this.group = group;
        this.registry = registry;
        this.updateOps = updateOps;
    }

    private static Graph graphOf(Ops tf) {
        if (!(Objects.requireNonNull(tf, "tf").scope().env() instanceof Graph graph)) {
            throw new IllegalArgumentException("NetBuilder builds graphs: the Ops must belong to a Graph, not eager mode");
        }
        return graph;
    }

    /**
     * A builder for a part of the net: variables are named {@code prefix_...} (after this builder's own prefix, if
     * any) and tagged {@code group}; graph, mode, seed, registry and update ops are shared with this builder.
     */
    public NetBuilder scope(String prefix, String group) {
        String full = name(prefix);
        if (!NAME.matcher(group).matches()) {
            throw new IllegalArgumentException("bad group name: " + group);
        }
        return new NetBuilder(tf, graph, mode, seed, full, group, registry, updateOps);
    }

    /**
     * A builder that shares everything with this one (graph, seed, prefix, group, registry, update ops) but builds
     * batch normalization in {@code other} mode: a pretrained backbone with frozen statistics ({@link Mode#FROZEN})
     * inside a net whose new layers train theirs ({@link Mode#TRAIN}).
     */
    public NetBuilder withMode(Mode other) {
        return new NetBuilder(tf, graph, other, seed, prefix, group, registry, updateOps);
    }

    /** The ops this builder builds with. */
    public Ops tf() {
        return tf;
    }

    /** The graph it builds into. */
    public Graph graph() {
        return graph;
    }

    /** How batch normalization is built. */
    public Mode mode() {
        return mode;
    }

    /** The seed of every initial value. */
    public long seed() {
        return seed;
    }

    /** This builder's name prefix ("" for the root). */
    public String prefix() {
        return prefix;
    }

    /** The group this builder tags its variables with. */
    public String group() {
        return group;
    }

    /** The full name of {@code local} under this builder's prefix. */
    public String name(String local) {
        String full = prefix.isEmpty() ? local : prefix + "_" + local;
        if (!NAME.matcher(full).matches()) {
            throw new IllegalArgumentException("bad name (want [A-Za-z0-9][A-Za-z0-9_]*, no '/'): " + full);
        }
        return full;
    }

    // ---------------------------------------------------------------------------------------------------------
    // The registry
    // ---------------------------------------------------------------------------------------------------------

    /** Every variable created so far through this builder or any builder sharing its registry, in creation order. */
    public List<NetVariable> variables() {
        return List.copyOf(registry.values());
    }

    /** The variables of the given group. */
    public List<NetVariable> variables(String group) {
        return registry.values().stream().filter(v -> v.group().equals(group)).toList();
    }

    /** The variables an optimizer should update: all but batch normalization's moving statistics. */
    public List<NetVariable> trainableVariables() {
        return registry.values().stream().filter(NetVariable::trainable).toList();
    }

    /** The trainable variables of the given groups (train the heads only: {@code Set.of("head")}). */
    public List<NetVariable> trainableVariables(Collection<String> groups) {
        return registry.values().stream().filter(v -> v.trainable() && groups.contains(v.group())).toList();
    }

    /** The variable of that full name. */
    public Optional<NetVariable> variable(String name) {
        return Optional.ofNullable(registry.get(name));
    }

    /** The number of values in all variables, moving statistics included (what Keras calls total params). */
    public long parameterCount() {
        return registry.values().stream().mapToLong(NetVariable::size).sum();
    }

    /** The number of values in the trainable variables. */
    public long trainableParameterCount() {
        return registry.values().stream().filter(NetVariable::trainable).mapToLong(NetVariable::size).sum();
    }

    /**
     * The ops that move batch normalization's moving statistics towards the current batch's (TRAIN mode; empty in
     * the other modes). Run them with every training step, e.g. as control dependencies of the train op.
     */
    public List<Op> updateOps() {
        return Collections.unmodifiableList(updateOps);
    }

    /** One op that runs all {@link #updateOps()} (a no-op when there are none). */
    public Op updateOp() {
        return updateOps.isEmpty() ? tf.noOp() : tf.withControlDependencies(List.copyOf(updateOps)).noOp();
    }

    /**
     * Creates a float32 variable {@code prefix_local} with an initializer and registers it.
     *
     * @param fanIn  the fan-in the initializer scales by
     * @param fanOut the fan-out the initializer scales by
     * @throws IllegalArgumentException on a bad or duplicate name
     */
    public Variable<TFloat32> variable(String local, Shape shape, Init init, boolean trainable, float l2, int fanIn,
            int fanOut) {
        String name = name(local);
        if (registry.containsKey(name) || graph.operation(name) != null) {
            throw new IllegalArgumentException("a variable or op named " + name + " already exists in this graph");
        }
        if (shape.isUnknown() || shape.hasUnknownDimension() || shape.size() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + ": a variable needs a known shape of at most 2^31-1 values: " + shape);
        }
        float[] values = init.sample((int) shape.size(), fanIn, fanOut, new SplittableRandom(Init.seedFor(seed, name)));
        Ops initScope = tf.withInitScope();
        Variable<TFloat32> variable = initScope.withName(name).variable(shape, TFloat32.class);
        if (!variable.op().name().equals(name)) {
            throw new IllegalArgumentException("the Ops has a sub-scope: variable " + name + " became " + variable.op().name());
        }
        Ops initOps = initScope.withSubScope(name);
        Constant<TFloat32> value = initOps.withName("initial_value").constant(shape, DataBuffers.of(values, true, false));
        initOps.withName("assign").assign(variable, value);
        registry.put(name, new NetVariable(name, shape, trainable, group, init, l2, variable));
        return variable;
    }

    /**
     * Builds ops that read the named variables from a checkpoint ({@code RestoreV2}, keyed by variable name, as
     * {@code Session.save} writes them) and assign them; run the returned op once, feeding {@code prefix}. Use it to
     * load a pretrained backbone into a fresh graph: {@code restoreVariables(prefix, v -> v.group().equals("backbone"))}.
     * Every chosen name must be in the checkpoint with the same shape.
     */
    public Op restoreVariables(Operand<TString> checkpointPrefix, Predicate<NetVariable> which) {
        List<NetVariable> chosen = registry.values().stream().filter(which).toList();
        if (chosen.isEmpty()) {
            return tf.noOp();
        }
        String[] names = chosen.stream().map(NetVariable::name).toArray(String[]::new);
        String[] slices = new String[names.length];
        java.util.Arrays.fill(slices, "");
        List<Class<? extends TType>> types = Collections.nCopies(names.length, TFloat32.class);
        Ops s = tf.withSubScope(prefix.isEmpty() ? "restore" : prefix + "_restore");
        Restore restore = s.train.restore(checkpointPrefix, s.constant(StandardCharsets.UTF_8, names),
                s.constant(StandardCharsets.UTF_8, slices), types);
        List<Op> assigns = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            assigns.add(s.assign(chosen.get(i).variable(), restore.tensors().get(i).expect(TFloat32.class)));
        }
        return s.withControlDependencies(assigns).noOp();
    }

    /**
     * Builds one op that assigns the given values (by full variable name, each as many floats as the variable has)
     * to their variables: pretrained weights from a file of another format. The values become constants of the
     * graph. Every name must be a variable of this registry.
     */
    public Op assignValues(Map<String, float[]> values) {
        List<Op> assigns = new ArrayList<>();
        Ops s = tf.withSubScope(prefix.isEmpty() ? "assign_values" : prefix + "_assign_values");
        for (Map.Entry<String, float[]> e : values.entrySet()) {
            NetVariable v = registry.get(e.getKey());
            if (v == null) {
                throw new IllegalArgumentException("no variable named " + e.getKey());
            }
            if (v.shape().size() != e.getValue().length) {
                throw new IllegalArgumentException(e.getKey() + ": " + e.getValue().length + " values for shape " + v.shape());
            }
            assigns.add(s.assign(v.variable(), s.constant(v.shape(), DataBuffers.of(e.getValue(), true, false))));
        }
        return assigns.isEmpty() ? tf.noOp() : s.withControlDependencies(assigns).noOp();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Layers
    // ---------------------------------------------------------------------------------------------------------

    /**
     * A 2-D convolution, 'SAME' padding: kernel {@code prefix_name_kernel} {@code [k, k, in, filters]} and, with
     * {@code bias}, {@code prefix_name_bias} {@code [filters]} (zeros, no weight decay).
     */
    public Operand<TFloat32> conv2d(String name, Operand<TFloat32> x, int filters, int kernelSize, int stride,
            boolean bias, Init init, float l2) {
        int in = channels(x);
        positive("filters", filters);
        positive("kernelSize", kernelSize);
        positive("stride", stride);
        Variable<TFloat32> kernel = variable(name + "_kernel", Shape.of(kernelSize, kernelSize, in, filters), init, true, l2,
                kernelSize * kernelSize * in, kernelSize * kernelSize * filters);
        Ops s = ops(name);
        Operand<TFloat32> y = s.nn.conv2d(x, kernel, List.of(1L, (long) stride, (long) stride, 1L), "SAME");
        if (bias) {
            Variable<TFloat32> b = variable(name + "_bias", Shape.of(filters), Init.zeros(), true, 0f, filters, filters);
            y = s.nn.biasAdd(y, b);
        }
        return y;
    }

    /** A 1 &times; 1 convolution (a projection to {@code filters} channels), stride 1. */
    public Operand<TFloat32> conv1x1(String name, Operand<TFloat32> x, int filters, boolean bias, Init init, float l2) {
        return conv2d(name, x, filters, 1, 1, bias, init, l2);
    }

    /**
     * A 3 &times; 3 depthwise convolution, 'SAME' padding, no bias: kernel {@code prefix_name_kernel}
     * {@code [3, 3, channels, 1]}.
     */
    public Operand<TFloat32> depthwiseConv3x3(String name, Operand<TFloat32> x, int stride, Init init, float l2) {
        int channels = channels(x);
        positive("stride", stride);
        Variable<TFloat32> kernel = variable(name + "_kernel", Shape.of(3, 3, channels, 1), init, true, l2, 9, 9);
        return ops(name).nn.depthwiseConv2dNative(x, kernel, List.of(1L, (long) stride, (long) stride, 1L), "SAME");
    }

    /**
     * Batch normalization over the channels (the last axis), as the current {@link Mode} wants it. Variables
     * {@code prefix_name_gamma} (ones), {@code _beta} (zeros), {@code _moving_mean} (zeros, not trainable),
     * {@code _moving_variance} (ones, not trainable).
     *
     * <p>In TRAIN mode the fused op normalizes with the batch's mean and (biased) variance and one update op per
     * statistic does {@code moving = momentum * moving + (1 - momentum) * batch} (Keras' momentum convention; the
     * batch variance is the fused op's, with Bessel's correction).
     *
     * @param momentum the moving averages' momentum (Keras: 0.99; the OD API's MobileNetV2: 0.9997)
     * @param epsilon  added to the variance (Keras and the OD API: 1e-3)
     */
    public Operand<TFloat32> batchNorm(String name, Operand<TFloat32> x, float momentum, float epsilon) {
        int channels = channels(x);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1): " + momentum);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("epsilon must be positive: " + epsilon);
        }
        Shape shape = Shape.of(channels);
        Variable<TFloat32> gamma = variable(name + "_gamma", shape, Init.ones(), true, 0f, channels, channels);
        Variable<TFloat32> beta = variable(name + "_beta", shape, Init.zeros(), true, 0f, channels, channels);
        Variable<TFloat32> movingMean = variable(name + "_moving_mean", shape, Init.zeros(), false, 0f, channels, channels);
        Variable<TFloat32> movingVariance = variable(name + "_moving_variance", shape, Init.ones(), false, 0f, channels,
                channels);
        Ops s = ops(name);
        switch (mode) {
            case TRAIN -> {
                Operand<TFloat32> empty = s.constant(Shape.of(0), DataBuffers.of(new float[0]));
                FusedBatchNorm<TFloat32, TFloat32> bn = s.nn.fusedBatchNorm(x, gamma, beta, empty, empty,
                        FusedBatchNorm.epsilon(epsilon), FusedBatchNorm.isTraining(true), FusedBatchNorm.dataFormat("NHWC"));
                Operand<TFloat32> decay = s.constant(1f - momentum);
                updateOps.add(s.assignSub(movingMean, s.math.mul(s.math.sub(movingMean, bn.batchMean()), decay)));
                updateOps.add(s.assignSub(movingVariance, s.math.mul(s.math.sub(movingVariance, bn.batchVariance()), decay)));
                return bn.y();
            }
            case INFERENCE -> {
                return s.nn.fusedBatchNorm(x, gamma, beta, movingMean, movingVariance, FusedBatchNorm.epsilon(epsilon),
                        FusedBatchNorm.isTraining(false), FusedBatchNorm.dataFormat("NHWC")).y();
            }
            case FROZEN -> {
                Operand<TFloat32> scale = s.math.mul(gamma, s.math.rsqrt(s.math.add(movingVariance, s.constant(epsilon))));
                Operand<TFloat32> shift = s.math.sub(beta, s.math.mul(movingMean, scale));
                return s.math.add(s.math.mul(x, scale), shift);
            }
            default -> throw new AssertionError(mode);
        }
    }

    /** {@code min(max(x, 0), 6)}. */
    public Operand<TFloat32> relu6(Operand<TFloat32> x) {
        return tf.nn.relu6(x);
    }

    /** {@code max(x, 0)}. */
    public Operand<TFloat32> relu(Operand<TFloat32> x) {
        return tf.nn.relu(x);
    }

    /** Element-wise sum of two tensors of the same shape. */
    public Operand<TFloat32> add(Operand<TFloat32> a, Operand<TFloat32> b) {
        Shape sa = a.shape();
        Shape sb = b.shape();
        if (!sa.isUnknown() && !sb.isUnknown() && !sa.isCompatibleWith(sb)) {
            throw new IllegalArgumentException("cannot add tensors of shapes " + sa + " and " + sb);
        }
        return tf.math.add(a, b);
    }

    /**
     * Doubles height and width. The new size comes from the static shape when height and width are known, else
     * from the tensor's runtime shape.
     */
    public Operand<TFloat32> upsample2x(Operand<TFloat32> x, Interpolation interpolation) {
        Shape shape = x.shape();
        if (shape.isUnknown() || shape.numDimensions() != 4) {
            throw new IllegalArgumentException("upsample2x wants an NHWC tensor, got shape " + shape);
        }
        Operand<TInt32> size;
        if (shape.get(1) > 0 && shape.get(2) > 0) {
            size = tf.constant(new int[] {(int) shape.get(1) * 2, (int) shape.get(2) * 2});
        } else {
            Operand<TInt32> hw = tf.stridedSlice(tf.shape(x), tf.constant(new int[] {1}), tf.constant(new int[] {3}),
                    tf.constant(new int[] {1}));
            size = tf.math.mul(hw, tf.constant(2));
        }
        return switch (interpolation) {
            case NEAREST -> tf.image.resizeNearestNeighbor(x, size);
            case BILINEAR -> tf.image.resizeBilinear(x, size, ResizeBilinear.halfPixelCenters(true));
        };
    }

    /** The session settings this project trains and runs with: {@code intraOp} and {@code interOp} thread pools. */
    public static ConfigProto sessionConfig(int intraOp, int interOp) {
        return ConfigProto.newBuilder().setIntraOpParallelismThreads(intraOp).setInterOpParallelismThreads(interOp).build();
    }

    /** The static channel count (last axis) of an NHWC tensor. */
    public static int channels(Operand<?> x) {
        Shape shape = x.shape();
        if (shape.isUnknown() || shape.numDimensions() != 4 || shape.get(3) <= 0) {
            throw new IllegalArgumentException("want an NHWC tensor with a known channel count, got shape " + shape);
        }
        return (int) shape.get(3);
    }

    private Ops ops(String layer) {
        return tf.withSubScope(name(layer));
    }

    private static void positive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive: " + value);
        }
    }
}
