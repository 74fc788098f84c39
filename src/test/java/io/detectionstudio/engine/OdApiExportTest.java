package io.detectionstudio.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.detectionstudio.config.LabelMaps;
import io.detectionstudio.config.PipelineConfigs;
import io.detectionstudio.data.CocoJson;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.formats.DatasetFormat;
import io.detectionstudio.data.tfrecord.TfRecordFormat;
import io.detectionstudio.proto.odapi.TrainEvalPipelineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** export --for-odapi on the repository's own toy-ducks sample. */
class OdApiExportTest {

    static final Path SAMPLE = Path.of("sample-datasets/toy-ducks/annotations.coco.json");
    static final Path ZOO = Path.of("../shared/odapi/ssd_mobilenet_v2_fpnlite_320x320_coco17_tpu-8/pipeline.config");

    @TempDir
    Path dir;

    @Test
    void writesRecordsLabelMapConfigAndReadme() throws Exception {
        Dataset ducks = CocoJson.read(SAMPLE).dataset();
        Path out = dir.resolve("job");
        OdApiExport.Result r = OdApiExport.export(ducks, out, OdApiExport.Options.defaults());

        // 40 images: 20% = 8 held out.
        assertThat(r.valImages()).isEqualTo(8);
        assertThat(r.trainImages()).isEqualTo(32);
        assertThat(r.trainShards()).containsExactly(Path.of("data/train.record-00000-of-00001"));
        assertThat(r.valShards()).containsExactly(Path.of("data/val.record-00000-of-00001"));
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "data", "label_map.pbtxt", "pipeline.config", "README.md");
        }

        // Every box comes back from the two splits, and nothing is in both.
        DatasetFormat.ReadResult train = new TfRecordFormat().read(out.resolve(r.trainShards().get(0)), ducks.categories(),
                dir.resolve("train-images"));
        DatasetFormat.ReadResult val = new TfRecordFormat().read(out.resolve(r.valShards().get(0)), ducks.categories(),
                dir.resolve("val-images"));
        assertThat(train.problems()).isEmpty();
        assertThat(val.problems()).isEmpty();
        assertThat(train.dataset().images().size() + val.dataset().images().size()).isEqualTo(40);
        assertThat(train.dataset().annotations().size() + val.dataset().annotations().size()).isEqualTo(ducks.annotations().size());
        assertThat(train.dataset().images()).extracting(ImageRecord::fileName)
                .doesNotContainAnyElementsOf(val.dataset().images().stream().map(ImageRecord::fileName).toList());

        // The label map and the config read back cleanly, with this dataset's class and relative paths.
        assertThat(LabelMaps.toCategories(LabelMaps.read(out.resolve("label_map.pbtxt")).labelMap()))
                .extracting(c -> c.id() + ":" + c.name()).containsExactly("1:duck");
        PipelineConfigs.Result config = PipelineConfigs.read(out.resolve("pipeline.config"));
        assertThat(config.warnings()).isEmpty();
        TrainEvalPipelineConfig c = config.config();
        assertThat(c.getModel().getSsd().getNumClasses()).isEqualTo(1);
        assertThat(c.getTrainConfig().getBatchSize()).isEqualTo(8);
        assertThat(c.getTrainConfig().getNumSteps()).isEqualTo(25_000);
        // 0.08 at batch 128 -> 0.005 at batch 8.
        assertThat(c.getTrainConfig().getOptimizer().getMomentumOptimizer().getLearningRate().getCosineDecayLearningRate()
                .getLearningRateBase()).isEqualTo(0.005f);
        assertThat(c.getTrainInputReader().getTfRecordInputReader().getInputPath(0)).isEqualTo("data/train.record-?????-of-00001");
        assertThat(c.getEvalInputReader(0).getTfRecordInputReader().getInputPath(0)).isEqualTo("data/val.record-?????-of-00001");
        assertThat(c.getTrainInputReader().getLabelMapPath()).isEqualTo("label_map.pbtxt");
        assertThat(c.getTrainConfig().getFineTuneCheckpoint())
                .isEqualTo("pretrained/ssd_mobilenet_v2_fpnlite_320x320_coco17_tpu-8/checkpoint/ckpt-0");
        assertThat(c.getTrainConfig().getFineTuneCheckpointType()).isEqualTo("detection");

        String readme = Files.readString(out.resolve("README.md"));
        assertThat(readme).contains("model_main_tf2.py\" --pipeline_config_path=pipeline.config --model_dir=training",
                "CUDA_VISIBLE_DEVICES=0,1,2,3", "--num_workers=2", "--use_tpu=true", "exporter_main_v2.py\" --input_type=image_tensor",
                "32 for training, 8 for evaluation");
    }

    @Test
    void usesExactlyTheFieldsOfTheRealZooConfig() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(ZOO), "../shared is absent");
        TrainEvalPipelineConfig zoo = PipelineConfigs.read(ZOO).config();
        TrainEvalPipelineConfig ours = OdApiExport.pipelineConfig(OdApiExport.Options.defaults(), 3, "data/t", "data/v");
        assertThat(fieldPaths(ours)).isEqualTo(fieldPaths(zoo));
        // Same architecture: the whole model section equals the zoo's but for the number of classes.
        assertThat(ours.getModel().toBuilder().setSsd(ours.getModel().getSsd().toBuilder().setNumClasses(90)).build())
                .isEqualTo(zoo.getModel());
    }

    @Test
    void aBrokenDatasetLeavesNoFolderBehind() throws Exception {
        Dataset ducks = CocoJson.read(SAMPLE).dataset();
        ducks.images().add(new ImageRecord(999, "images/not-there.jpg", 320, 240));
        Path out = dir.resolve("job");
        assertThatThrownBy(() -> OdApiExport.export(ducks, out, OdApiExport.Options.defaults()))
                .isInstanceOf(DatasetException.class).hasMessageContaining("not-there.jpg");
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void refusesAFolderInUse() throws Exception {
        Files.writeString(dir.resolve("keep.txt"), "mine");
        assertThatThrownBy(() -> OdApiExport.export(CocoJson.read(SAMPLE).dataset(), dir, OdApiExport.Options.defaults()))
                .hasMessageEndingWith("exists and is not empty; choose a new folder");
        assertThat(Files.readString(dir.resolve("keep.txt"))).isEqualTo("mine");
    }

    /** Every set field's path, repeated elements folded: "model.ssd.num_classes", "train_config.data_augmentation_options...". */
    static TreeSet<String> fieldPaths(Message m) {
        TreeSet<String> out = new TreeSet<>();
        collect(m, "", out);
        return out;
    }

    private static void collect(Message m, String prefix, TreeSet<String> out) {
        for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
            String path = prefix + e.getKey().getName();
            out.add(path);
            if (e.getKey().getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                List<?> values = e.getKey().isRepeated() ? (List<?>) e.getValue() : List.of(e.getValue());
                for (Object v : values) {
                    collect((Message) v, path + ".", out);
                }
            }
        }
    }
}
