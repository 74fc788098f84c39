package io.detectionstudio.ui.train;

import java.util.ArrayList;
import java.util.List;

/**
 * A curve of one value per step kept to at most {@code cap} points, so a chart stays cheap however long the run:
 * each point is the mean of {@link #stride()} consecutive steps, at the last of them; when the points would pass
 * the cap, neighbours are merged in pairs and the stride doubles. Averaging also smooths the step-to-step noise
 * of a loss. Not thread-safe.
 */
public final class DownsampledCurve {

    /** One point: the last step of its window and the mean value over the window. */
    public record Point(double step, double value) {
    }

    private final int cap;
    private final List<Point> points = new ArrayList<>();
    private int stride = 1;
    private double sum;
    private int count;
    private int merges;

    /** @param cap the most points kept; at least 2 */
    DownsampledCurve(int cap) {
        if (cap < 2) {
            throw new IllegalArgumentException("keep at least 2 points; got " + cap);
        }
        this.cap = cap - cap % 2;
    }

    void add(double step, double value) {
        sum += value;
        count++;
        if (count < stride) {
            return;
        }
        points.add(new Point(step, sum / count));
        sum = 0;
        count = 0;
        if (points.size() > cap) {
            List<Point> merged = new ArrayList<>(cap / 2 + 1);
            for (int i = 0; i + 1 < cap; i += 2) {
                merged.add(new Point(points.get(i + 1).step(), (points.get(i).value() + points.get(i + 1).value()) / 2));
            }
            // The window left over (one old stride) starts the next, twice as long.
            Point rest = points.get(cap);
            points.clear();
            points.addAll(merged);
            stride *= 2;
            sum = rest.value() * (stride / 2);
            count = stride / 2;
            merges++;
        }
    }

    /** The completed points, oldest first (the current window shows once it is complete). */
    List<Point> points() {
        return points;
    }

    int stride() {
        return stride;
    }

    /** Counts the merges: when it changes, points shown earlier were replaced. */
    int merges() {
        return merges;
    }
}
