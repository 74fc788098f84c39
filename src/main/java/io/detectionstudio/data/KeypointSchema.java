package io.detectionstudio.data;

import java.util.ArrayList;
import java.util.List;

/**
 * The keypoints of a category: their names (in order), the skeleton edges drawn between them and the
 * left/right pairs that swap under a horizontal flip. Edge and pair indices are 0-based.
 */
public record KeypointSchema(List<String> names, List<Edge> skeleton, List<Edge> flipPairs) {

    /** A pair of 0-based keypoint indices. */
    public record Edge(int a, int b) {
    }

    public KeypointSchema {
        names = List.copyOf(names);
        skeleton = List.copyOf(skeleton);
        flipPairs = List.copyOf(flipPairs);
        for (Edge e : skeleton) {
            check(e, names.size(), "skeleton edge");
        }
        for (Edge e : flipPairs) {
            check(e, names.size(), "flip pair");
        }
    }

    public int size() {
        return names.size();
    }

    /** Flip pairs as {@code int[2]}s, the form {@link io.detectionstudio.core.Keypoints#flipPermutation} takes. */
    public List<int[]> flipPairArrays() {
        List<int[]> out = new ArrayList<>(flipPairs.size());
        for (Edge e : flipPairs) {
            out.add(new int[] {e.a(), e.b()});
        }
        return out;
    }

    private static void check(Edge e, int n, String what) {
        if (e.a() < 0 || e.b() < 0 || e.a() >= n || e.b() >= n || e.a() == e.b()) {
            throw new IllegalArgumentException(what + " (" + e.a() + ", " + e.b() + ") is not a pair of distinct keypoints among "
                    + n);
        }
    }
}
