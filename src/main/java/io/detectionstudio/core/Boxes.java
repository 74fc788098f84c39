package io.detectionstudio.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Operations on lists of {@link Box}es, after the OD API's {@code core/box_list_ops.py}. These are the
 * pure-Java references that the TensorFlow versions in the model layers are tested against.
 */
public final class Boxes {

    private Boxes() {
    }

    /** The area of each box. */
    public static double[] areas(List<Box> boxes) {
        double[] out = new double[boxes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = boxes.get(i).area();
        }
        return out;
    }

    /** {@code iou[i][j]} = IoU of {@code a[i]} and {@code b[j]}. */
    public static double[][] iouMatrix(List<Box> a, List<Box> b) {
        double[][] out = new double[a.size()][b.size()];
        for (int i = 0; i < a.size(); i++) {
            Box bi = a.get(i);
            for (int j = 0; j < b.size(); j++) {
                out[i][j] = bi.iou(b.get(j));
            }
        }
        return out;
    }

    /** {@code ioa[i][j]} = intersection of {@code a[i]} and {@code b[j]} over the area of {@code a[i]}. */
    public static double[][] ioaMatrix(List<Box> a, List<Box> b) {
        double[][] out = new double[a.size()][b.size()];
        for (int i = 0; i < a.size(); i++) {
            for (int j = 0; j < b.size(); j++) {
                out[i][j] = a.get(i).ioa(b.get(j));
            }
        }
        return out;
    }

    /** Each box clipped to the image. */
    public static List<Box> clip(List<Box> boxes) {
        return map(boxes, Box::clip);
    }

    /** Each box clipped to a window. */
    public static List<Box> clipToWindow(List<Box> boxes, Box window) {
        return map(boxes, b -> b.clipToWindow(window));
    }

    /** Indices of the boxes whose area is greater than {@code minArea} (e.g. after a crop or clip). */
    public static int[] indicesWithAreaAbove(List<Box> boxes, double minArea) {
        return java.util.stream.IntStream.range(0, boxes.size())
                .filter(i -> boxes.get(i).area() > minArea)
                .toArray();
    }

    /** Each box scaled by {@code sy} (y) and {@code sx} (x). */
    public static List<Box> scale(List<Box> boxes, double sy, double sx) {
        return map(boxes, b -> b.scale(sy, sx));
    }

    /** Each box mirrored across {@code x = 0.5}. */
    public static List<Box> flipHorizontal(List<Box> boxes) {
        return map(boxes, Box::flipHorizontal);
    }

    /** Each box in pixel corners {@code [ymin, xmin, ymax, xmax]}. */
    public static double[][] toPixels(List<Box> boxes, double imageWidth, double imageHeight) {
        double[][] out = new double[boxes.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = boxes.get(i).toPixels(imageWidth, imageHeight);
        }
        return out;
    }

    /** Boxes from pixel corners {@code [ymin, xmin, ymax, xmax]}. */
    public static List<Box> fromPixels(double[][] pixelBoxes, double imageWidth, double imageHeight) {
        List<Box> out = new ArrayList<>(pixelBoxes.length);
        for (double[] p : pixelBoxes) {
            if (p.length != 4) {
                throw new IllegalArgumentException("a pixel box needs 4 numbers, got " + p.length);
            }
            out.add(Box.fromPixels(p[0], p[1], p[2], p[3], imageWidth, imageHeight));
        }
        return out;
    }

    private static List<Box> map(List<Box> boxes, UnaryOperator<Box> op) {
        List<Box> out = new ArrayList<>(boxes.size());
        for (Box b : boxes) {
            out.add(op.apply(b));
        }
        return out;
    }
}
