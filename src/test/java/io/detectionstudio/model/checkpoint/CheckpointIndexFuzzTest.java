package io.detectionstudio.model.checkpoint;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.detectionstudio.fuzz.FuzzContract;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes a checkpoint's {@code .index} file (SSTable blocks, Snappy, the bundle protos) and, on the same bytes,
 * the Snappy decoder alone (README, "Reliability").
 */
class CheckpointIndexFuzzTest {

    @FuzzTest(maxDuration = "45s")
    @Timeout(10)
    void checkpointIndex(byte[] input) {
        FuzzContract.holds(64L << 20, List.of(Snappy.CorruptException.class),
                () -> Snappy.decompress(input, 0, input.length, 1 << 20));
        FuzzContract.holds(64L << 20, List.of(CheckpointException.class),
                () -> TensorBundleIndex.parse(input, Path.of("ckpt.index")).variables());
    }
}
