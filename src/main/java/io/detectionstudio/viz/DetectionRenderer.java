package io.detectionstudio.viz;

import io.detectionstudio.core.Detection;
import io.detectionstudio.data.KeypointSchema;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

/**
 * Draws detections onto a copy of an image: a box in the class's {@link Palette} color, a label with the
 * class name and score, and keypoints joined by the class's skeleton. Line widths and text scale with the
 * image, so a 320 px thumbnail and a 4000 px photo both read well.
 */
public final class DetectionRenderer {

    private DetectionRenderer() {
    }

    /**
     * Returns a new RGB image with the detections drawn on it.
     *
     * @param names    class names by category id; missing ids are drawn as {@code class N}
     * @param schemas  keypoint schemas by category id, for skeleton edges; may be empty
     */
    public static BufferedImage draw(BufferedImage image, List<Detection> detections, Map<Integer, String> names,
                                     Map<Integer, KeypointSchema> schemas) {
        return draw(image, Overlays.detections(detections, image.getWidth(), image.getHeight(), names, schemas,
                Palette::colorOf));
    }

    /** Returns a new RGB image with an overlay painted on it. */
    public static BufferedImage draw(BufferedImage image, Overlay overlay) {
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
            paint(g, overlay, w, h);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Paints an overlay in image pixels onto a {@code w x h} surface. */
    public static void paint(Graphics2D g, Overlay overlay, int w, int h) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        float line = Math.max(2f, Math.min(w, h) / 200f);
        for (Overlay.Item item : overlay.items()) {
            if (item instanceof Overlay.Rect r) {
                g.setColor(new Color(r.color()));
                g.setStroke(r.dashed() ? new BasicStroke((float) (line * r.weight()), BasicStroke.CAP_BUTT,
                        BasicStroke.JOIN_MITER, 10f, new float[] {3 * line, 3 * line}, 0f)
                        : new BasicStroke((float) (line * r.weight())));
                g.drawRect((int) Math.round(r.x()), (int) Math.round(r.y()), (int) Math.round(r.width()),
                    (int) Math.round(r.height()));
            } else if (item instanceof Overlay.Line l) {
                g.setColor(new Color(l.color()));
                g.setStroke(new BasicStroke((float) (line * l.weight())));
                g.drawLine((int) l.x1(), (int) l.y1(), (int) l.x2(), (int) l.y2());
            } else if (item instanceof Overlay.Polygon p) {
                g.setColor(new Color(p.color()));
                g.setStroke(new BasicStroke((float) (line * p.weight())));
                java.awt.geom.Path2D.Double path = new java.awt.geom.Path2D.Double();
                for (int i = 0; i + 1 < p.xy().length; i += 2) {
                    if (i == 0) {
                        path.moveTo(p.xy()[0], p.xy()[1]);
                    } else {
                        path.lineTo(p.xy()[i], p.xy()[i + 1]);
                    }
                }
                path.closePath();
                g.draw(path);
            } else if (item instanceof Overlay.Dot d) {
                int r = Math.round(line * 2);
                g.setColor(d.filled() ? new Color(d.color()) : Color.LIGHT_GRAY);
                g.fillOval((int) d.x() - r, (int) d.y() - r, 2 * r, 2 * r);
            } else if (item instanceof Overlay.Label l) {
                drawLabel(g, l, w, h);
            }
        }
    }

    /** The label above the box (inside it when the box touches the top edge). Skipped if no font is installed. */
    private static void drawLabel(Graphics2D g, Overlay.Label l, int w, int h) {
        try {
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(11, Math.min(w, h) / 40)));
            FontMetrics fm = g.getFontMetrics();
            int tw = fm.stringWidth(l.text()) + 6;
            int th = fm.getHeight();
            int x = (int) Math.min(Math.max(0, l.x()), Math.max(0, w - tw));
            int y = (int) l.y() - th;
            if (y < 0) {
                y = (int) l.y();
            }
            g.setColor(new Color(l.color()));
            g.fillRect(x, y, tw, th);
            g.setColor(new Color(Overlay.textColorOn(l.color())));
            g.drawString(l.text(), x + 3, y + fm.getAscent());
        } catch (InternalError | RuntimeException e) {
            // A machine without any font (a bare server) cannot draw text; the boxes alone are still useful.
        }
    }
}
