package io.detectionstudio.nn;

import java.util.Objects;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * One variable a {@link NetBuilder} created, as the trainer, the checkpoint code and the tests see it.
 *
 * @param name      the variable's op name, which is also its key in checkpoints written by {@code Session.save}:
 *                  {@code [A-Za-z0-9_]+}, no '/', the same in every {@link Mode}
 * @param shape     its static shape (a kernel is {@code [kh, kw, in, out]}, a depthwise kernel
 *                  {@code [kh, kw, channels, 1]}, a per-channel vector {@code [channels]})
 * @param trainable whether an optimizer should update it: false for batch normalization's moving mean and
 *                  moving variance, which only the TRAIN mode's update ops change
 * @param group     the part of the net it belongs to ({@code "backbone"}, {@code "fpn"}, {@code "head"}, ...), so a
 *                  trainer can train some parts and leave others as they are (the OD API's {@code freeze_variables})
 * @param init      how its initial value was drawn
 * @param l2        the L2 weight-decay coefficient the OD API puts on it ({@code l2 * sum(w^2)} is its regularization
 *                  loss, Keras' {@code l2} regularizer); 0 for none
 * @param variable  the graph's variable ({@code VariableV2}, float32)
 */
public record NetVariable(String name, Shape shape, boolean trainable, String group, Init init, float l2,
        Variable<TFloat32> variable) {

    public NetVariable {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(variable, "variable");
    }

    /** The number of values it holds. */
    public long size() {
        return shape.size();
    }

    @Override
    public String toString() {
        return name + " " + shape + (trainable ? "" : " (not trainable)") + " [" + group + "]";
    }
}
