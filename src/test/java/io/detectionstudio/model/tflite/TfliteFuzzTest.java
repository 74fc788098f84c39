package io.detectionstudio.model.tflite;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.detectionstudio.fuzz.FuzzContract;
import io.detectionstudio.model.ModelException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/** Fuzzes the TFLite reader and the MobileNetV2 weights taken from it (README, "Reliability"). */
class TfliteFuzzTest {

    @FuzzTest(maxDuration = "45s")
    @Timeout(10)
    void tflite(byte[] input) {
        FuzzContract.holds(64L << 20, List.of(ModelException.class), () -> {
            TfliteModel m = TfliteModel.parse(Path.of("model.tflite"), input);
            for (TfliteModel.Tensor t : m.tensors()) {
                if (m.hasData(t)) {
                    m.floats(t);
                }
            }
            MobileNetV2Weights.from(m);
        });
    }
}
