package io.detectionstudio.data.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.detectionstudio.data.Category;
import io.detectionstudio.data.CocoBox;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.ObjectAnnotation;
import io.detectionstudio.data.formats.voc.VocFormat;
import io.detectionstudio.data.formats.yolo.YoloFormat;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11, "Paths": what the writers write stays in the folder the user chose, whatever the file names say. */
class OutputPathsTest {

    @TempDir
    Path dir;

    @Test
    void namesThatLeaveTheFolderAreRefused() throws IOException {
        Path out = dir.resolve("out");
        assertThat(OutputFolder.inside(out, "images/train/a.png")).isEqualTo(out.toAbsolutePath().resolve("images/train/a.png"));
        for (String bad : List.of("../a.png", "images/../../a.png", "/etc/passwd", "", "a/..", "..\\a.png")) {
            assertThatThrownBy(() -> OutputFolder.inside(out, bad)).as(bad).isInstanceOf(IOException.class)
                    .hasMessageContaining("would be written outside " + out);
        }
    }

    /** A dataset in {@code dir/data} whose file names point outside it: up, absolute, and through a link. */
    private Dataset hostile() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data/deep"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        ImageIO.write(new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB), "png", elsewhere.resolve("up.png").toFile());
        ImageIO.write(new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB), "png", elsewhere.resolve("abs.png").toFile());
        Files.createSymbolicLink(data.resolve("link"), elsewhere);
        Dataset d = new Dataset(data);
        d.categories().add(new Category(1, "duck", null, null, Map.of()));
        d.images().add(new ImageRecord(1, "../../elsewhere/up.png", 20, 10, Map.of()));
        d.images().add(new ImageRecord(2, elsewhere.resolve("abs.png").toString(), 20, 10, Map.of()));
        d.images().add(new ImageRecord(3, "link/up.png", 20, 10, Map.of()));
        d.images().add(new ImageRecord(4, "images/train/../../../../elsewhere/abs.png", 20, 10, Map.of("split", "train")));
        for (long id = 1; id <= 4; id++) {
            d.annotations().add(new ObjectAnnotation(id, id, 1, new CocoBox(1, 1, 5, 5), null, false, false, null, List.of(), null, Map.of()));
        }
        return d;
    }

    private List<Path> filesOutside(Path out) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.startsWith(out))
                    .filter(p -> !p.toString().endsWith("up.png") && !p.toString().endsWith("abs.png")).toList();
        }
    }

    @Test
    void yoloWritesEveryImageInsideTheOutputFolder() throws Exception {
        Path out = dir.resolve("out-yolo");
        new YoloFormat().write(hostile(), out);
        assertThat(filesOutside(out)).isEmpty();
        try (Stream<Path> s = Files.walk(out)) {
            assertThat(s.filter(Files::isRegularFile).map(p -> out.relativize(p).toString()).sorted().toList()).containsExactly(
                    "data.yaml", "images/train/abs.png", "images/train/abs_4.png", "images/train/up.png", "images/train/up_3.png",
                    "labels/train/abs.txt", "labels/train/abs_4.txt", "labels/train/up.txt", "labels/train/up_3.txt");
        }
    }

    @Test
    void vocWritesEveryFileInsideTheOutputFolder() throws Exception {
        Path out = dir.resolve("out-voc");
        new VocFormat().write(hostile(), out);
        assertThat(filesOutside(out)).isEmpty();
    }

    @Test
    void yoloLinksOnlyImages() throws Exception {
        // issue 11, F3: convert --to yolo hard-linked /etc/hostname (any file_name) into images/train/
        Path data = Files.createDirectories(dir.resolve("data"));
        Path secret = Files.writeString(dir.resolve("hostname"), "not an image\n");
        Dataset d = new Dataset(data);
        d.categories().add(new Category(1, "duck", null, null, Map.of()));
        d.images().add(new ImageRecord(1, secret.toString(), 20, 10, Map.of()));
        Path out = dir.resolve("out");
        assertThatThrownBy(() -> new YoloFormat().write(d, out)).isInstanceOf(DatasetException.class)
                .hasMessageContaining("image 1 (" + secret + ")").satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(out).doesNotExist();
    }
}
