package io.detectionstudio.model.centernet;

/**
 * The sizes that the CenterNet targets, losses and decoder agree on: the output grid, the classes, the
 * keypoint task and the number of object slots. See the package documentation for the tensor layouts.
 *
 * @param gridHeight    output grid height {@code H} (the input height divided by the {@link #STRIDE}, at least 1)
 * @param gridWidth     output grid width {@code W}
 * @param numClasses    number of object classes {@code C} (0-based class indices {@code 0 .. C-1})
 * @param numKeypoints  number of keypoint types {@code K}; 0 when the model has no keypoint task
 * @param keypointClass the 0-based class whose objects carry the {@code K} keypoints (the OD API's keypoint
 *                      task {@code class_id}); -1 when {@code numKeypoints == 0}
 * @param maxObjects    object slots per image {@code M} for the gathered (size, offset, keypoint) targets
 */
public record CenterNetSpec(int gridHeight, int gridWidth, int numClasses, int numKeypoints, int keypointClass,
                            int maxObjects) {

    /** The output stride of the OD API's CenterNet feature extractors: one grid cell is 4x4 input pixels. */
    public static final int STRIDE = 4;

    public CenterNetSpec {
        if (gridHeight < 1 || gridWidth < 1) {
            throw new IllegalArgumentException("grid must be at least 1x1, got " + gridHeight + "x" + gridWidth);
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException("need at least one class, got " + numClasses);
        }
        if (maxObjects < 1) {
            throw new IllegalArgumentException("need at least one object slot, got " + maxObjects);
        }
        if (numKeypoints < 0) {
            throw new IllegalArgumentException("number of keypoints must be >= 0, got " + numKeypoints);
        }
        if (numKeypoints == 0 && keypointClass != -1) {
            throw new IllegalArgumentException("keypointClass must be -1 without keypoints, got " + keypointClass);
        }
        if (numKeypoints > 0 && (keypointClass < 0 || keypointClass >= numClasses)) {
            throw new IllegalArgumentException("keypointClass " + keypointClass + " is not a class of " + numClasses);
        }
    }

    /** A box-only spec. */
    public static CenterNetSpec boxes(int gridHeight, int gridWidth, int numClasses, int maxObjects) {
        return new CenterNetSpec(gridHeight, gridWidth, numClasses, 0, -1, maxObjects);
    }

    /**
     * The spec for an input image of the given size, with the OD API's rule for the grid:
     * {@code max(inputSize / STRIDE, 1)} (integer division).
     */
    public static CenterNetSpec forInput(int inputHeight, int inputWidth, int numClasses, int numKeypoints,
                                         int keypointClass, int maxObjects) {
        if (inputHeight < 1 || inputWidth < 1) {
            throw new IllegalArgumentException("input size must be positive, got " + inputHeight + "x" + inputWidth);
        }
        return new CenterNetSpec(Math.max(inputHeight / STRIDE, 1), Math.max(inputWidth / STRIDE, 1), numClasses,
                numKeypoints, keypointClass, maxObjects);
    }

    /** Number of grid cells {@code H * W}. */
    public int cells() {
        return gridHeight * gridWidth;
    }

    public boolean hasKeypoints() {
        return numKeypoints > 0;
    }
}
