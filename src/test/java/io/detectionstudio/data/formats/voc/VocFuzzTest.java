package io.detectionstudio.data.formats.voc;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.fuzz.FuzzContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/** Fuzzes the Pascal VOC XML reader (README, "Reliability"). */
class VocFuzzTest {

    private static final Path DIR = FuzzContract.scratch("voc");

    @FuzzTest(maxDuration = "45s")
    @Timeout(10)
    void vocXml(byte[] input) {
        FuzzContract.holds(64L << 20, List.of(DatasetException.class), () -> {
            Path file = FuzzContract.freshFolder(DIR).resolve("a.xml");
            Files.write(file, input);
            FuzzContract.oneLinePerProblem(new VocFormat().read(file).problems());
        });
    }
}
