package io.detectionstudio.viz;

import static org.assertj.core.api.Assertions.assertThat;

import io.detectionstudio.data.Category;
import io.detectionstudio.data.CocoBox;
import io.detectionstudio.data.KeypointSchema;
import io.detectionstudio.data.ObjectAnnotation;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverlaysTest {

    private static final KeypointSchema SCHEMA = new KeypointSchema(List.of("head", "tail", "beak"),
            List.of(new KeypointSchema.Edge(0, 1), new KeypointSchema.Edge(0, 2)), List.of());

    @Test
    void annotationsBecomeBoxLabelSkeletonAndPointsInTheClassColor() {
        Category duck = new Category(3, "duck", null, SCHEMA, Map.of());
        // beak (index 2) not labelled: no edge to it, no dot; tail occluded: a hollow dot.
        ObjectAnnotation a = new ObjectAnnotation(1, 1, 3, new CocoBox(10, 20, 30, 40), null, false, false,
                new double[] {12, 22, 2, 30, 50, 1, 0, 0, 0}, List.of(), null, Map.of());
        Overlay o = Overlays.annotations(List.of(a), Map.of(3, duck), id -> 0x123456);
        assertThat(o.items()).containsExactly(
                new Overlay.Rect(10, 20, 30, 40, 0x123456, 1, false),
                new Overlay.Line(12, 22, 30, 50, 0x123456, 1),
                new Overlay.Dot(12, 22, 0x123456, true),
                new Overlay.Dot(30, 50, 0x123456, false),
                new Overlay.Label("duck", 10, 20, 0x123456));
    }

    @Test
    void crowdBoxesAreDashedAndUnknownClassesNamedByNumber() {
        ObjectAnnotation crowd = new ObjectAnnotation(1, 1, 9, new CocoBox(0, 0, 5, 5), null, true, false, null, List.of(),
                null, Map.of());
        Overlay o = Overlays.annotations(List.of(crowd), Map.of(), Palette::colorOf);
        assertThat(o.items().get(0)).isEqualTo(new Overlay.Rect(0, 0, 5, 5, Palette.colorOf(9), 1, true));
        assertThat(o.items().get(1)).isEqualTo(new Overlay.Label("#9", 0, 0, Palette.colorOf(9)));
    }

    @Test
    void theJava2dPainterDrawsTheBoxInItsColor() {
        BufferedImage img = new BufferedImage(100, 80, BufferedImage.TYPE_INT_RGB);
        Overlay o = new Overlay(List.of(new Overlay.Rect(10, 10, 50, 40, 0xff0000, 1, false)));
        BufferedImage out = DetectionRenderer.draw(img, o);
        assertThat(out.getRGB(10, 30) & 0xffffff).isEqualTo(0xff0000);
        assertThat(out.getRGB(35, 30) & 0xffffff).isEqualTo(0);
        assertThat(img.getRGB(10, 30) & 0xffffff).as("the input is left alone").isEqualTo(0);
    }

    @Test
    void labelTextIsBlackOnLightAndWhiteOnDark() {
        assertThat(Overlay.textColorOn(0xffff00)).isEqualTo(0x000000);
        assertThat(Overlay.textColorOn(0x202080)).isEqualTo(0xffffff);
    }
}
