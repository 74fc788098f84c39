package io.detectionstudio.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.detectionstudio.proto.odapi.CenterNet;
import io.detectionstudio.proto.odapi.CheckpointVersion;
import io.detectionstudio.proto.odapi.CosineDecayLearningRate;
import io.detectionstudio.proto.odapi.DetectionModel;
import io.detectionstudio.proto.odapi.Hyperparams;
import io.detectionstudio.proto.odapi.MultiscaleAnchorGenerator;
import io.detectionstudio.proto.odapi.PostProcessing;
import io.detectionstudio.proto.odapi.PreprocessingStep;
import io.detectionstudio.proto.odapi.Ssd;
import io.detectionstudio.proto.odapi.TrainConfig;
import io.detectionstudio.proto.odapi.TrainEvalPipelineConfig;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineConfigsTest {

    /** The real OD API zoo config, as downloaded with its checkpoint (relative to the repository root). */
    private static final Path ZOO = Path.of("../shared/odapi/ssd_mobilenet_v2_fpnlite_320x320_coco17_tpu-8/pipeline.config");

    static Path resource(String name) {
        try {
            return Path.of(PipelineConfigsTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theZooConfigParsesWithNoWarnings() throws Exception {
        assumeTrue(Files.isRegularFile(ZOO), "../shared/odapi is not here");
        PipelineConfigs.Result result = PipelineConfigs.read(ZOO);

        assertThat(result.warnings()).isEmpty();
        TrainEvalPipelineConfig config = result.config();
        assertThat(config.getModel().getModelCase()).isEqualTo(DetectionModel.ModelCase.SSD);
        Ssd ssd = config.getModel().getSsd();
        assertThat(ssd.getNumClasses()).isEqualTo(90);
        assertThat(ssd.getImageResizer().getFixedShapeResizer().getHeight()).isEqualTo(320);
        assertThat(ssd.getImageResizer().getFixedShapeResizer().getWidth()).isEqualTo(320);
        assertThat(ssd.getFeatureExtractor().getType()).isEqualTo("ssd_mobilenet_v2_fpn_keras");
        assertThat(ssd.getFeatureExtractor().getConvHyperparams().getActivation()).isEqualTo(Hyperparams.Activation.RELU_6);
        assertThat(ssd.getFeatureExtractor().getFpn().getAdditionalLayerDepth()).isEqualTo(128);
        MultiscaleAnchorGenerator anchors = ssd.getAnchorGenerator().getMultiscaleAnchorGenerator();
        assertThat(anchors.getMinLevel()).isEqualTo(3);
        assertThat(anchors.getMaxLevel()).isEqualTo(7);
        assertThat(anchors.getAnchorScale()).isEqualTo(4.0f);
        assertThat(anchors.getAspectRatiosList()).containsExactly(1.0f, 2.0f, 0.5f);
        assertThat(anchors.getScalesPerOctave()).isEqualTo(2);
        assertThat(ssd.getBoxPredictor().getWeightSharedConvolutionalBoxPredictor().getClassPredictionBiasInit())
                .isEqualTo(-4.6f);
        assertThat(ssd.getMatcher().getArgmaxMatcher().getUseMatmulGather()).isTrue();
        assertThat(ssd.getPostProcessing().getScoreConverter()).isEqualTo(PostProcessing.ScoreConverter.SIGMOID);
        assertThat(ssd.getPostProcessing().getBatchNonMaxSuppression().getIouThreshold()).isEqualTo(0.6f);
        assertThat(ssd.getLoss().getClassificationLoss().getWeightedSigmoidFocal().getAlpha()).isEqualTo(0.25f);

        TrainConfig train = config.getTrainConfig();
        assertThat(train.getBatchSize()).isEqualTo(128);
        assertThat(train.getNumSteps()).isEqualTo(50000);
        assertThat(train.getFineTuneCheckpointType()).isEqualTo("classification");
        assertThat(train.getFineTuneCheckpointVersion()).isEqualTo(CheckpointVersion.V2);
        assertThat(train.getDataAugmentationOptionsList()).extracting(PreprocessingStep::getPreprocessingStepCase)
                .containsExactly(PreprocessingStep.PreprocessingStepCase.RANDOM_HORIZONTAL_FLIP,
                        PreprocessingStep.PreprocessingStepCase.RANDOM_CROP_IMAGE);
        assertThat(train.getDataAugmentationOptions(1).getRandomCropImage().getMaxAspectRatio()).isEqualTo(3.0f);
        CosineDecayLearningRate schedule = train.getOptimizer().getMomentumOptimizer().getLearningRate().getCosineDecayLearningRate();
        assertThat(schedule.getLearningRateBase()).isEqualTo(0.08f);
        assertThat(schedule.getTotalSteps()).isEqualTo(50000);
        assertThat(schedule.getWarmupLearningRate()).isEqualTo(0.026666f);
        assertThat(schedule.getWarmupSteps()).isEqualTo(1000);
        assertThat(train.getOptimizer().getMomentumOptimizer().getMomentumOptimizerValue()).isEqualTo(0.9f);
        assertThat(train.getOptimizer().getUseMovingAverage()).isFalse();

        assertThat(config.getEvalConfig().getMetricsSetList()).containsExactly("coco_detection_metrics");
        assertThat(config.getTrainInputReader().getTfRecordInputReader().getInputPathList()).containsExactly("PATH_TO_BE_CONFIGURED");
        assertThat(config.getEvalInputReader(0).getShuffle()).isFalse();

        assertThat(result.lineOf("model.ssd.num_classes")).isEqualTo(3);
        assertThat(result.lineOf("train_config.data_augmentation_options[1]")).isEqualTo(140);
        assertThat(result.lineOf("train_config.data_augmentation_options[1].random_crop_image.min_area")).isEqualTo(145);
        assertThat(result.lineOf("model.ssd.no_such_field")).isZero();
    }

    @Test
    void theZooConfigIsWrittenAndReadBackUnchanged(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isRegularFile(ZOO), "../shared/odapi is not here");
        TrainEvalPipelineConfig config = PipelineConfigs.read(ZOO).config();

        PipelineConfigs.Result fromText = PipelineConfigs.parse(PipelineConfigs.toText(config), "memory");
        assertThat(fromText.warnings()).isEmpty();
        assertThat(fromText.config()).isEqualTo(config);

        Path out = dir.resolve("run/pipeline.config");
        PipelineConfigs.write(config, out);
        PipelineConfigs.Result back = PipelineConfigs.read(out);
        assertThat(back.warnings()).isEmpty();
        assertThat(back.config()).isEqualTo(config);
        try (Stream<Path> files = Files.list(out.getParent())) {
            assertThat(files).containsExactly(out); // no temporary file left behind
        }
    }

    @Test
    void aCenterNetKeypointConfigParsesWithNoWarnings() throws Exception {
        PipelineConfigs.Result result = PipelineConfigs.read(resource("centernet_keypoints.config"));

        assertThat(result.warnings()).isEmpty();
        CenterNet net = result.config().getModel().getCenterNet();
        assertThat(net.getNumClasses()).isEqualTo(1);
        assertThat(net.getFeatureExtractor().getType()).isEqualTo("mobilenet_v2_fpn");
        assertThat(net.getFeatureExtractor().getChannelMeansList()).containsExactly(0.485f, 0.456f, 0.406f);
        assertThat(net.getImageResizer().getKeepAspectRatioResizer().getPadToMaxDimension()).isTrue();
        assertThat(net.getKeypointLabelMapPath()).isEqualTo("label_map.pbtxt");
        CenterNet.KeypointEstimation task = net.getKeypointEstimationTask(0);
        assertThat(task.getKeypointClassName()).isEqualTo("figure");
        assertThat(task.getKeypointLabelToStdMap()).containsOnlyKeys("left_ear", "right_ear", "nose", "left_foot", "right_foot")
                .containsEntry("nose", 0.26f);
        assertThat(task.getLoss().getClassificationLoss().getPenaltyReducedLogisticFocalLoss().getBeta()).isEqualTo(4.0f);
        assertThat(task.getPerKeypointOffset()).isTrue();
        assertThat(task.getCandidateRankingMode()).isEqualTo("score_distance_ratio");
        assertThat(net.getObjectCenterParams().getMaxBoxPredictions()).isEqualTo(20);

        TrainConfig train = result.config().getTrainConfig();
        assertThat(train.getDataAugmentationOptions(0).getRandomHorizontalFlip().getKeypointFlipPermutationList())
                .containsExactly(1, 0, 2, 4, 3);
        assertThat(train.getDataAugmentationOptions(5).getRandomSquareCropByScale().getScaleMax()).isEqualTo(1.3f);
        assertThat(train.getDataAugmentationOptions(6).getRandomAbsolutePadImage().getPadColorList()).containsExactly(0f, 0f, 0f);
        assertThat(train.getOptimizer().getAdamOptimizer().getEpsilon()).isEqualTo(1e-7f);
        assertThat(train.getFineTuneCheckpointType()).isEqualTo("detection");
        assertThat(result.config().getTrainInputReader().getNumKeypoints()).isEqualTo(5);

        var eval = result.config().getEvalConfig();
        assertThat(eval.getBatchSize()).isEqualTo(1);
        assertThat(eval.getParameterizedMetric(0).getCocoKeypointMetrics().getKeypointLabelToSigmasMap()).containsEntry("nose", 0.026f)
                .hasSize(5);
        assertThat(eval.getKeypointEdgeList()).extracting(e -> e.getStart() + "-" + e.getEnd()).containsExactly("0-2", "1-2", "3-4");

        PipelineConfigs.Result back = PipelineConfigs.parse(PipelineConfigs.toText(result.config()), "memory");
        assertThat(back.warnings()).isEmpty();
        assertThat(back.config()).isEqualTo(result.config());
    }

    @Test
    void twoUnknownFieldsAreTwoWarningsAndTheRestIsRead() throws Exception {
        Path file = resource("two_unknown_fields.config");
        PipelineConfigs.Result result = PipelineConfigs.read(file);

        assertThat(result.warnings()).extracting(ConfigWarning::toString).containsExactly(
                file + ":6: model.ssd.feature_extractor.made_up_option: not supported by Detection Studio, ignored",
                file + ":11: graph_rewriter: not supported by Detection Studio, ignored");
        assertThat(result.warnings().get(0).column()).isEqualTo(7);
        assertThat(result.warnings().get(1).path()).isEqualTo("graph_rewriter");
        Ssd ssd = result.config().getModel().getSsd();
        assertThat(ssd.getNumClasses()).isEqualTo(3);
        assertThat(ssd.getFeatureExtractor().getType()).isEqualTo("ssd_mobilenet_v2_fpn_keras");
        assertThat(ssd.getFeatureExtractor().getDepthMultiplier()).isEqualTo(0.5f);
        assertThat(result.config().getTrainConfig().getBatchSize()).isEqualTo(4);
        // nothing of the ignored fields is kept, not even as unknown fields
        assertThat(result.config().getUnknownFields().asMap()).isEmpty();
        assertThat(PipelineConfigs.toText(result.config())).doesNotContain("made_up_option", "graph_rewriter", "48000");
    }

    @Test
    void unknownFieldsInRepeatedMessagesAndExtensionsNameTheirPath() throws Exception {
        String text = """
                model { ssd { num_classes: 2 [some.vendor_extension] { a: 1 } } }
                train_config {
                  data_augmentation_options { random_horizontal_flip { } }
                  data_augmentation_options { random_jitter_boxes { ratio: 0.1 } }
                  data_augmentation_options { random_adjust_hue { max_delta: 0.1 } }
                  batch_size: 2
                }
                """;
        PipelineConfigs.Result result = PipelineConfigs.parse(text, "mem.config");

        assertThat(result.warnings()).extracting(ConfigWarning::toString).containsExactly(
                "mem.config:1: model.ssd.[some.vendor_extension]: not supported by Detection Studio, ignored",
                "mem.config:4: train_config.data_augmentation_options[1].random_jitter_boxes: not supported by Detection Studio, ignored");
        TrainConfig train = result.config().getTrainConfig();
        assertThat(train.getDataAugmentationOptionsCount()).isEqualTo(3);
        assertThat(train.getDataAugmentationOptions(1).getPreprocessingStepCase())
                .isEqualTo(PreprocessingStep.PreprocessingStepCase.PREPROCESSINGSTEP_NOT_SET);
        assertThat(train.getDataAugmentationOptions(2).getRandomAdjustHue().getMaxDelta()).isEqualTo(0.1f);
        assertThat(train.getBatchSize()).isEqualTo(2);
        assertThat(result.config().getModel().getSsd().getNumClasses()).isEqualTo(2);
    }

    @Test
    void anUnknownEnumValueIsAWarningAndTheFieldKeepsItsDefault() throws Exception {
        Path file = resource("unknown_enum.config");
        PipelineConfigs.Result result = PipelineConfigs.read(file);

        assertThat(result.warnings()).extracting(ConfigWarning::toString).containsExactly(
                file + ":5: model.ssd.post_processing.score_converter: value SOFTMAX_PLUS is not supported by Detection Studio, ignored",
                file + ":10: model.ssd.feature_extractor.conv_hyperparams.activation: value GELU is not supported by Detection Studio,"
                        + " ignored");
        Ssd ssd = result.config().getModel().getSsd();
        assertThat(ssd.getPostProcessing().hasScoreConverter()).isFalse();
        assertThat(ssd.getPostProcessing().getScoreConverter()).isEqualTo(PostProcessing.ScoreConverter.IDENTITY);
        assertThat(ssd.getPostProcessing().getLogitScale()).isEqualTo(2.0f);
        assertThat(ssd.getFeatureExtractor().getConvHyperparams().hasActivation()).isFalse();
        assertThat(ssd.getFeatureExtractor().getConvHyperparams().getRegularizeDepthwise()).isTrue();
    }

    @Test
    void aKnownEnumValueGivenByNumberIsRead() throws Exception {
        PipelineConfigs.Result result = PipelineConfigs.parse("model { ssd { post_processing { score_converter: 2 } } }", "m");
        assertThat(result.warnings()).isEmpty();
        assertThat(result.config().getModel().getSsd().getPostProcessing().getScoreConverter())
                .isEqualTo(PostProcessing.ScoreConverter.SOFTMAX);

        PipelineConfigs.Result unknown = PipelineConfigs.parse("model { ssd { post_processing { score_converter: 7 } } }", "m");
        assertThat(unknown.warnings()).extracting(ConfigWarning::message)
                .containsExactly("value 7 is not supported by Detection Studio, ignored");
    }

    @Test
    void anUnclosedBlockIsAnErrorWithFileLineAndColumn() {
        Path file = resource("syntax_error.config");
        ConfigException e = catchThrowableOfType(() -> PipelineConfigs.read(file), ConfigException.class);
        assertThat(e.getMessage()).isEqualTo(file + ":12:1: expected \"}\" closing train_config (line 6) before the end of the file");
        assertThat(e.getMessage()).doesNotContain("\n");
        assertThat(e.problems()).containsExactly(e.getMessage());
    }

    @Test
    void aMissingColonOrStrayBraceIsAnErrorWithFileLineAndColumn() {
        assertThatThrownBy(() -> PipelineConfigs.parse("model {\n  ssd {\n    num_classes 3\n  }\n}\n", "a.config"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("a.config:3:17: expected \":\" after \"num_classes\"");
        assertThatThrownBy(() -> PipelineConfigs.parse("model { }\n}\n", "b.config"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("b.config:2:1: expected a field name, found \"}\"");
        assertThatThrownBy(() -> PipelineConfigs.parse("train_config { fine_tune_checkpoint: \"ckpt\n }", "c.config"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("c.config:1:38: string not closed on its line");
    }

    @Test
    void twoMembersOfOneOneofAreAnErrorAsInTheOdApi() {
        assertThatThrownBy(() -> PipelineConfigs.parse("model {\n  ssd { }\n  center_net { }\n}\n", "o.config"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("o.config:3:3: \"center_net\" and \"ssd\" (line 2) are both set, but only one of the oneof \"model\" can be");
    }

    @Test
    void aSingularFieldGivenTwiceKeepsTheLastValueAsTheOdApisMergeDoes() throws Exception {
        PipelineConfigs.Result result = PipelineConfigs.parse("train_config { batch_size: 2 batch_size: 5 }\nmodel { ssd { } ssd { num_classes: 4 } }", "m");
        assertThat(result.config().getTrainConfig().getBatchSize()).isEqualTo(5);
        assertThat(result.config().getModel().getSsd().getNumClasses()).isEqualTo(4);
    }

    @Test
    void aValueOfTheWrongTypeIsAnErrorWithFileLineAndColumn() {
        Path file = resource("wrong_type.config");
        ConfigException e = catchThrowableOfType(() -> PipelineConfigs.read(file), ConfigException.class);
        assertThat(e.getMessage()).startsWith(file + ":3:18: ").doesNotContain("\n");
        assertThat(e.getMessage().substring((file + ":3:18: ").length())).isNotBlank();

        // the same after an ignored field: blanking keeps every line and column where it was
        assertThatThrownBy(() -> PipelineConfigs.parse("model { ssd { foo: 1 num_classes: 1.5 } }", "d.config"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("d.config:1:35: ");
    }

    @Test
    void aFileThatCannotBeReadIsAnError(@TempDir Path dir) {
        Path missing = dir.resolve("nope.config");
        assertThatThrownBy(() -> PipelineConfigs.read(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(missing + ": cannot read: NoSuchFile");
    }

    @Test
    void writingReplacesTheFileAndFailsWithOneLine(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("pipeline.config");
        Files.writeString(out, "old content");
        TrainEvalPipelineConfig config = TrainEvalPipelineConfig.newBuilder()
                .setTrainConfig(TrainConfig.newBuilder().setBatchSize(6).setFineTuneCheckpoint("ckpt/é-ckpt-0")).build();
        PipelineConfigs.write(config, out);
        assertThat(Files.readString(out)).isEqualTo("train_config {\n  batch_size: 6\n  fine_tune_checkpoint: \"ckpt/é-ckpt-0\"\n}\n");
        assertThat(PipelineConfigs.read(out).config()).isEqualTo(config);

        Path aDirectory = Files.createDirectory(dir.resolve("taken"));
        Files.writeString(aDirectory.resolve("inside"), "x");
        assertThatThrownBy(() -> PipelineConfigs.write(config, aDirectory))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(aDirectory + ": cannot write: ");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("pipeline.config", "taken");
        }
    }

    @Test
    void warningsListIsInFileOrder() throws Exception {
        PipelineConfigs.Result result = PipelineConfigs.parse("b: 1\nmodel { x: 2 }\na { }\n", "m");
        assertThat(result.warnings()).extracting(ConfigWarning::line).containsExactly(1, 2, 3);
        assertThat(result.warnings()).extracting(ConfigWarning::path).isEqualTo(List.of("b", "model.x", "a"));
    }

    @Test
    void deepNestingIsOneLineNotAStackOverflow() {
        // issue 11, F8
        String deep = "model " + "{ center_net ".repeat(100_000) + "}".repeat(100_000);
        assertThatThrownBy(() -> PipelineConfigs.parse(deep, "pipeline.config")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("pipeline.config:1:").hasMessageEndingWith(": messages nested more than 100 deep");
    }
}
