package io.detectionstudio.data.formats.createml;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.fuzz.FuzzContract;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Timeout;

/** Fuzzes the Create ML JSON reader; {@code duck.jpg} is a real 8x6 image beside it (README, "Reliability"). */
class CreateMlFuzzTest {

    private static final Path DIR = FuzzContract.scratch("createml");

    @FuzzTest(maxDuration = "45s")
    @Timeout(10)
    void createMlJson(byte[] input) {
        FuzzContract.holds(64L << 20, List.of(DatasetException.class), () -> {
            Path root = FuzzContract.freshFolder(DIR);
            ImageIO.write(new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB), "png", root.resolve("duck.jpg").toFile());
            Path file = root.resolve("annotations.json");
            Files.write(file, input);
            FuzzContract.oneLinePerProblem(new CreateMlFormat().read(file).problems());
        });
    }
}
