package io.detectionstudio.core.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The 10 keypoint metrics of {@code COCOeval.summarize()} for {@code iouType='keypoints'} (its
 * {@code stats}, in that order), plus per-category results. OKS plays the role of IoU; maxDets is 20
 * throughout and the area ranges are all, medium (32² to 96²) and large (&gt; 96²). Every value is -1
 * when undefined, as in pycocotools.
 *
 * @param ap           AP @[OKS=.50:.95, area=all, maxDets=20]
 * @param ap50         AP @[OKS=.50]
 * @param ap75         AP @[OKS=.75]
 * @param apMedium     AP, medium
 * @param apLarge      AP, large
 * @param ar           AR @[OKS=.50:.95, area=all, maxDets=20]
 * @param ar50         AR @[OKS=.50]
 * @param ar75         AR @[OKS=.75]
 * @param arMedium     AR, medium
 * @param arLarge      AR, large
 * @param apByCategory AP@[.50:.95] (area all, maxDets 20) per category id, in increasing id order; -1
 *                     for a category without a non-ignored ground truth
 * @param prCurves     the precision-recall curve at OKS .50 per category id, same order
 */
public record KeypointMetrics(double ap, double ap50, double ap75, double apMedium, double apLarge,
                              double ar, double ar50, double ar75, double arMedium, double arLarge,
                              Map<Integer, Double> apByCategory,
                              Map<Integer, PrecisionRecallCurve> prCurves) {

    /** Makes the maps unmodifiable (keeping their order). */
    public KeypointMetrics {
        apByCategory = Collections.unmodifiableMap(new LinkedHashMap<>(apByCategory));
        prCurves = Collections.unmodifiableMap(new LinkedHashMap<>(prCurves));
    }

    /** The 10 values in {@code COCOeval.stats} order. */
    public double[] stats() {
        return new double[] {ap, ap50, ap75, apMedium, apLarge, ar, ar50, ar75, arMedium, arLarge};
    }

    /** The 10 lines {@code COCOeval.summarize()} prints, without line ends. */
    public List<String> summaryLines() {
        double all = Double.NaN;
        return List.of(
                Summaries.line(true, all, "all", 20, ap),
                Summaries.line(true, 0.5, "all", 20, ap50),
                Summaries.line(true, 0.75, "all", 20, ap75),
                Summaries.line(true, all, "medium", 20, apMedium),
                Summaries.line(true, all, "large", 20, apLarge),
                Summaries.line(false, all, "all", 20, ar),
                Summaries.line(false, 0.5, "all", 20, ar50),
                Summaries.line(false, 0.75, "all", 20, ar75),
                Summaries.line(false, all, "medium", 20, arMedium),
                Summaries.line(false, all, "large", 20, arLarge));
    }

    /** The summary as printed: the 10 lines, each ended by {@code '\n'}. */
    public String summary() {
        return String.join("\n", summaryLines()) + "\n";
    }
}
