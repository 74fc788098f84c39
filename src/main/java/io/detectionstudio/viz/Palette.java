package io.detectionstudio.viz;

import io.detectionstudio.data.Category;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A stable color per class: the same category id always gets the same color, in every view and every
 * run, and neighbouring ids get clearly different hues (golden-angle steps around the color wheel). A class the
 * user recolored keeps its own color in its {@value #COLOR_KEY} field (an extra field of the COCO category,
 * {@code "#rrggbb"}); {@link #colorOf(Category)} honours it.
 */
public final class Palette {

    /** The COCO category's extra field that holds a color the user chose, as {@code "#rrggbb"}. */
    public static final String COLOR_KEY = "color";

    private static final double GOLDEN_ANGLE = 137.50776405003785;
    private static final Pattern HEX = Pattern.compile("#[0-9a-fA-F]{6}");

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

    /**
     * The class's color as {@code 0xRRGGBB}: its {@value #COLOR_KEY} field when that is a {@code "#rrggbb"} string,
     * else the stable color of its id.
     */
    public static int colorOf(Category category) {
        Object custom = category.extras().get(COLOR_KEY);
        if (custom instanceof String s && HEX.matcher(s.strip()).matches()) {
            return Integer.parseInt(s.strip().substring(1), 16);
        }
        return colorOf(category.id());
    }

    /** {@code 0xRRGGBB} as {@code "#rrggbb"}, the form {@value #COLOR_KEY} fields hold. */
    public static String hex(int rgb) {
        return String.format(Locale.ROOT, "#%06x", rgb & 0xFFFFFF);
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
