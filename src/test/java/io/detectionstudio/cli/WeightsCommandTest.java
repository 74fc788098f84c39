package io.detectionstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.detectionstudio.engine.weights.LoopbackServer;
import io.detectionstudio.engine.weights.WeightsDownloader;
import io.detectionstudio.engine.weights.WeightsStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weights list/download/import} through the real command line, with the store in a temporary folder and a loopback server. */
class WeightsCommandTest {

    static final Path CORAL = Path.of("../shared/weights/coral");

    @TempDir
    Path dir;

    private String out;
    private String err;
    private String dataBefore;
    private LoopbackServer server;

    @BeforeEach
    void isolate() throws IOException {
        dataBefore = System.getProperty(WeightsStore.DATA_PROPERTY);
        System.setProperty(WeightsStore.DATA_PROPERTY, dir.resolve("data").toString());
        server = new LoopbackServer();
        System.setProperty(WeightsDownloader.BASE_URL_PROPERTY, server.baseUrl(true).toString());
    }

    @AfterEach
    void restore() {
        server.close();
        System.clearProperty(WeightsDownloader.BASE_URL_PROPERTY);
        if (dataBefore == null) {
            System.clearProperty(WeightsStore.DATA_PROPERTY);
        } else {
            System.setProperty(WeightsStore.DATA_PROPERTY, dataBefore);
        }
    }

    private int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "weights";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = Cli.run(new PrintWriter(o, true), new PrintWriter(e, true), all);
        out = o.toString();
        err = e.toString();
        return code;
    }

    @Test
    void listShowsTheCatalogueAndTheFolder() {
        assertThat(run("list")).isZero();
        assertThat(out.lines()).hasSize(5);
        assertThat(out.lines().findFirst().orElseThrow()).matches("NAME +STATUS +SIZE +LICENCE +WHAT IT IS");
        assertThat(out).containsPattern("mobilenet_v2_1\\.0_imagenet +not installed +4\\.1 MB +Apache-2\\.0 +Keras MobileNetV2 1\\.0")
                .containsPattern("mobilenet_v2_0\\.5_coco_voc +not installed +0\\.8 MB +Apache-2\\.0")
                .contains("Folder: " + dir.resolve("data/weights"));
        assertThat(err).isEmpty();
    }

    @Test
    void downloadThenListThenImport() throws IOException {
        assumeTrue(Files.isDirectory(CORAL), "../shared/weights/coral is absent");
        server.serve("deeplabv3_mnv2_dm05_pascal_quant.tflite", Files.readAllBytes(CORAL.resolve("deeplabv3_mnv2_dm05_pascal_quant.tflite")));

        assertThat(run("download", "mobilenet_v2_0.5_coco_voc")).isZero();
        Path installed = dir.resolve("data/weights/mobilenet_v2_0.5_coco_voc.tflite");
        assertThat(out).isEqualTo("Installed mobilenet_v2_0.5_coco_voc (0.8 MB, SHA-256 checked): " + installed + "\n");
        assertThat(err).startsWith("Downloading mobilenet_v2_0.5_coco_voc from " + server.baseUrl(true) + "deeplabv3_mnv2_dm05_pascal_quant.tflite\n")
                .contains("  0.0 of 0.8 MB (0%)\n").endsWith("  0.8 of 0.8 MB (100%)\n");
        assertThat(installed).hasSameBinaryContentAs(CORAL.resolve("deeplabv3_mnv2_dm05_pascal_quant.tflite"));

        assertThat(run("download", "mobilenet_v2_0.5_coco_voc")).isZero();
        assertThat(out).isEqualTo("mobilenet_v2_0.5_coco_voc is already installed: " + installed + "\n");

        assertThat(run("import", CORAL.resolve("mobilenet_v2_1.0_224_quant.tflite").toString())).isZero();
        assertThat(out).startsWith("Installed mobilenet_v2_1.0_imagenet_slim (TF-slim MobileNetV2 1.0").endsWith(
                dir.resolve("data/weights/mobilenet_v2_1.0_imagenet_slim.tflite") + "\n");

        assertThat(run("list")).isZero();
        assertThat(out).containsPattern("mobilenet_v2_1\\.0_imagenet +not installed")
                .containsPattern("mobilenet_v2_1\\.0_imagenet_slim +installed +3\\.6 MB")
                .containsPattern("mobilenet_v2_0\\.5_coco_voc +installed +0\\.8 MB");
    }

    @Test
    void failuresAreOneLineAndExitOne() throws IOException {
        assertThat(run("download", "resnet50")).isEqualTo(1);
        assertThat(err).isEqualTo("no start named resnet50 (known: mobilenet_v2_0.5_coco_voc, mobilenet_v2_1.0_imagenet,"
                + " mobilenet_v2_1.0_imagenet_slim)\n");

        server.close(); // offline
        assertThat(run("download", "mobilenet_v2_1.0_imagenet")).isEqualTo(1);
        assertThat(err.lines().skip(1)).singleElement().asString()
                .startsWith("could not connect to " + server.baseUrl(true) + "tf2_mobilenet_v2_1.0_224_ptq.tflite (")
                .endsWith("then run: detection-studio weights import tf2_mobilenet_v2_1.0_224_ptq.tflite");
        assertThat(out).isEmpty();

        Path text = Files.writeString(dir.resolve("notes.tflite"), "not a model");
        assertThat(run("import", text.toString())).isEqualTo(1);
        assertThat(err).isEqualTo(text + ": not a TensorFlow Lite model (no TFL3 identifier)\n");
        assertThat(dir.resolve("data/weights")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
    }

    @Test
    void everyVerbHasHelpAndAMissingVerbIsUsage() {
        for (String verb : new String[] {"list", "download", "import"}) {
            assertThat(run(verb, "--help")).isZero();
            assertThat(out).contains("Usage: detection-studio weights " + verb);
        }
        assertThat(run("--help")).isZero();
        assertThat(out).contains("list", "download", "import");
        assertThat(run()).isEqualTo(2);
        assertThat(err).contains("Missing verb");
    }
}
