package io.detectionstudio.data.sample;

import io.detectionstudio.data.CocoBox;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Renders scenes and derives their labels from the same geometry.
 *
 * <h2>How boxes and keypoints are derived</h2>
 * Every sprite's silhouette is rasterized, antialiased exactly as it is painted, into its own
 * coverage mask ({@code 0..255} per pixel, over the image only, so the image edge clips it). A labelled
 * sprite's <em>visible</em> coverage at a pixel is its own coverage times {@code (1 - coverage)} of every
 * sprite drawn after it, the share of the final pixel it contributes. A pixel counts as the object's when
 * that share is at least one half. The box is the tight box of those pixels, in COCO's continuous pixel
 * coordinates (pixel {@code i} spans {@code [i, i + 1)}), so {@code [minX, minY, maxX - minX + 1,
 * maxY - minY + 1]}. A keypoint outside the image is {@code 0, 0, 0}; inside, it is visible ({@code 2})
 * when its pixel is one of the object's visible pixels and occluded ({@code 1}) otherwise.
 */
final class Renderer {

    /** One labelled object of a scene. */
    record Label(int sprite, CocoBox box, double[] keypoints, int visiblePixels, double visibleFraction) {
    }

    private Renderer() {
    }

    static void hints(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);
    }

    /** The final image: the composed scene under the scene's lighting and sensor noise. */
    static BufferedImage render(Scene s) {
        return finish(compose(s, -1), s.lighting());
    }

    /**
     * The scene's background, shadows and sprites, before lighting and noise. Sprite {@code omit} (or none
     * when -1) is left out, its shadow kept: comparing with the full composition shows exactly where that
     * sprite is visible.
     */
    static BufferedImage compose(Scene s, int omit) {
        BufferedImage img = new BufferedImage(s.width(), s.height(), BufferedImage.TYPE_INT_RGB);
        s.background().paint(img);
        Graphics2D g = img.createGraphics();
        try {
            hints(g);
            for (int i = 0; i < s.sprites().size(); i++) {
                Sprite sp = s.sprites().get(i);
                sp.paintShadow(g, s.lighting());
                if (i != omit) {
                    sp.paint(g, s.lighting());
                }
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Applies exposure, a light gradient across the image, white balance, vignetting and sensor noise. */
    static BufferedImage finish(BufferedImage in, Scene.Lighting l) {
        int w = in.getWidth();
        int h = in.getHeight();
        int[] px = in.getRGB(0, 0, w, h, null, 0, w);
        Random noise = new Random(l.noiseSeed());
        double cx = w / 2.0;
        double cy = h / 2.0;
        double diag = Math.hypot(w, h);
        double half2 = diag * diag / 4;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double d = ((x - cx) * l.lightX() + (y - cy) * l.lightY()) / diag;
                double r2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / half2;
                double f = l.gain() * (1 + 2 * l.gradient() * d) * (1 - l.vignette() * r2);
                double luma = noise.nextGaussian() * l.noise();
                double chroma = l.noise() * 0.35;
                int p = px[y * w + x];
                int r = Sprite.clamp(((p >> 16) & 255) * f * l.tintR() + luma + noise.nextGaussian() * chroma);
                int g = Sprite.clamp(((p >> 8) & 255) * f * l.tintG() + luma + noise.nextGaussian() * chroma);
                int b = Sprite.clamp((p & 255) * f * l.tintB() + luma + noise.nextGaussian() * chroma);
                px[y * w + x] = r << 16 | g << 8 | b;
            }
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, px, 0, w);
        return out;
    }

    /** Antialiased coverage ({@code 0..255}) of {@code shape} over the pixels of {@code region}, row by row. */
    static int[] coverage(Shape shape, Rectangle region) {
        BufferedImage m = new BufferedImage(region.width, region.height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = m.createGraphics();
        try {
            hints(g);
            g.translate(-region.x, -region.y);
            g.setColor(Color.WHITE);
            g.fill(shape);
        } finally {
            g.dispose();
        }
        byte[] data = ((DataBufferByte) m.getRaster().getDataBuffer()).getData();
        int[] out = new int[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = data[i] & 255;
        }
        return out;
    }

    /** Coverage masks of all sprites over the image. */
    static List<int[]> masks(Scene s) {
        Rectangle image = new Rectangle(0, 0, s.width(), s.height());
        List<int[]> out = new ArrayList<>();
        for (Sprite sp : s.sprites()) {
            out.add(coverage(sp.silhouette(), image));
        }
        return out;
    }

    /** The share ({@code 0..1}) of each final pixel that sprite {@code index} contributes. */
    static double[] visibility(Scene s, List<int[]> masks, int index) {
        int n = s.width() * s.height();
        double[] vis = new double[n];
        int[] own = masks.get(index);
        for (int p = 0; p < n; p++) {
            vis[p] = own[p] / 255.0;
        }
        for (int j = index + 1; j < masks.size(); j++) {
            int[] over = masks.get(j);
            for (int p = 0; p < n; p++) {
                vis[p] *= 1 - over[p] / 255.0;
            }
        }
        return vis;
    }

    /** The labels of a scene's labelled sprites, in drawing order; a sprite with no visible pixel gets none. */
    static List<Label> labels(Scene s) {
        List<int[]> masks = masks(s);
        List<Label> out = new ArrayList<>();
        int w = s.width();
        int h = s.height();
        for (int i = 0; i < s.sprites().size(); i++) {
            Sprite sp = s.sprites().get(i);
            if (!sp.labelled()) {
                continue;
            }
            double[] vis = visibility(s, masks, i);
            int minX = Integer.MAX_VALUE;
            int minY = Integer.MAX_VALUE;
            int maxX = -1;
            int maxY = -1;
            int count = 0;
            double visible = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double v = vis[y * w + x];
                    visible += v;
                    if (v >= 0.5) {
                        count++;
                        minX = Math.min(minX, x);
                        maxX = Math.max(maxX, x);
                        minY = Math.min(minY, y);
                        maxY = Math.max(maxY, y);
                    }
                }
            }
            if (count == 0) {
                continue;
            }
            Rectangle full = sp.silhouette().getBounds();
            double total = 0;
            for (int c : coverage(sp.silhouette(), full)) {
                total += c / 255.0;
            }
            CocoBox box = new CocoBox(minX, minY, maxX - minX + 1, maxY - minY + 1);
            double[] kp = sp instanceof Figure f ? keypoints(f, vis, w, h) : null;
            out.add(new Label(i, box, kp, count, total > 0 ? visible / total : 0));
        }
        return out;
    }

    private static double[] keypoints(Figure f, double[] vis, int w, int h) {
        double[][] pts = f.keypoints();
        double[] out = new double[pts.length * 3];
        for (int k = 0; k < pts.length; k++) {
            double x = pts[k][0];
            double y = pts[k][1];
            if (x < 0 || y < 0 || x >= w || y >= h) {
                continue; // 0, 0, 0: outside the image, not labelled
            }
            int p = (int) StrictMath.floor(y) * w + (int) StrictMath.floor(x);
            out[3 * k] = round2(x);
            out[3 * k + 1] = round2(y);
            out[3 * k + 2] = vis[p] >= 0.5 ? 2 : 1;
        }
        return out;
    }

    /** Rounds down to two decimals: sub-pixel, short in the JSON, and still inside the keypoint's pixel. */
    static double round2(double v) {
        return StrictMath.floor(v * 100) / 100;
    }
}
