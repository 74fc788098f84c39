package io.detectionstudio.model.centernet;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * The prediction heads of a CenterNet model as graph operands, all NHWC on the output grid
 * ({@code B x H x W x channels}); the same record feeds {@link CenterNetLosses} (training) and
 * {@link CenterNetDecoder} (inference).
 *
 * @param centerLogits       {@code [B, H, W, C]} class-center heatmap <em>logits</em> (sigmoid not applied)
 * @param boxSize            {@code [B, H, W, 2]} box {@code (height, width)} in grid units
 * @param boxOffset          {@code [B, H, W, 2]} sub-cell center offset {@code (dy, dx)}
 * @param keypointLogits     {@code [B, H, W, K]} keypoint heatmap logits, or null without keypoints
 * @param keypointOffset     {@code [B, H, W, 2K]} per-keypoint sub-cell offset, channels
 *                           {@code [dy0, dx0, dy1, dx1, ...]}, or null
 * @param keypointRegression {@code [B, H, W, 2K]} regression from an object's center cell to each keypoint
 *                           in grid units, channels {@code [y0, x0, y1, x1, ...]}, or null
 */
public record CenterNetHeads(Operand<TFloat32> centerLogits, Operand<TFloat32> boxSize, Operand<TFloat32> boxOffset,
                             Operand<TFloat32> keypointLogits, Operand<TFloat32> keypointOffset,
                             Operand<TFloat32> keypointRegression) {

    public CenterNetHeads {
        if (centerLogits == null || boxSize == null || boxOffset == null) {
            throw new IllegalArgumentException("center, size and offset heads are required");
        }
        boolean any = keypointLogits != null || keypointOffset != null || keypointRegression != null;
        boolean all = keypointLogits != null && keypointOffset != null && keypointRegression != null;
        if (any && !all) {
            throw new IllegalArgumentException("keypoint heads come as a set of three: heatmap, offset, regression");
        }
    }

    /** Box-only heads. */
    public static CenterNetHeads boxes(Operand<TFloat32> centerLogits, Operand<TFloat32> boxSize, Operand<TFloat32> boxOffset) {
        return new CenterNetHeads(centerLogits, boxSize, boxOffset, null, null, null);
    }

    public boolean hasKeypoints() {
        return keypointLogits != null;
    }
}
