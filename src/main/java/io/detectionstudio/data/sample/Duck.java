package io.detectionstudio.data.sample;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.LinearGradientPaint;
import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.util.Random;

/**
 * A yellow rubber duck seen from the side, facing +x in local coordinates: body with a raised tail, round
 * head, orange beak, dark eye, a hint of a wing. About 1.15 local units long and 0.9 high, centred near the
 * origin.
 */
final class Duck extends Sprite {

    /** Local width of a duck (tail tip to beak tip), for sizing. */
    static final double LOCAL_WIDTH = 1.15;

    private final Color body;
    private final Color beak;
    private final Color eye;
    private final double headR;
    private final double headX;
    private final double headY;
    private final double beakLen;
    private final double tail;
    private final double belly;
    private final double eyeR;
    private final double gloss;
    private final boolean wing;
    private final Path2D.Double bodyPath;
    private final Ellipse2D.Double head;
    private final Path2D.Double beakPath;

    Duck(double cx, double cy, double scale, double angle, boolean mirrored, Random r) {
        super(cx, cy, scale, angle, mirrored);
        Color[] yellows = {new Color(255, 214, 10), new Color(252, 200, 20), new Color(255, 226, 60), new Color(246, 190, 0),
                new Color(255, 220, 35)};
        body = jitter(yellows[r.nextInt(yellows.length)], r, 0.05);
        beak = jitter(r.nextInt(3) == 0 ? new Color(240, 100, 20) : new Color(250, 135, 15), r, 0.05);
        eye = new Color(20 + r.nextInt(20), 20 + r.nextInt(15), 30 + r.nextInt(20));
        headR = 0.19 + r.nextDouble() * 0.04;
        headX = 0.21 + r.nextDouble() * 0.03;
        headY = -0.30 + r.nextDouble() * 0.03;
        beakLen = 0.15 + r.nextDouble() * 0.09;
        tail = 0.10 + r.nextDouble() * 0.12;
        belly = 0.33 + r.nextDouble() * 0.05;
        eyeR = 0.026 + r.nextDouble() * 0.014;
        gloss = 0.35 + r.nextDouble() * 0.35;
        wing = r.nextInt(4) != 0;

        bodyPath = new Path2D.Double();
        bodyPath.moveTo(-0.56, -0.08 - tail);
        bodyPath.quadTo(-0.57, 0.08, -0.42, 0.21);
        bodyPath.curveTo(-0.28, belly, 0.26, belly, 0.40, 0.21);
        bodyPath.curveTo(0.50, 0.12, 0.50, -0.04, 0.36, -0.12);
        bodyPath.curveTo(0.18, -0.17, -0.16, -0.03, -0.36, -0.06);
        bodyPath.quadTo(-0.48, -0.08, -0.56, -0.08 - tail);
        bodyPath.closePath();

        head = new Ellipse2D.Double(headX - headR, headY - headR, 2 * headR, 2 * headR);

        double bx = headX + headR * 0.72;
        double by = headY + 0.03;
        beakPath = new Path2D.Double();
        beakPath.moveTo(bx, by - 0.075);
        beakPath.quadTo(bx + beakLen * 0.7, by - 0.09, bx + beakLen, by - 0.005);
        beakPath.quadTo(bx + beakLen * 0.75, by + 0.065, bx, by + 0.06);
        beakPath.closePath();
    }

    @Override
    boolean labelled() {
        return true;
    }

    @Override
    Shape localSilhouette() {
        Area a = new Area(bodyPath);
        a.add(new Area(head));
        a.add(new Area(beakPath));
        return a;
    }

    @Override
    void paintLocal(Graphics2D g, Point2D.Double light) {
        Area bodyAndHead = new Area(bodyPath);
        bodyAndHead.add(new Area(head));
        g.setColor(body);
        g.fill(bodyAndHead);
        shaded(g, bodyPath, body, light, -0.02, 0.10, 0.5, 0.45, 0.30);
        Shape clip = g.getClip();
        g.clip(bodyPath);
        g.setPaint(new LinearGradientPaint(new Point2D.Double(0, 0.16), new Point2D.Double(0, belly),
                new float[] {0f, 1f}, new Color[] {alpha(scale(body, 0.55), 0), alpha(scale(body, 0.55), 0.45)}));
        g.fill(bodyPath);
        if (wing) {
            Path2D.Double w = new Path2D.Double();
            w.moveTo(-0.30, 0.02);
            w.curveTo(-0.12, -0.08, 0.14, -0.02, 0.20, 0.10);
            w.curveTo(0.06, 0.20, -0.18, 0.20, -0.30, 0.02);
            w.closePath();
            g.setColor(alpha(scale(body, 0.85), 0.55));
            g.fill(w);
            g.setColor(alpha(mix(body, new Color(200, 110, 0), 0.5), 0.6));
            g.setStroke(new BasicStroke(0.012f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(w);
        }
        g.setColor(alpha(Color.WHITE, gloss * 0.7));
        g.fill(new Ellipse2D.Double(-0.12 + light.x * 0.18 - 0.09, 0.06 + light.y * 0.12 - 0.03, 0.18, 0.06));
        g.setClip(clip);

        shaded(g, head, body, light, headX, headY, headR, 0.5, 0.25);
        g.clip(head);
        g.setColor(alpha(Color.WHITE, gloss));
        g.fill(new Ellipse2D.Double(headX + light.x * headR * 0.5 - headR * 0.18, headY + light.y * headR * 0.5 - headR * 0.11,
                headR * 0.36, headR * 0.22));
        double ex = headX + headR * 0.38;
        double ey = headY - headR * 0.22;
        g.setColor(eye);
        g.fill(new Ellipse2D.Double(ex - eyeR, ey - eyeR * 1.15, 2 * eyeR, 2.3 * eyeR));
        g.setColor(new Color(255, 255, 255, 220));
        double hr = eyeR * 0.38;
        g.fill(new Ellipse2D.Double(ex + light.x * eyeR * 0.4 - hr, ey + light.y * eyeR * 0.4 - hr, 2 * hr, 2 * hr));
        g.setClip(clip);

        double bx = headX + headR * 0.72;
        double by = headY + 0.03;
        shaded(g, beakPath, beak, light, bx + beakLen * 0.5, by, beakLen * 0.6, 0.35, 0.3);
        g.clip(beakPath);
        g.setColor(scale(beak, 0.7));
        g.setStroke(new BasicStroke(0.012f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Line2D.Double(bx, by + 0.004, bx + beakLen * 0.9, by - 0.004));
        g.setClip(clip);
    }
}
