package io.detectionstudio.nn;

/**
 * How a {@link NetBuilder} builds its batch normalizations. Every mode creates the same variables under the
 * same names, so a checkpoint written from a graph of one mode restores into a graph of any other.
 */
public enum Mode {
    /**
     * Training: batch normalization normalizes with the statistics of the current batch ({@code FusedBatchNormV3}
     * with {@code is_training=true}) and adds, per batch normalization, an op that moves its moving mean and
     * variance towards the batch's ({@link NetBuilder#updateOps()}); the trainer runs them with each step.
     */
    TRAIN,
    /**
     * Inference: batch normalization uses the stored moving statistics ({@code FusedBatchNormV3} with
     * {@code is_training=false}). No update ops.
     */
    INFERENCE,
    /**
     * Frozen batch normalization: each batch normalization is folded into a per-channel multiply-add,
     * {@code y = x * scale + shift} with {@code scale = gamma / sqrt(moving_variance + epsilon)} and
     * {@code shift = beta - moving_mean * scale}, computed in the graph from the stored variables. It computes
     * what {@link #INFERENCE} computes; it is also the mode for fine-tuning with frozen statistics (the OD API's
     * {@code freeze_batchnorm}), since gamma and beta still receive gradients through it. No update ops.
     */
    FROZEN
}
