package io.detectionstudio.core.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The few numpy and Python behaviours that COCOeval's numbers depend on, reproduced to the bit: how
 * {@code np.linspace} places its points, how {@code np.sum}/{@code np.mean} add (pairwise), how
 * {@code np.argsort(kind='mergesort')} orders ties, and how {@code '{:0.3f}'.format} rounds.
 */
final class NumpyMath {

    /** {@code np.spacing(1)}: the distance from 1.0 to the next double. */
    static final double EPS = Math.ulp(1.0);

    private static final int PAIRWISE_BLOCK = 128;

    private NumpyMath() {
    }

    /** {@code np.linspace(start, stop, num, endpoint=True)}: {@code i * step + start}, last point {@code stop}. */
    static double[] linspace(double start, double stop, int num) {
        double[] y = new double[num];
        if (num == 1) {
            y[0] = start;
            return y;
        }
        double step = (stop - start) / (num - 1);
        for (int i = 0; i < num; i++) {
            y[i] = i * step + start;
        }
        y[num - 1] = stop;
        return y;
    }

    /** {@code np.sum} of {@code a[0..n)}: numpy's pairwise summation (8 accumulators, blocks of 128). */
    static double pairwiseSum(double[] a, int n) {
        return pairwiseSum(a, 0, n);
    }

    private static double pairwiseSum(double[] a, int off, int n) {
        if (n < 8) {
            double res = -0.0;
            for (int i = 0; i < n; i++) {
                res += a[off + i];
            }
            return res;
        } else if (n <= PAIRWISE_BLOCK) {
            double r0 = a[off], r1 = a[off + 1], r2 = a[off + 2], r3 = a[off + 3];
            double r4 = a[off + 4], r5 = a[off + 5], r6 = a[off + 6], r7 = a[off + 7];
            int i;
            for (i = 8; i < n - (n % 8); i += 8) {
                r0 += a[off + i];
                r1 += a[off + i + 1];
                r2 += a[off + i + 2];
                r3 += a[off + i + 3];
                r4 += a[off + i + 4];
                r5 += a[off + i + 5];
                r6 += a[off + i + 6];
                r7 += a[off + i + 7];
            }
            double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) {
                res += a[off + i];
            }
            return res;
        } else {
            int n2 = n / 2;
            n2 -= n2 % 8;
            return pairwiseSum(a, off, n2) + pairwiseSum(a, off + n2, n - n2);
        }
    }

    /**
     * The indices of {@code scores} ordered by decreasing score, ties in index order: what
     * {@code np.argsort(-scores, kind='mergesort')} returns ({@code 0.0} and {@code -0.0} tie, as in
     * numpy). Scores are never NaN ({@link EvalDetection} refuses them).
     */
    static int[] argsortByScoreDesc(double[] scores) {
        int n = scores.length;
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        if (n > 1) {
            mergeSort(idx, new int[n], 0, n, scores);
        }
        return idx;
    }

    private static void mergeSort(int[] idx, int[] tmp, int lo, int hi, double[] s) {
        if (hi - lo < 2) {
            return;
        }
        if (hi - lo <= 16) {
            // stable insertion sort
            for (int i = lo + 1; i < hi; i++) {
                int v = idx[i];
                int j = i - 1;
                while (j >= lo && s[idx[j]] < s[v]) {
                    idx[j + 1] = idx[j];
                    j--;
                }
                idx[j + 1] = v;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        mergeSort(idx, tmp, lo, mid, s);
        mergeSort(idx, tmp, mid, hi, s);
        int i = lo, j = mid, k = lo;
        while (i < mid && j < hi) {
            // take from the right half only when strictly better: keeps ties in order
            if (s[idx[j]] > s[idx[i]]) {
                tmp[k++] = idx[j++];
            } else {
                tmp[k++] = idx[i++];
            }
        }
        while (i < mid) {
            tmp[k++] = idx[i++];
        }
        while (j < hi) {
            tmp[k++] = idx[j++];
        }
        System.arraycopy(tmp, lo, idx, lo, hi - lo);
    }

    /** {@code np.searchsorted(sorted, x, side='left')}: the first index whose value is not below {@code x}. */
    static int searchsortedLeft(double[] sorted, int n, double x) {
        int lo = 0, hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Python's {@code '{:0.<digits>f}'.format(v)}: the exact binary value rounded half-to-even (Java's
     * {@code String.format} rounds the shortest decimal half-up, which differs, e.g. on 1.0005).
     */
    static String fixed(double v, int digits) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        String s = new BigDecimal(v).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
        if ((v < 0 || (v == 0 && 1 / v < 0)) && !s.startsWith("-")) {
            s = "-" + s; // Python keeps the sign of values that round to zero: -0.0001 -> '-0.000'
        }
        return s;
    }
}
