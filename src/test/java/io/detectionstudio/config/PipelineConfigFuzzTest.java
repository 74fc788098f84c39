package io.detectionstudio.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.detectionstudio.fuzz.FuzzContract;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/** Fuzzes the {@code pipeline.config} reader (README, "Reliability"). */
class PipelineConfigFuzzTest {

    @FuzzTest(maxDuration = "45s")
    @Timeout(10)
    void pipelineConfig(byte[] input) {
        FuzzContract.holds(64L << 20, List.of(ConfigException.class), () -> {
            PipelineConfigs.Result r = PipelineConfigs.parse(new String(input, StandardCharsets.UTF_8), "pipeline.config");
            FuzzContract.oneLinePerProblem(r.warnings());
        });
    }
}
