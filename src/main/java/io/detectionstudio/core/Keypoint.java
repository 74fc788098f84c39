package io.detectionstudio.core;

/**
 * One keypoint in normalized image coordinates with its COCO visibility (see the package documentation):
 * {@link #NOT_LABELLED} = 0, {@link #OCCLUDED} = 1 (labelled, not visible), {@link #VISIBLE} = 2.
 * A keypoint that is not labelled carries no position; by COCO's custom it is stored as {@code (0, 0)}.
 */
public record Keypoint(double y, double x, int visibility) {

    public static final int NOT_LABELLED = 0;
    public static final int OCCLUDED = 1;
    public static final int VISIBLE = 2;

    public Keypoint {
        if (visibility < NOT_LABELLED || visibility > VISIBLE) {
            throw new IllegalArgumentException("keypoint visibility must be 0, 1 or 2, got " + visibility);
        }
        if (!Double.isFinite(y) || !Double.isFinite(x)) {
            throw new IllegalArgumentException("keypoint coordinates must be finite: (" + y + ", " + x + ")");
        }
    }

    /** The not-labelled keypoint, {@code (0, 0, 0)}. */
    public static Keypoint notLabelled() {
        return new Keypoint(0, 0, NOT_LABELLED);
    }

    /** True when the keypoint has a position (visibility 1 or 2). */
    public boolean isLabelled() {
        return visibility != NOT_LABELLED;
    }

    /** True when the keypoint is labelled and visible (visibility 2). */
    public boolean isVisible() {
        return visibility == VISIBLE;
    }
}
