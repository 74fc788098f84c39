package io.detectionstudio.ui.train;

import io.detectionstudio.data.Dataset;
import io.detectionstudio.engine.training.TrainingJob;
import io.detectionstudio.engine.training.TrainingListener;
import io.detectionstudio.engine.training.TrainingOutcome;
import io.detectionstudio.engine.training.TrainingProgress;
import io.detectionstudio.engine.training.ValidationSplit;
import io.detectionstudio.model.ModelException;
import io.detectionstudio.model.centernet.CenterNetRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trainer without TensorFlow for the Train view model's tests: it reports the engine's loss terms step by step
 * (a few milliseconds each), writes a stand-in {@code pipeline.config} and checkpoint ({@code checkpoint/ckpt.index}, {@code checkpoint/step})
 * every {@code checkpointEvery} steps and at the end, validates when asked to, and stops when cancelled. Set
 * {@link #failWith} to make the next run throw.
 */
final class FakeTrainer implements Trainer {

    static volatile Exception failWith;

    private volatile boolean cancelled;

    @Override
    public ValidationSplit split(Dataset dataset, TrainingJob.Settings settings) {
        return new ValidationSplit(dataset, null, "none (fake)");
    }

    @Override
    public TrainingOutcome run(Dataset dataset, Path folder, TrainingJob.Settings st, TrainingListener listener) throws ModelException {
        Exception fail = failWith;
        failWith = null;
        if (fail instanceof ModelException m) {
            throw m;
        } else if (fail != null) {
            throw new IllegalStateException(fail);
        }
        long t0 = System.nanoTime();
        int step = 0;
        Path ckpt = folder.resolve(CenterNetRun.CHECKPOINTS);
        TrainingOutcome.Reason reason = TrainingOutcome.Reason.FINISHED;
        try {
            Files.createDirectories(ckpt);
            // What makes a folder a run for the studio's list (the engine writes a center_net config there).
            Files.writeString(folder.resolve(CenterNetRun.CONFIG), "model { center_net { num_classes: 1 } }\n");
            while (step < st.steps()) {
                if (cancelled) {
                    reason = TrainingOutcome.Reason.CANCELLED;
                    break;
                }
                step++;
                Thread.sleep(10);
                Map<String, Double> losses = new LinkedHashMap<>();
                losses.put("object_center", 5.0 / step);
                losses.put("box_scale", 1.0 / step);
                losses.put("box_offset", 0.5);
                losses.put("total", 5.0 / step + 1.0 / step + 0.5);
                double elapsed = (System.nanoTime() - t0) / 1e9;
                listener.onStep(new TrainingProgress(step, st.steps(), losses, st.learningRate(), 100, 0.01 * (st.steps() - step), elapsed));
                if (step % st.checkpointEvery() == 0 || step == st.steps()) {
                    checkpoint(ckpt, step, listener);
                }
                int every = st.validation().every();
                if (st.validation().fraction() > 0 && step % every == 0) {
                    listener.onValidation(step, Map.of(TrainingListener.AP50, 0.5 + step / 1000.0, TrainingListener.AP, 0.3), true);
                }
            }
            if (reason == TrainingOutcome.Reason.CANCELLED && step > 0) {
                checkpoint(ckpt, step, listener);
            }
        } catch (Exception e) {
            throw new ModelException("fake training failed: " + e, e);
        }
        TrainingOutcome out = new TrainingOutcome(reason, step, (System.nanoTime() - t0) / 1e9,
                step == 0 ? null : ckpt.resolve(CenterNetRun.LAST), null);
        listener.onEnd(out);
        return out;
    }

    private static void checkpoint(Path ckpt, int step, TrainingListener listener) throws Exception {
        Thread.sleep(1);
        Files.writeString(ckpt.resolve(CenterNetRun.LAST + ".index"), "fake");
        Files.writeString(ckpt.resolve("step"), Integer.toString(step));
        listener.onCheckpoint(step, ckpt.resolve(CenterNetRun.LAST), false);
    }

    @Override
    public void cancel() {
        cancelled = true;
    }
}
