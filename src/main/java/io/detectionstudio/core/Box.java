package io.detectionstudio.core;

/**
 * An axis-aligned box in normalized image coordinates {@code [ymin, xmin, ymax, xmax]} (see the
 * package documentation). Values outside {@code [0, 1]} are allowed (a box may stick out of its image
 * until it is {@linkplain #clip() clipped}); {@code ymin > ymax} or {@code xmin > xmax} is not.
 */
public record Box(double ymin, double xmin, double ymax, double xmax) {

    public Box {
        if (!(Double.isFinite(ymin) && Double.isFinite(xmin) && Double.isFinite(ymax) && Double.isFinite(xmax))) {
            throw new IllegalArgumentException("box coordinates must be finite: " + describe(ymin, xmin, ymax, xmax));
        }
        if (ymin > ymax || xmin > xmax) {
            throw new IllegalArgumentException("box has min > max: " + describe(ymin, xmin, ymax, xmax));
        }
    }

    /** Converts a COCO pixel box {@code [x, y, width, height]} of an image of the given size. */
    public static Box fromCocoPixels(double x, double y, double width, double height, double imageWidth, double imageHeight) {
        requirePositive(imageWidth, imageHeight);
        return new Box(y / imageHeight, x / imageWidth, (y + height) / imageHeight, (x + width) / imageWidth);
    }

    /** Converts absolute pixel corners {@code [ymin, xmin, ymax, xmax]} of an image of the given size. */
    public static Box fromPixels(double ymin, double xmin, double ymax, double xmax, double imageWidth, double imageHeight) {
        requirePositive(imageWidth, imageHeight);
        return new Box(ymin / imageHeight, xmin / imageWidth, ymax / imageHeight, xmax / imageWidth);
    }

    /** This box as COCO pixels {@code [x, y, width, height]} on an image of the given size. */
    public double[] toCocoPixels(double imageWidth, double imageHeight) {
        requirePositive(imageWidth, imageHeight);
        return new double[] {xmin * imageWidth, ymin * imageHeight, width() * imageWidth, height() * imageHeight};
    }

    /** This box as absolute pixel corners {@code [ymin, xmin, ymax, xmax]} on an image of the given size. */
    public double[] toPixels(double imageWidth, double imageHeight) {
        requirePositive(imageWidth, imageHeight);
        return new double[] {ymin * imageHeight, xmin * imageWidth, ymax * imageHeight, xmax * imageWidth};
    }

    public double height() {
        return ymax - ymin;
    }

    public double width() {
        return xmax - xmin;
    }

    /** Area in normalized units (a fraction of the image when the box lies inside it). */
    public double area() {
        return height() * width();
    }

    public double centerY() {
        return (ymin + ymax) / 2;
    }

    public double centerX() {
        return (xmin + xmax) / 2;
    }

    /** Area of the intersection of the two boxes (0 when they do not overlap). */
    public double intersection(Box other) {
        double h = Math.min(ymax, other.ymax) - Math.max(ymin, other.ymin);
        double w = Math.min(xmax, other.xmax) - Math.max(xmin, other.xmin);
        return h <= 0 || w <= 0 ? 0 : h * w;
    }

    /** Intersection over union; 0 when the union is empty. */
    public double iou(Box other) {
        double inter = intersection(other);
        double union = area() + other.area() - inter;
        return union <= 0 ? 0 : inter / union;
    }

    /** Intersection over this box's own area (the OD API's {@code ioa}); 0 for an empty box. */
    public double ioa(Box other) {
        double a = area();
        return a <= 0 ? 0 : intersection(other) / a;
    }

    /** This box clipped to the image, {@code [0, 1]} on both axes; a box wholly outside becomes empty. */
    public Box clip() {
        return clipToWindow(new Box(0, 0, 1, 1));
    }

    /** This box clipped to a window (also normalized); a box wholly outside collapses onto its edge. */
    public Box clipToWindow(Box window) {
        double y0 = clamp(ymin, window.ymin, window.ymax);
        double x0 = clamp(xmin, window.xmin, window.xmax);
        double y1 = clamp(ymax, window.ymin, window.ymax);
        double x1 = clamp(xmax, window.xmin, window.xmax);
        return new Box(y0, x0, y1, x1);
    }

    /** Multiplies the y coordinates by {@code sy} and the x coordinates by {@code sx} ({@code sy, sx >= 0}). */
    public Box scale(double sy, double sx) {
        if (sy < 0 || sx < 0) {
            throw new IllegalArgumentException("scale factors must be >= 0, got " + sy + ", " + sx);
        }
        return new Box(ymin * sy, xmin * sx, ymax * sy, xmax * sx);
    }

    /** Mirror image across the vertical axis {@code x = 0.5}. */
    public Box flipHorizontal() {
        return new Box(ymin, 1 - xmax, ymax, 1 - xmin);
    }

    /** Mirror image across the horizontal axis {@code y = 0.5}. */
    public Box flipVertical() {
        return new Box(1 - ymax, xmin, 1 - ymin, xmax);
    }

    /**
     * This box expressed relative to a window of the image (the OD API's {@code change_coordinate_frame}):
     * the window's top-left becomes {@code (0, 0)} and its bottom-right {@code (1, 1)}. Used by crops.
     */
    public Box inWindow(Box window) {
        if (window.height() <= 0 || window.width() <= 0) {
            throw new IllegalArgumentException("window must have a positive size: " + window);
        }
        return new Box((ymin - window.ymin) / window.height(), (xmin - window.xmin) / window.width(),
                (ymax - window.ymin) / window.height(), (xmax - window.xmin) / window.width());
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static void requirePositive(double imageWidth, double imageHeight) {
        if (!(imageWidth > 0 && imageHeight > 0)) {
            throw new IllegalArgumentException("image size must be positive, got " + imageWidth + "x" + imageHeight);
        }
    }

    private static String describe(double ymin, double xmin, double ymax, double xmax) {
        return "[ymin=" + ymin + ", xmin=" + xmin + ", ymax=" + ymax + ", xmax=" + xmax + "]";
    }
}
