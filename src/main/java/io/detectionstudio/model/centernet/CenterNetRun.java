package io.detectionstudio.model.centernet;

import io.detectionstudio.config.ConfigException;
import io.detectionstudio.config.LabelMaps;
import io.detectionstudio.config.PipelineConfigs;
import io.detectionstudio.data.Category;
import io.detectionstudio.model.ModelException;
import io.detectionstudio.proto.odapi.CenterNet;
import io.detectionstudio.proto.odapi.TrainEvalPipelineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A training run's folder, as the OD API lays one out: {@code pipeline.config} (the effective config: a
 * {@code center_net} model with a MobileNetV2-FPN feature extractor and a keep-aspect-ratio resizer padded to a
 * square), {@code label_map.pbtxt} (the classes, in class-index order) and {@code checkpoint/}: the last
 * checkpoint {@code ckpt.*} (with {@code step}, what a resumed run continues from) and, when the run had a
 * validation split, the best one by validation AP {@code best.*} (with {@code best.json}: its step and metrics).
 *
 * @param inputSize       the side of the square the images are fitted into
 * @param categories      class index i is {@code categories.get(i)}
 * @param checkpoint      the checkpoint prefix to use
 */
public record CenterNetRun(Path folder, TrainEvalPipelineConfig config, List<Category> categories, int inputSize,
                           CenterNetNet.Config net, Path checkpoint) {

    public static final String CONFIG = "pipeline.config";
    public static final String LABEL_MAP = "label_map.pbtxt";
    public static final String CHECKPOINTS = "checkpoint";
    /** The last checkpoint's prefix in {@link #CHECKPOINTS}. */
    public static final String LAST = "ckpt";
    /** The best checkpoint's prefix in {@link #CHECKPOINTS}, written when training validates. */
    public static final String BEST = "best";

    /** The same run with another checkpoint (e.g. the last one while training). */
    public CenterNetRun withCheckpoint(Path prefix) {
        return new CenterNetRun(folder, config, categories, inputSize, net, prefix);
    }

    /**
     * The checkpoint a run is used with (detect, eval, export, init-from): the best one by validation when training
     * kept one, else the last one; null when there is neither.
     */
    public static Path checkpointToUse(Path folder) {
        for (String name : new String[] {BEST, LAST}) {
            Path prefix = folder.resolve(CHECKPOINTS).resolve(name);
            if (Files.isRegularFile(Path.of(prefix + ".index"))) {
                return prefix;
            }
        }
        return null;
    }

    /** Index of the class whose keypoints the model predicts, or -1. */
    public int keypointClass() {
        if (config.getModel().getCenterNet().getKeypointEstimationTaskCount() == 0) {
            return -1;
        }
        String name = config.getModel().getCenterNet().getKeypointEstimationTask(0).getKeypointClassName();
        for (int i = 0; i < categories.size(); i++) {
            if (categories.get(i).name().equals(name) && categories.get(i).hasKeypoints()) {
                return i;
            }
        }
        return -1;
    }

    /** The network's output layout for this run (grid, classes, keypoints) with up to {@code maxObjects} objects. */
    public CenterNetSpec spec(int maxObjects) {
        int k = keypointClass();
        return CenterNetSpec.forInput(inputSize, inputSize, categories.size(), k < 0 ? 0 : categories.get(k).keypoints().size(),
                k, maxObjects);
    }

    /** The input sizes a run's config may give (pixels a side). */
    public static final int MIN_INPUT_SIZE = 32;
    public static final int MAX_INPUT_SIZE = 4096;

    /** True when {@code folder} looks like a run of ours: a center_net pipeline.config beside a checkpoint folder. */
    public static boolean isRun(Path folder) {
        return Files.isRegularFile(folder.resolve(CONFIG)) && Files.isDirectory(folder.resolve(CHECKPOINTS));
    }

    /** Reads a run folder, with the checkpoint {@link #checkpointToUse} picks. */
    public static CenterNetRun open(Path folder) throws ModelException {
        if (!isRun(folder)) {
            throw new ModelException(folder + ": not a training run (it has no " + CONFIG + " and " + CHECKPOINTS + "/ folder)");
        }
        try {
            PipelineConfigs.Result r = PipelineConfigs.read(folder.resolve(CONFIG));
            TrainEvalPipelineConfig config = r.config();
            if (!config.getModel().hasCenterNet()) {
                throw new ModelException(folder.resolve(CONFIG) + ": not a center_net model");
            }
            CenterNet c = config.getModel().getCenterNet();
            List<Category> categories = LabelMaps.toCategories(LabelMaps.read(folder.resolve(LABEL_MAP)).labelMap());
            if (categories.size() != c.getNumClasses()) {
                throw new ModelException(folder + ": the label map has " + categories.size() + " classes, the config "
                        + c.getNumClasses());
            }
            int size = c.getImageResizer().getKeepAspectRatioResizer().getMaxDimension();
            var resizer = c.getImageResizer().getKeepAspectRatioResizer();
            int min = resizer.hasMinDimension() ? resizer.getMinDimension() : size;
            for (int[] v : new int[][] {{min, 0}, {size, 1}}) {
                // Checked before any graph is built: an absurd size aborted inside TensorFlow (issue 11, F6)
                if (v[0] < MIN_INPUT_SIZE || v[0] > MAX_INPUT_SIZE) {
                    throw new ModelException(folder.resolve(CONFIG) + ": image_resizer " + (v[1] == 0 ? "min" : "max")
                            + "_dimension " + v[0] + " is out of range (" + MIN_INPUT_SIZE + " to " + MAX_INPUT_SIZE + ")");
                }
            }
            float depth = c.getFeatureExtractor().getDepthMultiplier();
            if (!(depth > 0 && depth <= 4)) {
                throw new ModelException(folder.resolve(CONFIG) + ": feature_extractor depth_multiplier " + depth
                        + " is out of range (above 0, at most 4)");
            }
            int headFilters = c.getObjectCenterParams().getCenterHeadParams().getNumFiltersCount() > 0
                    ? c.getObjectCenterParams().getCenterHeadParams().getNumFilters(0) : CenterNetNet.Config.defaults().headFilters();
            String type = c.getFeatureExtractor().getType();
            if (!type.equals(CenterNetNet.TYPE) && !type.equals(CenterNetNet.UNROUNDED_TYPE)) {
                throw new ModelException(folder.resolve(CONFIG) + ": feature_extractor type \"" + type + "\" is not one we build ("
                        + CenterNetNet.TYPE + ", " + CenterNetNet.UNROUNDED_TYPE + ")");
            }
            CenterNetNet.Config net = new CenterNetNet.Config(c.getFeatureExtractor().getDepthMultiplier(), headFilters,
                    type.equals(CenterNetNet.UNROUNDED_TYPE), false);
            Path ckpt = checkpointToUse(folder);
            if (ckpt == null) {
                throw new ModelException(folder + ": no checkpoint (checkpoint/ckpt.index) yet");
            }
            return new CenterNetRun(folder, config, categories, size, net, ckpt);
        } catch (ConfigException e) {
            throw new ModelException(e.getMessage(), e);
        }
    }

    /** The effective config of a run with these settings (what {@code pipeline.config} holds). */
    public static TrainEvalPipelineConfig config(List<Category> categories, int inputSize, CenterNetNet.Config net,
                                                 int batchSize, int steps, double learningRate, int keypointClass,
                                                 int[] flipPermutation) {
        int numClasses = categories.size();
        TrainEvalPipelineConfig.Builder b = TrainEvalPipelineConfig.newBuilder();
        CenterNet.Builder c = b.getModelBuilder().getCenterNetBuilder();
        c.setNumClasses(numClasses);
        c.getFeatureExtractorBuilder().setType(net.unrounded() ? CenterNetNet.UNROUNDED_TYPE : CenterNetNet.TYPE).setDepthMultiplier(net.depthMultiplier())
                .addChannelMeans(127.5f).addChannelMeans(127.5f).addChannelMeans(127.5f)
                .addChannelStds(127.5f).addChannelStds(127.5f).addChannelStds(127.5f);
        c.getImageResizerBuilder().getKeepAspectRatioResizerBuilder().setMinDimension(inputSize).setMaxDimension(inputSize)
                .setPadToMaxDimension(true);
        c.getObjectCenterParamsBuilder().setObjectCenterLossWeight(1f).setMinBoxOverlapIou((float) CenterNetTargets.MIN_OVERLAP)
                .setMaxBoxPredictions(100).getCenterHeadParamsBuilder().addNumFilters(net.headFilters());
        c.getObjectDetectionTaskBuilder().setTaskLossWeight(1f).setOffsetLossWeight(1f).setScaleLossWeight(0.1f);
        if (keypointClass >= 0) {
            c.setKeypointLabelMapPath(LABEL_MAP);
            c.addKeypointEstimationTaskBuilder().setTaskName("keypoints").setKeypointClassName(categories.get(keypointClass).name())
                    .setKeypointHeatmapLossWeight(1f).setKeypointOffsetLossWeight(1f).setKeypointRegressionLossWeight(0.1f);
        }
        var train = b.getTrainConfigBuilder().setBatchSize(batchSize).setNumSteps(steps);
        var flip = train.addDataAugmentationOptionsBuilder().getRandomHorizontalFlipBuilder();
        if (flipPermutation != null) {
            for (int p : flipPermutation) {
                flip.addKeypointFlipPermutation(p);
            }
        }
        train.getOptimizerBuilder().setUseMovingAverage(false).getAdamOptimizerBuilder().getLearningRateBuilder()
                .getCosineDecayLearningRateBuilder().setLearningRateBase((float) learningRate).setTotalSteps(steps)
                .setWarmupLearningRate((float) (learningRate / 10)).setWarmupSteps(Math.max(1, steps / 20));
        return b.build();
    }

    /** Writes the run's config and label map (the checkpoint folder is the trainer's). */
    public static void write(Path folder, TrainEvalPipelineConfig config, List<Category> categories) throws ModelException {
        try {
            Files.createDirectories(folder.resolve(CHECKPOINTS));
            PipelineConfigs.write(config, folder.resolve(CONFIG));
            LabelMaps.write(LabelMaps.fromCategories(categories), folder.resolve(LABEL_MAP));
        } catch (ConfigException | java.io.IOException e) {
            throw new ModelException(folder + ": cannot write the run: " + e.getMessage(), e);
        }
    }
}
