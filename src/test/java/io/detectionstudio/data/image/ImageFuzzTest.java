package io.detectionstudio.data.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.detectionstudio.fuzz.FuzzContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes image headers, EXIF and decoding (README, "Reliability"). The allocation bound is the decoder's: the
 * stated pixel limit at 4 bytes a pixel, twice (the decoded raster and its RGB copy), plus 64 MiB.
 */
class ImageFuzzTest {

    private static final Path DIR = FuzzContract.scratch("image");
    static final long BOUND = 2 * 4 * ImageLoader.MAX_PIXELS + (64L << 20);

    @FuzzTest(maxDuration = "45s")
    @Timeout(20)
    void image(byte[] input) {
        FuzzContract.holds(BOUND, List.of(ImageLoadException.class), () -> {
            Path file = FuzzContract.freshFolder(DIR).resolve("image");
            Files.write(file, input);
            ImageInfo info = ImageLoader.readInfo(file);
            if (info.width() <= 0 || info.height() <= 0) {
                throw new AssertionError("a size that is not positive: " + info);
            }
            ImageLoader.loadRgb(file);
        });
    }
}
