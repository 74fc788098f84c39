package io.detectionstudio.data.tfrecord;

import io.detectionstudio.data.image.ExifOrientation;

/**
 * The two frames of one image: the <em>stored</em> pixels (what TensorFlow's {@code decode_jpeg} returns, and
 * what a tf.Example's sizes, boxes, keypoints and masks refer to) and the <em>displayed</em> image (after the EXIF
 * orientation; what the dataset's sizes and COCO pixels refer to). For {@link ExifOrientation#NORMAL} both are the
 * same.
 *
 * @param orientation   how the stored pixels are turned to be displayed
 * @param storedWidth   width of the stored pixels
 * @param storedHeight  height of the stored pixels
 */
record Frame(ExifOrientation orientation, int storedWidth, int storedHeight) {

    /** The frame of an image displayed {@code displayedWidth x displayedHeight} with this orientation. */
    static Frame ofDisplayed(ExifOrientation o, int displayedWidth, int displayedHeight) {
        return o.swapsWidthAndHeight() ? new Frame(o, displayedHeight, displayedWidth)
                : new Frame(o, displayedWidth, displayedHeight);
    }

    int displayedWidth() {
        return orientation.swapsWidthAndHeight() ? storedHeight : storedWidth;
    }

    int displayedHeight() {
        return orientation.swapsWidthAndHeight() ? storedWidth : storedHeight;
    }

    boolean isIdentity() {
        return orientation == ExifOrientation.NORMAL;
    }

    /** A displayed point {@code (u, v)} in stored pixel coordinates {@code {x, y}} (continuous, not pixel indices). */
    double[] toStored(double u, double v) {
        double w = storedWidth;
        double h = storedHeight;
        return switch (orientation) {
            case NORMAL -> new double[] {u, v};
            case MIRROR_HORIZONTAL -> new double[] {w - u, v};
            case ROTATE_180 -> new double[] {w - u, h - v};
            case MIRROR_VERTICAL -> new double[] {u, h - v};
            case TRANSPOSE -> new double[] {v, u};
            case ROTATE_90_CW -> new double[] {v, h - u};
            case TRANSVERSE -> new double[] {w - v, h - u};
            case ROTATE_270_CW -> new double[] {w - v, u};
        };
    }

    /** A stored point {@code (x, y)} in displayed coordinates {@code {u, v}}; the inverse of {@link #toStored}. */
    double[] toDisplayed(double x, double y) {
        double w = storedWidth;
        double h = storedHeight;
        return switch (orientation) {
            case NORMAL -> new double[] {x, y};
            case MIRROR_HORIZONTAL -> new double[] {w - x, y};
            case ROTATE_180 -> new double[] {w - x, h - y};
            case MIRROR_VERTICAL -> new double[] {x, h - y};
            case TRANSPOSE -> new double[] {y, x};
            case ROTATE_90_CW -> new double[] {h - y, x};
            case TRANSVERSE -> new double[] {h - y, w - x};
            case ROTATE_270_CW -> new double[] {y, w - x};
        };
    }

    /** Index in a row-major displayed raster of stored pixel {@code (x, y)}. */
    private int displayedIndex(int x, int y) {
        return orientation.displayedIndex(x, y, storedWidth, storedHeight);
    }

    /** A row-major displayed raster turned into the stored frame. */
    byte[] rasterToStored(byte[] displayed) {
        if (isIdentity()) {
            return displayed;
        }
        byte[] out = new byte[storedWidth * storedHeight];
        for (int y = 0; y < storedHeight; y++) {
            for (int x = 0; x < storedWidth; x++) {
                out[y * storedWidth + x] = displayed[displayedIndex(x, y)];
            }
        }
        return out;
    }

    /** A row-major stored raster turned into the displayed frame. */
    byte[] rasterToDisplayed(byte[] stored) {
        if (isIdentity()) {
            return stored;
        }
        byte[] out = new byte[stored.length];
        for (int y = 0; y < storedHeight; y++) {
            for (int x = 0; x < storedWidth; x++) {
                out[displayedIndex(x, y)] = stored[y * storedWidth + x];
            }
        }
        return out;
    }
}
