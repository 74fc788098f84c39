package io.detectionstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line on small datasets made in a temporary folder: output lines and exit codes. */
class CliTest {

    @TempDir
    Path dir;

    private String out;
    private String err;

    @BeforeEach
    void images() throws IOException {
        for (String name : new String[] {"a.jpg", "b.jpg"}) {
            ImageIO.write(new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB), "jpg", dir.resolve(name).toFile());
        }
    }

    private int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Cli.run(new PrintWriter(o, true), new PrintWriter(e, true), args);
        out = o.toString();
        err = e.toString();
        return code;
    }

    private Path dataset(String annotations) throws IOException {
        Path f = dir.resolve("annotations.coco.json");
        Files.writeString(f, """
                {"images": [{"id": 1, "file_name": "a.jpg", "width": 64, "height": 48},
                            {"id": 2, "file_name": "b.jpg", "width": 64, "height": 48}],
                 "categories": [{"id": 1, "name": "duck"}],
                 "annotations": [%s]}
                """.formatted(annotations));
        return f;
    }

    @Test
    void validDatasetHasASummaryAndExitsZero() throws IOException {
        Path f = dataset("""
                {"id": 1, "image_id": 1, "category_id": 1, "bbox": [1, 2, 30, 20]},
                {"id": 2, "image_id": 1, "category_id": 1, "bbox": [40, 20, 20, 20]}""");
        assertThat(run("validate", "--dataset", f.toString())).isZero();
        assertThat(out).contains("Images:      2 (1 with annotations, 1 without)", "Annotations: 2", "duck (id 1): 2 boxes",
                "No problems found.");
        assertThat(err).isEmpty();
    }

    @Test
    void eachProblemIsOneLineAndTheExitCodeIsOne() throws IOException {
        Files.delete(dir.resolve("b.jpg"));
        Path f = dataset("""
                {"id": 1, "image_id": 1, "category_id": 7, "bbox": [1, 2, 30, 20]},
                {"id": 2, "image_id": 1, "category_id": 1, "bbox": [40, 20, 30, 20]}""");
        assertThat(run("validate", "--dataset", f.toString())).isEqualTo(1);
        assertThat(out).contains(
                f + ": annotations[0] (id 1): category_id 7 is not a category of this dataset\n",
                f + ": annotations[1] (id 2): bbox [40, 20, 30, 20] lies outside its image a.jpg (64x48)\n",
                dir.resolve("b.jpg") + ": file not found\n",
                "3 problems\n");
        assertThat(out + err).doesNotContain("Exception", "\tat ");
    }

    @Test
    void truncatedJsonIsOneProblem() throws IOException {
        Path f = dir.resolve("broken.json");
        Files.writeString(f, "{\"images\": [{\"id\": 1, \"file_na");
        assertThat(run("validate", "--dataset", f.toString())).isEqualTo(1);
        assertThat(out).startsWith(f + ": invalid JSON at line 1, column ").endsWith("1 problem\n");
        assertThat(out.lines().count()).isEqualTo(2);
        assertThat(out + err).doesNotContain("Exception", "\tat ");
    }

    @Test
    void wrongImageSizeAndUndecodableImage() throws IOException {
        Files.writeString(dir.resolve("b.jpg"), "this is not a JPEG");
        Path f = dir.resolve("annotations.coco.json");
        Files.writeString(f, """
                {"images": [{"id": 1, "file_name": "a.jpg", "width": 640, "height": 48},
                            {"id": 2, "file_name": "b.jpg", "width": 64, "height": 48}],
                 "categories": [{"id": 1, "name": "duck"}], "annotations": []}
                """);
        assertThat(run("validate", "--dataset", f.toString())).isEqualTo(1);
        assertThat(out).contains(dir.resolve("a.jpg") + ": is 64x48 (as displayed) but the dataset says 640x48\n");
        assertThat(out).containsPattern("\\Q" + dir.resolve("b.jpg") + ": \\E[^\\n]+\\n2 problems\\n");
    }

    @Test
    void evalPrintsCocoMetrics() throws IOException {
        Path f = dataset("""
                {"id": 1, "image_id": 1, "category_id": 1, "bbox": [1, 2, 30, 20]},
                {"id": 2, "image_id": 2, "category_id": 1, "bbox": [10, 10, 20, 20]}""");
        Path dets = dir.resolve("dets.json");
        // One perfect detection by image id, one by file name; the second image's box is missed by 50% IoU.
        Files.writeString(dets, """
                [{"image_id": 1, "category_id": 1, "bbox": [1, 2, 30, 20], "score": 0.9},
                 {"file_name": "b.jpg", "category_id": 1, "bbox": [20, 10, 20, 20], "score": 0.8}]""");
        assertThat(run("eval", "--dataset", f.toString(), "--detections", dets.toString())).isZero();
        // AP50: the second detection has IoU 200/600 = 1/3 < .5, so it is a false positive ranked below the
        // true positive: precision 1 up to recall .5, then 0 -> 51 of 101 recall points = 0.505.
        assertThat(out).contains(" Average Precision  (AP) @[ IoU=0.50      | area=   all | maxDets=100 ] = 0.505");
    }

    @Test
    void exportingSomethingThatIsNotARunIsOneLine() {
        assertThat(run("export", "--model", dir.toString(), "--saved-model", dir.resolve("sm").toString())).isEqualTo(1);
        assertThat(err.strip()).isEqualTo("detection-studio export: " + dir + ": not a training run (it has no pipeline.config and "
                + "checkpoint/ folder)");
        assertThat(dir.resolve("sm")).doesNotExist();
    }

    @Test
    void trainOnAMissingDatasetIsOneLine() {
        assertThat(run("train", "--dataset", dir.resolve("nope.json").toString(), "--out", dir.resolve("run").toString()))
                .isEqualTo(1);
        assertThat(err.strip()).isEqualTo("detection-studio train: " + dir.resolve("nope.json") + ": cannot tell its format (known: "
                + io.detectionstudio.data.formats.DatasetFormats.names() + ")");
        assertThat(dir.resolve("run")).doesNotExist();
    }

    @Test
    void convertRefusesUnknownFormatsAndBrokenInputWithoutWriting() throws IOException {
        Path f = dataset("""
                {"id": 1, "image_id": 1, "category_id": 1, "bbox": [1, 2, 30]}""");
        assertThat(run("convert", "--input", f.toString(), "--output", dir.resolve("x.unknown").toString())).isEqualTo(2);
        assertThat(err).contains("cannot tell the format to write " + dir.resolve("x.unknown") + " in (this build reads and writes: "
                + io.detectionstudio.data.formats.DatasetFormats.names() + "; give --from/--to)");
        Path outFile = dir.resolve("out.json");
        assertThat(run("convert", "--input", f.toString(), "--output", outFile.toString())).isEqualTo(1);
        assertThat(out).contains("annotations[0].bbox: should be [x, y, width, height], found 3 numbers", "nothing was written");
        assertThat(outFile).doesNotExist();
    }

    @Test
    void convertRefusesWhatValidateRefuses() throws IOException {
        // issue 11, F7/F11: a negative width became a positive-width box in a TFRecord; a box far outside its image
        // was written for the next reader to refuse
        Path f = dataset("""
                {"id": 1, "image_id": 1, "category_id": 1, "bbox": [19, 14, -4, 3]},
                {"id": 2, "image_id": 2, "category_id": 1, "bbox": [1, 1, 1e308, 3]}""");
        Path outFile = dir.resolve("out.record");
        assertThat(run("convert", "--input", f.toString(), "--output", outFile.toString())).isEqualTo(1);
        assertThat(out).contains("annotations[0]", "has no area", "annotations[1]", "outside", "2 problems in the input; nothing was written");
        assertThat(outFile).doesNotExist();
        assertThat(dir.resolve("out-00000-of-00001.record")).doesNotExist();
    }

    @Test
    void convertRewritesCocoWithImagePathsStillResolving() throws IOException {
        Path f = dataset("""
                {"id": 1, "image_id": 1, "category_id": 1, "bbox": [1, 2, 30, 20]}""");
        Path outFile = dir.resolve("out/copy.json");
        assertThat(run("convert", "--input", f.toString(), "--output", outFile.toString())).isZero();
        assertThat(run("validate", "--dataset", outFile.toString())).isZero();
    }

    @Test
    void everyVerbHasHelp() {
        for (String verb : new String[] {"train", "eval", "export", "detect", "convert", "validate", "bench", "checkpoint", "pretrain"}) {
            assertThat(run(verb, "--help")).as(verb).isZero();
            assertThat(out).as(verb).contains("Usage: detection-studio " + verb);
        }
        assertThat(run("convert", "--help")).isZero();
        for (var f : io.detectionstudio.data.formats.DatasetFormats.all()) {
            assertThat(out).as("convert --help names every format").contains(f.name() + " (");
        }
        assertThat(Cli.isCommandLine(new String[] {"validate"})).isTrue();
        assertThat(Cli.isCommandLine(new String[] {"--help"})).isTrue();
        assertThat(Cli.isCommandLine(new String[] {"sample-datasets/toy-ducks"})).isFalse();
        assertThat(Cli.isCommandLine(new String[0])).isFalse();
    }
}
