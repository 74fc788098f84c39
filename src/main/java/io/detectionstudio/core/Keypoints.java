package io.detectionstudio.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Operations on one object's keypoints, after the OD API's {@code core/keypoint_ops.py}. Not-labelled
 * keypoints stay {@code (0, 0, 0)} through every operation: they have no position to move.
 */
public final class Keypoints {

    private Keypoints() {
    }

    /** Reads COCO's flat pixel triples {@code [x1, y1, v1, x2, y2, v2, ...]} into normalized keypoints. */
    public static List<Keypoint> fromCocoPixels(double[] xyv, double imageWidth, double imageHeight) {
        if (xyv.length % 3 != 0) {
            throw new IllegalArgumentException("COCO keypoints need x, y, v triples; got " + xyv.length + " numbers");
        }
        if (!(imageWidth > 0 && imageHeight > 0)) {
            throw new IllegalArgumentException("image size must be positive, got " + imageWidth + "x" + imageHeight);
        }
        List<Keypoint> out = new ArrayList<>(xyv.length / 3);
        for (int i = 0; i < xyv.length; i += 3) {
            int v = (int) xyv[i + 2];
            if (v != xyv[i + 2]) {
                throw new IllegalArgumentException("keypoint visibility must be an integer, got " + xyv[i + 2]);
            }
            out.add(v == Keypoint.NOT_LABELLED ? Keypoint.notLabelled()
                    : new Keypoint(xyv[i + 1] / imageHeight, xyv[i] / imageWidth, v));
        }
        return out;
    }

    /** Writes normalized keypoints as COCO's flat pixel triples. */
    public static double[] toCocoPixels(List<Keypoint> keypoints, double imageWidth, double imageHeight) {
        double[] out = new double[keypoints.size() * 3];
        for (int i = 0; i < keypoints.size(); i++) {
            Keypoint k = keypoints.get(i);
            if (k.isLabelled()) {
                out[3 * i] = k.x() * imageWidth;
                out[3 * i + 1] = k.y() * imageHeight;
                out[3 * i + 2] = k.visibility();
            }
        }
        return out;
    }

    /** Number of labelled keypoints (visibility > 0): COCO's {@code num_keypoints}. */
    public static int countLabelled(List<Keypoint> keypoints) {
        return (int) keypoints.stream().filter(Keypoint::isLabelled).count();
    }

    /** COCO's {@code num_keypoints} of flat pixel triples {@code [x1, y1, v1, ...]}; 0 for null. */
    public static int countLabelled(double[] cocoTriples) {
        int n = 0;
        if (cocoTriples != null) {
            for (int i = 2; i < cocoTriples.length; i += 3) {
                if (cocoTriples[i] > 0) {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * The permutation that a horizontal flip applies to keypoint order: {@code perm[i]} is the index whose
     * keypoint moves to slot {@code i}. {@code pairs} are left/right pairs of 0-based indices; keypoints in
     * no pair map to themselves.
     */
    public static int[] flipPermutation(int count, List<int[]> pairs) {
        int[] perm = new int[count];
        for (int i = 0; i < count; i++) {
            perm[i] = i;
        }
        boolean[] seen = new boolean[count];
        for (int[] p : pairs) {
            if (p.length != 2 || p[0] < 0 || p[1] < 0 || p[0] >= count || p[1] >= count || p[0] == p[1]) {
                throw new IllegalArgumentException("bad flip pair " + Arrays.toString(p) + " for " + count + " keypoints");
            }
            if (seen[p[0]] || seen[p[1]]) {
                throw new IllegalArgumentException("keypoint in two flip pairs: " + Arrays.toString(p));
            }
            seen[p[0]] = true;
            seen[p[1]] = true;
            perm[p[0]] = p[1];
            perm[p[1]] = p[0];
        }
        return perm;
    }

    /**
     * Mirrors keypoints across {@code x = 0.5} and reorders them with the flip permutation, so that a
     * "left eye" is still called left after the flip: {@code out[i] = flip(in[perm[i]])}.
     */
    public static List<Keypoint> flipHorizontal(List<Keypoint> keypoints, int[] permutation) {
        if (permutation.length != keypoints.size()) {
            throw new IllegalArgumentException("flip permutation has " + permutation.length + " entries for "
                    + keypoints.size() + " keypoints");
        }
        List<Keypoint> out = new ArrayList<>(keypoints.size());
        for (int src : permutation) {
            Keypoint k = keypoints.get(src);
            out.add(k.isLabelled() ? new Keypoint(k.y(), 1 - k.x(), k.visibility()) : k);
        }
        return out;
    }

    /**
     * Keypoints relative to a window (as {@link Box#inWindow}); labelled keypoints that fall outside the
     * window become not labelled, as the OD API's crop does.
     */
    public static List<Keypoint> inWindow(List<Keypoint> keypoints, Box window) {
        List<Keypoint> out = new ArrayList<>(keypoints.size());
        for (Keypoint k : keypoints) {
            if (!k.isLabelled() || k.y() < window.ymin() || k.y() > window.ymax()
                    || k.x() < window.xmin() || k.x() > window.xmax()) {
                out.add(Keypoint.notLabelled());
            } else {
                out.add(new Keypoint((k.y() - window.ymin()) / window.height(),
                        (k.x() - window.xmin()) / window.width(), k.visibility()));
            }
        }
        return out;
    }

    /** The tight box around the labelled keypoints, or null when none is labelled. */
    public static Box extent(List<Keypoint> keypoints) {
        double y0 = Double.POSITIVE_INFINITY;
        double x0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        for (Keypoint k : keypoints) {
            if (k.isLabelled()) {
                y0 = Math.min(y0, k.y());
                x0 = Math.min(x0, k.x());
                y1 = Math.max(y1, k.y());
                x1 = Math.max(x1, k.x());
            }
        }
        return y0 == Double.POSITIVE_INFINITY ? null : new Box(y0, x0, y1, x1);
    }
}
