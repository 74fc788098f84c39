package io.detectionstudio.engine.training;

import io.detectionstudio.core.Box;
import io.detectionstudio.core.Keypoint;
import io.detectionstudio.core.Keypoints;
import io.detectionstudio.model.centernet.CenterNetDetector;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Makes training samples from labelled images with the augmentations the OD API names (and one it lacks):
 * <ul>
 *   <li>{@code random_horizontal_flip} with the keypoint flip permutation;</li>
 *   <li>random scale and crop: the image is fitted into the square, zoomed by a random factor and shifted at
 *       random (objects less than {@link Options#minVisible} visible are dropped, the others clipped);</li>
 *   <li>{@code random_adjust_brightness / contrast / saturation};</li>
 *   <li>copy-paste: labelled objects cut from other images pasted at random places and scales (valuable when
 *       there are only a few images).</li>
 * </ul>
 * Deterministic for a given seed. Not thread-safe: use one per thread.
 */
public final class Augmenter {

    /**
     * @param size        output side in pixels
     * @param flip        apply random horizontal flips
     * @param minZoom     smallest zoom relative to fitting the whole image (e.g. 0.6: zoomed out, padded)
     * @param maxZoom     largest zoom (e.g. 1.6: a crop)
     * @param color       strength of the colour jitter (0: none; 0.2: +-20% brightness, contrast, saturation)
     * @param pasteProbability  chance to paste one object from another image, tried up to twice per sample
     * @param minVisible  fraction of an object's area that must stay inside the crop to keep it
     */
    public record Options(int size, boolean flip, double minZoom, double maxZoom, double color, double pasteProbability,
                          double minVisible) {

        public Options {
            if (size < 1) {
                throw new IllegalArgumentException("the image size must be positive; got " + size);
            }
            if (!(minZoom > 0) || !(minZoom <= maxZoom) || maxZoom > 100) {
                throw new IllegalArgumentException("the zoom range must be positive, smallest first, at most 100; got " + minZoom
                        + " to " + maxZoom);
            }
            if (!(color >= 0 && color <= 1)) {
                throw new IllegalArgumentException("the colour jitter must be from 0 to 1; got " + color);
            }
            if (!(pasteProbability >= 0 && pasteProbability <= 1)) {
                throw new IllegalArgumentException("the copy-paste probability must be from 0 to 1; got " + pasteProbability);
            }
            if (!(minVisible >= 0 && minVisible <= 1)) {
                throw new IllegalArgumentException("the least visible share of a box must be from 0 to 1; got " + minVisible);
            }
        }

        public static Options defaults(int size) {
            return new Options(size, true, 0.6, 1.6, 0.2, 0.5, 0.4);
        }

        /** No augmentation: the image fitted into the square, as inference sees it. */
        public static Options none(int size) {
            return new Options(size, false, 1, 1, 0, 0, 0.4);
        }
    }

    /** A labelled source image, already decoded. Boxes and keypoints are normalized to this image. */
    public record Source(BufferedImage image, List<Box> boxes, int[] classes, List<List<Keypoint>> keypoints) {
    }

    private final List<Source> sources;
    private final Options options;
    private final int[] flipPermutation;
    private final Random random;

    /**
     * @param flipPermutation the keypoint order after a horizontal flip (see {@link Keypoints#flipPermutation}), or
     *                        null when there are no keypoints
     */
    public Augmenter(List<Source> sources, Options options, int[] flipPermutation, long seed) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no images to train on");
        }
        this.sources = List.copyOf(sources);
        this.options = options;
        this.flipPermutation = flipPermutation;
        this.random = new Random(seed);
    }

    /** The next sample: a random source image, augmented. */
    public TrainingSample next() {
        return sample(sources.get(random.nextInt(sources.size())));
    }

    /** One augmented sample of the given source. */
    public TrainingSample sample(Source src) {
        int s = options.size();
        BufferedImage canvas = new BufferedImage(s, s, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(CenterNetDetector.PAD); // the padding the detector uses too
        g.fillRect(0, 0, s, s);

        int w = src.image().getWidth();
        int h = src.image().getHeight();
        double fit = Math.min((double) s / w, (double) s / h);
        double zoom = fit * uniform(options.minZoom(), options.maxZoom());
        double dw = w * zoom;
        double dh = h * zoom;
        // Place the scaled image so that it covers the square where it can, at a random offset.
        double ox = dw >= s ? -random.nextDouble() * (dw - s) : random.nextDouble() * (s - dw);
        double oy = dh >= s ? -random.nextDouble() * (dh - s) : random.nextDouble() * (s - dh);
        if (options.minZoom() == 1 && options.maxZoom() == 1) {
            ox = (s - dw) / 2;
            oy = (s - dh) / 2;
        }
        boolean flip = options.flip() && random.nextBoolean();
        AffineTransform t = new AffineTransform();
        if (flip) {
            t.translate(s, 0);
            t.scale(-1, 1);
        }
        t.translate(ox, oy);
        t.scale(zoom, zoom);
        g.drawImage(src.image(), t, null);

        List<Box> boxes = new ArrayList<>();
        List<Integer> classes = new ArrayList<>();
        List<List<Keypoint>> keypoints = new ArrayList<>();
        // Normalized source -> normalized output: x' = (ox + x*w*zoom)/s, mirrored when flipped.
        double sx = w * zoom / s;
        double sy = h * zoom / s;
        double tx = ox / s;
        double ty = oy / s;
        for (int i = 0; i < src.boxes().size(); i++) {
            Box b = src.boxes().get(i);
            Box moved = new Box(ty + b.ymin() * sy, tx + b.xmin() * sx, ty + b.ymax() * sy, tx + b.xmax() * sx);
            if (flip) {
                moved = moved.flipHorizontal();
            }
            Box clipped = moved.clip();
            if (moved.area() <= 0 || clipped.area() < options.minVisible() * moved.area()) {
                continue;
            }
            boxes.add(clipped);
            classes.add(src.classes()[i]);
            keypoints.add(moveKeypoints(src.keypoints().isEmpty() ? List.of() : src.keypoints().get(i), sx, sy, tx, ty, flip));
        }
        if (sources.size() > 1) {
            for (int attempt = 0; attempt < 2; attempt++) {
                if (random.nextDouble() < options.pasteProbability()) {
                    paste(g, boxes, classes, keypoints);
                }
            }
        }
        g.dispose();
        int[] cls = classes.stream().mapToInt(Integer::intValue).toArray();
        return new TrainingSample(s, toPixels(canvas), boxes, cls, keypoints);
    }

    private List<Keypoint> moveKeypoints(List<Keypoint> kps, double sx, double sy, double tx, double ty, boolean flip) {
        List<Keypoint> out = new ArrayList<>(kps.size());
        for (Keypoint k : kps) {
            if (!k.isLabelled()) {
                out.add(k);
                continue;
            }
            double y = ty + k.y() * sy;
            double x = tx + k.x() * sx;
            out.add(y < 0 || y > 1 || x < 0 || x > 1 ? Keypoint.notLabelled() : new Keypoint(y, x, k.visibility()));
        }
        if (flip && flipPermutation != null && out.size() == flipPermutation.length) {
            return Keypoints.flipHorizontal(out, flipPermutation);
        }
        if (flip) {
            List<Keypoint> mirrored = new ArrayList<>(out.size());
            for (Keypoint k : out) {
                mirrored.add(k.isLabelled() ? new Keypoint(k.y(), 1 - k.x(), k.visibility()) : k);
            }
            return mirrored;
        }
        return out;
    }

    /** Pastes one labelled object of another image where it overlaps no object already there. */
    private void paste(Graphics2D g, List<Box> boxes, List<Integer> classes, List<List<Keypoint>> keypoints) {
        Source donor = sources.get(random.nextInt(sources.size()));
        if (donor.boxes().isEmpty()) {
            return;
        }
        int i = random.nextInt(donor.boxes().size());
        Box b = donor.boxes().get(i);
        int w = donor.image().getWidth();
        int h = donor.image().getHeight();
        int px0 = (int) Math.floor(b.xmin() * w);
        int py0 = (int) Math.floor(b.ymin() * h);
        int pw = Math.max(1, (int) Math.ceil(b.xmax() * w) - px0);
        int ph = Math.max(1, (int) Math.ceil(b.ymax() * h) - py0);
        int s = options.size();
        // Target size: 10%..45% of the square's side for the object's longer side.
        double side = s * uniform(0.10, 0.45);
        double scale = side / Math.max(pw, ph);
        int tw = Math.max(2, (int) Math.round(pw * scale));
        int th = Math.max(2, (int) Math.round(ph * scale));
        if (tw >= s || th >= s) {
            return;
        }
        int x = random.nextInt(s - tw);
        int y = random.nextInt(s - th);
        Box placed = new Box((double) y / s, (double) x / s, (double) (y + th) / s, (double) (x + tw) / s);
        for (Box other : boxes) {
            if (other.intersection(placed) > 0) {
                return;
            }
        }
        boolean flip = options.flip() && random.nextBoolean();
        BufferedImage patch = donor.image().getSubimage(Math.min(px0, w - 1), Math.min(py0, h - 1),
                Math.min(pw, w - Math.min(px0, w - 1)), Math.min(ph, h - Math.min(py0, h - 1)));
        if (flip) {
            g.drawImage(patch, x + tw, y, -tw, th, null);
        } else {
            g.drawImage(patch, x, y, tw, th, null);
        }
        boxes.add(placed);
        classes.add(donor.classes()[i]);
        List<Keypoint> kps = new ArrayList<>();
        for (Keypoint k : donor.keypoints().isEmpty() ? List.<Keypoint>of() : donor.keypoints().get(i)) {
            if (!k.isLabelled()) {
                kps.add(k);
                continue;
            }
            double ky = placed.ymin() + (k.y() - b.ymin()) / b.height() * placed.height();
            double kx = placed.xmin() + (k.x() - b.xmin()) / b.width() * placed.width();
            kps.add(new Keypoint(Math.max(0, Math.min(1, ky)), Math.max(0, Math.min(1, kx)), k.visibility()));
        }
        if (flip) {
            List<Keypoint> mirrored = new ArrayList<>();
            for (Keypoint k : kps) {
                mirrored.add(k.isLabelled() ? new Keypoint(k.y(), placed.xmin() + placed.xmax() - k.x(), k.visibility()) : k);
            }
            kps = flipPermutation != null && mirrored.size() == flipPermutation.length ? permute(mirrored) : mirrored;
        }
        keypoints.add(kps);
    }

    private List<Keypoint> permute(List<Keypoint> k) {
        List<Keypoint> out = new ArrayList<>(k.size());
        for (int src : flipPermutation) {
            out.add(k.get(src));
        }
        return out;
    }

    /** RGB to [-1, 1] floats with the colour jitter applied. */
    private float[] toPixels(BufferedImage img) {
        int[] argb = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        float brightness = (float) uniform(-options.color(), options.color());
        float contrast = (float) (1 + uniform(-options.color(), options.color()));
        float saturation = (float) (1 + uniform(-options.color(), options.color()));
        float[] out = new float[argb.length * 3];
        for (int i = 0; i < argb.length; i++) {
            float r = ((argb[i] >> 16) & 0xff) / 127.5f - 1;
            float gr = ((argb[i] >> 8) & 0xff) / 127.5f - 1;
            float b = (argb[i] & 0xff) / 127.5f - 1;
            float gray = 0.299f * r + 0.587f * gr + 0.114f * b;
            r = gray + (r - gray) * saturation;
            gr = gray + (gr - gray) * saturation;
            b = gray + (b - gray) * saturation;
            out[3 * i] = clamp(r * contrast + brightness);
            out[3 * i + 1] = clamp(gr * contrast + brightness);
            out[3 * i + 2] = clamp(b * contrast + brightness);
        }
        return out;
    }

    private static float clamp(float v) {
        return v < -1 ? -1 : Math.min(1, v);
    }

    private double uniform(double lo, double hi) {
        return lo == hi ? lo : lo + random.nextDouble() * (hi - lo);
    }
}
