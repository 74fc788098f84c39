package io.detectionstudio.data.tfrecord;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.fuzz.FuzzContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/** Fuzzes TFRecord framing and tf.Example decoding, as {@code convert} reads a record file (README, "Reliability"). */
class TfRecordFuzzTest {

    private static final Path DIR = FuzzContract.scratch("tfrecord");

    @FuzzTest(maxDuration = "45s")
    @Timeout(10)
    void tfRecord(byte[] input) {
        FuzzContract.holds(64L << 20, List.of(DatasetException.class), () -> {
            Path root = FuzzContract.freshFolder(DIR);
            Path file = root.resolve("in.record");
            Files.write(file, input);
            FuzzContract.oneLinePerProblem(new TfRecordFormat().read(file, null, root.resolve("images")).problems());
        });
    }
}
