package io.detectionstudio.data;

import io.detectionstudio.core.Box;

/** A box as COCO files keep it: pixels, {@code [x, y, width, height]} from the image's top-left corner. */
public record CocoBox(double x, double y, double width, double height) {

    public double area() {
        return width * height;
    }

    public double right() {
        return x + width;
    }

    public double bottom() {
        return y + height;
    }

    /** This box in the core's normalized {@code [ymin, xmin, ymax, xmax]} on an image of the given size. */
    public Box toBox(double imageWidth, double imageHeight) {
        return Box.fromCocoPixels(x, y, width, height, imageWidth, imageHeight);
    }

    public static CocoBox fromBox(Box box, double imageWidth, double imageHeight) {
        double[] p = box.toCocoPixels(imageWidth, imageHeight);
        return new CocoBox(p[0], p[1], p[2], p[3]);
    }

    public double[] toArray() {
        return new double[] {x, y, width, height};
    }

    @Override
    public String toString() {
        return "[" + Numbers.format(x) + ", " + Numbers.format(y) + ", " + Numbers.format(width) + ", "
                + Numbers.format(height) + "]";
    }
}
