package io.detectionstudio.ui;

import io.detectionstudio.data.Category;
import io.detectionstudio.data.CocoBox;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.KeypointSchema;
import io.detectionstudio.data.ObjectAnnotation;
import io.detectionstudio.viz.Palette;
import java.util.List;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.image.Image;

/** Shows one image fitted into the available space, with its annotations drawn on top. */
final class ImageCanvas extends Region {

    private final Canvas canvas = new Canvas();
    private Image image;
    private Dataset dataset;
    private List<ObjectAnnotation> annotations = List.of();

    ImageCanvas() {
        getChildren().add(canvas);
        setStyle("-fx-background-color: #2b2b2b;");
        widthProperty().addListener(o -> redraw());
        heightProperty().addListener(o -> redraw());
    }

    void show(Image image, Dataset dataset, List<ObjectAnnotation> annotations) {
        this.image = image;
        this.dataset = dataset;
        this.annotations = annotations;
        redraw();
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        redraw();
    }

    private void redraw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        if (image == null || image.getWidth() <= 0) {
            return;
        }
        double scale = Math.min(getWidth() / image.getWidth(), getHeight() / image.getHeight());
        double ox = (getWidth() - image.getWidth() * scale) / 2;
        double oy = (getHeight() - image.getHeight() * scale) / 2;
        g.drawImage(image, ox, oy, image.getWidth() * scale, image.getHeight() * scale);
        g.setLineWidth(2);
        for (ObjectAnnotation a : annotations) {
            Category c = dataset == null ? null : dataset.category(a.categoryId()).orElse(null);
            Color color = toFx(Palette.colorOf(a.categoryId()));
            CocoBox b = a.bbox();
            g.setStroke(color);
            g.strokeRect(ox + b.x() * scale, oy + b.y() * scale, b.width() * scale, b.height() * scale);
            g.setFill(color);
            g.fillText(c == null ? "#" + a.categoryId() : c.name(), ox + b.x() * scale + 3, oy + b.y() * scale - 4);
            double[] kp = a.keypoints();
            if (kp != null && c != null && c.hasKeypoints()) {
                drawKeypoints(g, kp, c.keypoints(), color, ox, oy, scale);
            }
        }
    }

    private static void drawKeypoints(GraphicsContext g, double[] kp, KeypointSchema s, Color color, double ox, double oy,
                                      double scale) {
        for (KeypointSchema.Edge e : s.skeleton()) {
            if (3 * Math.max(e.a(), e.b()) + 2 < kp.length && kp[3 * e.a() + 2] > 0 && kp[3 * e.b() + 2] > 0) {
                g.strokeLine(ox + kp[3 * e.a()] * scale, oy + kp[3 * e.a() + 1] * scale,
                        ox + kp[3 * e.b()] * scale, oy + kp[3 * e.b() + 1] * scale);
            }
        }
        for (int i = 0; i + 2 < kp.length; i += 3) {
            if (kp[i + 2] > 0) {
                double x = ox + kp[i] * scale;
                double y = oy + kp[i + 1] * scale;
                g.setFill(kp[i + 2] == 2 ? color : Color.gray(0.7));
                g.fillOval(x - 4, y - 4, 8, 8);
            }
        }
    }

    static Color toFx(int rgb) {
        return Color.rgb((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff);
    }
}
