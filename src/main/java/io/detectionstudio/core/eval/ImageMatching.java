package io.detectionstudio.core.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which detections on one image are true positives, false positives or ignored at one IoU threshold, and which
 * ground truths they miss: COCOeval's own greedy matching ({@code evaluateImg}, area range "all"; the code is
 * shared with {@link CocoEvaluator}) applied per category, so that an image's errors can be shown and counted
 * the way the metrics count them.
 *
 * <p>Per category, detections are taken by decreasing score (ties in input order); each takes the free ground
 * truth it overlaps best with an IoU of at least the threshold. A crowd or difficult ground truth is ignored: it
 * is never missed, and detections that match it (any number of them) are neither true nor false positives.
 * Unlike the evaluator, nothing is cut at 100 detections per category: every detection given is matched, so
 * filter by score first. Boxes are COCO pixels {@code [x, y, width, height]}, as everywhere in this package.
 */
public final class ImageMatching {

    /** What a detection is. */
    public enum DetectionOutcome {
        /** It matched a ground truth. */
        TRUE_POSITIVE,
        /** It matched nothing (a duplicate, a wrong class, a poor box, or nothing there). */
        FALSE_POSITIVE,
        /** It matched a crowd or difficult ground truth: not counted. */
        IGNORED
    }

    /** What became of a ground truth. */
    public enum GroundTruthOutcome {
        /** A detection matched it. */
        MATCHED,
        /** No detection matched it. */
        MISSED,
        /** A crowd or difficult object: never counted as missed. */
        IGNORED
    }

    /**
     * The outcome of each detection and each ground truth, in the order given.
     *
     * @param detections   one outcome per detection
     * @param groundTruths one outcome per ground truth
     * @param matches      per detection, the index of the ground truth it matched, or -1
     */
    public record Result(List<DetectionOutcome> detections, List<GroundTruthOutcome> groundTruths, int[] matches) {

        /** Makes the lists unmodifiable and copies {@code matches}; the accessor returns a copy. */
        public Result {
            detections = List.copyOf(detections);
            groundTruths = List.copyOf(groundTruths);
            matches = matches.clone();
        }

        @Override
        public int[] matches() {
            return matches.clone();
        }

        public int truePositives() {
            return (int) detections.stream().filter(o -> o == DetectionOutcome.TRUE_POSITIVE).count();
        }

        public int falsePositives() {
            return (int) detections.stream().filter(o -> o == DetectionOutcome.FALSE_POSITIVE).count();
        }

        public int misses() {
            return (int) groundTruths.stream().filter(o -> o == GroundTruthOutcome.MISSED).count();
        }
    }

    private ImageMatching() {
    }

    /**
     * Matches the detections of one image to its ground truths (image ids are not looked at).
     *
     * @param iouThreshold e.g. 0.5; a pair matches when its IoU is at least this
     * @throws IllegalArgumentException if a detection has no box
     */
    public static Result match(List<EvalGroundTruth> gts, List<EvalDetection> dts, double iouThreshold) {
        Map<Integer, List<Integer>> gtsByCategory = new LinkedHashMap<>();
        for (int g = 0; g < gts.size(); g++) {
            gtsByCategory.computeIfAbsent(gts.get(g).categoryId(), k -> new ArrayList<>()).add(g);
        }
        Map<Integer, List<Integer>> dtsByCategory = new LinkedHashMap<>();
        for (int d = 0; d < dts.size(); d++) {
            if (dts.get(d).bbox() == null) {
                throw new IllegalArgumentException("box matching needs a bbox on every detection: " + dts.get(d));
            }
            dtsByCategory.computeIfAbsent(dts.get(d).categoryId(), k -> new ArrayList<>()).add(d);
        }

        DetectionOutcome[] dtOut = new DetectionOutcome[dts.size()];
        Arrays.fill(dtOut, DetectionOutcome.FALSE_POSITIVE);
        GroundTruthOutcome[] gtOut = new GroundTruthOutcome[gts.size()];
        for (int g = 0; g < gts.size(); g++) {
            gtOut[g] = ignored(gts.get(g)) ? GroundTruthOutcome.IGNORED : GroundTruthOutcome.MISSED;
        }
        int[] matches = new int[dts.size()];
        Arrays.fill(matches, -1);

        for (Map.Entry<Integer, List<Integer>> e : dtsByCategory.entrySet()) {
            List<Integer> catGts = gtsByCategory.getOrDefault(e.getKey(), Collections.emptyList());
            if (catGts.isEmpty()) {
                continue;
            }
            List<Integer> catDts = e.getValue();
            double[] scores = new double[catDts.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = dts.get(catDts.get(i)).score();
            }
            int[] order = NumpyMath.argsortByScoreDesc(scores);

            // ground truths ignore-last (stable), as evaluateImg sorts them
            int n = catGts.size();
            int[] gtind = new int[n];
            int next = 0;
            for (int pass = 0; pass < 2; pass++) {
                for (int g = 0; g < n; g++) {
                    if (ignored(gts.get(catGts.get(g))) == (pass == 1)) {
                        gtind[next++] = g;
                    }
                }
            }
            boolean[] gtIg = new boolean[n];
            for (int g = 0; g < n; g++) {
                gtIg[g] = ignored(gts.get(catGts.get(gtind[g])));
            }

            double[][] ious = new double[order.length][n];
            for (int d = 0; d < order.length; d++) {
                double[] box = dts.get(catDts.get(order[d])).bbox();
                for (int g = 0; g < n; g++) {
                    EvalGroundTruth gt = gts.get(catGts.get(g));
                    ious[d][g] = CocoEvaluator.boxIou(box, gt.bbox(), gt.iscrowd());
                }
            }
            int[] match = CocoEvalEngine.greedyMatch(ious, order.length, gtind, gtIg, gtIg, iouThreshold);
            for (int d = 0; d < order.length; d++) {
                if (match[d] == -1) {
                    continue;
                }
                int det = catDts.get(order[d]);
                int gt = catGts.get(gtind[match[d]]);
                matches[det] = gt;
                if (gtIg[match[d]]) {
                    dtOut[det] = DetectionOutcome.IGNORED;
                } else {
                    dtOut[det] = DetectionOutcome.TRUE_POSITIVE;
                    gtOut[gt] = GroundTruthOutcome.MATCHED;
                }
            }
        }
        return new Result(Arrays.asList(dtOut), Arrays.asList(gtOut), matches);
    }

    /** Crowd regions and VOC-difficult objects, which COCOeval (with our difficult rule) ignores. */
    private static boolean ignored(EvalGroundTruth g) {
        return g.iscrowd() || g.ignore();
    }
}
