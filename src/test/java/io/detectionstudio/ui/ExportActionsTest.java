package io.detectionstudio.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.detectionstudio.data.CocoJson;
import io.detectionstudio.data.formats.DatasetFormats;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Export menu's work, without dialogs: each format written from the open project, reported in the status bar. */
class ExportActionsTest {

    @Test
    void exportsCocoAndEveryOtherFormatFromTheOpenProject(@TempDir Path dir) throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_INT_RGB), "png",
                project.resolve("a.png").toFile());
        Files.writeString(project.resolve("annotations.coco.json"), """
                {"images": [{"id": 1, "file_name": "a.png", "width": 64, "height": 48}],
                 "categories": [{"id": 1, "name": "duck"}],
                 "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [4, 6, 20, 10]}]}""");
        StudioViewModel vm = new StudioViewModel(Runnable::run, Runnable::run);
        vm.open(project);
        ExportActions export = new ExportActions(vm);

        export.coco(dir.resolve("out.json"));
        assertThat(vm.statusProperty().get()).isEqualTo("Exported COCO JSON to " + dir.resolve("out.json"));
        assertThat(CocoJson.read(dir.resolve("out.json")).dataset().annotations()).hasSize(1);

        for (var f : DatasetFormats.all()) {
            Path target = dir.resolve(f.name().equals("tfrecord") ? "out.record" : f.name().equals("createml")
                    ? "out.createml.json" : "out-" + f.name());
            export.format(f, target);
            assertThat(vm.statusProperty().get()).as(f.name()).startsWith("Exported " + f.name());
            var back = f.read(target.getFileName().toString().equals("out.record") ? dir.resolve("out.record") : target);
            assertThat(back.dataset().annotations()).as(f.name()).hasSize(1);
        }

        export.odApiJob(dir.resolve("job"));
        assertThat(vm.statusProperty().get()).startsWith("Exported an OD API training job to");
        assertThat(dir.resolve("job/pipeline.config")).exists();
    }

    @Test
    void aFailedExportSaysWhyInTheStatusBar(@TempDir Path dir) throws Exception {
        Path project = Files.createDirectories(dir.resolve("p"));
        Files.writeString(project.resolve("annotations.coco.json"), """
                {"images": [], "categories": [{"id": 1, "name": "duck"}], "annotations": []}""");
        StudioViewModel vm = new StudioViewModel(Runnable::run, Runnable::run);
        vm.open(project);
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "x");
        new ExportActions(vm).coco(blocker.resolve("out.json"));
        assertThat(vm.statusProperty().get()).startsWith(blocker.resolve("out.json") + ": cannot write: ");
    }
}
