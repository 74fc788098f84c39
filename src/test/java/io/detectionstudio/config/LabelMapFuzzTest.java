package io.detectionstudio.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.detectionstudio.fuzz.FuzzContract;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/** Fuzzes the {@code label_map.pbtxt} reader (README, "Reliability"). */
class LabelMapFuzzTest {

    @FuzzTest(maxDuration = "45s")
    @Timeout(10)
    void labelMap(byte[] input) {
        FuzzContract.holds(64L << 20, List.of(ConfigException.class), () -> {
            LabelMaps.Result r = LabelMaps.parse(new String(input, StandardCharsets.UTF_8), "label_map.pbtxt");
            FuzzContract.oneLinePerProblem(r.warnings());
        });
    }
}
