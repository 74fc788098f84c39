package io.detectionstudio.data;

/** Number formatting for messages: integers without ".0", others as Java prints them. */
final class Numbers {

    private Numbers() {
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
