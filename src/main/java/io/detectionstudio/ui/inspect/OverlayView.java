package io.detectionstudio.ui.inspect;

import io.detectionstudio.data.Category;
import io.detectionstudio.data.CocoBox;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.DetectionsJson;
import io.detectionstudio.data.KeypointSchema;
import io.detectionstudio.data.ObjectAnnotation;
import io.detectionstudio.viz.Palette;
import java.util.Locale;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.Image;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;

/**
 * The selected image fitted into the space, with its predictions drawn over it: true positives, false positives and
 * missed objects in the colors of {@link #color(ImageMarks.Verdict)} (the legend uses the same), predictions on
 * unlabelled images in their class's color, keypoints and skeletons when the predictions have them. An image that
 * cannot be read shows a placeholder with the reason.
 */
final class OverlayView extends Region {

    static final Color TRUE_POSITIVE = Color.web("#2ecc40");
    static final Color FALSE_POSITIVE = Color.web("#ff4136");
    static final Color MISSED = Color.web("#ff851b");
    static final Color IGNORED = Color.web("#b0b0b0");

    private final Canvas canvas = new Canvas();
    private Image image;
    private String problem;
    private String emptyText = "";
    private ImageMarks marks = ImageMarks.NONE;
    private Dataset dataset;
    private int drawnBoxes;

    OverlayView() {
        getChildren().add(canvas);
        getStyleClass().add("canvas-backdrop");
        setMinSize(120, 90);
    }

    /**
     * Shows an image and the marks over it; without an image, the reason it cannot be shown ({@code problem}) as a
     * placeholder, or else {@code emptyText} ("Loading ...", "Select an image").
     */
    void show(Image image, String problem, String emptyText, ImageMarks marks, Dataset dataset) {
        this.image = image;
        this.problem = problem;
        this.emptyText = emptyText == null ? "" : emptyText;
        this.marks = marks == null ? ImageMarks.NONE : marks;
        this.dataset = dataset;
        redraw();
    }

    /** Boxes drawn last time (predictions and missed objects), for tests. */
    int drawnBoxes() {
        return drawnBoxes;
    }

    /** The color of a verdict; {@code UNCHECKED} predictions use their class's color instead. */
    static Color color(ImageMarks.Verdict v) {
        return switch (v) {
            case TRUE_POSITIVE -> TRUE_POSITIVE;
            case FALSE_POSITIVE -> FALSE_POSITIVE;
            case IGNORED -> IGNORED;
            case UNCHECKED -> Color.WHITE;
        };
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        redraw();
    }

    private void redraw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        drawnBoxes = 0;
        if (image == null || image.getWidth() <= 0) {
            placeholder(g, w, h);
            return;
        }
        double scale = Math.min(w / image.getWidth(), h / image.getHeight());
        double ox = (w - image.getWidth() * scale) / 2;
        double oy = (h - image.getHeight() * scale) / 2;
        g.drawImage(image, ox, oy, image.getWidth() * scale, image.getHeight() * scale);
        g.setTextBaseline(VPos.BOTTOM);
        g.setTextAlign(TextAlignment.LEFT);
        for (ObjectAnnotation a : marks.ignored()) {
            box(g, a.bbox(), IGNORED, true, "ignored " + name(a.categoryId()), ox, oy, scale);
        }
        for (ObjectAnnotation a : marks.missed()) {
            box(g, a.bbox(), MISSED, true, "missed " + name(a.categoryId()), ox, oy, scale);
        }
        // lowest score first, so the best predictions are drawn on top
        for (int i = marks.detections().size() - 1; i >= 0; i--) {
            ImageMarks.Mark m = marks.detections().get(i);
            DetectionsJson.Detection p = m.detection();
            Color c = m.verdict() == ImageMarks.Verdict.UNCHECKED ? classColor(p.categoryId()) : color(m.verdict());
            box(g, p.bbox(), c, false, name(p.categoryId()) + String.format(Locale.ROOT, " %.2f", p.score()), ox, oy, scale);
            if (p.keypoints() != null) {
                keypoints(g, p.keypoints(), schema(p.categoryId()), c, ox, oy, scale);
            }
        }
    }

    private void placeholder(GraphicsContext g, double w, double h) {
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        if (problem != null) {
            g.setFill(Color.gray(0.22));
            g.fillRect(w * 0.1, h * 0.3, w * 0.8, h * 0.4);
            g.setStroke(FALSE_POSITIVE);
            g.setLineWidth(2);
            g.strokeRect(w * 0.1, h * 0.3, w * 0.8, h * 0.4);
            g.setFill(Color.WHITE);
            g.fillText("This image cannot be shown", w / 2, h / 2 - 10, w * 0.75);
            g.setFill(Color.gray(0.75));
            g.fillText(problem, w / 2, h / 2 + 12, w * 0.75);
        } else {
            g.setFill(Color.gray(0.7));
            g.fillText(emptyText, w / 2, h / 2);
        }
    }

    private void box(GraphicsContext g, CocoBox b, Color c, boolean dashed, String label, double ox, double oy, double scale) {
        double x = ox + b.x() * scale;
        double y = oy + b.y() * scale;
        g.setStroke(c);
        g.setLineWidth(2);
        g.setLineDashes(dashed ? new double[] {6, 4} : null);
        g.strokeRect(x, y, b.width() * scale, b.height() * scale);
        g.setLineDashes((double[]) null);
        g.setFill(c);
        g.fillText(label, x + 2, y > 14 ? y - 2 : y + 14);
        drawnBoxes++;
    }

    private static void keypoints(GraphicsContext g, double[] kp, KeypointSchema s, Color c, double ox, double oy, double scale) {
        g.setStroke(c);
        g.setLineWidth(1.5);
        if (s != null) {
            for (KeypointSchema.Edge e : s.skeleton()) {
                int a = 3 * e.a();
                int b = 3 * e.b();
                if (b + 2 < kp.length && a + 2 < kp.length && kp[a + 2] > 0 && kp[b + 2] > 0) {
                    g.strokeLine(ox + kp[a] * scale, oy + kp[a + 1] * scale, ox + kp[b] * scale, oy + kp[b + 1] * scale);
                }
            }
        }
        g.setFill(c);
        for (int i = 0; i + 2 < kp.length; i += 3) {
            if (kp[i + 2] > 0) {
                g.fillOval(ox + kp[i] * scale - 3.5, oy + kp[i + 1] * scale - 3.5, 7, 7);
            }
        }
    }

    private String name(int categoryId) {
        return category(categoryId) == null ? "class " + categoryId : category(categoryId).name();
    }

    private KeypointSchema schema(int categoryId) {
        Category c = category(categoryId);
        return c == null ? null : c.keypoints();
    }

    private Color classColor(int categoryId) {
        Category c = category(categoryId);
        return fx(c == null ? Palette.colorOf(categoryId) : Palette.colorOf(c));
    }

    private Category category(int id) {
        return dataset == null ? null : dataset.category(id).orElse(null);
    }

    static Color fx(int rgb) {
        return Color.rgb((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff);
    }
}
