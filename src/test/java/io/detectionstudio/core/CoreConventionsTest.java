package io.detectionstudio.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins the conventions stated in the core's package-info: box order, normalization, no "+1", keypoint order. */
class CoreConventionsTest {

    private static final double EPS = 1e-12;

    @Test
    void boxesAreYminXminYmaxXmaxNormalizedToTheImage() {
        // A 200x100 (width x height) image; a COCO box at x=20, y=10, 50 wide, 30 tall.
        Box b = Box.fromCocoPixels(20, 10, 50, 30, 200, 100);
        assertThat(b.ymin()).isCloseTo(0.10, within(EPS)); // 10 / 100
        assertThat(b.xmin()).isCloseTo(0.10, within(EPS)); // 20 / 200
        assertThat(b.ymax()).isCloseTo(0.40, within(EPS)); // 40 / 100
        assertThat(b.xmax()).isCloseTo(0.35, within(EPS)); // 70 / 200
        assertThat(b.toCocoPixels(200, 100)).containsExactly(new double[] {20, 10, 50, 30}, within(1e-9));
        assertThat(b.toPixels(200, 100)).containsExactly(new double[] {10, 20, 40, 70}, within(1e-9));
    }

    @Test
    void sizesHaveNoPlusOne() {
        // DJL's Rectangle.getIoU added +1 to normalized widths; ours must not.
        Box b = new Box(0.1, 0.2, 0.3, 0.5);
        assertThat(b.height()).isCloseTo(0.2, within(EPS));
        assertThat(b.width()).isCloseTo(0.3, within(EPS));
        assertThat(b.area()).isCloseTo(0.06, within(EPS));
        assertThat(new Box(0.5, 0.5, 0.5, 0.5).area()).isZero();
    }

    @Test
    void minMustNotExceedMax() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Box(0.5, 0, 0.4, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min > max");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Box(0, Double.NaN, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
    }

    @Test
    void keypointsAreYxNormalizedWithCocoVisibility() {
        // COCO triples: (x=50, y=25, v=2), not labelled, (x=100, y=0, v=1) on a 200x100 image.
        List<Keypoint> k = Keypoints.fromCocoPixels(new double[] {50, 25, 2, 0, 0, 0, 100, 0, 1}, 200, 100);
        assertThat(k).containsExactly(new Keypoint(0.25, 0.25, 2), Keypoint.notLabelled(), new Keypoint(0, 0.5, 1));
        assertThat(k.get(0).isVisible()).isTrue();
        assertThat(k.get(2).isVisible()).isFalse();
        assertThat(k.get(2).isLabelled()).isTrue();
        assertThat(Keypoints.countLabelled(k)).isEqualTo(2);
        assertThat(Keypoints.toCocoPixels(k, 200, 100)).containsExactly(50, 25, 2, 0, 0, 0, 100, 0, 1);
    }
}
