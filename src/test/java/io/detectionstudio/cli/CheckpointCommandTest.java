package io.detectionstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.detectionstudio.model.checkpoint.TestTables;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.BundleEntryProto;
import org.tensorflow.proto.DataType;
import picocli.CommandLine;

/** {@code checkpoint list}: its output format and exit codes, on the zoo checkpoint and on made and broken files. */
class CheckpointCommandTest {

    static final Path ZOO_CKPT = Path.of("../shared/odapi/ssd_mobilenet_v2_fpnlite_320x320_coco17_tpu-8/checkpoint/ckpt-0");

    @TempDir
    Path dir;

    private String out;
    private String err;

    /** Runs {@code detection-studio checkpoint ARGS} through the real command line (registering the verb if Cli does not yet). */
    private int run(String... args) {
        CommandLine cl = Cli.commandLine();
        if (!cl.getSubcommands().containsKey("checkpoint")) {
            cl.addSubcommand(new CheckpointCommand());
        }
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(e, true));
        String[] all = new String[args.length + 1];
        all[0] = "checkpoint";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = cl.execute(all);
        out = o.toString();
        err = e.toString();
        return code;
    }

    private Path smallCheckpoint() throws IOException {
        Map<String, BundleEntryProto> m = new LinkedHashMap<>();
        m.put("_CHECKPOINTABLE_OBJECT_GRAPH", BundleEntryProto.newBuilder().setDtype(DataType.DT_STRING).setSize(10).build());
        m.put("dense/kernel/.ATTRIBUTES/VARIABLE_VALUE", TestTables.entry(DataType.DT_FLOAT, 0, 3, 3, 32, 1));
        m.put("dense/bias/.ATTRIBUTES/VARIABLE_VALUE", TestTables.entry(DataType.DT_FLOAT, 1152, 1));
        m.put("save_counter/.ATTRIBUTES/VARIABLE_VALUE", TestTables.entry(DataType.DT_INT64, 1156));
        m.put("step", TestTables.entry(DataType.DT_HALF, 1164, 2, 1000));
        Path prefix = dir.resolve("ckpt-3");
        Files.write(dir.resolve("ckpt-3.index"), TestTables.bundle(TestTables.header(1), m, TestTables.Options.TENSORFLOW));
        return prefix;
    }

    @Test
    void oneAlignedLinePerTensorThenTheCountAndParameters() throws IOException {
        Path prefix = smallCheckpoint();
        assertThat(run("list", prefix.toString())).isZero();
        assertThat(err).isEmpty();
        assertThat(out).isEqualTo("""
                _CHECKPOINTABLE_OBJECT_GRAPH             string   []
                dense/bias/.ATTRIBUTES/VARIABLE_VALUE    float32  [1]
                dense/kernel/.ATTRIBUTES/VARIABLE_VALUE  float32  [3, 3, 32, 1]
                save_counter/.ATTRIBUTES/VARIABLE_VALUE  int64    []
                step                                     float16  [2, 1000]
                5 variables, 2,290 parameters
                """);
        assertThat(run("list", "--hide-object-graph", dir.resolve("ckpt-3.index").toString())).isZero();
        assertThat(out).isEqualTo("""
                dense/bias/.ATTRIBUTES/VARIABLE_VALUE    float32  [1]
                dense/kernel/.ATTRIBUTES/VARIABLE_VALUE  float32  [3, 3, 32, 1]
                save_counter/.ATTRIBUTES/VARIABLE_VALUE  int64    []
                step                                     float16  [2, 1000]
                4 variables, 2,290 parameters
                """);
    }

    @Test
    void theZooCheckpoint() {
        assumeTrue(Files.isRegularFile(ZOO_CKPT.resolveSibling("ckpt-0.index")), "../shared/odapi is absent");
        assertThat(run("list", ZOO_CKPT.toString())).isZero();
        assertThat(err).isEmpty();
        List<String> lines = out.lines().toList();
        assertThat(lines).hasSize(387);
        assertThat(lines.get(386)).isEqualTo("386 variables, 2,667,003 parameters");
        assertThat(lines.get(0)).matches("_CHECKPOINTABLE_OBJECT_GRAPH +string   \\[]");
        int dtypeColumn = lines.get(0).indexOf("string");
        for (String line : lines.subList(0, 386)) {
            assertThat(line.charAt(dtypeColumn - 1)).as(line).isEqualTo(' ');
            assertThat(line.charAt(dtypeColumn - 2)).as(line).isEqualTo(' ');
            assertThat(line.charAt(dtypeColumn)).as(line).isNotEqualTo(' ');
            assertThat(line).as(line).matches("\\S+ +(float32|int64|string) +\\[[0-9, ]*]");
        }
        assertThat(lines).contains(String.format("%-" + (dtypeColumn - 2) + "s  float32  [3, 3, 3, 32]",
                "model/_feature_extractor/classification_backbone/layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE"));
        assertThat(lines).contains(String.format("%-" + (dtypeColumn - 2) + "s  float32  [546]",
                "model/_box_predictor/_prediction_heads/class_predictions_with_background/_class_predictor_layers/0/bias/.ATTRIBUTES/VARIABLE_VALUE"));
        assertThat(lines.get(385)).startsWith("save_counter/.ATTRIBUTES/VARIABLE_VALUE ").endsWith(" int64    []");

        assertThat(run("list", "--hide-object-graph", ZOO_CKPT.toString())).isZero();
        assertThat(out.lines().toList()).hasSize(386).last().isEqualTo("385 variables, 2,667,003 parameters");
        assertThat(out).doesNotContain("_CHECKPOINTABLE_OBJECT_GRAPH");
    }

    @Test
    void aBrokenOrMissingFileIsOneLineAndExitOne() throws IOException {
        Path prefix = smallCheckpoint();
        Path index = dir.resolve("ckpt-3.index");
        byte[] bytes = Files.readAllBytes(index);
        Files.write(index, Arrays.copyOf(bytes, bytes.length - 1));
        assertThat(run("list", prefix.toString())).isEqualTo(1);
        assertThat(out).isEmpty();
        assertThat(err).startsWith(index + ": not a checkpoint index: bad table magic number").endsWith("\n");
        assertThat(err.lines().count()).isEqualTo(1);

        bytes[10] ^= 0x20;
        Files.write(index, bytes);
        assertThat(run("list", index.toString())).isEqualTo(1);
        assertThat(out).isEmpty();
        assertThat(err).matches("\\Q" + index + "\\E: data block at offset 0 \\(\\d+ bytes\\) fails its checksum .*: the file is corrupt\n");

        assertThat(run("list", dir.resolve("ckpt-9").toString())).isEqualTo(1);
        assertThat(err).isEqualTo(dir.resolve("ckpt-9") + ": no checkpoint here (neither " + dir.resolve("ckpt-9.index") + " nor "
                + dir.resolve("ckpt-9") + " exists)\n");
        assertThat(out + err).doesNotContain("Exception", "\tat ");
    }

    @Test
    void wrongUsageIsExitTwo() {
        assertThat(run()).isEqualTo(2);
        assertThat(err).startsWith("Missing verb: checkpoint list PREFIX").contains("Usage:");
        assertThat(run("list")).isEqualTo(2);
        assertThat(err).contains("Missing required parameter: 'PREFIX'");
        assertThat(run("list", "a", "b")).isEqualTo(2);
        assertThat(run("list", "--bogus", "a")).isEqualTo(2);
        assertThat(run("show", "a")).isEqualTo(2);
        assertThat(run("list", "--help")).isZero();
        assertThat(out).contains("Usage:", "PREFIX", "--hide-object-graph");
    }
}
