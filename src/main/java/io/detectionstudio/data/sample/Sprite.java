package io.detectionstudio.data.sample;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.MultipleGradientPaint;
import java.awt.RadialGradientPaint;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.NoninvertibleTransformException;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;

/**
 * One object of a scene, drawn in its own local coordinates and placed by an affine transform
 * (translate, rotate, scale, optional horizontal mirror). Its {@link #silhouette()} is exactly the region
 * {@link #paint} covers: parts are filled, never stroked outside it, and details are clipped to it. That
 * is what lets the renderer derive pixel-exact boxes from masks.
 */
abstract class Sprite {

    /** Local to image coordinates. */
    final AffineTransform transform;
    final boolean mirrored;
    private Shape silhouette;

    /**
     * @param cx       image x of the local origin
     * @param cy       image y of the local origin
     * @param scale    image pixels per local unit
     * @param angle    rotation in radians (clockwise on screen, as Java2D rotates with y down)
     * @param mirrored mirror the local x axis (a horizontal flip of the object)
     */
    Sprite(double cx, double cy, double scale, double angle, boolean mirrored) {
        this.mirrored = mirrored;
        transform = new AffineTransform();
        transform.translate(cx, cy);
        transform.rotate(angle);
        transform.scale(mirrored ? -scale : scale, scale);
    }

    /** The region this object covers, in local coordinates. */
    abstract Shape localSilhouette();

    /** Paints the object on {@code g}, whose transform already maps local to image coordinates. */
    abstract void paintLocal(Graphics2D g, Point2D.Double light);

    /** Whether this object is one of the dataset's labelled objects (a duck, a figure), not a distractor. */
    boolean labelled() {
        return false;
    }

    /** How dark this object's soft shadow is, 0 for none. */
    double shadowStrength() {
        return 0.35;
    }

    /** The region this object covers, in image coordinates. */
    final Shape silhouette() {
        if (silhouette == null) {
            silhouette = new Area(transform.createTransformedShape(localSilhouette()));
        }
        return silhouette;
    }

    final void paint(Graphics2D g0, Scene.Lighting lighting) {
        Graphics2D g = (Graphics2D) g0.create();
        try {
            g.transform(transform);
            paintLocal(g, localLight(lighting));
        } finally {
            g.dispose();
        }
    }

    /** A soft contact shadow under the object, offset away from the light. Not part of the silhouette. */
    final void paintShadow(Graphics2D g0, Scene.Lighting lighting) {
        double strength = shadowStrength();
        if (strength <= 0) {
            return;
        }
        Rectangle2D b = silhouette().getBounds2D();
        double w = b.getWidth() * 0.95;
        double h = Math.max(4, Math.min(b.getWidth(), b.getHeight()) * 0.28);
        double cx = b.getCenterX() - lighting.lightX() * b.getWidth() * 0.12;
        double cy = b.getMaxY() - h * 0.25 - lighting.lightY() * h * 0.3;
        Graphics2D g = (Graphics2D) g0.create();
        try {
            g.translate(cx, cy);
            g.scale(w / 2, h / 2);
            int a = (int) Math.round(255 * strength);
            g.setPaint(new RadialGradientPaint(new Point2D.Float(0, 0), 1f, new float[] {0f, 0.55f, 1f},
                    new Color[] {new Color(0, 0, 0, a), new Color(0, 0, 0, a / 2), new Color(0, 0, 0, 0)}));
            g.fill(new Rectangle2D.Double(-1, -1, 2, 2));
        } finally {
            g.dispose();
        }
    }

    /** The unit vector towards the light in local coordinates (mirroring and rotation undone). */
    final Point2D.Double localLight(Scene.Lighting lighting) {
        try {
            Point2D p = transform.createInverse().deltaTransform(new Point2D.Double(lighting.lightX(), lighting.lightY()), null);
            double n = Math.hypot(p.getX(), p.getY());
            return new Point2D.Double(p.getX() / n, p.getY() / n);
        } catch (NoninvertibleTransformException e) {
            throw new IllegalStateException("sprite transform is not invertible", e);
        }
    }

    final Point2D.Double toImage(double x, double y) {
        Point2D.Double p = new Point2D.Double();
        transform.transform(new Point2D.Double(x, y), p);
        return p;
    }

    // ---- painting helpers, in local coordinates ----

    /**
     * Fills {@code s} with a ball-like shading: lit towards {@code light}, darker away from it. The gradient
     * is centred on {@code (cx, cy)} with the part's radius {@code r}.
     */
    static void shaded(Graphics2D g, Shape s, Color base, Point2D.Double light, double cx, double cy, double r,
                       double highlight, double shadow) {
        float fx = (float) (cx + light.x * r * 0.5);
        float fy = (float) (cy + light.y * r * 0.5);
        Color lit = mix(base, Color.WHITE, highlight);
        Color dark = scale(base, 1 - shadow);
        g.setPaint(new RadialGradientPaint(new Point2D.Float(fx, fy), (float) (r * 1.6), new float[] {0f, 0.45f, 1f},
                new Color[] {lit, base, dark}, MultipleGradientPaint.CycleMethod.NO_CYCLE));
        g.fill(s);
    }

    static Color mix(Color a, Color b, double t) {
        return new Color(clamp(a.getRed() + (b.getRed() - a.getRed()) * t), clamp(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                clamp(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }

    static Color scale(Color c, double f) {
        return new Color(clamp(c.getRed() * f), clamp(c.getGreen() * f), clamp(c.getBlue() * f));
    }

    static Color alpha(Color c, double a) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), clamp(255 * a));
    }

    static Color jitter(Color c, java.util.Random r, double amount) {
        double f = 1 + (r.nextDouble() * 2 - 1) * amount;
        return new Color(clamp(c.getRed() * f * (1 + (r.nextDouble() - 0.5) * amount * 0.5)),
                clamp(c.getGreen() * f * (1 + (r.nextDouble() - 0.5) * amount * 0.5)),
                clamp(c.getBlue() * f * (1 + (r.nextDouble() - 0.5) * amount * 0.5)));
    }

    static int clamp(double v) {
        return v <= 0 ? 0 : v >= 255 ? 255 : (int) Math.round(v);
    }
}
