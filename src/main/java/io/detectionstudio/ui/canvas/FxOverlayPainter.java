package io.detectionstudio.ui.canvas;

import io.detectionstudio.viz.Overlay;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

/**
 * Paints a {@link Overlay} (built by {@code viz}, the one place that decides how annotations and detections look) on
 * a JavaFX canvas at a zoom: screen = image * scale + offset. Lines keep a constant width on screen.
 */
public final class FxOverlayPainter {

    private static final Font LABEL_FONT = Font.font("System", FontWeight.BOLD, 12);

    private FxOverlayPainter() {
    }

    public static void paint(GraphicsContext g, Overlay overlay, double scale, double ox, double oy) {
        g.setLineCap(StrokeLineCap.SQUARE);
        for (Overlay.Item item : overlay.items()) {
            if (item instanceof Overlay.Rect r) {
                g.setStroke(fx(r.color()));
                g.setLineWidth(2 * r.weight());
                g.setLineDashes(r.dashed() ? new double[] {6, 4} : null);
                g.strokeRect(ox + r.x() * scale, oy + r.y() * scale, r.width() * scale, r.height() * scale);
                g.setLineDashes((double[]) null);
            } else if (item instanceof Overlay.Line l) {
                g.setStroke(fx(l.color()));
                g.setLineWidth(2 * l.weight());
                g.strokeLine(ox + l.x1() * scale, oy + l.y1() * scale, ox + l.x2() * scale, oy + l.y2() * scale);
            } else if (item instanceof Overlay.Polygon p) {
                int n = p.xy().length / 2;
                double[] xs = new double[n];
                double[] ys = new double[n];
                for (int i = 0; i < n; i++) {
                    xs[i] = ox + p.xy()[2 * i] * scale;
                    ys[i] = oy + p.xy()[2 * i + 1] * scale;
                }
                g.setStroke(fx(p.color()));
                g.setLineWidth(2 * p.weight());
                g.strokePolygon(xs, ys, n);
                g.setFill(fx(p.color()).deriveColor(0, 1, 1, 0.2));
                g.fillPolygon(xs, ys, n);
            } else if (item instanceof Overlay.Dot d) {
                double x = ox + d.x() * scale;
                double y = oy + d.y() * scale;
                g.setFill(d.filled() ? fx(d.color()) : Color.gray(0.8));
                g.fillOval(x - 4, y - 4, 8, 8);
                g.setStroke(Color.BLACK);
                g.setLineWidth(1);
                g.strokeOval(x - 4, y - 4, 8, 8);
            } else if (item instanceof Overlay.Label l) {
                label(g, l, ox + l.x() * scale, oy + l.y() * scale);
            }
        }
    }

    private static void label(GraphicsContext g, Overlay.Label l, double x, double y) {
        Text t = new Text(l.text());
        t.setFont(LABEL_FONT);
        double w = t.getLayoutBounds().getWidth() + 6;
        double h = t.getLayoutBounds().getHeight() + 2;
        double top = y - h < 0 ? y : y - h;
        g.setFill(fx(l.color()));
        g.fillRect(x, top, w, h);
        g.setFill(fx(Overlay.textColorOn(l.color())));
        g.setFont(LABEL_FONT);
        g.setTextBaseline(VPos.TOP);
        g.fillText(l.text(), x + 3, top + 1);
    }

    public static Color fx(int rgb) {
        return Color.rgb((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff);
    }
}
