package io.detectionstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.detectionstudio.data.sample.SampleDatasets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --start}: what it accepts, what it refuses in one line, and a run from ImageNet weights that detect uses. */
class TrainStartTest {

    static final Path TFLITE = Path.of("../shared/weights/coral/tf2_mobilenet_v2_1.0_224_ptq.tflite");

    @TempDir
    static Path dir;

    static Path ducks;

    private String out;
    private String err;

    @BeforeAll
    static void data() throws Exception {
        SampleDatasets.generateToyDucks(dir.resolve("ducks"), 4);
        ducks = dir.resolve("ducks").resolve(SampleDatasets.ANNOTATIONS);
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
    void invalidSettingsFailInOneLineBeforeAnythingIsWritten() {
        Path r = dir.resolve("zero");
        assertThat(run("train", "--dataset", ducks.toString(), "--out", r.toString(), "--steps", "0")).isNotZero();
        assertThat(err.lines().findFirst().orElse("")).isEqualTo("the number of steps must be 1 or more; got 0");
        assertThat(r).doesNotExist();
        assertThat(run("train", "--dataset", ducks.toString(), "--out", r.toString(), "--max-seconds", "-5")).isNotZero();
        assertThat(err.lines().findFirst().orElse("")).startsWith("the time budget must be 0 (none) or a positive number");
    }

    @Test
    void unknownStartsAreNamed() {
        Path r = dir.resolve("unknown");
        assertThat(run("train", "--dataset", ducks.toString(), "--out", r.toString(), "--start", "no-such-weights")).isEqualTo(1);
        assertThat(err.strip()).isEqualTo("detection-studio train: no-such-weights: not a start we know (scratch, built-in, the name of "
                + "installed weights (weights list), a .tflite file, a run folder or a checkpoint prefix)");
        assertThat(run("train", "--dataset", ducks.toString(), "--out", r.toString(), "--start", "missing.tflite")).isEqualTo(1);
        assertThat(err.strip()).isEqualTo("detection-studio train: missing.tflite: no such file");
        assertThat(run("train", "--dataset", ducks.toString(), "--out", r.toString(), "--start", "scratch", "--from-scratch")).isNotZero();
        assertThat(err.lines().findFirst().orElse("")).isEqualTo("--start, --init-from and --from-scratch: give one of them");
        assertThat(r).doesNotExist();
    }

    @Test
    void aTfliteFileStartsTheBackboneAndDetectUsesTheRun() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(TFLITE), "../shared is absent");
        Path r = dir.resolve("imagenet");
        assertThat(run("train", "--dataset", ducks.toString(), "--out", r.toString(), "--start", TFLITE.toString(), "--steps", "2"))
                .as(err).isZero();
        assertThat(out.lines().findFirst().orElse("")).isEqualTo("Starting from MobileNetV2 1.0 (TF2 layout), with final conv, "
                + "1001-class classifier (" + TFLITE + ")");
        assertThat(Files.readString(r.resolve("pipeline.config"))).contains("depth_multiplier: 1.0");
        Path dets = dir.resolve("dets.json");
        assertThat(run("detect", "--model", r.toString(), "--out", dets.toString(), dir.resolve("ducks/images").toString())).as(err).isZero();
        assertThat(dets).exists();
    }
}
