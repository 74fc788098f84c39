package io.detectionstudio.viz;

import java.util.List;

/**
 * What to draw over an image, in the image's pixel coordinates, independent of the toolkit: the CLI's PNGs paint it
 * with Java2D ({@link DetectionRenderer}), the studio with JavaFX. Widths are weights (1 = a normal line); each
 * painter turns them into pixels that read well at its scale. Colors are {@code 0xRRGGBB}.
 */
public record Overlay(List<Item> items) {

    public Overlay {
        items = List.copyOf(items);
    }

    /** One thing to draw. */
    public sealed interface Item permits Rect, Line, Dot, Polygon, Label {
    }

    /** A box outline. */
    public record Rect(double x, double y, double width, double height, int color, double weight, boolean dashed)
            implements Item {
    }

    /** A skeleton edge. */
    public record Line(double x1, double y1, double x2, double y2, int color, double weight) implements Item {
    }

    /** A keypoint: filled when visible, hollow when labelled but occluded. */
    public record Dot(double x, double y, int color, boolean filled) implements Item {
    }

    /** A closed polygon outline (a segmentation). */
    public record Polygon(double[] xy, int color, double weight) implements Item {

        public Polygon {
            xy = xy.clone();
        }
    }

    /**
     * A text tag on a colored background, placed above {@code (x, y)} (the box's top-left corner), or just inside
     * the box when there is no room above.
     */
    public record Label(String text, double x, double y, int color) implements Item {
    }

    /** Black or white, whichever reads on a background of this color. */
    public static int textColorOn(int rgb) {
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        return (r * 299 + g * 587 + b * 114) / 1000 > 150 ? 0x000000 : 0xffffff;
    }
}
