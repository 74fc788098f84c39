package io.detectionstudio.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Times one training step of MobileNetV2 + FPN + a 1x1 output conv: forward, backward ({@code graph.addGradients}),
 * an Adam update of every trainable variable ({@code tf.train.applyAdam}) and the batch-normalization updates, in
 * TRAIN mode, on a fixed random batch. Not a test; run it by hand:
 *
 * <pre>
 *   java -cp CLASSPATH io.detectionstudio.nn.NetBench [batch=8] [size=320] [depthMultiplier=1.0] [steps=10] [intraOp=2] [interOp=1]
 * </pre>
 *
 * Prints the build time, the parameter counts, the mean, median and best milliseconds per step after two warm-up
 * steps, and the process's resident memory.
 */
public final class NetBench {

    private NetBench() {
    }

    /** The process's VmRSS line from /proc/self/status, or "unknown". */
    private static String residentSetSize() {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).map(l -> l.substring(6).trim()).findFirst().orElse("unknown");
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    public static void main(String[] args) {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 320;
        float depthMultiplier = args.length > 2 ? Float.parseFloat(args[2]) : 1.0f;
        int steps = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int intraOp = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        int interOp = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        if (batch < 1 || size < 32 || size % 32 != 0 || steps < 1 || intraOp < 1 || interOp < 1) {
            System.err.println("usage: NetBench [batch>=1] [size, a multiple of 32] [depthMultiplier] [steps>=1] [intraOp] [interOp]");
            System.exit(2);
        }

        long start = System.nanoTime();
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            NetBuilder net = new NetBuilder(tf, Mode.TRAIN, 42);
            Placeholder<TFloat32> images = tf.withName("images").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(batch, size, size, 3)));
            MobileNetV2.Features features = MobileNetV2.build(net, images,
                    MobileNetV2.Config.defaults().withDepthMultiplier(depthMultiplier));
            Operand<TFloat32> pyramid = Fpn.build(net, features, Fpn.Config.defaults());
            Operand<TFloat32> out = net.scope("head", "head").conv1x1("out", pyramid, 5, true, Init.glorotUniform(), 0f);
            Operand<TFloat32> loss = tf.math.mean(tf.math.square(tf.math.sub(out, tf.constant(0.5f))),
                    tf.constant(new int[] {0, 1, 2, 3}));

            List<NetVariable> trainable = net.trainableVariables();
            Output<?>[] grads = graph.addGradients(loss.asOutput(),
                    trainable.stream().map(v -> v.variable().asOutput()).toArray(Output<?>[]::new));
            NetBuilder slots = new NetBuilder(tf, Mode.TRAIN, 0).scope("adam", "optimizer");
            List<Op> applies = new ArrayList<>();
            for (int i = 0; i < trainable.size(); i++) {
                NetVariable v = trainable.get(i);
                var m = slots.variable(v.name() + "_m", v.shape(), Init.zeros(), false, 0f, 1, 1);
                var s = slots.variable(v.name() + "_v", v.shape(), Init.zeros(), false, 0f, 1, 1);
                applies.add(tf.train.applyAdam(v.variable(), m, s, tf.constant(0.9f), tf.constant(0.999f), tf.constant(1e-3f),
                        tf.constant(0.9f), tf.constant(0.999f), tf.constant(1e-7f), grads[i].expect(TFloat32.class)));
            }
            applies.addAll(net.updateOps());
            Op step = tf.withControlDependencies(applies).noOp();
            double buildMs = (System.nanoTime() - start) / 1e6;

            float[] pixels = new float[batch * size * size * 3];
            SplittableRandom random = new SplittableRandom(7);
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) (random.nextDouble() * 2 - 1);
            }
            try (Session session = new Session(graph, NetBuilder.sessionConfig(intraOp, interOp));
                    TFloat32 input = TFloat32.tensorOf(Shape.of(batch, size, size, 3), DataBuffers.of(pixels, true, false))) {
                session.initialize();
                long[] times = new long[steps];
                for (int i = -2; i < steps; i++) {
                    long t0 = System.nanoTime();
                    session.runner().feed(images, input).addTarget(step).run().close();
                    if (i >= 0) {
                        times[i] = System.nanoTime() - t0;
                    }
                }
                long total = java.util.Arrays.stream(times).sum();
                long[] sorted = times.clone();
                java.util.Arrays.sort(sorted);
                System.out.printf("NetBench: MobileNetV2(depth multiplier %s)+FPN+1x1 head, TRAIN, batch %d, %dx%d, threads intra %d / inter %d%n",
                        depthMultiplier, batch, size, size, intraOp, interOp);
                System.out.printf("  parameters: %,d (%,d trainable); graph built in %.0f ms%n", net.parameterCount(),
                        net.trainableParameterCount(), buildMs);
                System.out.printf("  forward+backward+Adam: %.0f ms/step mean, %.0f median, %.0f best, over %d steps after 2 warm-up%n",
                        total / 1e6 / steps, sorted[steps / 2] / 1e6, sorted[0] / 1e6, steps);
                System.out.println("  process RSS: " + residentSetSize());
            }
        }
    }
}
