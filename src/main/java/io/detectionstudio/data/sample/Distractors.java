package io.detectionstudio.data.sample;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.Random;

/**
 * Objects that appear in the scenes but are never labelled: balls, boxes, a lemon and a sponge (yellow but
 * not ducks), a brown toy dog. Each is about one local unit across, centred on the origin.
 */
final class Distractors {

    enum Kind { RED_BALL, BLUE_BALL, BOX, LEMON, SPONGE, DOG }

    private Distractors() {
    }

    static Sprite create(Kind kind, double cx, double cy, double size, double angle, boolean mirrored, Random r) {
        return switch (kind) {
            case RED_BALL -> new Ball(cx, cy, size, angle, mirrored, r, true);
            case BLUE_BALL -> new Ball(cx, cy, size, angle, mirrored, r, false);
            case BOX -> new Crate(cx, cy, size, angle, mirrored, r);
            case LEMON -> new Lemon(cx, cy, size, angle, mirrored, r);
            case SPONGE -> new Sponge(cx, cy, size, angle, mirrored, r);
            case DOG -> new Dog(cx, cy, size, angle, mirrored, r);
        };
    }

    private static Ellipse2D.Double ellipse(double cx, double cy, double rx, double ry) {
        return new Ellipse2D.Double(cx - rx, cy - ry, 2 * rx, 2 * ry);
    }

    /** A shiny ball, sometimes with a white band. */
    static final class Ball extends Sprite {
        private final Color color;
        private final boolean band;
        private final double bandTilt;

        Ball(double cx, double cy, double size, double angle, boolean mirrored, Random r, boolean red) {
            super(cx, cy, size, angle, mirrored);
            color = Sprite.jitter(red ? new Color(205, 30, 30) : new Color(30, 75, 200), r, 0.08);
            band = r.nextInt(3) == 0;
            bandTilt = (r.nextDouble() - 0.5) * 0.4;
        }

        @Override
        Shape localSilhouette() {
            return ellipse(0, 0, 0.5, 0.5);
        }

        @Override
        void paintLocal(Graphics2D g, Point2D.Double l) {
            Shape s = localSilhouette();
            shaded(g, s, color, l, 0, 0, 0.5, 0.35, 0.55);
            Shape clip = g.getClip();
            g.clip(s);
            if (band) {
                g.setColor(alpha(new Color(245, 245, 240), 0.9));
                g.setStroke(new BasicStroke(0.09f));
                g.draw(AffineTransform.getRotateInstance(bandTilt).createTransformedShape(ellipse(0, 0.02, 0.6, 0.16)));
            }
            g.setColor(alpha(Color.WHITE, 0.7));
            g.fill(ellipse(l.x * 0.25, l.y * 0.25, 0.09, 0.06));
            g.setClip(clip);
        }
    }

    /** A cardboard box or a painted toy block, seen a little from above. */
    static final class Crate extends Sprite {
        private final Color color;
        private final boolean cardboard;
        private final Color emblem;
        private final double depth;

        Crate(double cx, double cy, double size, double angle, boolean mirrored, Random r) {
            super(cx, cy, size, angle, mirrored);
            cardboard = r.nextBoolean();
            Color[] blocks = {new Color(200, 40, 40), new Color(40, 90, 190), new Color(40, 150, 70), new Color(235, 120, 30)};
            color = Sprite.jitter(cardboard ? new Color(185, 140, 90) : blocks[r.nextInt(blocks.length)], r, 0.06);
            emblem = cardboard ? new Color(120, 90, 60) : new Color(245, 240, 225);
            depth = 0.15 + r.nextDouble() * 0.12;
        }

        private Shape front() {
            return new Rectangle2D.Double(-0.5, -0.5 + depth, 1 - depth, 1 - depth);
        }

        private Shape top() {
            Path2D.Double p = new Path2D.Double();
            p.moveTo(-0.5, -0.5 + depth);
            p.lineTo(-0.5 + depth, -0.5);
            p.lineTo(0.5, -0.5);
            p.lineTo(0.5 - depth, -0.5 + depth);
            p.closePath();
            return p;
        }

        private Shape side() {
            Path2D.Double p = new Path2D.Double();
            p.moveTo(0.5 - depth, -0.5 + depth);
            p.lineTo(0.5, -0.5);
            p.lineTo(0.5, 0.5 - depth);
            p.lineTo(0.5 - depth, 0.5);
            p.closePath();
            return p;
        }

        @Override
        Shape localSilhouette() {
            Area a = new Area(front());
            a.add(new Area(top()));
            a.add(new Area(side()));
            return a;
        }

        @Override
        void paintLocal(Graphics2D g, Point2D.Double l) {
            g.setColor(color);
            g.fill(localSilhouette());
            g.setColor(scale(color, 1.0 + Math.max(0, -l.y) * 0.15));
            g.fill(front());
            g.setColor(mix(color, Color.WHITE, 0.18));
            g.fill(top());
            g.setColor(scale(color, 0.72));
            g.fill(side());
            Shape clip = g.getClip();
            g.clip(localSilhouette());
            g.setStroke(new BasicStroke(0.015f));
            g.setColor(scale(color, 0.55));
            g.draw(top());
            g.draw(side());
            double c = -0.5 + depth + (1 - depth) / 2;
            if (cardboard) {
                g.setColor(alpha(new Color(215, 190, 140), 0.9));
                Path2D.Double tape = new Path2D.Double();
                tape.moveTo(-0.5 + depth / 2 - 0.04, -0.5 + depth / 2);
                tape.lineTo(0.5 - depth / 2 - 0.04, -0.5 + depth / 2);
                g.setStroke(new BasicStroke(0.07f));
                g.draw(tape);
                g.setColor(emblem);
                g.setStroke(new BasicStroke(0.02f));
                g.draw(new Rectangle2D.Double(-0.42, 0.25, 0.25, 0.12));
            } else {
                g.setColor(emblem);
                g.fill(ellipse(c, c + 0.0, 0.22 * (1 - depth), 0.22 * (1 - depth)));
                g.setColor(color);
                g.fill(ellipse(c, c, 0.12 * (1 - depth), 0.12 * (1 - depth)));
            }
            g.setClip(clip);
        }
    }

    /** A lemon: yellow, like the duck, but not a duck. */
    static final class Lemon extends Sprite {
        private final Color color;
        private final long seed;

        Lemon(double cx, double cy, double size, double angle, boolean mirrored, Random r) {
            super(cx, cy, size, angle, mirrored);
            color = Sprite.jitter(new Color(244, 222, 45), r, 0.05);
            seed = r.nextLong();
        }

        @Override
        Shape localSilhouette() {
            Path2D.Double p = new Path2D.Double();
            p.moveTo(-0.5, 0);
            p.curveTo(-0.44, -0.38, 0.44, -0.38, 0.5, 0);
            p.curveTo(0.44, 0.38, -0.44, 0.38, -0.5, 0);
            p.closePath();
            Area a = new Area(p);
            a.add(new Area(ellipse(-0.47, 0, 0.05, 0.06)));
            a.add(new Area(ellipse(0.47, 0, 0.05, 0.06)));
            return a;
        }

        @Override
        void paintLocal(Graphics2D g, Point2D.Double l) {
            Shape s = localSilhouette();
            shaded(g, s, color, l, 0, 0, 0.45, 0.35, 0.3);
            Shape clip = g.getClip();
            g.clip(s);
            Random r = new Random(seed);
            for (int i = 0; i < 70; i++) {
                g.setColor(alpha(scale(color, 0.75), 0.18));
                g.fill(ellipse(-0.45 + r.nextDouble() * 0.9, -0.28 + r.nextDouble() * 0.56, 0.008, 0.008));
            }
            g.setColor(new Color(150, 150, 40));
            g.fill(ellipse(0.51, 0, 0.025, 0.03));
            g.setColor(alpha(Color.WHITE, 0.55));
            g.fill(ellipse(l.x * 0.18, l.y * 0.12, 0.1, 0.04));
            g.setClip(clip);
        }
    }

    /** A kitchen sponge: yellow foam with a green scrubbing layer. */
    static final class Sponge extends Sprite {
        private final Color foam;
        private final Color scrub;
        private final long seed;

        Sponge(double cx, double cy, double size, double angle, boolean mirrored, Random r) {
            super(cx, cy, size, angle, mirrored);
            foam = Sprite.jitter(new Color(240, 205, 70), r, 0.05);
            scrub = Sprite.jitter(new Color(40, 130, 60), r, 0.08);
            seed = r.nextLong();
        }

        @Override
        Shape localSilhouette() {
            return new RoundRectangle2D.Double(-0.5, -0.3, 1, 0.6, 0.08, 0.08);
        }

        @Override
        void paintLocal(Graphics2D g, Point2D.Double l) {
            Shape s = localSilhouette();
            shaded(g, s, foam, l, 0, 0, 0.55, 0.2, 0.2);
            Shape clip = g.getClip();
            g.clip(s);
            g.setColor(scrub);
            g.fill(new Rectangle2D.Double(-0.5, -0.3, 1, 0.17));
            Random r = new Random(seed);
            for (int i = 0; i < 120; i++) {
                double x = -0.5 + r.nextDouble();
                double y = -0.3 + r.nextDouble() * 0.6;
                boolean onScrub = y < -0.13;
                g.setColor(alpha(scale(onScrub ? scrub : foam, onScrub ? 0.6 : 0.72), 0.5));
                double rr = 0.006 + r.nextDouble() * 0.014;
                g.fill(ellipse(x, y, rr, rr * 0.8));
            }
            g.setColor(alpha(Color.BLACK, 0.15));
            g.fill(new Rectangle2D.Double(-0.5, -0.135, 1, 0.015));
            g.setClip(clip);
        }
    }

    /** A brown toy dog seen from the side, facing +x. */
    static final class Dog extends Sprite {
        private final Color fur;

        Dog(double cx, double cy, double size, double angle, boolean mirrored, Random r) {
            super(cx, cy, size, angle, mirrored);
            Color[] browns = {new Color(125, 82, 45), new Color(160, 110, 62), new Color(100, 65, 40)};
            fur = Sprite.jitter(browns[r.nextInt(browns.length)], r, 0.06);
        }

        private Shape tail() {
            Path2D.Double p = new Path2D.Double();
            p.moveTo(-0.33, -0.05);
            p.quadTo(-0.48, -0.12, -0.5, -0.28);
            p.quadTo(-0.42, -0.14, -0.3, 0.0);
            p.closePath();
            return p;
        }

        @Override
        Shape localSilhouette() {
            Area a = new Area(ellipse(-0.02, 0.02, 0.34, 0.17));
            a.add(new Area(ellipse(0.3, -0.18, 0.15, 0.14)));
            a.add(new Area(ellipse(0.42, -0.13, 0.09, 0.065)));
            for (double x : new double[] {-0.26, -0.14, 0.12, 0.22}) {
                a.add(new Area(new RoundRectangle2D.Double(x - 0.045, 0.05, 0.09, 0.3, 0.05, 0.05)));
            }
            a.add(new Area(tail()));
            return a;
        }

        @Override
        void paintLocal(Graphics2D g, Point2D.Double l) {
            Shape s = localSilhouette();
            g.setColor(fur);
            g.fill(s);
            shaded(g, ellipse(-0.02, 0.02, 0.34, 0.17), fur, l, -0.02, 0.02, 0.34, 0.25, 0.3);
            shaded(g, ellipse(0.3, -0.18, 0.15, 0.14), fur, l, 0.3, -0.18, 0.15, 0.25, 0.3);
            Shape clip = g.getClip();
            g.clip(s);
            g.setColor(mix(fur, new Color(230, 210, 180), 0.35));
            g.fill(ellipse(0.42, -0.13, 0.09, 0.065));
            g.setColor(scale(fur, 0.6));
            g.fill(AffineTransform.getRotateInstance(0.5, 0.24, -0.16).createTransformedShape(ellipse(0.24, -0.14, 0.05, 0.11)));
            g.setColor(new Color(25, 20, 18));
            g.fill(ellipse(0.49, -0.16, 0.025, 0.02));
            g.fill(ellipse(0.33, -0.23, 0.018, 0.018));
            g.setColor(scale(fur, 0.8));
            g.setStroke(new BasicStroke(0.012f));
            for (double x : new double[] {-0.26, -0.14, 0.12, 0.22}) {
                g.draw(new Rectangle2D.Double(x - 0.045, 0.33, 0.09, 0.02));
            }
            g.setClip(clip);
        }
    }
}
