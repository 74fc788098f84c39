package io.detectionstudio.ui.train;

import io.detectionstudio.engine.training.TrainingListener;
import io.detectionstudio.engine.training.TrainingProgress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.chart.XYChart;

/**
 * The running job's charts (FX thread only): one series per loss term, downsampled to at most {@link #POINTS}
 * points (added to, or redrawn only when the downsampling merged points), and validation AP50 and AP by step.
 */
public final class LossChart {

    /** Most points per curve. */
    public static final int POINTS = 300;

    private final ObservableList<XYChart.Series<Number, Number>> lossSeries = FXCollections.observableArrayList();
    private final ObservableList<XYChart.Series<Number, Number>> validationSeries = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper bestValidation = new ReadOnlyStringWrapper("");
    private final Map<String, DownsampledCurve> curves = new LinkedHashMap<>();
    private final Map<String, XYChart.Series<Number, Number>> series = new LinkedHashMap<>();
    private final Map<String, Integer> merges = new LinkedHashMap<>();

    /** Empties the charts for a new run. */
    void clear() {
        lossSeries.clear();
        validationSeries.clear();
        bestValidation.set("");
        curves.clear();
        series.clear();
        merges.clear();
    }

    /** Adds the steps reported since the last call. */
    void addSteps(List<TrainingProgress> steps) {
        for (TrainingProgress p : steps) {
            p.losses().forEach((name, v) -> {
                if (!curves.containsKey(name)) {
                    curves.put(name, new DownsampledCurve(POINTS));
                    XYChart.Series<Number, Number> s = new XYChart.Series<>();
                    s.setName(name);
                    series.put(name, s);
                    merges.put(name, 0);
                    lossSeries.add(s);
                }
                if (Double.isFinite(v)) {
                    curves.get(name).add(p.step(), v);
                }
            });
        }
        curves.forEach((name, curve) -> {
            ObservableList<XYChart.Data<Number, Number>> data = series.get(name).getData();
            List<DownsampledCurve.Point> points = curve.points();
            if (curve.merges() != merges.get(name)) {
                merges.put(name, curve.merges());
                data.setAll(points.stream().map(LossChart::data).toList());
            } else if (points.size() > data.size()) {
                data.addAll(points.subList(data.size(), points.size()).stream().map(LossChart::data).toList());
            }
        });
    }

    /** Adds a validation; {@code best}: it is the best so far. */
    void addValidation(int step, Map<String, Double> m, boolean best) {
        if (validationSeries.isEmpty()) {
            for (String name : new String[] {TrainingListener.AP50, TrainingListener.AP}) {
                XYChart.Series<Number, Number> s = new XYChart.Series<>();
                s.setName("validation " + name);
                validationSeries.add(s);
            }
        }
        validationSeries.get(0).getData().add(new XYChart.Data<>(step, m.getOrDefault(TrainingListener.AP50, 0.0)));
        validationSeries.get(1).getData().add(new XYChart.Data<>(step, m.getOrDefault(TrainingListener.AP, 0.0)));
        if (best) {
            bestValidation.set(String.format(Locale.ROOT, "best validation AP50 %.3f (AP %.3f) at step %d",
                    m.getOrDefault(TrainingListener.AP50, -1.0), m.getOrDefault(TrainingListener.AP, -1.0), step));
        }
    }

    private static XYChart.Data<Number, Number> data(DownsampledCurve.Point p) {
        return new XYChart.Data<>(p.step(), p.value());
    }

    /** One series per loss term of the run in progress (or the last one). */
    public ObservableList<XYChart.Series<Number, Number>> lossSeries() {
        return lossSeries;
    }

    /** Validation AP50 and AP by step, once the run validates. */
    public ObservableList<XYChart.Series<Number, Number>> validationSeries() {
        return validationSeries;
    }

    /** E.g. {@code best validation AP50 0.917 at step 250}; empty until the run validates. */
    public ReadOnlyStringProperty bestValidationProperty() {
        return bestValidation.getReadOnlyProperty();
    }
}
