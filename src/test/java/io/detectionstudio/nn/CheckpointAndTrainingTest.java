package io.detectionstudio.nn;

import static io.detectionstudio.nn.NnTesting.fetch;
import static io.detectionstudio.nn.NnTesting.images;
import static io.detectionstudio.nn.NnTesting.maxAbsDifference;
import static io.detectionstudio.nn.NnTesting.session;
import static io.detectionstudio.nn.NnTesting.tensor;
import static io.detectionstudio.nn.NnTesting.uniform;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/** Training steps, checkpoints across modes, and loading a backbone by name, on a small net (alpha 0.35, 64x64). */
class CheckpointAndTrainingTest {

    private static final Shape INPUT = Shape.of(2, 64, 64, 3);
    private static final int INPUT_SIZE = 2 * 64 * 64 * 3;

    /** A backbone + FPN graph. */
    private record Net(Graph graph, Ops tf, NetBuilder builder, Placeholder<TFloat32> images, Operand<TFloat32> output) {
    }

    private static Net build(Graph graph, Mode mode, long seed, float bnMomentum) {
        Ops tf = Ops.create(graph);
        NetBuilder net = new NetBuilder(tf, mode, seed);
        Placeholder<TFloat32> images = images(tf, INPUT);
        MobileNetV2.Features features = MobileNetV2.build(net, images,
                MobileNetV2.Config.defaults().withDepthMultiplier(0.35f).withBnMomentum(bnMomentum));
        Operand<TFloat32> out = Fpn.build(net, features, Fpn.Config.defaults().withBnMomentum(bnMomentum));
        return new Net(graph, tf, net, images, out);
    }

    /** The variables' values, fetched in one run (each distinct fetch list costs TensorFlow a new executor). */
    private static Map<String, float[]> values(Session session, List<NetVariable> variables) {
        Session.Runner runner = session.runner();
        variables.forEach(v -> runner.fetch(v.variable()));
        Map<String, float[]> out = new LinkedHashMap<>();
        try (Result result = runner.run()) {
            for (int i = 0; i < variables.size(); i++) {
                out.put(variables.get(i).name(), NnTesting.values(result.get(i)));
            }
        }
        return out;
    }

    @Test
    void aTrainCheckpointRestoresIntoInferenceAndFrozenGraphsWhichAgree(@TempDir Path dir) {
        String prefix = dir.resolve("ckpt").toString();
        Map<String, float[]> saved;
        try (Graph graph = new Graph()) {
            Net net = build(graph, Mode.TRAIN, 1, 0.5f); // a low momentum so that three steps move the statistics far
            Op update = net.builder().updateOp();
            try (Session session = session(graph)) {
                session.initialize();
                Map<String, float[]> before = values(session, net.builder().variables());
                for (int step = 0; step < 3; step++) {
                    try (TFloat32 in = tensor(INPUT, uniform(INPUT_SIZE, 100 + step))) {
                        session.runner().feed(net.images(), in).addTarget(update).run().close();
                    }
                }
                saved = values(session, net.builder().variables());
                int moving = 0;
                for (NetVariable v : net.builder().variables()) {
                    boolean changed = maxAbsDifference(before.get(v.name()), saved.get(v.name())) > 0;
                    // The update ops change the moving statistics, every one of them, and nothing else.
                    assertThat(changed).as(v.name()).isEqualTo(!v.trainable());
                    moving += v.trainable() ? 0 : 1;
                }
                assertThat(moving).isEqualTo(net.builder().updateOps().size()).isGreaterThan(100);
                session.save(prefix);
            }
        }

        float[] input = uniform(INPUT_SIZE, 555);
        float[][] outputs = new float[2][];
        Mode[] modes = {Mode.INFERENCE, Mode.FROZEN};
        for (int k = 0; k < 2; k++) {
            try (Graph graph = new Graph()) {
                Net net = build(graph, modes[k], 99, 0.9997f); // another seed: every value must come from the checkpoint
                try (Session session = session(graph); TFloat32 in = tensor(INPUT, input)) {
                    session.restore(prefix);
                    Map<String, float[]> restored = values(session, net.builder().variables());
                    assertThat(restored.keySet()).containsExactlyElementsOf(saved.keySet());
                    for (String name : saved.keySet()) {
                        assertThat(restored.get(name)).as(name).containsExactly(saved.get(name));
                    }
                    outputs[k] = fetch(session, net.output(), net.images(), in);
                }
            }
        }
        assertThat(NnTesting.std(outputs[0])).as("a non-trivial output").isGreaterThan(0.01);
        assertThat(maxAbsDifference(outputs[0], outputs[1])).isLessThan(1e-4f);
    }

    @Test
    void aPretrainedBackboneLoadsByNameIntoAFreshGraph(@TempDir Path dir) {
        String prefix = dir.resolve("pretrained").toString();
        Map<String, float[]> saved;
        try (Graph graph = new Graph()) {
            Net net = build(graph, Mode.TRAIN, 1, 0.5f);
            try (Session session = session(graph); TFloat32 in = tensor(INPUT, uniform(INPUT_SIZE, 1))) {
                session.initialize();
                session.runner().feed(net.images(), in).addTarget(net.builder().updateOp()).run().close();
                saved = values(session, net.builder().variables());
                session.save(prefix);
            }
        }
        try (Graph graph = new Graph()) {
            Net net = build(graph, Mode.TRAIN, 2, 0.5f);
            Placeholder<TString> checkpoint = net.tf().placeholder(TString.class);
            Op load = net.builder().restoreVariables(checkpoint, v -> v.group().equals("backbone"));
            try (Session session = session(graph); TString path = TString.scalarOf(prefix)) {
                session.initialize();
                Map<String, float[]> fresh = values(session, net.builder().variables());
                session.runner().feed(checkpoint, path).addTarget(load).run().close();
                Map<String, float[]> loaded = values(session, net.builder().variables());
                for (NetVariable v : net.builder().variables()) {
                    if (v.group().equals("backbone")) {
                        assertThat(loaded.get(v.name())).as(v.name()).containsExactly(saved.get(v.name()));
                    } else {
                        assertThat(loaded.get(v.name())).as(v.name()).containsExactly(fresh.get(v.name()));
                    }
                }
                // Kernels drawn with another seed differ, so the load did something.
                assertThat(fresh.get("backbone_conv1_kernel")).isNotEqualTo(saved.get("backbone_conv1_kernel"));
            }
        }
    }

    @Test
    void everyTrainableVariableHasAGradientAndOneAdamStepLowersTheLoss() {
        try (Graph graph = new Graph()) {
            Net net = build(graph, Mode.TRAIN, 3, 0.9997f);
            Ops tf = net.tf();
            float[] targetValues = uniform(2 * 16 * 16 * 24, 77);
            for (int i = 0; i < targetValues.length; i++) {
                targetValues[i] = Math.abs(targetValues[i]);
            }
            Operand<TFloat32> target = tf.constant(Shape.of(2, 16, 16, 24),
                    org.tensorflow.ndarray.buffer.DataBuffers.of(targetValues));
            Operand<TFloat32> loss = tf.math.mean(tf.math.square(tf.math.sub(net.output(), target)),
                    tf.constant(new int[] {0, 1, 2, 3}));

            List<NetVariable> trainable = net.builder().trainableVariables();
            assertThat(trainable).hasSize((int) net.builder().variables().stream().filter(NetVariable::trainable).count());
            Output<?>[] grads = graph.addGradients(loss.asOutput(),
                    trainable.stream().map(v -> v.variable().asOutput()).toArray(Output<?>[]::new));
            assertThat(grads).hasSize(trainable.size());
            for (int i = 0; i < grads.length; i++) {
                assertThat(grads[i]).as("gradient of %s", trainable.get(i).name()).isNotNull();
            }

            Placeholder<TFloat32> learningRate = tf.withName("learning_rate").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.scalar()));
            NetBuilder slots = new NetBuilder(tf, Mode.TRAIN, 0).scope("adam", "optimizer");
            List<Op> applies = new ArrayList<>();
            for (int i = 0; i < trainable.size(); i++) {
                NetVariable v = trainable.get(i);
                var m = slots.variable(v.name() + "_m", v.shape(), Init.zeros(), false, 0f, 1, 1);
                var s = slots.variable(v.name() + "_v", v.shape(), Init.zeros(), false, 0f, 1, 1);
                // First step: beta1^1 and beta2^1 as the bias corrections' powers.
                applies.add(tf.train.applyAdam(v.variable(), m, s, tf.constant(0.9f), tf.constant(0.999f), learningRate,
                        tf.constant(0.9f), tf.constant(0.999f), tf.constant(1e-7f), grads[i].expect(TFloat32.class)));
            }
            Op step = tf.withControlDependencies(applies).noOp();

            try (Session session = session(graph); TFloat32 in = tensor(INPUT, uniform(INPUT_SIZE, 9));
                    TFloat32 lr = TFloat32.scalarOf(1e-3f)) {
                session.initialize();
                float before = fetch(session, loss, net.images(), in)[0];
                Map<String, float[]> start = values(session, trainable);
                session.runner().feed(net.images(), in).feed(learningRate, lr).addTarget(step).run().close();
                float after = fetch(session, loss, net.images(), in)[0];
                Map<String, float[]> end = values(session, trainable);
                for (NetVariable v : trainable) {
                    assertThat(maxAbsDifference(start.get(v.name()), end.get(v.name()))).as("%s moved", v.name()).isGreaterThan(0);
                }
                assertThat(after).as("loss %s -> %s", before, after).isLessThan(before * 0.99f);
            }
        }
    }
}
