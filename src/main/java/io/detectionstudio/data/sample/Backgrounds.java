package io.detectionstudio.data.sample;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.CubicCurve2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.Random;

/** Procedural backgrounds: wood floors, tiles, carpet, studio gradients, striped fabric, a cluttered desk. */
final class Backgrounds {

    enum Kind { WOOD, TILES, CARPET, GRADIENT, FABRIC, DESK }

    /** A background: its kind and the seed all its details come from. */
    record Background(Kind kind, long seed) {

        void paint(BufferedImage img) {
            Random r = new Random(seed);
            switch (kind) {
                case WOOD -> wood(img, r);
                case TILES -> tiles(img, r);
                case CARPET -> carpet(img, r);
                case GRADIENT -> gradient(img, r);
                case FABRIC -> fabric(img, r);
                case DESK -> desk(img, r);
                default -> throw new IllegalStateException(kind.toString());
            }
        }
    }

    private Backgrounds() {
    }

    private static int rgb(double r, double g, double b) {
        return Sprite.clamp(r) << 16 | Sprite.clamp(g) << 8 | Sprite.clamp(b);
    }

    private static int rgb(Color c, double f) {
        return rgb(c.getRed() * f, c.getGreen() * f, c.getBlue() * f);
    }

    private static Color pick(Random r, Color... colors) {
        return Sprite.jitter(colors[r.nextInt(colors.length)], r, 0.06);
    }

    private static double smooth(double e0, double e1, double x) {
        double t = Math.max(0, Math.min(1, (x - e0) / (e1 - e0)));
        return t * t * (3 - 2 * t);
    }

    /** Floor planks with grain, seams, butt joints and the odd knot. */
    static void wood(BufferedImage img, Random r) {
        int w = img.getWidth();
        int h = img.getHeight();
        Color base = pick(r, new Color(190, 138, 88), new Color(125, 82, 52), new Color(214, 172, 118), new Color(160, 105, 65),
                new Color(175, 150, 120));
        boolean horizontal = r.nextInt(3) != 0;
        double plank = 22 + r.nextInt(28);
        double offset = r.nextDouble() * plank;
        double ringFreq = 0.35 + r.nextDouble() * 0.3;
        Noise n = new Noise(r.nextLong());
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double u = horizontal ? x : y;
                double v = horizontal ? y : x;
                double pv = (v + offset) / plank;
                int p = (int) StrictMath.floor(pv);
                double inV = (pv - p) * plank;
                double len = 140 + n.hash(p, 1) * 220;
                double uu = u + n.hash(p, 2) * 400;
                int seg = (int) StrictMath.floor(uu / len);
                double inU = uu - seg * len;
                long key = p * 131L + seg;
                double tone = 0.82 + 0.3 * n.hash(key, 3);
                double warp = n.fbm(u * 0.012 + key * 7.1, inV * 0.05 + key * 3.3, 3);
                double ring = Math.abs(StrictMath.sin((inV + warp * 26) * ringFreq + key));
                double grain = 1 - 0.16 * Math.pow(ring, 8) - 0.05 * ring;
                double streak = 0.93 + 0.1 * n.value(u * 0.06 + key * 11, v * 0.9);
                double f = tone * grain * streak;
                double kx = 60 + n.hash(key, 4) * (len - 120);
                double kd = Math.hypot((inU - kx) / 2.4, inV - plank * (0.3 + 0.4 * n.hash(key, 5)));
                if (n.hash(key, 6) < 0.25 && kd < 6) {
                    f *= 0.7 + 0.3 * smooth(2, 6, kd) + 0.08 * Math.sin(kd * 2.5);
                }
                if (inV < 1.3 || inU < 1.3) {
                    f *= 0.55;
                } else if (inV < 2.3) {
                    f *= 0.85;
                }
                double warm = 1 + (1 - f) * 0.12;
                px[y * w + x] = rgb(base.getRed() * f * warm, base.getGreen() * f, base.getBlue() * f / warm);
            }
        }
        img.setRGB(0, 0, w, h, px, 0, w);
    }

    /** Ceramic tiles with grout lines, plain or chequered. */
    static void tiles(BufferedImage img, Random r) {
        int w = img.getWidth();
        int h = img.getHeight();
        Color a = pick(r, new Color(232, 230, 222), new Color(205, 196, 180), new Color(140, 170, 200), new Color(190, 110, 80),
                new Color(90, 95, 100), new Color(170, 190, 160));
        Color b = r.nextInt(3) == 0 ? pick(r, new Color(40, 40, 45), new Color(235, 235, 230), new Color(120, 60, 50)) : a;
        Color grout = r.nextBoolean() ? new Color(200, 198, 190) : new Color(85, 82, 78);
        double tile = 26 + r.nextInt(44);
        double grw = 1.5 + r.nextDouble() * 2.5;
        double ox = r.nextDouble() * tile;
        double oy = r.nextDouble() * tile;
        Noise n = new Noise(r.nextLong());
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double tx = (x + ox) / tile;
                double ty = (y + oy) / tile;
                int ix = (int) StrictMath.floor(tx);
                int iy = (int) StrictMath.floor(ty);
                double fx = (tx - ix) * tile;
                double fy = (ty - iy) * tile;
                double speck = 0.97 + 0.06 * n.hash(x, y);
                if (fx < grw || fy < grw) {
                    px[y * w + x] = rgb(grout, speck * (0.95 + 0.1 * n.value(x * 0.3, y * 0.3)));
                    continue;
                }
                Color c = ((ix + iy) & 1) == 0 ? a : b;
                double tone = 0.93 + 0.1 * n.hash(ix, iy);
                double glaze = 1 + 0.06 * ((fx + fy) / (2 * tile) - 0.5) + 0.05 * (n.value(tx * 3 + ix, ty * 3) - 0.5);
                double edge = Math.min(fx - grw, fy - grw) < 1.2 ? 0.92 : 1;
                px[y * w + x] = rgb(c, tone * glaze * speck * edge);
            }
        }
        img.setRGB(0, 0, w, h, px, 0, w);
    }

    /** Carpet: fibre noise over slow blotches. */
    static void carpet(BufferedImage img, Random r) {
        int w = img.getWidth();
        int h = img.getHeight();
        Color c = pick(r, new Color(120, 120, 125), new Color(70, 90, 130), new Color(180, 165, 140), new Color(140, 60, 60),
                new Color(80, 110, 80), new Color(150, 130, 150));
        double fiber = 0.1 + r.nextDouble() * 0.1;
        Noise n = new Noise(r.nextLong());
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double blotch = 0.88 + 0.24 * n.fbm(x * 0.02, y * 0.02, 3);
                double loops = 1 + fiber * (n.value(x * 0.7, y * 0.7) - 0.5) + fiber * (n.hash(x, y) - 0.5);
                double f = blotch * loops;
                double hue = 0.06 * (n.hash(x + 7919, y) - 0.5);
                px[y * w + x] = rgb(c.getRed() * f * (1 + hue), c.getGreen() * f, c.getBlue() * f * (1 - hue));
            }
        }
        img.setRGB(0, 0, w, h, px, 0, w);
    }

    /** A studio backdrop: a wall meeting a table top, with a soft spotlight. */
    static void gradient(BufferedImage img, Random r) {
        int w = img.getWidth();
        int h = img.getHeight();
        Color wall = pick(r, new Color(225, 225, 230), new Color(200, 215, 230), new Color(235, 225, 210), new Color(150, 160, 175),
                new Color(210, 235, 215));
        Color table = pick(r, new Color(245, 245, 245), new Color(180, 185, 190), new Color(200, 175, 140), new Color(110, 120, 135));
        boolean sweep = r.nextBoolean();
        double horizon = h * (0.3 + r.nextDouble() * 0.35);
        double soft = sweep ? 30 + r.nextDouble() * 40 : 2 + r.nextDouble() * 3;
        double sx = w * (0.2 + r.nextDouble() * 0.6);
        double sy = h * (0.2 + r.nextDouble() * 0.5);
        double spot = 0.1 + r.nextDouble() * 0.2;
        Noise n = new Noise(r.nextLong());
        int[] px = new int[w * h];
        double diag = Math.hypot(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double t = smooth(horizon - soft, horizon + soft, y);
                double falloff = 1 + spot * (1 - 2 * Math.hypot(x - sx, y - sy) / diag);
                double grad = 1 - 0.12 * (y < horizon ? (horizon - y) / h : (y - horizon) / h);
                double edge = sweep ? 1 : 1 - 0.25 * Math.exp(-Math.abs(y - horizon - 1.5) / 1.5);
                double f = falloff * grad * edge * (0.985 + 0.03 * n.value(x * 0.05, y * 0.05));
                px[y * w + x] = rgb(wall.getRed() * (1 - t) * f + table.getRed() * t * f,
                        wall.getGreen() * (1 - t) * f + table.getGreen() * t * f,
                        wall.getBlue() * (1 - t) * f + table.getBlue() * t * f);
            }
        }
        img.setRGB(0, 0, w, h, px, 0, w);
    }

    /** Striped fabric with a weave, thread streaks and soft folds. */
    static void fabric(BufferedImage img, Random r) {
        int w = img.getWidth();
        int h = img.getHeight();
        Color[] palette = {new Color(200, 40, 50), new Color(240, 235, 225), new Color(40, 60, 120), new Color(90, 150, 200),
                new Color(60, 120, 70), new Color(230, 200, 170), new Color(50, 50, 55), new Color(170, 110, 160)};
        int k = 2 + r.nextInt(3);
        Color[] colors = new Color[k];
        double[] widths = new double[k];
        double period = 0;
        for (int i = 0; i < k; i++) {
            colors[i] = Sprite.jitter(palette[r.nextInt(palette.length)], r, 0.05);
            widths[i] = 4 + r.nextInt(18);
            period += widths[i];
        }
        double[] angles = {0, Math.PI / 2, Math.PI / 4, -Math.PI / 4, r.nextDouble() * Math.PI};
        double angle = angles[r.nextInt(angles.length)];
        double cos = StrictMath.cos(angle);
        double sin = StrictMath.sin(angle);
        double foldAngle = r.nextDouble() * Math.PI;
        double fc = StrictMath.cos(foldAngle);
        double fs = StrictMath.sin(foldAngle);
        double foldFreq = 0.02 + r.nextDouble() * 0.03;
        Noise n = new Noise(r.nextLong());
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = x * cos + y * sin;
                double t = -x * sin + y * cos;
                double m = ((s % period) + period) % period;
                int i = 0;
                while (m >= widths[i] && i < k - 1) {
                    m -= widths[i];
                    i++;
                }
                double weave = 1 + 0.05 * ((((int) StrictMath.floor(s / 1.5) + (int) StrictMath.floor(t / 1.5)) & 1) * 2 - 1);
                double thread = 0.94 + 0.12 * n.value(s * 0.9, t * 0.04);
                double fold = x * fc + y * fs;
                double folds = 0.9 + 0.12 * StrictMath.sin(fold * foldFreq + 4 * n.fbm(x * 0.01, y * 0.01, 2));
                px[y * w + x] = rgb(colors[i], weave * thread * folds);
            }
        }
        img.setRGB(0, 0, w, h, px, 0, w);
    }

    /** A desk: laminate or wood, with papers, sticky notes, pens, a mug, coins, a cable, a keyboard. */
    static void desk(BufferedImage img, Random r) {
        int w = img.getWidth();
        int h = img.getHeight();
        if (r.nextBoolean()) {
            wood(img, new Random(r.nextLong()));
        } else {
            Color top = pick(r, new Color(230, 228, 222), new Color(60, 60, 62), new Color(200, 200, 205), new Color(170, 150, 125));
            Noise n = new Noise(r.nextLong());
            int[] px = new int[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    px[y * w + x] = rgb(top, 0.95 + 0.06 * n.fbm(x * 0.03, y * 0.03, 2) + 0.03 * (n.hash(x, y) - 0.5));
                }
            }
            img.setRGB(0, 0, w, h, px, 0, w);
        }
        Graphics2D g = img.createGraphics();
        try {
            Renderer.hints(g);
            int items = 3 + r.nextInt(5);
            for (int i = 0; i < items; i++) {
                double x = r.nextDouble() * w;
                double y = r.nextDouble() * h;
                double a = r.nextDouble() * Math.PI * 2;
                Graphics2D gi = (Graphics2D) g.create();
                gi.translate(x, y);
                gi.rotate(a);
                switch (r.nextInt(7)) {
                    case 0 -> paper(gi, r);
                    case 1 -> stickyNote(gi, r);
                    case 2 -> pen(gi, r);
                    case 3 -> mug(gi, r);
                    case 4 -> coins(gi, r);
                    case 5 -> cable(gi, r);
                    default -> keyboard(gi, r);
                }
                gi.dispose();
            }
        } finally {
            g.dispose();
        }
    }

    private static void dropShadow(Graphics2D g, Shape s, double dx, double dy, int alpha) {
        Graphics2D gs = (Graphics2D) g.create();
        gs.translate(dx, dy);
        gs.setColor(new Color(0, 0, 0, alpha));
        gs.fill(s);
        gs.dispose();
    }

    private static void paper(Graphics2D g, Random r) {
        double pw = 80 + r.nextDouble() * 80;
        double ph = pw * 1.41;
        Shape s = new Rectangle2D.Double(-pw / 2, -ph / 2, pw, ph);
        dropShadow(g, s, 2, 2, 40);
        g.setColor(Sprite.jitter(new Color(246, 245, 240), r, 0.02));
        g.fill(s);
        g.setColor(new Color(120, 120, 130, 150));
        g.setStroke(new BasicStroke(1.2f));
        double margin = pw * 0.12;
        for (double ly = -ph / 2 + margin; ly < ph / 2 - margin; ly += 5 + r.nextInt(2)) {
            if (r.nextInt(6) == 0) {
                ly += 6;
                continue;
            }
            double len = (pw - 2 * margin) * (0.5 + 0.5 * r.nextDouble());
            g.draw(new Line2D.Double(-pw / 2 + margin, ly, -pw / 2 + margin + len, ly));
        }
    }

    private static void stickyNote(Graphics2D g, Random r) {
        double s = 28 + r.nextDouble() * 20;
        Shape sh = new Rectangle2D.Double(-s / 2, -s / 2, s, s);
        dropShadow(g, sh, 1.5, 1.5, 45);
        g.setColor(pick(r, new Color(250, 150, 180), new Color(150, 220, 160), new Color(140, 200, 240), new Color(250, 180, 100)));
        g.fill(sh);
        g.setColor(new Color(40, 40, 120, 150));
        g.setStroke(new BasicStroke(1.3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int i = 0; i < 3; i++) {
            double y = -s / 4 + i * s / 5;
            g.draw(new CubicCurve2D.Double(-s / 3, y, -s / 8, y - 2, s / 8, y + 2, s / 3 - r.nextDouble() * s / 4, y));
        }
    }

    private static void pen(Graphics2D g, Random r) {
        double len = 60 + r.nextDouble() * 60;
        double th = 5 + r.nextDouble() * 3;
        Shape body = new RoundRectangle2D.Double(-len / 2, -th / 2, len, th, th, th);
        dropShadow(g, body, 2, 2, 50);
        Color c = pick(r, new Color(30, 60, 160), new Color(25, 25, 30), new Color(190, 30, 30), new Color(240, 240, 240));
        g.setColor(c);
        g.fill(body);
        g.setColor(Sprite.mix(c, Color.WHITE, 0.4));
        g.fill(new Rectangle2D.Double(-len / 2 + th, -th / 2 + 1, len - 2 * th, th * 0.25));
        g.setColor(new Color(160, 160, 165));
        g.fill(new Rectangle2D.Double(len / 2 - th * 2.2, -th / 2, th * 0.8, th));
    }

    private static void mug(Graphics2D g, Random r) {
        double rad = 16 + r.nextDouble() * 10;
        Shape outer = new Ellipse2D.Double(-rad, -rad, 2 * rad, 2 * rad);
        Shape handle = new RoundRectangle2D.Double(rad - 4, -rad * 0.3, rad * 0.55, rad * 0.6, 6, 6);
        dropShadow(g, outer, 3, 3, 50);
        dropShadow(g, handle, 3, 3, 50);
        Color c = pick(r, new Color(240, 240, 235), new Color(40, 90, 160), new Color(180, 40, 40), new Color(60, 60, 60));
        g.setColor(c);
        g.fill(handle);
        g.fill(outer);
        g.setColor(Sprite.scale(c, 0.8));
        g.fill(new Ellipse2D.Double(-rad * 0.85, -rad * 0.85, 1.7 * rad, 1.7 * rad));
        g.setColor(new Color(70, 42, 25));
        g.fill(new Ellipse2D.Double(-rad * 0.78, -rad * 0.78, 1.56 * rad, 1.56 * rad));
        g.setColor(new Color(255, 255, 255, 60));
        g.fill(new Ellipse2D.Double(-rad * 0.5, -rad * 0.55, rad * 0.5, rad * 0.25));
    }

    private static void coins(Graphics2D g, Random r) {
        int count = 1 + r.nextInt(4);
        for (int i = 0; i < count; i++) {
            double rad = 5 + r.nextDouble() * 4;
            double x = (r.nextDouble() - 0.5) * 30;
            double y = (r.nextDouble() - 0.5) * 30;
            Shape c = new Ellipse2D.Double(x - rad, y - rad, 2 * rad, 2 * rad);
            dropShadow(g, c, 1, 1, 60);
            Color m = r.nextBoolean() ? new Color(190, 190, 195) : new Color(185, 140, 70);
            g.setColor(m);
            g.fill(c);
            g.setColor(Sprite.scale(m, 0.8));
            g.setStroke(new BasicStroke(1f));
            g.draw(new Ellipse2D.Double(x - rad * 0.75, y - rad * 0.75, 1.5 * rad, 1.5 * rad));
        }
    }

    private static void cable(Graphics2D g, Random r) {
        double len = 100 + r.nextDouble() * 150;
        CubicCurve2D.Double c = new CubicCurve2D.Double(-len / 2, 0, -len / 6, (r.nextDouble() - 0.5) * 120, len / 6,
                (r.nextDouble() - 0.5) * 120, len / 2, (r.nextDouble() - 0.5) * 40);
        float th = 3 + r.nextInt(3);
        Shape s = new BasicStroke(th, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND).createStrokedShape(c);
        dropShadow(g, s, 2, 2, 50);
        Color col = r.nextBoolean() ? new Color(30, 30, 32) : new Color(235, 235, 235);
        g.setColor(col);
        g.fill(s);
    }

    private static void keyboard(Graphics2D g, Random r) {
        double kw = 180 + r.nextDouble() * 60;
        double kh = kw * 0.36;
        Shape s = new RoundRectangle2D.Double(-kw / 2, -kh / 2, kw, kh, 8, 8);
        dropShadow(g, s, 3, 3, 60);
        boolean darkKeys = r.nextBoolean();
        Color frame = darkKeys ? new Color(45, 45, 48) : new Color(215, 215, 218);
        Color key = darkKeys ? new Color(30, 30, 33) : new Color(245, 245, 247);
        g.setColor(frame);
        g.fill(s);
        double pad = 6;
        int cols = 14;
        int rows = 5;
        double kx = (kw - 2 * pad) / cols;
        double ky = (kh - 2 * pad) / rows;
        g.setColor(key);
        for (int row = 0; row < rows; row++) {
            for (int col = 0; col < cols; col++) {
                g.fill(new RoundRectangle2D.Double(-kw / 2 + pad + col * kx + 1, -kh / 2 + pad + row * ky + 1, kx - 2, ky - 2, 3, 3));
            }
        }
    }
}
