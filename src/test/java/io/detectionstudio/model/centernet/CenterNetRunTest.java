package io.detectionstudio.model.centernet;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.detectionstudio.config.LabelMaps;
import io.detectionstudio.config.PipelineConfigs;
import io.detectionstudio.data.Category;
import io.detectionstudio.model.ModelException;
import io.detectionstudio.proto.odapi.TrainEvalPipelineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's config is checked before any graph is built (issue 11). */
class CenterNetRunTest {

    @TempDir
    Path dir;

    private Path run(int min, int max, float depth) throws Exception {
        List<Category> categories = List.of(new Category(1, "duck", null, null, Map.of()));
        TrainEvalPipelineConfig.Builder b = CenterNetRun.config(categories, 128, CenterNetNet.Config.defaults(), 8, 10, 1e-3, -1, null)
                .toBuilder();
        b.getModelBuilder().getCenterNetBuilder().getImageResizerBuilder().getKeepAspectRatioResizerBuilder()
                .setMinDimension(min).setMaxDimension(max);
        b.getModelBuilder().getCenterNetBuilder().getFeatureExtractorBuilder().setDepthMultiplier(depth);
        Path run = Files.createDirectories(dir.resolve("run-" + min + "-" + max + "-" + depth));
        PipelineConfigs.write(b.build(), run.resolve(CenterNetRun.CONFIG));
        LabelMaps.write(LabelMaps.fromCategories(categories), run.resolve(CenterNetRun.LABEL_MAP));
        Files.createDirectories(run.resolve(CenterNetRun.CHECKPOINTS));
        return run;
    }

    @Test
    void absurdSizesAreOneLineBeforeAnyGraph() throws Exception {
        // F6: max_dimension 2147483647 aborted inside TensorFlow (exit 134); F13: 60000 printed as a negative number
        Path a = run(2147483647, 2147483647, 0.5f);
        assertThatThrownBy(() -> CenterNetRun.open(a)).isInstanceOf(ModelException.class).hasMessage(
                a.resolve(CenterNetRun.CONFIG) + ": image_resizer min_dimension 2147483647 is out of range (32 to 4096)");
        Path b = run(128, 60000, 0.5f);
        assertThatThrownBy(() -> CenterNetRun.open(b)).hasMessage(
                b.resolve(CenterNetRun.CONFIG) + ": image_resizer max_dimension 60000 is out of range (32 to 4096)");
        Path c = run(128, 128, Float.NaN);
        assertThatThrownBy(() -> CenterNetRun.open(c)).hasMessage(
                c.resolve(CenterNetRun.CONFIG) + ": feature_extractor depth_multiplier NaN is out of range (above 0, at most 4)");
        Path ok = run(128, 128, 0.5f);
        assertThatThrownBy(() -> CenterNetRun.open(ok)).hasMessageContaining("no checkpoint");
    }
}
