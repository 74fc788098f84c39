package io.detectionstudio.data.tfrecord;

/**
 * Turning a tf.Example's float32 values back into the numbers a dataset had. A box edge of 504.1 pixels on an
 * 853-pixel-wide image is written as {@code (float) (504.1 / 853)}; multiplied back it is 504.0999994..., which no
 * one typed. So a value is read as the decimal with the fewest digits (up to {@value #MAX_DIGITS} after the point)
 * that writes the same float: 504.1. That is the dataset's own number whenever the dataset's number was that short
 * (integer and tenth pixels are), and within float rounding of it always.
 */
final class Decimals {

    /** Most digits after the point tried. */
    static final int MAX_DIGITS = 9;

    private static final double[] POW10 = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

    private Decimals() {
    }

    /** A value and the digits after the point it was rounded to; -1 when no short decimal fitted. */
    record Snapped(double value, int digits) {
    }

    /** The pixel value {@code p} with the fewest decimals such that {@code (float) (p / size) == normalized}. */
    static Snapped pixel(float normalized, double size) {
        double v = normalized * size;
        if (!Double.isFinite(v)) {
            return new Snapped(v, -1);
        }
        for (int k = 0; k <= MAX_DIGITS; k++) {
            double c = round(v, k);
            if ((float) (c / size) == normalized) {
                return new Snapped(c, k);
            }
        }
        return new Snapped(v, -1);
    }

    /** The value with the fewest decimals that is the same float as {@code f}. */
    static double shortest(float f) {
        if (!Float.isFinite(f)) {
            return f;
        }
        for (int k = 0; k <= MAX_DIGITS; k++) {
            double c = round(f, k);
            if ((float) c == f) {
                return c;
            }
        }
        return f;
    }

    /** {@code v} rounded to {@code digits} after the point (the nearest double to that decimal); as is for -1. */
    static double round(double v, int digits) {
        if (digits < 0 || Math.abs(v) * POW10[digits] >= 1e15) {
            return v;
        }
        return Math.round(v * POW10[digits]) / POW10[digits];
    }
}
