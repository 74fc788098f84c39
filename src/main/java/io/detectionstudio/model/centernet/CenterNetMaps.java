package io.detectionstudio.model.centernet;

/**
 * The same head outputs as {@link CenterNetHeads}, as plain row-major float arrays of {@code batchSize}
 * images (NHWC, same channel order): the input of the pure-Java references
 * ({@link CenterNetLosses.Reference}, {@link CenterNetDecoder#decodeReference}). Keypoint arrays are null
 * when the spec has no keypoints.
 */
public record CenterNetMaps(int batchSize, float[] centerLogits, float[] boxSize, float[] boxOffset,
                            float[] keypointLogits, float[] keypointOffset, float[] keypointRegression) {

    /** Checks every array's length against the spec; returns this. */
    public CenterNetMaps check(CenterNetSpec spec) {
        long cells = (long) batchSize * spec.cells();
        require("centerLogits", centerLogits, cells * spec.numClasses());
        require("boxSize", boxSize, cells * 2);
        require("boxOffset", boxOffset, cells * 2);
        if (spec.hasKeypoints()) {
            require("keypointLogits", keypointLogits, cells * spec.numKeypoints());
            require("keypointOffset", keypointOffset, cells * 2L * spec.numKeypoints());
            require("keypointRegression", keypointRegression, cells * 2L * spec.numKeypoints());
        }
        return this;
    }

    private static void require(String name, float[] a, long n) {
        if (a == null || a.length != n) {
            throw new IllegalArgumentException(name + " needs " + n + " values, got " + (a == null ? "none" : a.length));
        }
    }
}
