package io.detectionstudio.core.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The COCOeval pipeline ({@code evaluate}, {@code accumulate}, the means of {@code summarize}) behind
 * {@link CocoEvaluator}. Names and steps follow {@code pycocotools/cocoeval.py}; comments quote it where
 * the behaviour is subtle.
 */
final class CocoEvalEngine {

    /** {@code p.iouThrs}: {@code np.linspace(.5, 0.95, 10)}. */
    static final double[] IOU_THRESHOLDS = NumpyMath.linspace(0.5, 0.95, 10);
    /** {@code p.recThrs}: {@code np.linspace(.0, 1.00, 101)}. */
    static final double[] RECALL_THRESHOLDS = NumpyMath.linspace(0.0, 1.0, 101);

    private static final double MAX_AREA = 1e5 * 1e5;

    enum Kind { BOXES, KEYPOINTS }

    /** The {@code Params} that differ between iou types. */
    record Setup(Kind kind, double[][] areaRanges, String[] areaLabels, int[] maxDets) {
        int areaIndex(String label) {
            for (int a = 0; a < areaLabels.length; a++) {
                if (areaLabels[a].equals(label)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("no area range " + label);
        }

        int maxDetIndex(int maxDet) {
            for (int m = 0; m < maxDets.length; m++) {
                if (maxDets[m] == maxDet) {
                    return m;
                }
            }
            throw new IllegalArgumentException("no maxDets " + maxDet);
        }

        int lastMaxDet() {
            return maxDets[maxDets.length - 1];
        }
    }

    /** {@code Params.setDetParams()}. */
    static final Setup BOXES = new Setup(Kind.BOXES,
            new double[][] {{0, MAX_AREA}, {0, 32 * 32}, {32 * 32, 96 * 96}, {96 * 96, MAX_AREA}},
            new String[] {"all", "small", "medium", "large"},
            new int[] {1, 10, 100});

    /** {@code Params.setKpParams()}. */
    static final Setup KEYPOINTS = new Setup(Kind.KEYPOINTS,
            new double[][] {{0, MAX_AREA}, {32 * 32, 96 * 96}, {96 * 96, MAX_AREA}},
            new String[] {"all", "medium", "large"},
            new int[] {20});

    private CocoEvalEngine() {
    }

    /** A prepared ground truth: {@code gt['ignore']} and whether several detections may match it. */
    private record Gt(EvalGroundTruth src, boolean ignore, boolean reusable) {
    }

    /** A prepared detection with its {@code loadRes} area. */
    private record Dt(EvalDetection src, double area) {
    }

    /** {@code self._gts[img, cat]} and {@code self._dts[img, cat]}, in input order. */
    private static final class Cell {
        final List<Gt> gts = new ArrayList<>();
        final List<Dt> dts = new ArrayList<>();
    }

    /** What accumulate needs of one {@code evaluateImg} result. */
    private record EvalImg(double[] dtScores, boolean[][] dtMatched, boolean[][] dtIgnore, int nonIgnoredGts) {
    }

    /** Runs evaluate and accumulate. */
    static Accumulation run(Setup setup, Collection<Long> imageIds, Collection<Integer> categoryIds,
                            List<EvalGroundTruth> gts, List<EvalDetection> dts,
                            Map<Integer, double[]> sigmasByCategory) {
        // p.imgIds = list(np.unique(p.imgIds)); p.catIds = list(np.unique(p.catIds))
        TreeSet<Long> imgSet = new TreeSet<>(imageIds);
        TreeSet<Integer> catSet = new TreeSet<>();
        if (categoryIds != null) {
            catSet.addAll(categoryIds);
        } else {
            for (EvalGroundTruth g : gts) {
                catSet.add(g.categoryId());
            }
        }
        Map<Long, Integer> imgIndex = new HashMap<>();
        for (long id : imgSet) {
            imgIndex.put(id, imgIndex.size());
        }
        int[] cats = catSet.stream().mapToInt(Integer::intValue).toArray();
        Map<Integer, Integer> catIndex = new HashMap<>();
        for (int c : cats) {
            catIndex.put(c, catIndex.size());
        }
        long numImages = imgSet.size();

        // _prepare: cells keyed by k * I + i so that iteration is category-major, then image order
        TreeMap<Long, Cell> cells = new TreeMap<>();
        for (EvalGroundTruth g : gts) {
            Integer i = imgIndex.get(g.imageId());
            Integer k = catIndex.get(g.categoryId());
            if (i == null || k == null) {
                continue;
            }
            // gt['ignore'] = 'iscrowd' in gt and gt['iscrowd']; keypoints: or num_keypoints == 0
            boolean ignore = g.iscrowd() || g.ignore()
                    || (setup.kind() == Kind.KEYPOINTS && g.numKeypoints() == 0);
            cells.computeIfAbsent(k * numImages + i, key -> new Cell()).gts
                    .add(new Gt(g, ignore, g.iscrowd() || g.ignore()));
        }
        for (EvalDetection d : dts) {
            Integer i = imgIndex.get(d.imageId());
            Integer k = catIndex.get(d.categoryId());
            if (i == null || k == null) {
                continue;
            }
            cells.computeIfAbsent(k * numImages + i, key -> new Cell()).dts.add(new Dt(d, detectionArea(setup, d)));
        }

        // evaluate: one EvalImg per (cell, area range); the cells of each category in image order
        int numAreas = setup.areaRanges().length;
        List<List<EvalImg[]>> perCategory = new ArrayList<>();
        for (int k = 0; k < cats.length; k++) {
            perCategory.add(new ArrayList<>());
        }
        for (Map.Entry<Long, Cell> e : cells.entrySet()) {
            int k = (int) (e.getKey() / numImages);
            Cell cell = e.getValue();
            double[] sigmas = setup.kind() == Kind.KEYPOINTS ? sigmasFor(cats[k], cell, sigmasByCategory) : null;
            Dt[] sortedDts = sortedAndCut(cell.dts, setup.lastMaxDet());
            double[][] ious = setup.kind() == Kind.BOXES
                    ? computeIoU(cell.gts, sortedDts) : computeOks(cell.gts, sortedDts, sigmas);
            EvalImg[] byArea = new EvalImg[numAreas];
            for (int a = 0; a < numAreas; a++) {
                byArea[a] = evaluateImg(cell.gts, sortedDts, ious, setup.areaRanges()[a]);
            }
            perCategory.get(k).add(byArea);
        }
        return accumulate(setup, cats, perCategory);
    }

    /** {@code loadRes}: {@code bb[2] * bb[3]} for boxes, the keypoints' extent box for keypoints. */
    private static double detectionArea(Setup setup, EvalDetection d) {
        if (setup.kind() == Kind.BOXES) {
            if (d.bbox() == null) {
                throw new IllegalArgumentException("box evaluation needs a bbox on every detection: " + d);
            }
            return d.bbox()[2] * d.bbox()[3];
        }
        double[] s = d.keypoints();
        if (s == null) {
            throw new IllegalArgumentException("keypoint evaluation needs keypoints on every detection: " + d);
        }
        double x0 = s[0], x1 = s[0], y0 = s[1], y1 = s[1];
        for (int j = 3; j < s.length; j += 3) {
            x0 = Math.min(x0, s[j]);
            x1 = Math.max(x1, s[j]);
            y0 = Math.min(y0, s[j + 1]);
            y1 = Math.max(y1, s[j + 1]);
        }
        return (x1 - x0) * (y1 - y0);
    }

    private static double[] sigmasFor(int categoryId, Cell cell, Map<Integer, double[]> sigmasByCategory) {
        double[] sigmas = sigmasByCategory == null ? null : sigmasByCategory.get(categoryId);
        if (sigmas != null) {
            return sigmas;
        }
        int k = -1;
        for (Gt g : cell.gts) {
            if (g.src().keypoints() != null) {
                k = g.src().keypoints().length / 3;
                break;
            }
        }
        if (k < 0 && !cell.dts.isEmpty()) {
            k = cell.dts.get(0).src().keypoints().length / 3;
        }
        return CocoEvaluator.defaultSigmas(Math.max(k, 0));
    }

    /** Detections by decreasing score (stable), at most {@code maxDet} of them. */
    private static Dt[] sortedAndCut(List<Dt> dts, int maxDet) {
        double[] scores = new double[dts.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = dts.get(i).src().score();
        }
        int[] order = NumpyMath.argsortByScoreDesc(scores);
        Dt[] out = new Dt[Math.min(order.length, maxDet)];
        for (int i = 0; i < out.length; i++) {
            out[i] = dts.get(order[i]);
        }
        return out;
    }

    /** {@code computeIoU}: {@code ious[d][g]}, or {@code null} (pycocotools' {@code []}) when either side is empty. */
    private static double[][] computeIoU(List<Gt> gts, Dt[] dts) {
        if (gts.isEmpty() || dts.length == 0) {
            return null;
        }
        double[][] ious = new double[dts.length][gts.size()];
        for (int d = 0; d < dts.length; d++) {
            for (int g = 0; g < gts.size(); g++) {
                EvalGroundTruth gt = gts.get(g).src();
                ious[d][g] = CocoEvaluator.boxIou(dts[d].src().bbox(), gt.bbox(), gt.iscrowd());
            }
        }
        return ious;
    }

    /** {@code computeOks}: {@code ious[d][g]}, or {@code null} when either side is empty. */
    private static double[][] computeOks(List<Gt> gts, Dt[] dts, double[] sigmas) {
        if (gts.isEmpty() || dts.length == 0) {
            return null;
        }
        double[][] ious = new double[dts.length][gts.size()];
        for (int g = 0; g < gts.size(); g++) {
            EvalGroundTruth gt = gts.get(g).src();
            double[] gk = gt.keypoints() != null ? gt.keypoints() : new double[sigmas.length * 3];
            for (int d = 0; d < dts.length; d++) {
                ious[d][g] = CocoEvaluator.oks(gk, gt.bbox(), gt.area(), dts[d].src().keypoints(), sigmas);
            }
        }
        return ious;
    }

    /** {@code evaluateImg(imgId, catId, aRng, maxDet=maxDets[-1])}; {@code dts} are already sorted and cut. */
    private static EvalImg evaluateImg(List<Gt> cellGts, Dt[] dt, double[][] cellIous, double[] aRng) {
        int numGts = cellGts.size();
        // g['_ignore'] = g['ignore'] or area outside aRng; then sort gt ignore-last (stable)
        boolean[] ignoreByInput = new boolean[numGts];
        int nonIgnored = 0;
        for (int g = 0; g < numGts; g++) {
            Gt gt = cellGts.get(g);
            double area = gt.src().area();
            ignoreByInput[g] = gt.ignore() || area < aRng[0] || area > aRng[1];
            if (!ignoreByInput[g]) {
                nonIgnored++;
            }
        }
        int[] gtind = new int[numGts];
        int next = 0;
        for (int g = 0; g < numGts; g++) {
            if (!ignoreByInput[g]) {
                gtind[next++] = g;
            }
        }
        for (int g = 0; g < numGts; g++) {
            if (ignoreByInput[g]) {
                gtind[next++] = g;
            }
        }
        boolean[] gtIg = new boolean[numGts];
        boolean[] reusable = new boolean[numGts];
        for (int g = 0; g < numGts; g++) {
            gtIg[g] = ignoreByInput[gtind[g]];
            reusable[g] = cellGts.get(gtind[g]).reusable();
        }

        int numThresholds = IOU_THRESHOLDS.length;
        int numDts = dt.length;
        boolean[][] dtMatched = new boolean[numThresholds][numDts];
        boolean[][] dtIg = new boolean[numThresholds][numDts];
        if (cellIous != null) {
            for (int t = 0; t < numThresholds; t++) {
                int[] match = greedyMatch(cellIous, numDts, gtind, gtIg, reusable, IOU_THRESHOLDS[t]);
                for (int d = 0; d < numDts; d++) {
                    int m = match[d];
                    if (m == -1) {
                        continue;
                    }
                    dtIg[t][d] = gtIg[m];
                    dtMatched[t][d] = true;
                }
            }
        }
        // set unmatched detections outside of area range to ignore
        double[] scores = new double[numDts];
        for (int d = 0; d < numDts; d++) {
            scores[d] = dt[d].src().score();
            double area = dt[d].area();
            if (area < aRng[0] || area > aRng[1]) {
                for (int t = 0; t < numThresholds; t++) {
                    dtIg[t][d] |= !dtMatched[t][d];
                }
            }
        }
        return new EvalImg(scores, dtMatched, dtIg, nonIgnored);
    }

    /**
     * The greedy matching inside {@code evaluateImg} at one IoU threshold: in the given order (by decreasing
     * score), each detection takes the ground truth it overlaps best with an IoU of at least {@code threshold},
     * among those not yet taken (crowd and difficult ones may be taken again); once it holds a regular ground
     * truth it stops before the ignored ones, which come last.
     *
     * @param ious      {@code ious[d][g]} with {@code g} in input order, or {@code null} when either side is empty
     * @param gtind     the ground truths' input indices, non-ignored first
     * @param gtIg      whether each ground truth, in {@code gtind} order, is ignored
     * @param reusable  whether each ground truth, in {@code gtind} order, may match several detections
     * @return for each detection, the {@code gtind} position of its ground truth, or -1
     */
    static int[] greedyMatch(double[][] ious, int numDts, int[] gtind, boolean[] gtIg, boolean[] reusable,
                             double threshold) {
        int numGts = gtind.length;
        int[] match = new int[numDts];
        Arrays.fill(match, -1);
        if (ious == null) {
            return match;
        }
        boolean[] gtMatched = new boolean[numGts];
        for (int d = 0; d < numDts; d++) {
            double iou = Math.min(threshold, 1 - 1e-10);
            int m = -1;
            for (int g = 0; g < numGts; g++) {
                // if this gt already matched, and not a crowd, continue
                if (gtMatched[g] && !reusable[g]) {
                    continue;
                }
                // if dt matched to reg gt, and on ignore gt, stop
                if (m > -1 && !gtIg[m] && gtIg[g]) {
                    break;
                }
                double v = ious[d][gtind[g]];
                // continue to next gt unless better match made
                if (v < iou) {
                    continue;
                }
                iou = v;
                m = g;
            }
            if (m != -1) {
                match[d] = m;
                gtMatched[m] = true;
            }
        }
        return match;
    }

    /** {@code accumulate()}. */
    private static Accumulation accumulate(Setup setup, int[] cats, List<List<EvalImg[]>> perCategory) {
        int numT = IOU_THRESHOLDS.length;
        int numR = RECALL_THRESHOLDS.length;
        int numK = cats.length;
        int numA = setup.areaRanges().length;
        int numM = setup.maxDets().length;
        Accumulation acc = new Accumulation(setup, cats);

        for (int k = 0; k < numK; k++) {
            List<EvalImg[]> images = perCategory.get(k);
            if (images.isEmpty()) {
                continue;
            }
            for (int a = 0; a < numA; a++) {
                for (int m = 0; m < numM; m++) {
                    int maxDet = setup.maxDets()[m];
                    int total = 0;
                    int npig = 0;
                    for (EvalImg[] byArea : images) {
                        total += Math.min(maxDet, byArea[a].dtScores().length);
                        npig += byArea[a].nonIgnoredGts();
                    }
                    if (npig == 0) {
                        continue;
                    }
                    // concatenate each image's first maxDet detections, in image order
                    double[] scores = new double[total];
                    boolean[][] matched = new boolean[numT][total];
                    boolean[][] ignored = new boolean[numT][total];
                    int at = 0;
                    for (EvalImg[] byArea : images) {
                        EvalImg e = byArea[a];
                        int n = Math.min(maxDet, e.dtScores().length);
                        System.arraycopy(e.dtScores(), 0, scores, at, n);
                        for (int t = 0; t < numT; t++) {
                            System.arraycopy(e.dtMatched()[t], 0, matched[t], at, n);
                            System.arraycopy(e.dtIgnore()[t], 0, ignored[t], at, n);
                        }
                        at += n;
                    }
                    int[] inds = NumpyMath.argsortByScoreDesc(scores);
                    double[] scoresSorted = new double[total];
                    for (int i = 0; i < total; i++) {
                        scoresSorted[i] = scores[inds[i]];
                    }
                    double[] rc = new double[total];
                    double[] pr = new double[total];
                    for (int t = 0; t < numT; t++) {
                        double tp = 0;
                        double fp = 0;
                        for (int i = 0; i < total; i++) {
                            int j = inds[i];
                            if (!ignored[t][j]) {
                                if (matched[t][j]) {
                                    tp++;
                                } else {
                                    fp++;
                                }
                            }
                            rc[i] = tp / npig;
                            pr[i] = tp / (fp + tp + NumpyMath.EPS);
                        }
                        acc.setRecall(t, k, a, m, total > 0 ? rc[total - 1] : 0);
                        for (int i = total - 1; i > 0; i--) {
                            if (pr[i] > pr[i - 1]) {
                                pr[i - 1] = pr[i];
                            }
                        }
                        for (int r = 0; r < numR; r++) {
                            int pi = NumpyMath.searchsortedLeft(rc, total, RECALL_THRESHOLDS[r]);
                            boolean reached = pi < total;
                            acc.setPrecision(t, r, k, a, m, reached ? pr[pi] : 0, reached ? scoresSorted[pi] : 0);
                        }
                    }
                }
            }
        }
        return acc;
    }

    /**
     * {@code self.eval}: precision and scores {@code [T][R][K][A][M]}, recall {@code [T][K][A][M]}, stored
     * flat in numpy's C order; -1 where a setting has no non-ignored ground truth.
     */
    static final class Accumulation {
        final Setup setup;
        final int[] cats;
        private final int numR;
        private final int numK;
        private final int numA;
        private final int numM;
        private final double[] precision;
        private final double[] scores;
        private final double[] recall;

        Accumulation(Setup setup, int[] cats) {
            this.setup = setup;
            this.cats = cats;
            this.numR = RECALL_THRESHOLDS.length;
            this.numK = cats.length;
            this.numA = setup.areaRanges().length;
            this.numM = setup.maxDets().length;
            int numT = IOU_THRESHOLDS.length;
            precision = new double[numT * numR * numK * numA * numM];
            scores = new double[precision.length];
            recall = new double[numT * numK * numA * numM];
            Arrays.fill(precision, -1);
            Arrays.fill(scores, -1);
            Arrays.fill(recall, -1);
        }

        private int pIndex(int t, int r, int k, int a, int m) {
            return (((t * numR + r) * numK + k) * numA + a) * numM + m;
        }

        private int rIndex(int t, int k, int a, int m) {
            return ((t * numK + k) * numA + a) * numM + m;
        }

        void setPrecision(int t, int r, int k, int a, int m, double p, double s) {
            precision[pIndex(t, r, k, a, m)] = p;
            scores[pIndex(t, r, k, a, m)] = s;
        }

        void setRecall(int t, int k, int a, int m, double v) {
            recall[rIndex(t, k, a, m)] = v;
        }

        /**
         * {@code _summarize(ap, iouThr, areaRng, maxDets)}: the mean of the selected entries that are
         * {@code > -1}, or -1 when there are none.
         *
         * @param iouThr an IoU threshold, or NaN for all of them
         */
        double summarize(boolean ap, double iouThr, String areaLabel, int maxDets) {
            int a = setup.areaIndex(areaLabel);
            int m = setup.maxDetIndex(maxDets);
            int t0 = 0;
            int t1 = IOU_THRESHOLDS.length;
            if (!Double.isNaN(iouThr)) {
                t0 = -1;
                for (int t = 0; t < IOU_THRESHOLDS.length; t++) {
                    if (IOU_THRESHOLDS[t] == iouThr) { // np.where(iouThr == p.iouThrs)
                        t0 = t;
                    }
                }
                if (t0 < 0) {
                    throw new IllegalArgumentException("not an IoU threshold: " + iouThr);
                }
                t1 = t0 + 1;
            }
            double[] kept = new double[(t1 - t0) * (ap ? numR : 1) * numK];
            int n = 0;
            for (int t = t0; t < t1; t++) {
                if (ap) {
                    for (int r = 0; r < numR; r++) {
                        for (int k = 0; k < numK; k++) {
                            double v = precision[pIndex(t, r, k, a, m)];
                            if (v > -1) {
                                kept[n++] = v;
                            }
                        }
                    }
                } else {
                    for (int k = 0; k < numK; k++) {
                        double v = recall[rIndex(t, k, a, m)];
                        if (v > -1) {
                            kept[n++] = v;
                        }
                    }
                }
            }
            return n == 0 ? -1 : NumpyMath.pairwiseSum(kept, n) / n;
        }

        /** AP@[.50:.95] of category index {@code k}, area all, the last maxDets; -1 when undefined. */
        double categoryAp(int k) {
            int m = numM - 1;
            double[] kept = new double[IOU_THRESHOLDS.length * numR];
            int n = 0;
            for (int t = 0; t < IOU_THRESHOLDS.length; t++) {
                for (int r = 0; r < numR; r++) {
                    double v = precision[pIndex(t, r, k, 0, m)];
                    if (v > -1) {
                        kept[n++] = v;
                    }
                }
            }
            return n == 0 ? -1 : NumpyMath.pairwiseSum(kept, n) / n;
        }

        /** The precision/recall curve of category index {@code k} at IoU .50, area all, the last maxDets. */
        PrecisionRecallCurve curve(int k) {
            double[] p = new double[numR];
            double[] s = new double[numR];
            for (int r = 0; r < numR; r++) {
                p[r] = precision[pIndex(0, r, k, 0, numM - 1)];
                s[r] = scores[pIndex(0, r, k, 0, numM - 1)];
            }
            return new PrecisionRecallCurve(cats[k], p, s);
        }
    }
}
