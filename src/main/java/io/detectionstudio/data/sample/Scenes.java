package io.detectionstudio.data.sample;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Lays out the scenes of the sample datasets. Image {@code i} of a dataset depends only on the dataset's
 * seed and {@code i} (its own {@link Random}), so the first {@code n} images of a large set are those of
 * a small one, and a test can rebuild any one scene.
 *
 * <p>A layout is drawn at random and kept only if every labelled object is clearly there: at least
 * {@link #MIN_VISIBLE} of its silhouette visible (not cut off by the edge, not hidden behind other objects)
 * and a box of a few pixels at least. Otherwise the layout is drawn again from the same stream.
 */
final class Scenes {

    /** A scene and its labels. */
    record Generated(Scene scene, List<Renderer.Label> labels) {
    }

    static final double MIN_VISIBLE = 0.4;
    private static final int ATTEMPTS = 60;

    private Scenes() {
    }

    /** The size of duck image {@code index}: mostly 320x240, some portrait, square and wide ones. */
    static int[] duckImageSize(int index) {
        if (index % 10 == 7) {
            return new int[] {240, 320};
        }
        if (index % 20 == 2) {
            return new int[] {256, 256};
        }
        if (index % 20 == 15) {
            return new int[] {320, 180};
        }
        return new int[] {320, 240};
    }

    /**
     * Duck image {@code index}: no duck in one image of ten (negatives, indices 4, 14, ...), else one or two
     * (about a third of them two), each 8% to 45% of the image's shorter side long (up to 32% when two).
     */
    static Generated duck(long seed, int index) {
        Random r = new Random(Noise.derive(seed, "toy-ducks", index));
        int[] size = duckImageSize(index);
        int w = size[0];
        int h = size[1];
        int ducks = index % 10 == 4 ? 0 : r.nextDouble() < 0.35 ? 2 : 1;
        Backgrounds.Background bg = background(r, index);
        Scene.Lighting lighting = lighting(r);
        Distractors.Kind[] kinds = Distractors.Kind.values();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            double side = Math.min(w, h);
            List<Sprite> behind = new ArrayList<>();
            List<Sprite> objects = new ArrayList<>();
            List<Sprite> front = new ArrayList<>();
            int distractors = r.nextInt(4) + (ducks == 0 ? 2 : 0);
            boolean yellowDecoy = r.nextDouble() < 0.45;
            for (int d = 0; d < distractors; d++) {
                Distractors.Kind kind = d == 0 && yellowDecoy
                        ? (r.nextBoolean() ? Distractors.Kind.LEMON : Distractors.Kind.SPONGE)
                        : kinds[r.nextInt(kinds.length)];
                double s = side * (0.12 + r.nextDouble() * 0.22);
                Sprite sp = Distractors.create(kind, r.nextDouble() * w, r.nextDouble() * h, s, tilt(r, kind), r.nextBoolean(), r);
                (r.nextDouble() < 0.6 ? behind : front).add(sp);
            }
            for (int d = 0; d < ducks; d++) {
                double width = side * (0.08 + r.nextDouble() * (ducks == 2 ? 0.24 : 0.37));
                double height = width * 0.8;
                double[] c = place(r, w, h, width, height, 0.18);
                double angle = Math.max(-0.3, Math.min(0.3, r.nextGaussian() * 0.13));
                objects.add(new Duck(c[0], c[1], width / Duck.LOCAL_WIDTH, angle, r.nextBoolean(), r));
            }
            if (ducks > 0 && r.nextDouble() < 0.3) {
                front.add(occluder(r, objects.get(r.nextInt(objects.size())), kinds));
            }
            Generated g = accept(w, h, bg, behind, objects, front, lighting, 8);
            if (g != null) {
                return g;
            }
        }
        throw new IllegalStateException("no acceptable layout for duck image " + index + " in " + ATTEMPTS + " attempts");
    }

    /**
     * Figure image {@code index}: 320x240 with one or two figures (28% to 90% of the image height tall, up
     * to 65% when two), each with at least two labelled keypoints.
     */
    static Generated figure(long seed, int index) {
        Random r = new Random(Noise.derive(seed, "toy-figures", index));
        int w = 320;
        int h = 240;
        int figures = r.nextDouble() < 0.4 ? 2 : 1;
        Backgrounds.Background bg = background(r, index);
        Scene.Lighting lighting = lighting(r);
        Distractors.Kind[] kinds = Distractors.Kind.values();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            double side = Math.min(w, h);
            List<Sprite> behind = new ArrayList<>();
            List<Sprite> objects = new ArrayList<>();
            List<Sprite> front = new ArrayList<>();
            int distractors = r.nextInt(4);
            for (int d = 0; d < distractors; d++) {
                Distractors.Kind kind = kinds[r.nextInt(kinds.length)];
                double s = side * (0.12 + r.nextDouble() * 0.22);
                Sprite sp = Distractors.create(kind, r.nextDouble() * w, r.nextDouble() * h, s, tilt(r, kind), r.nextBoolean(), r);
                (r.nextDouble() < 0.6 ? behind : front).add(sp);
            }
            for (int f = 0; f < figures; f++) {
                double height = side * logUniform(r, 0.28, figures == 2 ? 0.65 : 0.9);
                double width = height * 0.55;
                double[] c = place(r, w, h, width, height, 0.2);
                double angle = Math.max(-0.4, Math.min(0.4, r.nextGaussian() * 0.15));
                objects.add(new Figure(c[0], c[1], height / Figure.LOCAL_HEIGHT, angle, r.nextBoolean(), r));
            }
            if (r.nextDouble() < 0.35) {
                front.add(occluder(r, objects.get(r.nextInt(objects.size())), kinds));
            }
            Generated g = accept(w, h, bg, behind, objects, front, lighting, 10);
            if (g != null && g.labels().stream().allMatch(l -> labelledKeypoints(l) >= 2)) {
                return g;
            }
        }
        throw new IllegalStateException("no acceptable layout for figure image " + index + " in " + ATTEMPTS + " attempts");
    }

    private static int labelledKeypoints(Renderer.Label l) {
        int n = 0;
        for (int k = 2; k < l.keypoints().length; k += 3) {
            n += l.keypoints()[k] > 0 ? 1 : 0;
        }
        return n;
    }

    /**
     * Builds the scene (distractors behind, labelled objects from back to front by their lowest point,
     * distractors in front) and keeps it if every labelled object is clearly visible.
     */
    private static Generated accept(int w, int h, Backgrounds.Background bg, List<Sprite> behind, List<Sprite> objects,
                                    List<Sprite> front, Scene.Lighting lighting, int minBoxSide) {
        List<Sprite> sorted = new ArrayList<>(objects);
        sorted.sort(Comparator.comparingDouble(s -> s.silhouette().getBounds2D().getMaxY()));
        List<Sprite> all = new ArrayList<>(behind);
        all.addAll(sorted);
        all.addAll(front);
        Scene scene = new Scene(w, h, bg, all, lighting);
        List<Renderer.Label> labels = Renderer.labels(scene);
        if (labels.size() != objects.size()) {
            return null;
        }
        for (Renderer.Label l : labels) {
            if (l.visibleFraction() < MIN_VISIBLE || l.box().width() < minBoxSide || l.box().height() < minBoxSide) {
                return null;
            }
        }
        return new Generated(scene, labels);
    }

    /** A distractor in front of {@code target}, overlapping part of it. */
    private static Sprite occluder(Random r, Sprite target, Distractors.Kind[] kinds) {
        java.awt.geom.Rectangle2D b = target.silhouette().getBounds2D();
        double size = Math.max(b.getWidth(), b.getHeight());
        double a = r.nextDouble() * Math.PI * 2;
        double dist = size * (0.35 + r.nextDouble() * 0.3);
        Distractors.Kind kind = kinds[r.nextInt(kinds.length)];
        return Distractors.create(kind, b.getCenterX() + StrictMath.cos(a) * dist, b.getCenterY() + StrictMath.sin(a) * dist,
                size * (0.35 + r.nextDouble() * 0.4), tilt(r, kind), r.nextBoolean(), r);
    }

    private static double tilt(Random r, Distractors.Kind kind) {
        return switch (kind) {
            case LEMON, SPONGE -> r.nextDouble() * Math.PI * 2;
            default -> (r.nextDouble() - 0.5) * 0.5;
        };
    }

    /**
     * A centre for an object of the given size: usually fully inside the image, and with probability
     * {@code cut} straddling one edge so that part of it is cut off.
     */
    private static double[] place(Random r, int w, int h, double ow, double oh, double cut) {
        if (r.nextDouble() < cut) {
            double out = 0.15 + r.nextDouble() * 0.35; // fraction of the object beyond the edge
            double x = ow / 2 + r.nextDouble() * Math.max(1, w - ow);
            double y = oh / 2 + r.nextDouble() * Math.max(1, h - oh);
            switch (r.nextInt(4)) {
                case 0 -> x = ow * (0.5 - out);
                case 1 -> x = w - ow * (0.5 - out);
                case 2 -> y = oh * (0.5 - out);
                default -> y = h - oh * (0.5 - out);
            }
            return new double[] {x, y};
        }
        double x = ow * 0.55 + r.nextDouble() * Math.max(1, w - ow * 1.1);
        double y = oh * 0.55 + r.nextDouble() * Math.max(1, h - oh * 1.1);
        return new double[] {x, y};
    }

    private static double logUniform(Random r, double lo, double hi) {
        return lo * StrictMath.exp(r.nextDouble() * StrictMath.log(hi / lo));
    }

    /** Background kinds in turn (so every kind appears in any six consecutive images), details at random. */
    private static Backgrounds.Background background(Random r, int index) {
        Backgrounds.Kind[] kinds = Backgrounds.Kind.values();
        return new Backgrounds.Background(kinds[index % kinds.length], r.nextLong());
    }

    private static Scene.Lighting lighting(Random r) {
        double a = -Math.PI / 2 + (r.nextDouble() - 0.5) * 2.2; // mostly from above
        double warm = (r.nextDouble() - 0.5) * 0.12;
        return new Scene.Lighting(StrictMath.cos(a), StrictMath.sin(a), 0.9 + r.nextDouble() * 0.2, 0.05 + r.nextDouble() * 0.15,
                1 + warm, 1, 1 - warm, 0.08 + r.nextDouble() * 0.18, 1.5 + r.nextDouble() * 2, r.nextLong());
    }
}
