package io.detectionstudio.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Non-maximum suppression: hard, soft (Gaussian) and class-aware, with the semantics of TensorFlow's
 * {@code NonMaxSuppressionV5} and the OD API's {@code multiclass_non_max_suppression}:
 * <ul>
 *   <li>candidates are visited by descending score, ties by ascending index;</li>
 *   <li>a candidate is kept only while its score is {@code > scoreThreshold};</li>
 *   <li>a candidate is suppressed when its IoU with a kept box is {@code > iouThreshold} (equal is kept);</li>
 *   <li>soft NMS ({@code sigma > 0}) instead multiplies the score by {@code exp(-0.5 * iou^2 / sigma)} for
 *       overlaps at or below the threshold, and returns the decayed scores.</li>
 * </ul>
 * This is the pure-Java reference that the TensorFlow postprocessing is tested against.
 */
public final class Nms {

    /** Kept indices into the input, in the order they were selected, with their (possibly decayed) scores. */
    public record Result(int[] indices, double[] scores) {
        public int size() {
            return indices.length;
        }
    }

    /** One kept detection of {@link #classAware}: input index, class and (possibly decayed) score. */
    public record ClassResult(int index, int classId, double score) {
    }

    private Nms() {
    }

    /** Hard NMS. */
    public static Result hard(List<Box> boxes, double[] scores, double iouThreshold, double scoreThreshold, int maxOutput) {
        return soft(boxes, scores, iouThreshold, scoreThreshold, maxOutput, 0);
    }

    /** Soft NMS with a Gaussian decay of width {@code sigma}; {@code sigma == 0} is hard NMS. */
    public static Result soft(List<Box> boxes, double[] scores, double iouThreshold, double scoreThreshold,
                              int maxOutput, double sigma) {
        if (boxes.size() != scores.length) {
            throw new IllegalArgumentException("boxes and scores differ in length: " + boxes.size() + " vs " + scores.length);
        }
        if (sigma < 0 || maxOutput < 0) {
            throw new IllegalArgumentException("sigma and maxOutput must be >= 0, got " + sigma + ", " + maxOutput);
        }
        int n = scores.length;
        double[] current = scores.clone();
        boolean[] alive = new boolean[n];
        for (int i = 0; i < n; i++) {
            alive[i] = current[i] > scoreThreshold;
        }
        int[] keptIndices = new int[Math.min(n, maxOutput)];
        double[] keptScores = new double[keptIndices.length];
        int kept = 0;
        while (kept < keptIndices.length) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (alive[i] && (best < 0 || current[i] > current[best])) {
                    best = i;
                }
            }
            if (best < 0 || !(current[best] > scoreThreshold)) {
                break;
            }
            alive[best] = false;
            keptIndices[kept] = best;
            keptScores[kept] = current[best];
            kept++;
            Box b = boxes.get(best);
            for (int i = 0; i < n; i++) {
                if (!alive[i]) {
                    continue;
                }
                double iou = b.iou(boxes.get(i));
                if (iou > iouThreshold) {
                    alive[i] = false;
                } else if (sigma > 0) {
                    current[i] *= Math.exp(-0.5 * iou * iou / sigma);
                    alive[i] = current[i] > scoreThreshold;
                }
            }
        }
        return new Result(Arrays.copyOf(keptIndices, kept), Arrays.copyOf(keptScores, kept));
    }

    /**
     * NMS run separately per class, then merged by descending score and cut to {@code maxTotal}: boxes of
     * different classes never suppress each other.
     */
    public static List<ClassResult> classAware(List<Box> boxes, double[] scores, int[] classes, double iouThreshold,
                                               double scoreThreshold, int maxPerClass, int maxTotal, double sigma) {
        if (classes.length != scores.length) {
            throw new IllegalArgumentException("classes and scores differ in length: " + classes.length + " vs " + scores.length);
        }
        int[] distinct = Arrays.stream(classes).distinct().sorted().toArray();
        List<ClassResult> all = new ArrayList<>();
        for (int c : distinct) {
            int[] members = java.util.stream.IntStream.range(0, classes.length).filter(i -> classes[i] == c).toArray();
            List<Box> classBoxes = new ArrayList<>(members.length);
            double[] classScores = new double[members.length];
            for (int k = 0; k < members.length; k++) {
                classBoxes.add(boxes.get(members[k]));
                classScores[k] = scores[members[k]];
            }
            Result r = soft(classBoxes, classScores, iouThreshold, scoreThreshold, maxPerClass, sigma);
            for (int k = 0; k < r.size(); k++) {
                all.add(new ClassResult(members[r.indices()[k]], c, r.scores()[k]));
            }
        }
        all.sort(Comparator.comparingDouble(ClassResult::score).reversed().thenComparingInt(ClassResult::index));
        return all.size() > maxTotal ? new ArrayList<>(all.subList(0, maxTotal)) : all;
    }
}
