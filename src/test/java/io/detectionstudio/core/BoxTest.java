package io.detectionstudio.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class BoxTest {

    private static final double EPS = 1e-12;

    @Test
    void iouOfPartlyOverlappingBoxes() {
        // a = [0,0,0.5,0.5] area .25; b = [0.25,0.25,0.75,0.75] area .25; intersection .25*.25 = .0625
        // union = .25 + .25 - .0625 = .4375; IoU = .0625 / .4375 = 1/7
        Box a = new Box(0, 0, 0.5, 0.5);
        Box b = new Box(0.25, 0.25, 0.75, 0.75);
        assertThat(a.intersection(b)).isCloseTo(0.0625, within(EPS));
        assertThat(a.iou(b)).isCloseTo(1.0 / 7, within(EPS));
        assertThat(b.iou(a)).isCloseTo(1.0 / 7, within(EPS));
        // ioa: intersection over a's own area = .0625/.25
        assertThat(a.ioa(b)).isCloseTo(0.25, within(EPS));
    }

    @Test
    void iouEdgeCases() {
        Box a = new Box(0, 0, 0.5, 0.5);
        assertThat(a.iou(a)).isCloseTo(1, within(EPS));
        assertThat(a.iou(new Box(0.5, 0.5, 1, 1))).isZero(); // touching corners
        assertThat(a.iou(new Box(0, 0.5, 0.5, 1))).isZero(); // touching edges
        Box empty = new Box(0.2, 0.2, 0.2, 0.2);
        assertThat(empty.iou(empty)).isZero();
        assertThat(empty.ioa(a)).isZero();
        // a contains c: IoU = area(c) / area(a) = .01 / .25
        assertThat(a.iou(new Box(0.1, 0.1, 0.2, 0.2))).isCloseTo(0.04, within(EPS));
    }

    @Test
    void clipScaleFlip() {
        Box b = new Box(-0.2, 0.5, 0.6, 1.3);
        assertThat(b.clip()).isEqualTo(new Box(0, 0.5, 0.6, 1));
        assertThat(new Box(1.2, 1.5, 1.4, 2).clip()).isEqualTo(new Box(1, 1, 1, 1));
        assertThat(b.clipToWindow(new Box(0.1, 0.1, 0.5, 0.9))).isEqualTo(new Box(0.1, 0.5, 0.5, 0.9));
        assertThat(new Box(0.1, 0.2, 0.3, 0.4).scale(2, 0.5)).isEqualTo(new Box(0.2, 0.1, 0.6, 0.2));
        assertThatThrownBy(() -> b.scale(-1, 1)).isInstanceOf(IllegalArgumentException.class);
        Box f = new Box(0.1, 0.2, 0.3, 0.7).flipHorizontal();
        assertThat(f.ymin()).isEqualTo(0.1);
        assertThat(f.xmin()).isCloseTo(0.3, within(EPS));
        assertThat(f.ymax()).isEqualTo(0.3);
        assertThat(f.xmax()).isCloseTo(0.8, within(EPS));
        Box v = new Box(0.1, 0.2, 0.3, 0.7).flipVertical();
        assertThat(new double[] {v.ymin(), v.xmin(), v.ymax(), v.xmax()})
                .containsExactly(new double[] {0.7, 0.2, 0.9, 0.7}, within(EPS));
    }

    @Test
    void inWindowChangesTheCoordinateFrame() {
        // window [0.5,0.5,1,1]: the box [0.5,0.75,0.75,1] becomes [0,0.5,0.5,1]
        Box b = new Box(0.5, 0.75, 0.75, 1).inWindow(new Box(0.5, 0.5, 1, 1));
        assertThat(new double[] {b.ymin(), b.xmin(), b.ymax(), b.xmax()}).containsExactly(new double[] {0, 0.5, 0.5, 1}, within(EPS));
        assertThatThrownBy(() -> b.inWindow(new Box(0.2, 0.2, 0.2, 0.6))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listOpsMatchTheSingleBoxOps() {
        List<Box> a = List.of(new Box(0, 0, 0.5, 0.5), new Box(0.5, 0.5, 1, 1));
        List<Box> b = List.of(new Box(0.25, 0.25, 0.75, 0.75), new Box(0, 0, 0.5, 0.5), new Box(0.9, 0, 1, 0.1));
        double[][] iou = Boxes.iouMatrix(a, b);
        assertThat(iou.length).isEqualTo(2);
        assertThat(iou[0]).containsExactly(new double[] {1.0 / 7, 1, 0}, within(EPS));
        assertThat(iou[1]).containsExactly(new double[] {1.0 / 7, 0, 0}, within(EPS));
        double[][] ioa = Boxes.ioaMatrix(a, b);
        assertThat(ioa[0]).containsExactly(new double[] {0.25, 1, 0}, within(EPS));
        assertThat(Boxes.areas(b)).containsExactly(new double[] {0.25, 0.25, 0.01}, within(EPS));
        assertThat(Boxes.clip(List.of(new Box(-1, -1, 2, 2)))).containsExactly(new Box(0, 0, 1, 1));
        assertThat(Boxes.flipHorizontal(a).get(0)).isEqualTo(new Box(0, 0.5, 0.5, 1));
        assertThat(Boxes.scale(a, 2, 2).get(1)).isEqualTo(new Box(1, 1, 2, 2));
        assertThat(Boxes.indicesWithAreaAbove(List.of(new Box(0, 0, 0, 1), new Box(0, 0, 0.1, 0.1)), 0)).containsExactly(1);
        double[][] px = Boxes.toPixels(a, 640, 480);
        assertThat(px[1]).containsExactly(240, 320, 480, 640);
        assertThat(Boxes.fromPixels(px, 640, 480)).isEqualTo(a);
        assertThatThrownBy(() -> Boxes.fromPixels(new double[][] {{1, 2, 3}}, 10, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
