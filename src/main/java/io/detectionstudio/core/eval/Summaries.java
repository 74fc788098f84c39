package io.detectionstudio.core.eval;

import java.util.Locale;

/** The lines {@code COCOeval.summarize()} prints. */
final class Summaries {

    private Summaries() {
    }

    /**
     * {@code ' {:<18} {} @[ IoU={:<9} | area={:>6s} | maxDets={:>3d} ] = {:0.3f}'}.
     *
     * @param iouThr an IoU threshold, or NaN for {@code 0.50:0.95}
     */
    static String line(boolean ap, double iouThr, String area, int maxDets, double value) {
        double[] thrs = CocoEvalEngine.IOU_THRESHOLDS;
        String iou = Double.isNaN(iouThr)
                ? NumpyMath.fixed(thrs[0], 2) + ":" + NumpyMath.fixed(thrs[thrs.length - 1], 2)
                : NumpyMath.fixed(iouThr, 2);
        return String.format(Locale.ROOT, " %-18s %s @[ IoU=%-9s | area=%6s | maxDets=%3d ] = %s",
                ap ? "Average Precision" : "Average Recall", ap ? "(AP)" : "(AR)", iou, area, maxDets,
                NumpyMath.fixed(value, 3));
    }
}
