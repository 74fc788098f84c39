package io.detectionstudio.viz;

import io.detectionstudio.core.Box;
import io.detectionstudio.core.Detection;
import io.detectionstudio.core.Keypoint;
import io.detectionstudio.data.KeypointSchema;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
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
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            float line = Math.max(2f, Math.min(w, h) / 200f);
            g.setStroke(new BasicStroke(line));
            for (Detection d : detections) {
                Color color = new Color(Palette.colorOf(d.categoryId()));
                g.setColor(color);
                double[] p = d.box().toPixels(w, h);
                g.drawRect((int) Math.round(p[1]), (int) Math.round(p[0]), (int) Math.round(p[3] - p[1]), (int) Math.round(p[2] - p[0]));
                if (d.hasKeypoints()) {
                    drawKeypoints(g, d, schemas.get(d.categoryId()), color, w, h, line);
                }
                String label = names.getOrDefault(d.categoryId(), "class " + d.categoryId())
                        + String.format(Locale.ROOT, " %.2f", d.score());
                drawLabel(g, label, d.box(), color, w, h);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    private static void drawKeypoints(Graphics2D g, Detection d, KeypointSchema schema, Color color, int w, int h, float line) {
        List<Keypoint> k = d.keypoints();
        if (schema != null) {
            for (KeypointSchema.Edge e : schema.skeleton()) {
                if (e.a() < k.size() && e.b() < k.size() && k.get(e.a()).isLabelled() && k.get(e.b()).isLabelled()) {
                    g.drawLine((int) (k.get(e.a()).x() * w), (int) (k.get(e.a()).y() * h),
                            (int) (k.get(e.b()).x() * w), (int) (k.get(e.b()).y() * h));
                }
            }
        }
        int r = Math.round(line * 2);
        for (Keypoint p : k) {
            if (p.isLabelled()) {
                g.setColor(p.isVisible() ? color : Color.LIGHT_GRAY);
                g.fillOval((int) (p.x() * w) - r, (int) (p.y() * h) - r, 2 * r, 2 * r);
            }
        }
        g.setColor(color);
    }

    /** The label above the box (inside it when the box touches the top edge). Skipped if no font is installed. */
    private static void drawLabel(Graphics2D g, String label, Box box, Color color, int w, int h) {
        try {
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(11, Math.min(w, h) / 40)));
            FontMetrics fm = g.getFontMetrics();
            int tw = fm.stringWidth(label) + 6;
            int th = fm.getHeight();
            int x = (int) Math.min(Math.max(0, box.xmin() * w), Math.max(0, w - tw));
            int y = (int) (box.ymin() * h) - th;
            if (y < 0) {
                y = (int) (box.ymin() * h);
            }
            g.fillRect(x, y, tw, th);
            g.setColor(brightness(color) > 150 ? Color.BLACK : Color.WHITE);
            g.drawString(label, x + 3, y + fm.getAscent());
            g.setColor(color);
        } catch (InternalError | RuntimeException e) {
            // A machine without any font (a bare server) cannot draw text; the boxes alone are still useful.
            g.setColor(color);
        }
    }

    private static int brightness(Color c) {
        return (c.getRed() * 299 + c.getGreen() * 587 + c.getBlue() * 114) / 1000;
    }
}
