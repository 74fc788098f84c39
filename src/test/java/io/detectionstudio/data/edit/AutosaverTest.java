package io.detectionstudio.data.edit;

import static org.assertj.core.api.Assertions.assertThat;

import io.detectionstudio.data.Category;
import io.detectionstudio.data.CocoBox;
import io.detectionstudio.data.CocoJson;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.ObjectAnnotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutosaverTest {

    static Dataset dataset(int images) {
        Dataset d = new Dataset(Path.of("."));
        d.categories().add(new Category(1, "duck"));
        for (int i = 1; i <= images; i++) {
            d.images().add(new ImageRecord(i, "img" + i + ".jpg", 640, 480));
        }
        return d;
    }

    @Test
    void aBurstOfEditsIsWrittenOnceWithinTheDelay(@TempDir Path dir) throws Exception {
        Dataset d = dataset(3);
        Path file = dir.resolve("annotations.coco.json");
        List<Path> saved = new CopyOnWriteArrayList<>();
        try (Autosaver saver = new Autosaver(d, file, 200, msg -> { }, saved::add)) {
            for (int i = 1; i <= 5; i++) {
                d.annotations().add(new ObjectAnnotation(i, 1, 1, new CocoBox(i, i, 10, 10)));
                saver.changed();
            }
            long t0 = System.nanoTime();
            while (saved.isEmpty() && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5)) {
                Thread.sleep(10);
            }
            assertThat(saved).hasSize(1);
            assertThat(CocoJson.read(file).dataset().annotations()).hasSize(5);
            assertThat(saver.dirty()).isFalse();
        }
    }

    @Test
    void theSnapshotIsTakenAtTheEditNotAtTheWrite(@TempDir Path dir) throws Exception {
        Dataset d = dataset(1);
        Path file = dir.resolve("a.json");
        try (Autosaver saver = new Autosaver(d, file, 10_000, msg -> { }, f -> { })) {
            d.annotations().add(new ObjectAnnotation(1, 1, 1, new CocoBox(1, 1, 10, 10)));
            saver.changed();
            d.annotations().add(new ObjectAnnotation(2, 1, 1, new CocoBox(1, 1, 10, 10)));
            assertThat(saver.flush()).isTrue();
            assertThat(CocoJson.read(file).dataset().annotations()).hasSize(1);
        }
    }

    @Test
    void aFailedWriteIsReportedInOneLineAndKeptForTheNextTry(@TempDir Path dir) throws Exception {
        Dataset d = dataset(1);
        Path blocker = dir.resolve("not-a-folder");
        Files.writeString(blocker, "x");
        Path file = blocker.resolve("annotations.coco.json");
        List<String> errors = new CopyOnWriteArrayList<>();
        try (Autosaver saver = new Autosaver(d, file, 10_000, errors::add, f -> { })) {
            saver.changed();
            assertThat(saver.flush()).isFalse();
            assertThat(saver.dirty()).isTrue();
            assertThat(errors).singleElement().asString().startsWith(file + ": cannot write: ").doesNotContain("\n");
        }
    }

    @Test
    void theOldVersionIsKeptAsBackup(@TempDir Path dir) throws Exception {
        Dataset d = dataset(1);
        Path file = dir.resolve("annotations.coco.json");
        try (Autosaver saver = new Autosaver(d, file, 10_000, msg -> { }, f -> { })) {
            d.annotations().add(new ObjectAnnotation(1, 1, 1, new CocoBox(1, 1, 10, 10)));
            saver.changed();
            saver.flush();
            d.annotations().add(new ObjectAnnotation(2, 1, 1, new CocoBox(1, 1, 10, 10)));
            saver.changed();
            saver.flush();
        }
        assertThat(CocoJson.read(file).dataset().annotations()).hasSize(2);
        assertThat(CocoJson.read(dir.resolve("annotations.coco.json.bak")).dataset().annotations()).hasSize(1);
    }

    /**
     * Kills a process that saves as fast as it can the way autosave does (SIGKILL, at several moments, nearly always in
     * the middle of a write) and checks that what is on disk is always a whole version: the file parses and holds
     * annotations 1..n with none missing, and so does the backup. (With a plain overwrite instead of the atomic one,
     * this fails.)
     */
    @Test
    void killingTheProcessMidSaveNeverLeavesAHalfWrittenFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("annotations.coco.json");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (long killAfterMillis : new long[] {37, 151, 263}) {
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), AutosaveCrashChild.class.getName(),
                    file.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
            Path log = dir.resolve("child.log");
            long t0 = System.nanoTime();
            while (!(Files.exists(log) && Files.readString(log).contains("first save"))
                    && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(60)) {
                Thread.sleep(20);
            }
            Thread.sleep(killAfterMillis);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertThat(Files.readString(dir.resolve("child.log"))).doesNotContain("Exception");
            for (Path f : new Path[] {file, dir.resolve("annotations.coco.json.bak")}) {
                if (!Files.exists(f)) {
                    continue;
                }
                Dataset saved = CocoJson.read(f).dataset();
                List<Long> ids = saved.annotations().stream().map(ObjectAnnotation::id).toList();
                assertThat(ids).as(f + " after a kill at " + killAfterMillis + " ms").isNotEmpty();
                for (int i = 0; i < ids.size(); i++) {
                    assertThat(ids.get(i)).isEqualTo(i + 1L);
                }
            }
            assertThat(file).exists();
        }
    }
}
