package io.detectionstudio.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.detectionstudio.fuzz.FuzzContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/** Fuzzes the COCO JSON reader and the validator's header-free checks (README, "Reliability"). */
class CocoJsonFuzzTest {

    private static final Path DIR = FuzzContract.scratch("coco");

    @FuzzTest(maxDuration = "45s")
    @Timeout(10)
    void cocoJson(byte[] input) {
        FuzzContract.holds(64L << 20, List.of(DatasetException.class), () -> {
            Path file = FuzzContract.freshFolder(DIR).resolve("annotations.coco.json");
            Files.write(file, input);
            CocoJson.Result r = CocoJson.read(file);
            FuzzContract.oneLinePerProblem(r.problems());
            FuzzContract.oneLinePerProblem(DatasetValidator.validate(r.dataset(), file.toString(), DatasetValidator.ImageCheck.NONE));
        });
    }
}
