package io.detectionstudio.core.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The 12 box metrics of {@code COCOeval.summarize()} for {@code iouType='bbox'} (its {@code stats}, in
 * that order), plus per-category results. Every value is -1 when undefined (no non-ignored ground truth
 * in that setting), as in pycocotools. AP is averaged over IoU thresholds .50:.05:.95 unless named
 * otherwise; AR is the mean over the same thresholds of the recall reached.
 *
 * @param ap            AP @[IoU=.50:.95, area=all, maxDets=100]
 * @param ap50          AP @[IoU=.50, area=all, maxDets=100]
 * @param ap75          AP @[IoU=.75, area=all, maxDets=100]
 * @param apSmall       AP, area &lt; 32² (the ground truth's {@code area} field)
 * @param apMedium      AP, 32² to 96²
 * @param apLarge       AP, &gt; 96²
 * @param ar1           AR @[area=all, maxDets=1]
 * @param ar10          AR @[area=all, maxDets=10]
 * @param ar100         AR @[area=all, maxDets=100]
 * @param arSmall       AR, small, maxDets=100
 * @param arMedium      AR, medium, maxDets=100
 * @param arLarge       AR, large, maxDets=100
 * @param apByCategory  AP@[.50:.95] (area all, maxDets 100) per category id, in increasing id order;
 *                      -1 for a category without a non-ignored ground truth
 * @param prCurves      the precision-recall curve at IoU .50 per category id, same order
 */
public record CocoMetrics(double ap, double ap50, double ap75, double apSmall, double apMedium,
                          double apLarge, double ar1, double ar10, double ar100, double arSmall,
                          double arMedium, double arLarge, Map<Integer, Double> apByCategory,
                          Map<Integer, PrecisionRecallCurve> prCurves) {

    /** Makes the maps unmodifiable (keeping their order). */
    public CocoMetrics {
        apByCategory = Collections.unmodifiableMap(new LinkedHashMap<>(apByCategory));
        prCurves = Collections.unmodifiableMap(new LinkedHashMap<>(prCurves));
    }

    /** The 12 values in {@code COCOeval.stats} order. */
    public double[] stats() {
        return new double[] {ap, ap50, ap75, apSmall, apMedium, apLarge, ar1, ar10, ar100, arSmall, arMedium,
            arLarge};
    }

    /** The 12 lines {@code COCOeval.summarize()} prints, without line ends. */
    public List<String> summaryLines() {
        double all = Double.NaN;
        return List.of(
                Summaries.line(true, all, "all", 100, ap),
                Summaries.line(true, 0.5, "all", 100, ap50),
                Summaries.line(true, 0.75, "all", 100, ap75),
                Summaries.line(true, all, "small", 100, apSmall),
                Summaries.line(true, all, "medium", 100, apMedium),
                Summaries.line(true, all, "large", 100, apLarge),
                Summaries.line(false, all, "all", 1, ar1),
                Summaries.line(false, all, "all", 10, ar10),
                Summaries.line(false, all, "all", 100, ar100),
                Summaries.line(false, all, "small", 100, arSmall),
                Summaries.line(false, all, "medium", 100, arMedium),
                Summaries.line(false, all, "large", 100, arLarge));
    }

    /** The summary as printed: the 12 lines, each ended by {@code '\n'}. */
    public String summary() {
        return String.join("\n", summaryLines()) + "\n";
    }
}
