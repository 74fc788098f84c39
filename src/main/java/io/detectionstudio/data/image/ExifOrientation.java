package io.detectionstudio.data.image;

/**
 * The eight values of the EXIF/TIFF {@code Orientation} tag (0x0112): how the stored pixels must be turned to
 * be displayed upright. The constant names say what is done to the <em>stored</em> image to display it.
 *
 * <p>For a stored pixel {@code (x, y)} of a {@code w x h} image, the displayed position is:
 * <pre>
 *  1 NORMAL             (x,         y        )   displayed w x h
 *  2 MIRROR_HORIZONTAL  (w - 1 - x, y        )   displayed w x h
 *  3 ROTATE_180         (w - 1 - x, h - 1 - y)   displayed w x h
 *  4 MIRROR_VERTICAL    (x,         h - 1 - y)   displayed w x h
 *  5 TRANSPOSE          (y,         x        )   displayed h x w
 *  6 ROTATE_90_CW       (h - 1 - y, x        )   displayed h x w
 *  7 TRANSVERSE         (h - 1 - y, w - 1 - x)   displayed h x w
 *  8 ROTATE_270_CW      (y,         w - 1 - x)   displayed h x w
 * </pre>
 * A phone held upright typically writes {@link #ROTATE_90_CW} (6).
 */
public enum ExifOrientation {
    /** 1: stored as displayed. Also used for a missing, unreadable or out-of-range tag. */
    NORMAL(1),
    /** 2: mirror left-right. */
    MIRROR_HORIZONTAL(2),
    /** 3: rotate 180 degrees. */
    ROTATE_180(3),
    /** 4: mirror top-bottom. */
    MIRROR_VERTICAL(4),
    /** 5: mirror along the top-left to bottom-right diagonal (swaps width and height). */
    TRANSPOSE(5),
    /** 6: rotate 90 degrees clockwise (swaps width and height). */
    ROTATE_90_CW(6),
    /** 7: mirror along the top-right to bottom-left diagonal (swaps width and height). */
    TRANSVERSE(7),
    /** 8: rotate 270 degrees clockwise, i.e. 90 counter-clockwise (swaps width and height). */
    ROTATE_270_CW(8);

    private static final ExifOrientation[] BY_TAG = values();

    private final int tagValue;

    ExifOrientation(int tagValue) {
        this.tagValue = tagValue;
    }

    /** The value of the EXIF tag, 1 to 8. */
    public int tagValue() {
        return tagValue;
    }

    /** Whether displaying turns the image by 90 or 270 degrees, so displayed width is stored height. */
    public boolean swapsWidthAndHeight() {
        return tagValue >= 5;
    }

    /** The orientation for an EXIF tag value; anything outside 1..8 is {@link #NORMAL}, as viewers do. */
    public static ExifOrientation fromTag(int tagValue) {
        return tagValue >= 1 && tagValue <= 8 ? BY_TAG[tagValue - 1] : NORMAL;
    }

    /**
     * Index (in pixels, row-major) in the displayed image of stored pixel {@code (x, y)} of a {@code w x h}
     * stored image; see the table in the class comment.
     */
    public int displayedIndex(int x, int y, int w, int h) {
        int dw = swapsWidthAndHeight() ? h : w;
        int dx;
        int dy;
        switch (this) {
            case NORMAL -> { dx = x; dy = y; }
            case MIRROR_HORIZONTAL -> { dx = w - 1 - x; dy = y; }
            case ROTATE_180 -> { dx = w - 1 - x; dy = h - 1 - y; }
            case MIRROR_VERTICAL -> { dx = x; dy = h - 1 - y; }
            case TRANSPOSE -> { dx = y; dy = x; }
            case ROTATE_90_CW -> { dx = h - 1 - y; dy = x; }
            case TRANSVERSE -> { dx = h - 1 - y; dy = w - 1 - x; }
            case ROTATE_270_CW -> { dx = y; dy = w - 1 - x; }
            default -> throw new AssertionError(this);
        }
        return dy * dw + dx;
    }
}
