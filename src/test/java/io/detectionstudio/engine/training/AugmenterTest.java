package io.detectionstudio.engine.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.detectionstudio.core.Box;
import io.detectionstudio.core.Keypoint;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The boxes and keypoints an augmented sample reports must sit where its pixels say the object is. */
class AugmenterTest {

    /** A 200x100 dark image with a white object at x 50..90, y 20..60, and a red "left" and blue "right" mark in it. */
    static Augmenter.Source source() {
        BufferedImage img = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(20, 20, 20));
        g.fillRect(0, 0, 200, 100);
        g.setColor(Color.WHITE);
        g.fillRect(50, 20, 40, 40);
        g.setColor(Color.RED);
        g.fillRect(54, 24, 6, 6);     // keypoint 0 at (27, 57) px
        g.setColor(Color.BLUE);
        g.fillRect(80, 24, 6, 6);     // keypoint 1 at (27, 83) px
        g.dispose();
        Box box = Box.fromCocoPixels(50, 20, 40, 40, 200, 100);
        List<Keypoint> kps = List.of(new Keypoint(27 / 100.0, 57 / 200.0, 2), new Keypoint(27 / 100.0, 83 / 200.0, 2));
        return new Augmenter.Source(img, List.of(box), new int[] {0}, List.of(kps));
    }

    /** Bounding box (normalized) of the pixels matching a colour test, or null. */
    static Box extent(TrainingSample s, java.util.function.IntPredicate rgbTest) {
        int n = s.size();
        int y0 = n, x0 = n, y1 = -1, x1 = -1;
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                int i = 3 * (y * n + x);
                int r = Math.round((s.pixels()[i] + 1) * 127.5f);
                int g = Math.round((s.pixels()[i + 1] + 1) * 127.5f);
                int b = Math.round((s.pixels()[i + 2] + 1) * 127.5f);
                if (rgbTest.test((r << 16) | (g << 8) | b)) {
                    y0 = Math.min(y0, y);
                    x0 = Math.min(x0, x);
                    y1 = Math.max(y1, y + 1);
                    x1 = Math.max(x1, x + 1);
                }
            }
        }
        return y1 < 0 ? null : new Box((double) y0 / n, (double) x0 / n, (double) y1 / n, (double) x1 / n);
    }

    static boolean bright(int rgb) {
        return ((rgb >> 16) & 0xff) > 200 && ((rgb >> 8) & 0xff) > 200 && (rgb & 0xff) > 200;
    }

    static boolean red(int rgb) {
        return ((rgb >> 16) & 0xff) > 180 && ((rgb >> 8) & 0xff) < 90 && (rgb & 0xff) < 90;
    }

    @Test
    void boxesFollowThePixelsThroughZoomShiftAndFlip() {
        Augmenter a = new Augmenter(List.of(source()), new Augmenter.Options(128, true, 0.6, 2.0, 0, 0, 0.01),
                new int[] {1, 0}, 7);
        int flipped = 0;
        for (int k = 0; k < 40; k++) {
            TrainingSample s = a.next();
            Box white = extent(s, rgb -> bright(rgb) || red(rgb) || (rgb & 0xff) > 180 && ((rgb >> 16) & 0xff) < 90);
            if (s.boxes().isEmpty()) {
                // Dropped: less than 1% of it inside. Then hardly any of its pixels may show.
                assertThat(white == null || white.area() < 0.002).isTrue();
                continue;
            }
            Box b = s.boxes().get(0);
            double px = 1.5 / s.size();
            assertThat(white).isNotNull();
            assertThat(white.ymin()).isCloseTo(b.ymin(), within(px));
            assertThat(white.xmin()).isCloseTo(b.xmin(), within(px));
            assertThat(white.ymax()).isCloseTo(b.ymax(), within(px));
            assertThat(white.xmax()).isCloseTo(b.xmax(), within(px));
            // The red mark is keypoint 0. A flip mirrors the object (the red mark moves to the right half of its
            // box) and the flip permutation renames it: then it is keypoint 1.
            Box redMark = extent(s, AugmenterTest::red);
            Keypoint k0 = s.keypoints().get(0).get(0);
            Keypoint k1 = s.keypoints().get(0).get(1);
            if (redMark != null && redMark.width() > 2.0 / s.size() && k0.isLabelled() && k1.isLabelled()) {
                boolean redIsK0 = Math.abs(redMark.centerX() - k0.x()) < Math.abs(redMark.centerX() - k1.x());
                boolean wasFlipped = redMark.centerX() > b.centerX();
                flipped += wasFlipped ? 1 : 0;
                assertThat(redIsK0).as("sample %d", k).isEqualTo(!wasFlipped);
                Keypoint redKp = redIsK0 ? k0 : k1;
                assertThat(redKp.x()).isCloseTo(redMark.centerX(), within(2.0 / s.size()));
                assertThat(redKp.y()).isCloseTo(redMark.centerY(), within(2.0 / s.size()));
            }
        }
        assertThat(flipped).isBetween(5, 35);
    }

    @Test
    void noAugmentationFitsTheImageCentered() {
        Augmenter a = new Augmenter(List.of(source()), Augmenter.Options.none(100), null, 1);
        TrainingSample s = a.next();
        // 200x100 fitted into 100x100: scale .5, 50 px tall, centered vertically (offset 25 px).
        Box b = s.boxes().get(0);
        assertThat(new double[] {b.ymin(), b.xmin(), b.ymax(), b.xmax()})
                .containsExactly(new double[] {(25 + 10) / 100.0, 25 / 100.0, (25 + 30) / 100.0, 45 / 100.0}, within(1e-9));
        assertThat(s.classes()).containsExactly(0);
        assertThat(s.pixels()).hasSize(100 * 100 * 3);
        assertThat(s.pixels()[0]).isCloseTo(124 / 127.5f - 1, within(1e-6f)); // padding
    }

    @Test
    void copyPasteAddsLabelledObjectsWhereTheirPixelsAre() {
        Augmenter a = new Augmenter(List.of(source(), source()), new Augmenter.Options(128, false, 1, 1, 0, 1.0, 0.4), null, 3);
        int pasted = 0;
        for (int k = 0; k < 20; k++) {
            TrainingSample s = a.next();
            for (int i = 1; i < s.boxes().size(); i++) {
                pasted++;
                Box p = s.boxes().get(i);
                // The pasted box's centre pixel is the white object.
                int n = s.size();
                int idx = 3 * ((int) (p.centerY() * n) * n + (int) (p.centerX() * n));
                assertThat(s.pixels()[idx]).isGreaterThan(0.6f);
                assertThat(p.intersection(s.boxes().get(0))).isZero();
                assertThat(s.keypoints().get(i)).hasSize(2);
                assertThat(p.ymin()).isLessThanOrEqualTo(s.keypoints().get(i).get(0).y());
            }
        }
        assertThat(pasted).isGreaterThan(10);
    }
}
