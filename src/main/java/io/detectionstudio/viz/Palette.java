package io.detectionstudio.viz;

/**
 * A stable color per class: the same category id always gets the same color, in every view and every
 * run, and neighbouring ids get clearly different hues (golden-angle steps around the color wheel).
 */
public final class Palette {

    private static final double GOLDEN_ANGLE = 137.50776405003785;

    private Palette() {
    }

    /** The class's color as {@code 0xRRGGBB}. */
    public static int colorOf(int categoryId) {
        double hue = ((categoryId - 1) * GOLDEN_ANGLE + 200) % 360;
        if (hue < 0) {
            hue += 360;
        }
        return hsvToRgb(hue, 0.85, 0.95);
    }

    /** {@code 0xRRGGBB} of a hue in degrees, saturation and value in [0, 1]. */
    static int hsvToRgb(double hue, double s, double v) {
        double c = v * s;
        double hp = hue / 60;
        double x = c * (1 - Math.abs(hp % 2 - 1));
        double[] rgb = switch ((int) hp) {
            case 0 -> new double[] {c, x, 0};
            case 1 -> new double[] {x, c, 0};
            case 2 -> new double[] {0, c, x};
            case 3 -> new double[] {0, x, c};
            case 4 -> new double[] {x, 0, c};
            default -> new double[] {c, 0, x};
        };
        double m = v - c;
        int r = (int) Math.round((rgb[0] + m) * 255);
        int g = (int) Math.round((rgb[1] + m) * 255);
        int b = (int) Math.round((rgb[2] + m) * 255);
        return (r << 16) | (g << 8) | b;
    }
}
