package io.detectionstudio.engine.training;

import io.detectionstudio.model.centernet.CenterNetHeads;
import io.detectionstudio.model.centernet.CenterNetLosses;
import io.detectionstudio.model.centernet.CenterNetNet;
import io.detectionstudio.model.centernet.CenterNetSpec;
import io.detectionstudio.nn.Mode;
import io.detectionstudio.nn.NetBuilder;
import io.detectionstudio.nn.NetVariable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * The model side of training: the TRAIN-mode graph (net, losses, Adam with the learning rate and bias corrections
 * fed each step, batch-norm updates, the ops that load a start) and the session that runs it. One training step is
 * {@link #step}; the batches come from {@link BatchFeeder}.
 */
final class TrainingGraph implements AutoCloseable {

    private final Graph graph = new Graph();
    private final Placeholder<TFloat32> images;
    private final CenterNetLosses.TargetPlaceholders targets;
    private final Map<String, Operand<TFloat32>> losses;
    private final Op train;
    private final Placeholder<TFloat32> lr;
    private final Placeholder<TFloat32> beta1Power;
    private final Placeholder<TFloat32> beta2Power;
    private final Placeholder<TString> initPrefix;
    private final Op load;
    private final Op sizePrior;
    private final int side;
    private Session session;

    /**
     * Builds the graph for these settings and output layout.
     *
     * @param meanBoxSize the box-size head's starting bias when the recipe asks for it ({@link TrainingJob#meanBoxSize})
     */
    TrainingGraph(TrainingJob.Settings settings, CenterNetSpec spec, float[] meanBoxSize) {
        side = settings.inputSize();
        try {
            Ops tf = Ops.create(graph);
            images = tf.withName("images").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, side, side, 3)));
            NetBuilder net = new NetBuilder(tf, Mode.TRAIN, settings.seed());
            TrainingJob.Recipe recipe = settings.recipe();
            CenterNetHeads heads = CenterNetNet.build(net, images, spec, settings.net().withFrozenBackboneBn(recipe.frozenBackboneBn()));
            targets = CenterNetLosses.TargetPlaceholders.create(tf, spec);
            CenterNetLosses.Losses built = CenterNetLosses.build(tf, spec, heads, targets, CenterNetLosses.Weights.DEFAULTS);
            losses = TrainingJob.lossesByName(built);

            List<NetVariable> trainable = (settings.headsOnly() ? net.trainableVariables(List.of("head")) : net.trainableVariables())
                    .stream().filter(recipe::trains).toList();
            Output<?>[] grads = graph.addGradients(built.total().asOutput(),
                    trainable.stream().map(v -> v.variable().asOutput()).toArray(Output[]::new));
            lr = tf.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            Operand<TFloat32> backboneLr = recipe.backboneLrScale() == 1 ? lr : tf.math.mul(lr, tf.constant((float) recipe.backboneLrScale()));
            beta1Power = tf.withName("beta1_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            beta2Power = tf.withName("beta2_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            List<Op> updates = new ArrayList<>();
            Ops init = tf.withInitScope();
            for (int i = 0; i < trainable.size(); i++) {
                NetVariable v = trainable.get(i);
                Variable<TFloat32> m = init.withName(v.name() + "_adam_m").variable(init.zeros(init.constant(v.shape()), TFloat32.class));
                Variable<TFloat32> vv = init.withName(v.name() + "_adam_v").variable(init.zeros(init.constant(v.shape()), TFloat32.class));
                @SuppressWarnings("unchecked")
                Operand<TFloat32> grad = (Operand<TFloat32>) grads[i];
                updates.add(tf.train.applyAdam(v.variable(), m, vv, beta1Power, beta2Power, v.group().equals("backbone") ? backboneLr : lr,
                        tf.constant(0.9f), tf.constant(0.999f), tf.constant(1e-7f), grad));
            }
            updates.addAll(net.updateOps());
            train = tf.withControlDependencies(updates).noOp();
            initPrefix = tf.withName("init_checkpoint").placeholder(TString.class);
            load = settings.start().loadOp(net, initPrefix);
            sizePrior = recipe.sizePrior() ? net.assignValues(Map.of(TrainingJob.BOX_SIZE_BIAS, meanBoxSize)) : null;
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    /**
     * Opens the session and sets the weights: the checkpoint's when resuming, else the start's (and the size prior).
     */
    void begin(TrainingJob.Settings settings, Path resumeFrom) {
        session = new Session(graph, NetBuilder.sessionConfig(Runtime.getRuntime().availableProcessors(), 1));
        session.initialize();
        if (resumeFrom != null) {
            session.restore(resumeFrom.toString());
            return;
        }
        if (load != null) {
            String prefix = settings.initFrom() == null ? "" : settings.initFrom().toString();
            try (TString p = TString.scalarOf(prefix)) {
                session.runner().feed(initPrefix, p).addTarget(load).run();
            }
        }
        if (sizePrior != null) {
            session.runner().addTarget(sizePrior).run();
        }
    }

    /** One step (the {@code step}-th, from 1) on a batch at this learning rate; the loss terms by name. */
    Map<String, Double> step(BatchFeeder.Batch batch, double rate, int step) {
        Map<String, Double> values = new LinkedHashMap<>();
        try (TFloat32 x = TFloat32.tensorOf(Shape.of(batch.size(), side, side, 3), DataBuffers.of(batch.pixels(), true, false));
             TFloat32 lrT = TFloat32.scalarOf((float) rate);
             TFloat32 b1 = TFloat32.scalarOf((float) Math.pow(0.9, step));
             TFloat32 b2 = TFloat32.scalarOf((float) Math.pow(0.999, step))) {
            Session.Runner runner = session.runner().feed(images, x).feed(lr, lrT).feed(beta1Power, b1).feed(beta2Power, b2);
            losses.values().forEach(runner::fetch);
            try (CenterNetLosses.Feed feed = targets.feed(runner, batch.targets());
                 Result r = runner.addTarget(train).run()) {
                int i = 0;
                for (String name : losses.keySet()) {
                    values.put(name, (double) ((TFloat32) r.get(i++)).getFloat());
                }
            }
        }
        return values;
    }

    /** Writes the variables (weights, Adam state, batch-norm statistics) to the checkpoint prefix. */
    void save(Path prefix) {
        session.save(prefix.toString());
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
        }
        graph.close();
    }
}
