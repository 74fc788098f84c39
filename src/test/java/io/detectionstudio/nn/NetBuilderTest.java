package io.detectionstudio.nn;

import static io.detectionstudio.nn.NnTesting.fetch;
import static io.detectionstudio.nn.NnTesting.images;
import static io.detectionstudio.nn.NnTesting.session;
import static io.detectionstudio.nn.NnTesting.tensor;
import static io.detectionstudio.nn.NnTesting.uniform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

class NetBuilderTest {

    @Test
    void trainModeNormalizesWithBatchStatisticsAndItsUpdateOpsMoveTheMovingAverages() {
        int n = 2, h = 3, w = 3, c = 2;
        float momentum = 0.9f;
        float[] x = uniform(n * h * w * c, 11);
        for (int i = 0; i < x.length; i++) {
            x[i] = x[i] * (1 + i % c) + 3 * (i % c); // channel 0 ~ U(-1, 1), channel 1 ~ U(1, 5)
        }
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            NetBuilder net = new NetBuilder(tf, Mode.TRAIN, 5);
            Placeholder<TFloat32> input = images(tf, Shape.of(n, h, w, c));
            Operand<TFloat32> y = net.batchNorm("bn", input, momentum, 1e-3f);
            assertThat(net.updateOps()).hasSize(2);
            NetVariable mean = net.variable("bn_moving_mean").orElseThrow();
            NetVariable variance = net.variable("bn_moving_variance").orElseThrow();
            assertThat(mean.trainable()).isFalse();
            assertThat(variance.trainable()).isFalse();
            assertThat(net.trainableVariables()).extracting(NetVariable::name).containsExactly("bn_gamma", "bn_beta");

            try (Session session = session(graph); TFloat32 in = tensor(Shape.of(n, h, w, c), x)) {
                float[] out = fetch(session, y, input, in);
                session.runner().feed(input, in).addTarget(net.updateOp()).run().close();
                float[] movingMean = fetch(session, mean.variable(), null, null);
                float[] movingVariance = fetch(session, variance.variable(), null, null);
                int count = n * h * w;
                for (int ch = 0; ch < c; ch++) {
                    double sum = 0;
                    for (int i = ch; i < x.length; i += c) {
                        sum += x[i];
                    }
                    double m = sum / count;
                    double ss = 0;
                    for (int i = ch; i < x.length; i += c) {
                        ss += (x[i] - m) * (x[i] - m);
                    }
                    double biased = ss / count;
                    double unbiased = ss / (count - 1);
                    // moving = momentum * moving + (1 - momentum) * batch, from mean 0 and variance 1.
                    assertThat((double) movingMean[ch]).isCloseTo((1 - momentum) * m, within(1e-5));
                    assertThat((double) movingVariance[ch]).isCloseTo(momentum * 1.0 + (1 - momentum) * unbiased, within(1e-5));
                    for (int i = ch; i < x.length; i += c) {
                        assertThat((double) out[i]).isCloseTo((x[i] - m) / Math.sqrt(biased + 1e-3), within(1e-4));
                    }
                }
            }
        }
    }

    @Test
    void frozenModeComputesWhatInferenceModeComputes() {
        int c = 3;
        float[] x = uniform(2 * 4 * 4 * c, 21);
        float[][] stats = {{1.5f, 0.5f, 2f}, {0.1f, -0.2f, 0.3f}, {0.3f, -1f, 2f}, {0.5f, 2f, 0.01f}}; // gamma, beta, mean, var
        String[] suffixes = {"gamma", "beta", "moving_mean", "moving_variance"};
        float[][] outputs = new float[2][];
        Mode[] modes = {Mode.INFERENCE, Mode.FROZEN};
        for (int k = 0; k < 2; k++) {
            try (Graph graph = new Graph()) {
                Ops tf = Ops.create(graph);
                NetBuilder net = new NetBuilder(tf, modes[k], 5);
                Placeholder<TFloat32> input = images(tf, Shape.of(2, 4, 4, c));
                Operand<TFloat32> y = net.batchNorm("bn", input, 0.99f, 1e-3f);
                assertThat(net.updateOps()).isEmpty();
                try (Session session = session(graph); TFloat32 in = tensor(Shape.of(2, 4, 4, c), x)) {
                    session.initialize();
                    for (int s = 0; s < 4; s++) {
                        session.runner().addTarget(tf.assign(net.variable("bn_" + suffixes[s]).orElseThrow().variable(),
                                tf.constant(stats[s]))).run().close();
                    }
                    outputs[k] = fetch(session, y, input, in);
                }
            }
        }
        for (int i = 0; i < x.length; i++) {
            int ch = i % c;
            double expected = (x[i] - stats[2][ch]) / Math.sqrt(stats[3][ch] + 1e-3) * stats[0][ch] + stats[1][ch];
            assertThat((double) outputs[0][i]).isCloseTo(expected, within(1e-4));
            assertThat((double) outputs[1][i]).isCloseTo(expected, within(1e-4));
        }
    }

    @Test
    void upsamplingDoublesHeightAndWidth() {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            NetBuilder net = new NetBuilder(tf, Mode.INFERENCE, 1);
            Placeholder<TFloat32> input = images(tf, Shape.of(1, -1, -1, 1));
            Operand<TFloat32> nearest = net.upsample2x(input, Interpolation.NEAREST);
            Operand<TFloat32> bilinear = net.upsample2x(input, Interpolation.BILINEAR);
            try (Session session = session(graph); TFloat32 in = tensor(Shape.of(1, 2, 2, 1), new float[] {0, 4, 8, 12})) {
                assertThat(fetch(session, nearest, input, in)).containsExactly(
                        0, 0, 4, 4,
                        0, 0, 4, 4,
                        8, 8, 12, 12,
                        8, 8, 12, 12);
                // Half-pixel centers: output pixel i samples input coordinate (i + 0.5) / 2 - 0.5, clamped.
                assertThat(fetch(session, bilinear, input, in)).containsExactly(
                        0, 1, 3, 4,
                        2, 3, 5, 6,
                        6, 7, 9, 10,
                        8, 9, 11, 12);
            }
        }
    }

    @Test
    void gradientsFlowThroughEveryLayerKindInEveryMode() {
        for (Mode mode : Mode.values()) {
            try (Graph graph = new Graph()) {
                Ops tf = Ops.create(graph);
                NetBuilder net = new NetBuilder(tf, mode, 3);
                Placeholder<TFloat32> input = images(tf, Shape.of(2, 8, 8, 3));
                Operand<TFloat32> a = net.relu6(net.batchNorm("a_bn", net.conv2d("a", input, 4, 3, 2, false, Init.heNormal(), 0f),
                        0.9f, 1e-3f));
                Operand<TFloat32> b = net.depthwiseConv3x3("b", a, 1, Init.heNormal(), 0f);
                Operand<TFloat32> c = net.add(a, net.relu(net.conv1x1("c", b, 4, true, Init.glorotUniform(), 0f)));
                Operand<TFloat32> d = net.add(net.upsample2x(c, Interpolation.NEAREST), net.upsample2x(c, Interpolation.BILINEAR));
                Operand<TFloat32> loss = tf.math.mean(tf.math.square(d), tf.constant(new int[] {0, 1, 2, 3}));
                List<NetVariable> vars = net.trainableVariables();
                assertThat(vars).extracting(NetVariable::name)
                        .containsExactly("a_kernel", "a_bn_gamma", "a_bn_beta", "b_kernel", "c_kernel", "c_bias");
                Output<?>[] grads = graph.addGradients(loss.asOutput(),
                        vars.stream().map(v -> v.variable().asOutput()).toArray(Output<?>[]::new));
                try (Session session = session(graph); TFloat32 in = tensor(Shape.of(2, 8, 8, 3), uniform(2 * 8 * 8 * 3, 2))) {
                    for (int i = 0; i < grads.length; i++) {
                        assertThat(grads[i]).as("gradient of %s in %s", vars.get(i).name(), mode).isNotNull();
                        float[] g = fetch(session, grads[i], input, in);
                        assertThat(g).hasSize((int) vars.get(i).size());
                        assertThat(NnTesting.std(g) + Math.abs(g[0])).as("gradient of %s in %s", vars.get(i).name(), mode)
                                .isGreaterThan(0);
                    }
                }
            }
        }
    }

    @Test
    void initialValuesDependOnlyOnTheSeedAndTheName() {
        float[][] kernels = new float[3][];
        long[] seeds = {7, 7, 8};
        for (int k = 0; k < 3; k++) {
            try (Graph graph = new Graph()) {
                Ops tf = Ops.create(graph);
                NetBuilder net = new NetBuilder(tf, k == 1 ? Mode.INFERENCE : Mode.TRAIN, seeds[k]);
                if (k == 1) { // another variable first: creation order must not matter
                    net.variable("other", Shape.of(10), Init.heNormal(), true, 0f, 10, 10);
                }
                Variable<TFloat32> kernel = net.variable("w", Shape.of(3, 3, 16, 32), Init.heNormal(), true, 0f, 144, 288);
                try (Session session = session(graph)) {
                    kernels[k] = fetch(session, kernel, null, null);
                }
            }
        }
        assertThat(kernels[1]).containsExactly(kernels[0]);
        assertThat(kernels[2]).isNotEqualTo(kernels[0]);
        // He normal: variance 2 / fanIn = 2 / 144.
        assertThat(NnTesting.std(kernels[0])).isCloseTo(Math.sqrt(2.0 / 144), within(0.01));
    }

    @Test
    void badAndDuplicateNamesAreRefused() {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            NetBuilder net = new NetBuilder(tf, Mode.TRAIN, 1);
            NetBuilder head = net.scope("head", "head");
            head.variable("w", Shape.of(2), Init.zeros(), true, 0f, 1, 1);
            assertThat(net.variable("head_w").orElseThrow().group()).isEqualTo("head");
            assertThatThrownBy(() -> head.variable("w", Shape.of(2), Init.zeros(), true, 0f, 1, 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("head_w");
            assertThatThrownBy(() -> net.variable("a/b", Shape.of(2), Init.zeros(), true, 0f, 1, 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'/'");
            assertThatThrownBy(() -> net.scope("x/y", "g")).isInstanceOf(IllegalArgumentException.class);
            NetBuilder scoped = new NetBuilder(tf.withSubScope("outer"), Mode.TRAIN, 1);
            assertThatThrownBy(() -> scoped.variable("v", Shape.of(2), Init.zeros(), true, 0f, 1, 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sub-scope");
        }
    }

    @Test
    void theInitializersHaveTheirDocumentedStatistics() {
        SplittableRandom random = new SplittableRandom(1);
        float[] glorot = Init.glorotUniform().sample(20000, 100, 200, random);
        double limit = Math.sqrt(6.0 / 300);
        for (float v : glorot) {
            assertThat((double) Math.abs(v)).isLessThanOrEqualTo(limit);
        }
        assertThat(NnTesting.std(glorot)).isCloseTo(limit / Math.sqrt(3), within(0.005));
        float[] truncated = Init.truncatedNormal(0.09).sample(20000, 1, 1, random);
        for (float v : truncated) {
            assertThat((double) Math.abs(v)).isLessThanOrEqualTo(0.18 + 1e-6);
        }
        assertThat(NnTesting.std(truncated)).isCloseTo(0.09 * 0.8796, within(0.003));
        assertThat(Init.ones().sample(3, 1, 1, random)).containsExactly(1f, 1f, 1f);
    }
}
