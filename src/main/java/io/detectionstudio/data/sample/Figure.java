package io.detectionstudio.data.sample;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.Random;

/**
 * A plush toy bear seen from the front: ears, head with muzzle and nose, body, arms, legs with foot pads,
 * and sometimes an accessory on one side (a bow on an ear, a scarf, a patch on a leg) that makes a
 * mirrored figure look different from an unmirrored one. About 0.86 local units high, centred near the
 * origin.
 *
 * <h2>Left and right</h2>
 * Keypoint names use the <em>figure's own</em> left and right, like COCO's person keypoints. The figure
 * faces the viewer, so its own left is on the viewer's (the image's) right: in local coordinates the
 * figure's left ear and foot are at {@code +x}. When the sprite is mirrored, the part drawn at local
 * {@code +x} lands on the image's left; the mirrored figure still faces the viewer, so that part is now its
 * <em>right</em> ear or foot, and {@link #keypoints()} swaps the left/right names accordingly. So for an
 * upright figure, {@code left_ear} is always the ear on the image's right, mirrored or not; the accessory
 * is what moves sides.
 */
final class Figure extends Sprite {

    /** Keypoint names, in the dataset's order. */
    static final String[] KEYPOINTS = {"left_ear", "right_ear", "nose", "left_foot", "right_foot"};
    /** Left/right pairs (0-based), swapped by a horizontal flip. */
    static final int[][] FLIP_PAIRS = {{0, 1}, {3, 4}};
    /** Skeleton edges (0-based): ears to nose, nose to feet. */
    static final int[][] SKELETON = {{0, 2}, {1, 2}, {2, 3}, {2, 4}};
    /** Local height of a figure (ear tops to feet), for sizing. */
    static final double LOCAL_HEIGHT = 0.86;

    enum Accessory { NONE, BOW, SCARF, PATCH }

    private static final double EAR_X = 0.155;
    private static final double EAR_Y = -0.38;
    private static final double NOSE_Y = -0.185;
    private static final double FOOT_X = 0.10;
    private static final double FOOT_Y = 0.335;

    private final Color fur;
    private final Color light;
    private final Color dark;
    private final Color accessoryColor;
    private final Accessory accessory;
    private final double headR;
    private final double earR;
    private final long textureSeed;

    Figure(double cx, double cy, double scale, double angle, boolean mirrored, Random r) {
        super(cx, cy, scale, angle, mirrored);
        Color[] furs = {new Color(150, 100, 60), new Color(200, 160, 110), new Color(120, 78, 45), new Color(160, 160, 165),
                new Color(232, 222, 200), new Color(225, 160, 175), new Color(125, 155, 205), new Color(185, 120, 70)};
        fur = jitter(furs[r.nextInt(furs.length)], r, 0.06);
        light = mix(fur, new Color(250, 235, 210), 0.55);
        dark = new Color(30 + r.nextInt(25), 22 + r.nextInt(15), 20 + r.nextInt(15));
        Color[] ribbons = {new Color(210, 30, 50), new Color(40, 90, 200), new Color(40, 150, 70), new Color(140, 50, 160)};
        accessoryColor = jitter(ribbons[r.nextInt(ribbons.length)], r, 0.08);
        Accessory[] all = Accessory.values();
        accessory = all[r.nextInt(all.length)];
        headR = 0.19 + r.nextDouble() * 0.02;
        earR = 0.065 + r.nextDouble() * 0.02;
        textureSeed = r.nextLong();
    }

    @Override
    boolean labelled() {
        return true;
    }

    Accessory accessory() {
        return accessory;
    }

    /**
     * The keypoints in image coordinates, in {@link #KEYPOINTS} order and named by the figure's own left and
     * right (see the class comment): {@code [k][0]} is x, {@code [k][1]} is y.
     */
    double[][] keypoints() {
        double[][] local = {{EAR_X, EAR_Y}, {-EAR_X, EAR_Y}, {0, NOSE_Y}, {FOOT_X, FOOT_Y}, {-FOOT_X, FOOT_Y}};
        double[][] out = new double[local.length][];
        for (int k = 0; k < local.length; k++) {
            Point2D.Double p = toImage(local[k][0], local[k][1]);
            out[k] = new double[] {p.x, p.y};
        }
        if (mirrored) {
            for (int[] pair : FLIP_PAIRS) {
                double[] t = out[pair[0]];
                out[pair[0]] = out[pair[1]];
                out[pair[1]] = t;
            }
        }
        return out;
    }

    private static Ellipse2D.Double ellipse(double cx, double cy, double rx, double ry) {
        return new Ellipse2D.Double(cx - rx, cy - ry, 2 * rx, 2 * ry);
    }

    private Ellipse2D.Double head() {
        return ellipse(0, -0.22, headR, headR * 0.95);
    }

    private Ellipse2D.Double ear(double side) {
        return ellipse(side * EAR_X, EAR_Y, earR, earR);
    }

    private Ellipse2D.Double body() {
        return ellipse(0, 0.12, 0.17, 0.2);
    }

    private Shape arm(double side) {
        return AffineTransform.getRotateInstance(-side * 0.45, side * 0.175, 0.07)
                .createTransformedShape(ellipse(side * 0.175, 0.07, 0.055, 0.12));
    }

    private Ellipse2D.Double leg(double side) {
        return ellipse(side * FOOT_X, 0.31, 0.085, 0.095);
    }

    private Shape bow() {
        double x = EAR_X + earR * 0.55;
        double y = EAR_Y - earR * 0.55;
        Path2D.Double p = new Path2D.Double();
        p.moveTo(x, y);
        p.lineTo(x - 0.06, y - 0.045);
        p.quadTo(x - 0.075, y, x - 0.06, y + 0.045);
        p.closePath();
        p.moveTo(x, y);
        p.lineTo(x + 0.06, y - 0.045);
        p.quadTo(x + 0.075, y, x + 0.06, y + 0.045);
        p.closePath();
        Area a = new Area(AffineTransform.getRotateInstance(0.6, x, y).createTransformedShape(p));
        a.add(new Area(ellipse(x, y, 0.018, 0.018)));
        return a;
    }

    private Shape scarf() {
        Area a = new Area(new RoundRectangle2D.Double(-0.15, -0.075, 0.30, 0.055, 0.03, 0.03));
        a.add(new Area(AffineTransform.getRotateInstance(-0.25, 0.08, -0.04)
                .createTransformedShape(new RoundRectangle2D.Double(0.055, -0.05, 0.05, 0.19, 0.02, 0.02))));
        return a;
    }

    @Override
    Shape localSilhouette() {
        Area a = new Area(head());
        for (double side : new double[] {-1, 1}) {
            a.add(new Area(ear(side)));
            a.add(new Area(arm(side)));
            a.add(new Area(leg(side)));
        }
        a.add(new Area(body()));
        if (accessory == Accessory.BOW) {
            a.add(new Area(bow()));
        } else if (accessory == Accessory.SCARF) {
            a.add(new Area(scarf()));
        }
        return a;
    }

    @Override
    void paintLocal(Graphics2D g, Point2D.Double l) {
        Shape clip = g.getClip();
        g.setColor(fur);
        g.fill(localSilhouette());
        for (double side : new double[] {-1, 1}) {
            shaded(g, ear(side), fur, l, side * EAR_X, EAR_Y, earR, 0.3, 0.3);
            g.setColor(light);
            g.fill(ellipse(side * EAR_X, EAR_Y + earR * 0.1, earR * 0.55, earR * 0.55));
        }
        for (double side : new double[] {-1, 1}) {
            shaded(g, arm(side), fur, l, side * 0.175, 0.07, 0.12, 0.3, 0.35);
        }
        shaded(g, body(), fur, l, 0, 0.12, 0.2, 0.3, 0.3);
        g.setColor(alpha(light, 0.8));
        g.fill(ellipse(0, 0.14, 0.1, 0.12));
        for (double side : new double[] {-1, 1}) {
            shaded(g, leg(side), fur, l, side * FOOT_X, 0.31, 0.095, 0.3, 0.3);
            g.setColor(light);
            g.fill(ellipse(side * FOOT_X, FOOT_Y, 0.05, 0.042));
        }
        shaded(g, head(), fur, l, 0, -0.22, headR, 0.3, 0.28);
        g.setColor(light);
        g.fill(ellipse(0, -0.16, 0.085, 0.065));
        g.setColor(dark);
        g.fill(ellipse(0, NOSE_Y, 0.032, 0.022));
        g.setStroke(new BasicStroke(0.01f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Line2D.Double(0, NOSE_Y + 0.02, 0, -0.135));
        g.draw(new Line2D.Double(0, -0.135, -0.025, -0.125));
        g.draw(new Line2D.Double(0, -0.135, 0.025, -0.125));
        for (double side : new double[] {-1, 1}) {
            g.setColor(dark);
            g.fill(ellipse(side * 0.07, -0.255, 0.02, 0.022));
            g.setColor(new Color(255, 255, 255, 200));
            g.fill(ellipse(side * 0.07 + l.x * 0.008, -0.255 + l.y * 0.008, 0.007, 0.007));
        }
        g.setColor(new Color(255, 255, 255, 170));
        g.fill(ellipse(l.x * 0.01, NOSE_Y - 0.008 + l.y * 0.006, 0.01, 0.006));

        // Fur texture, clipped to the silhouette.
        g.clip(localSilhouette());
        Random r = new Random(textureSeed);
        for (int i = 0; i < 90; i++) {
            double x = -0.25 + r.nextDouble() * 0.5;
            double y = -0.47 + r.nextDouble() * 0.88;
            g.setColor(alpha(r.nextBoolean() ? dark : light, 0.04 + r.nextDouble() * 0.05));
            g.fill(ellipse(x, y, 0.005 + r.nextDouble() * 0.007, 0.004 + r.nextDouble() * 0.004));
        }
        switch (accessory) {
            case BOW -> {
                shaded(g, bow(), accessoryColor, l, EAR_X + earR * 0.55, EAR_Y - earR * 0.55, 0.07, 0.35, 0.35);
                g.setColor(scale(accessoryColor, 0.6));
                Point2D.Double c = new Point2D.Double(EAR_X + earR * 0.55, EAR_Y - earR * 0.55);
                g.fill(ellipse(c.x, c.y, 0.016, 0.016));
            }
            case SCARF -> {
                shaded(g, scarf(), accessoryColor, l, 0, -0.03, 0.15, 0.3, 0.35);
                g.setColor(alpha(Color.WHITE, 0.55));
                g.setStroke(new BasicStroke(0.008f));
                for (double x = -0.13; x < 0.14; x += 0.04) {
                    g.draw(new Line2D.Double(x, -0.07, x + 0.02, -0.025));
                }
            }
            case PATCH -> {
                Shape patch = AffineTransform.getRotateInstance(0.3, FOOT_X, 0.27)
                        .createTransformedShape(new Rectangle2D.Double(FOOT_X - 0.035, 0.235, 0.07, 0.065));
                g.setColor(accessoryColor);
                g.fill(patch);
                g.setColor(alpha(Color.WHITE, 0.8));
                g.setStroke(new BasicStroke(0.006f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f,
                        new float[] {0.012f, 0.008f}, 0f));
                g.draw(AffineTransform.getRotateInstance(0.3, FOOT_X, 0.27)
                        .createTransformedShape(new Rectangle2D.Double(FOOT_X - 0.027, 0.243, 0.054, 0.049)));
            }
            default -> {
            }
        }
        g.setClip(clip);
    }
}
