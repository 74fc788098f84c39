package io.detectionstudio.data.formats.yolo;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.fuzz.FuzzContract;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the YOLO reader through its public entry point ({@link YoloFormat#read}), whatever parses
 * {@code data.yaml}: the input is {@code data.yaml}, a NUL byte, then {@code labels/train/a.txt} (README,
 * "Reliability").
 */
class YoloFuzzTest {

    private static final Path DIR = FuzzContract.scratch("yolo");

    @FuzzTest(maxDuration = "45s")
    @Timeout(10)
    void yolo(byte[] input) {
        FuzzContract.holds(64L << 20, List.of(DatasetException.class), () -> {
            byte[][] parts = FuzzContract.split(input);
            Path root = FuzzContract.freshFolder(DIR);
            Files.write(root.resolve("data.yaml"), parts[0]);
            Path images = Files.createDirectories(root.resolve("images/train"));
            ImageIO.write(new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB), "png", images.resolve("a.png").toFile());
            Files.write(Files.createDirectories(root.resolve("labels/train")).resolve("a.txt"), parts[1]);
            FuzzContract.oneLinePerProblem(new YoloFormat().read(root).problems());
        });
    }
}
