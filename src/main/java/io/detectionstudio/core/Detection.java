package io.detectionstudio.core;

import java.util.List;

/**
 * One thing a detector found: a normalized {@link Box}, the dataset's category id (label maps count from 1),
 * a score in {@code [0, 1]}, and for keypoint classes the keypoints (else an empty list) with a score each.
 */
public record Detection(Box box, int categoryId, double score, List<Keypoint> keypoints, double[] keypointScores) {

    public Detection {
        keypoints = List.copyOf(keypoints);
        keypointScores = keypointScores == null ? new double[0] : keypointScores.clone();
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("detection score must be finite, got " + score);
        }
    }

    /** A box-only detection. */
    public Detection(Box box, int categoryId, double score) {
        this(box, categoryId, score, List.of(), null);
    }

    @Override
    public double[] keypointScores() {
        return keypointScores.clone();
    }

    public boolean hasKeypoints() {
        return !keypoints.isEmpty();
    }
}
