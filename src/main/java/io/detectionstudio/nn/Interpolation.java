package io.detectionstudio.nn;

/** How {@link NetBuilder#upsample2x} fills the new pixels (the OD API's {@code upsampling_interpolation}). */
public enum Interpolation {
    /** Each pixel repeated 2 &times; 2 ({@code ResizeNearestNeighbor}); Keras' {@code UpSampling2D} default. */
    NEAREST,
    /** Bilinear with half-pixel centers ({@code ResizeBilinear}), as Keras' {@code UpSampling2D(interpolation='bilinear')}. */
    BILINEAR
}
