package io.detectionstudio.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.BundleHeaderProto;

/**
 * The TF2 detection zoo's SSD MobileNet V2 FPNLite 320x320 (written by Python TensorFlow 2.2, snappy-compressed
 * index): its training checkpoint and its SavedModel's variables. Only the .index files are in ../shared, so
 * names, dtypes and shapes are checked here, and opening them for values says the data file is missing.
 */
class ZooCheckpointIndexTest {

    static final Path MODEL = Path.of("../shared/odapi/ssd_mobilenet_v2_fpnlite_320x320_coco17_tpu-8");
    static final Path CKPT = MODEL.resolve("checkpoint/ckpt-0");
    static final Path SAVED_MODEL_VARIABLES = MODEL.resolve("saved_model/variables/variables");
    private static final String V = "/.ATTRIBUTES/VARIABLE_VALUE";
    private static final String BACKBONE = "model/_feature_extractor/classification_backbone/";

    private static Map<String, VariableInfo> byName(List<VariableInfo> vars) {
        return vars.stream().collect(Collectors.toMap(VariableInfo::name, Function.identity()));
    }

    @Test
    void trainingCheckpoint() throws Exception {
        assumeTrue(Files.isRegularFile(CKPT.resolveSibling("ckpt-0.index")), "../shared/odapi is absent");
        TensorBundleIndex index = TensorBundleIndex.read(CKPT);
        assertThat(index.numShards()).isEqualTo(1);
        assertThat(index.header().getEndianness()).isEqualTo(BundleHeaderProto.Endianness.LITTLE);
        assertThat(index.header().getVersion().getProducer()).isEqualTo(1);
        List<VariableInfo> vars = index.variables();
        assertThat(vars).hasSize(386);
        assertThat(vars.stream().filter(v -> v.dtype().equals("float32")).count()).isEqualTo(384);
        assertThat(vars.stream().filter(VariableInfo::isNumeric).mapToLong(VariableInfo::elementCount).sum()).isEqualTo(2_667_003);
        assertThat(vars.stream().map(VariableInfo::name).toList()).isSorted();

        VariableInfo graph = vars.get(0);
        assertThat(graph.name()).isEqualTo("_CHECKPOINTABLE_OBJECT_GRAPH");
        assertThat(graph.dtype()).isEqualTo("string");
        assertThat(graph.shape()).isEmpty();
        assertThat(graph.size()).isEqualTo(84161);
        VariableInfo last = vars.get(vars.size() - 1);
        assertThat(last).isEqualTo(new VariableInfo("save_counter" + V, "int64", new long[0], 0, 0, 8, 0));

        Map<String, VariableInfo> m = byName(vars);
        // MobileNetV2's first conv: 3x3, RGB in, 32 out; the first tensor in the data file, after save_counter.
        VariableInfo conv1 = m.get(BACKBONE + "layer_with_weights-0/kernel" + V);
        assertThat(conv1.dtype()).isEqualTo("float32");
        assertThat(conv1.shape()).containsExactly(3, 3, 3, 32);
        assertThat(conv1.offset()).isEqualTo(8);
        assertThat(conv1.size()).isEqualTo(3 * 3 * 3 * 32 * 4);
        assertThat(m.get(BACKBONE + "layer_with_weights-2/depthwise_kernel" + V).shape()).containsExactly(3, 3, 32, 1);
        assertThat(m.get(BACKBONE + "layer_with_weights-102/kernel" + V).shape()).containsExactly(1, 1, 320, 1280);
        // The class head: 6 anchors per location x (90 COCO classes + background) = 546 outputs.
        assertThat(m.get("model/_box_predictor/_prediction_heads/class_predictions_with_background/_class_predictor_layers/0/bias" + V)
                .shape()).containsExactly(546);
        // The box head: 6 anchors x 4 box coordinates = 24.
        VariableInfo boxBias = m.get("model/_box_predictor/_box_prediction_head/_box_encoder_layers/0/bias" + V);
        assertThat(boxBias.shape()).containsExactly(24);
        assertThat(boxBias.shapeString()).isEqualTo("[24]");
        assertThat(m.get("model/_box_predictor/_box_prediction_head/_box_encoder_layers/0/pointwise_kernel" + V).shape())
                .containsExactly(1, 1, 128, 24);
        assertThat(m.get("model/_feature_extractor/_fpn_features_generator/top_layers/0/kernel" + V).shape())
                .containsExactly(1, 1, 1280, 128);
    }

    @Test
    void savedModelVariables() throws Exception {
        assumeTrue(Files.isRegularFile(SAVED_MODEL_VARIABLES.resolveSibling("variables.index")), "../shared/odapi is absent");
        List<VariableInfo> vars = TensorBundleIndex.list(SAVED_MODEL_VARIABLES);
        // The same weights without save_counter, keyed by the exported module's own object paths.
        assertThat(vars).hasSize(385);
        assertThat(vars.stream().filter(VariableInfo::isNumeric).mapToLong(VariableInfo::elementCount).sum()).isEqualTo(2_667_002);
        assertThat(vars.get(0).name()).isEqualTo("_CHECKPOINTABLE_OBJECT_GRAPH");
        assertThat(vars.get(0).size()).isEqualTo(153923);
        assertThat(vars.get(1)).isEqualTo(new VariableInfo("_model/_box_predictor/trainable_variables/0" + V, "float32",
                new long[] {3, 3, 128, 1}, 0, 0, 4608, 0));
        assertThat(TensorBundleIndex.list(MODEL.resolve("saved_model"))).isEqualTo(vars);
        assertThat(TensorBundleIndex.list(SAVED_MODEL_VARIABLES.resolveSibling("variables.index"))).isEqualTo(vars);
    }

    @Test
    void theIndexFileItselfAndTheTrainingDirectoryWorkToo() throws Exception {
        assumeTrue(Files.isRegularFile(CKPT.resolveSibling("ckpt-0.index")), "../shared/odapi is absent");
        List<VariableInfo> vars = TensorBundleIndex.list(CKPT);
        assertThat(TensorBundleIndex.list(CKPT.resolveSibling("ckpt-0.index"))).isEqualTo(vars);
        assertThat(TensorBundleIndex.list(CKPT.getParent())).isEqualTo(vars);
    }

    @Test
    void valuesNeedTheDataFileWhichIsNotThere() {
        assumeTrue(Files.isRegularFile(CKPT.resolveSibling("ckpt-0.index")), "../shared/odapi is absent");
        assertThatThrownBy(() -> CheckpointReader.open(CKPT)).isInstanceOf(CheckpointException.class)
                .hasMessage(CKPT.resolveSibling("ckpt-0.data-00000-of-00001") + ": data file not found (the index ckpt-0.index lists "
                        + "1 data file; without it only names and shapes can be read)");
    }
}
