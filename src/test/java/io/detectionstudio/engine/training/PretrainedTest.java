package io.detectionstudio.engine.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.detectionstudio.model.centernet.CenterNetRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The shipped pretrained run is found and fits the train defaults, so that `train` really starts from it. */
class PretrainedTest {

    @Test
    void theShippedRunIsFoundAndMatchesTheDefaults() throws Exception {
        Path run = Pretrained.defaultRun().orElseThrow(() -> new AssertionError(Pretrained.RUN + " not found"));
        CenterNetRun r = CenterNetRun.open(run);
        TrainingJob.Settings defaults = TrainingJob.Settings.defaults();
        assertThat(r.inputSize()).isEqualTo(defaults.inputSize());
        assertThat(r.net()).isEqualTo(defaults.net());
        assertThat(r.categories()).extracting(c -> c.name()).containsExactly("duck");
    }
}
