package io.detectionstudio.data;

import io.detectionstudio.core.eval.CocoEvaluator;
import io.detectionstudio.core.eval.CocoMetrics;
import io.detectionstudio.core.eval.EvalDetection;
import io.detectionstudio.core.eval.EvalGroundTruth;
import io.detectionstudio.core.eval.KeypointMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates detections against a dataset's annotations with the core's COCO evaluator: box metrics always,
 * keypoint (OKS) metrics when a category has keypoints. Per-keypoint OKS sigmas come from a category's
 * {@code "keypoint_sigmas"} field when it has one, else the evaluator's default.
 */
public final class Evaluation {

    /** Box metrics, and keypoint metrics or null when no category has keypoints. */
    public record Report(CocoMetrics boxes, KeypointMetrics keypoints) {
    }

    private Evaluation() {
    }

    public static Report evaluate(Dataset dataset, List<DetectionsJson.Detection> detections) {
        List<Long> imageIds = dataset.images().stream().map(ImageRecord::id).toList();
        List<Integer> categoryIds = dataset.categories().stream().map(Category::id).toList();
        List<EvalGroundTruth> gts = new ArrayList<>();
        for (ObjectAnnotation a : dataset.annotations()) {
            gts.add(new EvalGroundTruth(a.id(), a.imageId(), a.categoryId(), a.bbox().toArray(), a.effectiveArea(),
                    a.iscrowd(), a.difficult(), a.keypoints()));
        }
        List<EvalDetection> boxDts = new ArrayList<>();
        List<EvalDetection> keypointDts = new ArrayList<>();
        for (DetectionsJson.Detection d : detections) {
            boxDts.add(EvalDetection.ofBox(d.imageId(), d.categoryId(), d.bbox().toArray(), d.score()));
            if (d.keypoints() != null) {
                keypointDts.add(new EvalDetection(d.imageId(), d.categoryId(), d.bbox().toArray(), d.score(), d.keypoints()));
            }
        }
        CocoMetrics boxes = CocoEvaluator.evaluateBoxes(imageIds, categoryIds, gts, boxDts);
        Map<Integer, double[]> sigmas = new LinkedHashMap<>();
        for (Category c : dataset.categories()) {
            if (c.hasKeypoints()) {
                sigmas.put(c.id(), sigmasOf(c));
            }
        }
        if (sigmas.isEmpty()) {
            return new Report(boxes, null);
        }
        List<EvalGroundTruth> keypointGts = gts.stream().filter(g -> sigmas.containsKey(g.categoryId())).toList();
        KeypointMetrics kp = CocoEvaluator.evaluateKeypoints(imageIds, List.copyOf(sigmas.keySet()), keypointGts,
                keypointDts, sigmas);
        return new Report(boxes, kp);
    }

    private static double[] sigmasOf(Category c) {
        Object s = c.extras().get("keypoint_sigmas");
        int n = c.keypoints().size();
        if (s instanceof List<?> list && list.size() == n && list.stream().allMatch(v -> v instanceof Number)) {
            return list.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
        }
        return CocoEvaluator.defaultSigmas(n);
    }
}
