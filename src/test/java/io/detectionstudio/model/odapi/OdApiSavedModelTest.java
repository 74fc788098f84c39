package io.detectionstudio.model.odapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.detectionstudio.core.Box;
import io.detectionstudio.core.Detection;
import io.detectionstudio.model.Detector;
import io.detectionstudio.model.Detectors;
import io.detectionstudio.model.ModelException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OdApiSavedModelTest {

    @TempDir
    static Path dir;

    static Path model;

    @BeforeAll
    static void export() throws Exception {
        model = dir.resolve("exported/saved_model");
        BrightRegionSavedModel.export(model);
    }

    static BufferedImage imageWithWhiteRect(int w, int h, int x, int y, int rw, int rh) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(40, 60, 80));
        g.fillRect(0, 0, w, h);
        g.setColor(Color.WHITE);
        g.fillRect(x, y, rw, rh);
        g.dispose();
        return img;
    }

    @Test
    void runsTheServingSignatureOnAnImage() throws Exception {
        try (Detector d = Detectors.open(model.getParent(), Map.of(1, "light"))) {
            // White rectangle at x 20..59, y 10..39 on a 100x50 image.
            List<Detection> found = d.detect(imageWithWhiteRect(100, 50, 20, 10, 40, 30));
            assertThat(found).hasSize(1);
            Detection det = found.get(0);
            assertThat(det.categoryId()).isEqualTo(1);
            assertThat(det.score()).isEqualTo(1.0);
            Box b = det.box();
            assertThat(new double[] {b.ymin(), b.xmin(), b.ymax(), b.xmax()})
                    .containsExactly(new double[] {10 / 50.0, 20 / 100.0, 40 / 50.0, 60 / 100.0}, within(1e-6));
            assertThat(d.categoryNames()).containsEntry(1, "light");
            // A different image gives a different answer: the input really flows through.
            Box other = d.detect(imageWithWhiteRect(64, 64, 0, 32, 64, 32)).get(0).box();
            assertThat(other.ymin()).isCloseTo(0.5, within(1e-6));
            assertThat(other.xmax()).isCloseTo(1.0, within(1e-6));
        }
    }

    @Test
    void classNamesComeFromTheExportsLabelMap() throws Exception {
        // exported/saved_model sits below the export folder; the label map is two folders up.
        Files.writeString(dir.resolve("label_map.pbtxt"), "item {\n  id: 1\n  name: \"duck\"\n}\n");
        try (Detector d = Detectors.open(model, Map.of())) {
            assertThat(d.categoryNames()).containsExactly(Map.entry(1, "duck"));
        }
        try (Detector d = Detectors.open(model, Map.of(1, "given"))) {
            assertThat(d.categoryNames()).containsExactly(Map.entry(1, "given"));
        }
    }

    @Test
    void rgbOrderIsKept() {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_3BYTE_BGR);
        img.setRGB(0, 0, 0x102030);
        img.setRGB(1, 0, 0xA0B0C0);
        assertThat(OdApiSavedModel.toRgbBytes(img)).containsExactly(0x10, 0x20, 0x30, 0xA0 - 256, 0xB0 - 256, 0xC0 - 256);
        BufferedImage argb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0xFF010203);
        assertThat(OdApiSavedModel.toRgbBytes(argb)).containsExactly(1, 2, 3);
    }

    @Test
    void whatIsNotAModelSaysSoInOneLine() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> Detectors.open(empty, Map.of())).isInstanceOf(ModelException.class)
                .hasMessageStartingWith(empty + ": not a model");
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("saved_model.pb"), "not a protobuf");
        assertThatThrownBy(() -> Detectors.open(broken, Map.of())).isInstanceOf(ModelException.class)
                .hasMessageStartingWith(broken + ": cannot load the SavedModel")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
