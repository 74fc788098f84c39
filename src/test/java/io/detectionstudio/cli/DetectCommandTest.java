package io.detectionstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.detectionstudio.model.odapi.BrightRegionSavedModel;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * detect and eval with an OD API-style SavedModel (a small arithmetic one, see BrightRegionSavedModel): the
 * JSON the detect verb writes, the drawings, and the COCO metrics eval computes by running the model.
 */
class DetectCommandTest {

    @TempDir
    static Path dir;

    static Path model;

    private String out;
    private String err;

    @BeforeAll
    static void setUp() throws Exception {
        model = dir.resolve("model");
        BrightRegionSavedModel.export(model);
        Files.createDirectories(dir.resolve("images"));
        write(dir.resolve("images/a.png"), 80, 60, 10, 20, 30, 20);   // bright box x 10..40, y 20..40
        write(dir.resolve("images/b.png"), 80, 60, 50, 5, 20, 50);    // x 50..70, y 5..55
        Files.writeString(dir.resolve("images/c.jpg"), "not an image");
    }

    static void write(Path file, int w, int h, int x, int y, int rw, int rh) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.DARK_GRAY);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.WHITE);
        g.fillRect(x, y, rw, rh);
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Cli.run(new PrintWriter(o, true), new PrintWriter(e, true), args);
        out = o.toString();
        err = e.toString();
        return code;
    }

    @Test
    void aMinScoreOutsideZeroToOneIsAUsageError() {
        // issue 11, F14: --min-score 2, -1 and NaN were accepted
        for (String s : new String[] {"2", "-1", "NaN"}) {
            Path json = dir.resolve("dets-" + s + ".json");
            assertThat(run("detect", "--model", model.toString(), "--out", json.toString(), "--min-score", s,
                    dir.resolve("images").toString())).as(s).isEqualTo(2);
            assertThat(err).contains("--min-score " + Double.parseDouble(s) + " is not a score from 0 to 1");
            assertThat(json).doesNotExist();
        }
    }

    @Test
    void detectWritesOneObjectPerDetectionAndDrawings() throws Exception {
        Path json = dir.resolve("dets.json");
        Path drawn = dir.resolve("drawn");
        int code = run("detect", "--model", model.toString(), "--out", json.toString(), "--draw", drawn.toString(),
                dir.resolve("images").toString());
        assertThat(code).as(err).isEqualTo(1); // c.jpg is not an image
        assertThat(err.strip()).isEqualTo(dir.resolve("images/c.jpg") + ": not an image file (no reader for its content)");
        assertThat(out).startsWith("2 images, 2 detections (score >= 0.30)");
        JsonNode dets = new ObjectMapper().readTree(json.toFile());
        assertThat(dets).hasSize(2);
        JsonNode a = dets.get(0);
        assertThat(a.get("file_name").asText()).isEqualTo("a.png");
        assertThat(a.get("category_id").asInt()).isEqualTo(1);
        assertThat(a.get("category").asText()).isEqualTo("class 1");
        assertThat(a.get("score").asDouble()).isEqualTo(1.0);
        assertThat(a.get("bbox").toString()).isEqualTo("[10.0,20.0,30.0,20.0]");
        assertThat(a.has("keypoints")).isFalse();
        assertThat(dets.get(1).get("bbox").toString()).isEqualTo("[50.0,5.0,20.0,50.0]");
        BufferedImage png = ImageIO.read(drawn.resolve("a.png").toFile());
        assertThat(png.getWidth()).isEqualTo(80);
        // The box outline is drawn in class 1's color at the box's left edge.
        assertThat(png.getRGB(10, 30) & 0xFFFFFF).isEqualTo(io.detectionstudio.viz.Palette.colorOf(1));
    }

    @Test
    void evalRunsTheModelOverTheDataset() throws Exception {
        Path coco = dir.resolve("images/annotations.coco.json");
        Files.writeString(coco, """
                {"images": [{"id": 1, "file_name": "a.png", "width": 80, "height": 60},
                            {"id": 2, "file_name": "b.png", "width": 80, "height": 60}],
                 "categories": [{"id": 1, "name": "light"}],
                 "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 20, 30, 20]},
                                 {"id": 2, "image_id": 2, "category_id": 1, "bbox": [50, 5, 12.4, 50]}]}""");
        assertThat(run("eval", "--dataset", coco.toString(), "--model", model.toString())).as(err).isZero();
        // Image a: exact (IoU 1). Image b: the model's box (20 wide) holds the 12.4-wide label: IoU 12.4/20 = 0.62,
        // a hit at IoU .50, .55 and .60. AP per threshold: those three -> 1.0; the other seven -> precision 1 up
        // to recall .5 only = 51/101. AP@[.5:.95] = (3 + 7 * 51/101) / 10 = 0.6535; AP50 = 1.000; AP75 = 0.505.
        assertThat(out).contains("(AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.653",
                "(AP) @[ IoU=0.50      | area=   all | maxDets=100 ] = 1.000",
                "(AP) @[ IoU=0.75      | area=   all | maxDets=100 ] = 0.505");
    }
}
