package io.detectionstudio.engine.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store: the built-in catalogue against the real files, imports (known, unknown, refused), find and the order of preference. */
class WeightsStoreTest {

    static final Path CORAL = WeightsDownloadTest.CORAL;

    @TempDir
    Path dir;

    private WeightsStore store() {
        return new WeightsStore(dir.resolve("data/weights"), Catalogue.builtIn());
    }

    private static void assumeCoral() {
        assumeTrue(Files.isDirectory(CORAL), "../shared/weights/coral is absent");
    }

    private Path copy(String coralFile, String as) throws IOException {
        return Files.copy(CORAL.resolve(coralFile), dir.resolve(as));
    }

    @Test
    void theCatalogueListsTheThreeCoralFilesWithTheirPublishedChecksumsAndSizes() throws IOException {
        Catalogue c = Catalogue.builtIn();
        assertThat(c.baseUrl()).isEqualTo(URI.create("https://github.com/google-coral/test_data/raw/master/"));
        assertThat(c.starts()).extracting(KnownStart::name)
                .containsExactly("mobilenet_v2_0.5_coco_voc", "mobilenet_v2_1.0_imagenet", "mobilenet_v2_1.0_imagenet_slim");
        assertThat(c.starts()).allSatisfy(s -> {
            assertThat(s.licence()).isEqualTo("Apache-2.0");
            assertThat(s.architecture()).isEqualTo("MobileNetV2");
        });
        assertThat(c.byName("mobilenet_v2_0.5_coco_voc").orElseThrow().depthMultiplier()).isEqualTo(0.5f);
        assumeCoral();
        Map<String, String> sums = new HashMap<>();
        for (String line : Files.readAllLines(CORAL.resolve("SHA256SUMS"))) {
            String[] f = line.trim().split("\\s+");
            sums.put(f[1], f[0]);
        }
        for (KnownStart s : c.starts()) {
            assertThat(s.sha256()).as(s.name()).isEqualTo(sums.get(s.file()));
            assertThat(s.size()).as(s.name()).isEqualTo(Files.size(CORAL.resolve(s.file())));
        }
    }

    @Test
    void aKnownFileIsImportedUnderItsCatalogueNameWhateverItIsCalled() throws Exception {
        assumeCoral();
        WeightsStore store = store();
        Path mine = copy("deeplabv3_mnv2_dm05_pascal_quant.tflite", "my download (1).tflite");
        Files.createDirectories(store.folder());
        KnownStart cocoVoc = store.catalogue().byName("mobilenet_v2_0.5_coco_voc").orElseThrow();
        Files.write(store.partFileOf(cocoVoc), new byte[10]);

        InstalledStart s = store.importFile(mine);
        assertThat(s.name()).isEqualTo("mobilenet_v2_0.5_coco_voc");
        assertThat(s.imported()).isFalse();
        assertThat(s.file()).isEqualTo(store.folder().resolve("mobilenet_v2_0.5_coco_voc.tflite")).hasSameBinaryContentAs(mine);
        assertThat(mine).exists();
        assertThat(store.isInstalled(cocoVoc)).isTrue();
        assertThat(folderFiles(store)).containsExactly("mobilenet_v2_0.5_coco_voc.tflite"); // the stale part went too
        assertThat(store.installed()).extracting(InstalledStart::name).containsExactly("mobilenet_v2_0.5_coco_voc");
    }

    @Test
    void anUnknownFileThatReadsAsAMobileNetIsImportedUnderItsOwnNameAndListedAfterTheCatalogues() throws Exception {
        assumeCoral();
        WeightsStore store = store();
        Path retrained = dir.resolve("My-MobileNet.TFLITE");
        byte[] b = Files.readAllBytes(CORAL.resolve("tf2_mobilenet_v2_1.0_224_ptq.tflite"));
        Files.write(retrained, java.util.Arrays.copyOf(b, b.length + 16)); // another checksum, the same network
        store.importFile(copy("mobilenet_v2_1.0_224_quant.tflite", "slim.tflite"));

        InstalledStart s = store.importFile(retrained);
        assertThat(s.name()).isEqualTo("my-mobilenet");
        assertThat(s.imported()).isTrue();
        assertThat(s.licence()).isEqualTo("unknown");
        assertThat(s.description()).startsWith("MobileNetV2 1.0 (");
        assertThat(s.depthMultiplier()).isEqualTo(1.0f);
        assertThat(s.file()).hasSameBinaryContentAs(retrained);

        assertThat(store.installed()).extracting(InstalledStart::name).containsExactly("mobilenet_v2_1.0_imagenet_slim", "my-mobilenet");
        InstalledStart listed = store.installed().get(1);
        assertThat(listed.description()).isEqualTo(s.description());
        assertThat(listed.depthMultiplier()).isEqualTo(1.0f);
        assertThat(store.find("my-mobilenet").file()).isEqualTo(s.file());
        assertThat(store.best()).map(InstalledStart::name).contains("mobilenet_v2_1.0_imagenet_slim");
    }

    @Test
    void aFileThatIsNotTfliteIsRefusedInOneLineNamingItAndNothingIsInstalled() throws Exception {
        WeightsStore store = store();
        Path notes = Files.writeString(dir.resolve("weights.tflite"), "these are not weights\n");
        assertThatThrownBy(() -> store.importFile(notes)).isInstanceOf(WeightsException.class)
                .hasMessageStartingWith(notes.toString()).hasMessageContaining("not a TensorFlow Lite model")
                .message().doesNotContain("\n");
        assertThatThrownBy(() -> store.importFile(dir.resolve("absent.tflite"))).isInstanceOf(WeightsException.class)
                .hasMessage(dir.resolve("absent.tflite") + ": no such file");
        assertThat(store.installed()).isEmpty();
        assertThat(folderFiles(store)).isEmpty();
    }

    @Test
    void findTakesNamesAndPathsAndSaysHowToInstallAMissingStart() throws Exception {
        WeightsStore store = store();
        assertThatThrownBy(() -> store.find("mobilenet_v2_1.0_imagenet")).isInstanceOf(WeightsException.class)
                .hasMessage("start mobilenet_v2_1.0_imagenet is not installed: run 'detection-studio weights download mobilenet_v2_1.0_imagenet',"
                        + " or 'detection-studio weights import tf2_mobilenet_v2_1.0_224_ptq.tflite' with a copy from"
                        + " https://github.com/google-coral/test_data/raw/master/tf2_mobilenet_v2_1.0_224_ptq.tflite");
        assertThatThrownBy(() -> store.find("resnet50")).isInstanceOf(WeightsException.class)
                .hasMessage("no start named resnet50 and no such file: resnet50 (known starts: mobilenet_v2_0.5_coco_voc,"
                        + " mobilenet_v2_1.0_imagenet, mobilenet_v2_1.0_imagenet_slim)");
        assumeCoral();
        InstalledStart byPath = store.find(CORAL.resolve("tf2_mobilenet_v2_1.0_224_ptq.tflite").toString());
        assertThat(byPath.name()).isEqualTo("mobilenet_v2_1.0_imagenet");
        assertThat(byPath.file()).isEqualTo(CORAL.resolve("tf2_mobilenet_v2_1.0_224_ptq.tflite").toAbsolutePath());
        assertThat(folderFiles(store)).as("find never installs").isEmpty();
    }

    @Test
    void importedNamesAreMadeFromFileNamesAndNeverTakeACatalogueName() {
        WeightsStore store = store();
        assertThat(store.importedName(Path.of("/x/My Net v2.tflite"))).isEqualTo("my_net_v2");
        assertThat(store.importedName(Path.of(".hidden.tflite"))).isEqualTo("hidden");
        assertThat(store.importedName(Path.of("mobilenet_v2_1.0_imagenet.tflite"))).isEqualTo("mobilenet_v2_1.0_imagenet_imported");
        assertThat(store.importedName(Path.of("???.tflite"))).isEqualTo("imported");
        assertThat(store.importedName(Path.of("net.bin"))).isEqualTo("net.bin");
    }

    @Test
    void theDataFolderIsTheSystemPropertysElseTheHomeFolders() {
        String before = System.getProperty(WeightsStore.DATA_PROPERTY);
        try {
            System.setProperty(WeightsStore.DATA_PROPERTY, dir.toString());
            assertThat(WeightsStore.atDefaultLocation().folder()).isEqualTo(dir.resolve("weights"));
            System.clearProperty(WeightsStore.DATA_PROPERTY);
            assertThat(WeightsStore.dataFolder()).isEqualTo(Path.of(System.getProperty("user.home"), ".detection-studio"));
        } finally {
            if (before == null) {
                System.clearProperty(WeightsStore.DATA_PROPERTY);
            } else {
                System.setProperty(WeightsStore.DATA_PROPERTY, before);
            }
        }
    }

    private static java.util.List<String> folderFiles(WeightsStore store) throws IOException {
        if (!Files.isDirectory(store.folder())) {
            return java.util.List.of();
        }
        try (Stream<Path> s = Files.list(store.folder())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
