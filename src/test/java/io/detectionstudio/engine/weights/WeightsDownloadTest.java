package io.detectionstudio.engine.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads from a loopback server: the real files from {@code ../shared/weights/coral} when it is there, synthetic
 * files (always) for the failures: checksum mismatch, a transfer broken off and resumed, a server ignoring Range,
 * cancel and resume, a server that is gone.
 */
class WeightsDownloadTest {

    static final Path CORAL = Path.of("../shared/weights/coral");
    static final int SIZE = 300_000;

    @TempDir
    Path dir;

    private LoopbackServer server;
    private byte[] bytes;
    private KnownStart synthetic;
    private WeightsStore store;

    @BeforeEach
    void serve() throws IOException {
        bytes = new byte[SIZE];
        new Random(7).nextBytes(bytes);
        synthetic = new KnownStart("synthetic_net", "random bytes", "MobileNetV2", 1.0f, "synthetic.tflite",
                StoreFiles.sha256(write("synthetic.tflite", bytes)), SIZE, "Apache-2.0", "this test");
        store = new WeightsStore(dir.resolve("data/weights"), new Catalogue(URI.create("https://example.invalid/"), List.of(synthetic)));
        server = new LoopbackServer().serve("synthetic.tflite", bytes);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private List<String> storeFiles() throws IOException {
        if (!Files.isDirectory(store.folder())) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(store.folder())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void realFilesDownloadThroughARedirectCheckedInstalledAndListedBestFirst() throws Exception {
        assumeTrue(Files.isDirectory(CORAL), "../shared/weights/coral is absent");
        Catalogue catalogue = Catalogue.builtIn();
        WeightsStore real = new WeightsStore(dir.resolve("real/weights"), catalogue);
        for (KnownStart s : catalogue.starts()) {
            server.serve(s.file(), Files.readAllBytes(CORAL.resolve(s.file())));
        }
        WeightsDownloader downloader = new WeightsDownloader(real, server.baseUrl(true));
        KnownStart slim = catalogue.byName("mobilenet_v2_1.0_imagenet_slim").orElseThrow();
        KnownStart imagenet = catalogue.byName("mobilenet_v2_1.0_imagenet").orElseThrow();
        List<long[]> progress = new ArrayList<>();

        InstalledStart got = downloader.download(slim, (b, t) -> progress.add(new long[] {b, t}), () -> false);
        assertThat(got.file()).isEqualTo(real.folder().resolve("mobilenet_v2_1.0_imagenet_slim.tflite"));
        assertThat(StoreFiles.sha256(got.file())).isEqualTo(slim.sha256());
        assertThat(got.known()).contains(slim);
        assertThat(progress.get(progress.size() - 1)).containsExactly(slim.size(), slim.size());
        assertThat(real.best()).map(InstalledStart::name).contains("mobilenet_v2_1.0_imagenet_slim");

        downloader.download(imagenet, WeightsDownloader.Progress.NONE, () -> false);
        assertThat(real.installed()).extracting(InstalledStart::name)
                .containsExactly("mobilenet_v2_1.0_imagenet", "mobilenet_v2_1.0_imagenet_slim");
        assertThat(real.best()).map(InstalledStart::name).contains("mobilenet_v2_1.0_imagenet");
        assertThat(real.find("mobilenet_v2_1.0_imagenet").file()).hasSameBinaryContentAs(CORAL.resolve(imagenet.file()));
        try (Stream<Path> s = Files.list(real.folder())) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("mobilenet_v2_1.0_imagenet.tflite", "mobilenet_v2_1.0_imagenet_slim.tflite");
        }
        assertThat(server.log()).extracting(LoopbackServer.Request::status).containsExactly(302, 200, 302, 200);

        // Installed: a second download asks the server nothing.
        downloader.download(imagenet, WeightsDownloader.Progress.NONE, () -> false);
        assertThat(server.log()).hasSize(4);
    }

    @Test
    void aChecksumMismatchInstallsNothingDeletesThePartAndSaysBothSumsInOneLine() throws Exception {
        byte[] other = bytes.clone();
        other[SIZE / 2] ^= 1;
        server.serve("synthetic.tflite", other);
        String otherSum = StoreFiles.sha256(write("other", other));

        assertThatThrownBy(() -> new WeightsDownloader(store, server.baseUrl(false)).download(synthetic,
                WeightsDownloader.Progress.NONE, () -> false))
                .isInstanceOf(WeightsException.class)
                .hasMessage("synthetic.tflite from " + server.baseUrl(false) + "synthetic.tflite: checksum mismatch: expected SHA-256 "
                        + synthetic.sha256() + ", got " + otherSum + "; the download was deleted");
        assertThat(storeFiles()).isEmpty();
        assertThat(store.installed()).isEmpty();
    }

    @Test
    void aTransferBrokenOffHalfWayResumesWithARangeRequest() throws Exception {
        WeightsDownloader downloader = new WeightsDownloader(store, server.baseUrl(false));
        server.breakOffNextAfter(SIZE / 2);

        assertThatThrownBy(() -> downloader.download(synthetic, WeightsDownloader.Progress.NONE, () -> false))
                .isInstanceOf(WeightsException.class)
                .hasMessageStartingWith("download of synthetic_net from " + server.baseUrl(false) + "synthetic.tflite broke off after 0.2 of 0.3 MB (50%)")
                .hasMessageEndingWith("; run the download again to resume it")
                .message().doesNotContain("\n");
        assertThat(store.partBytes(synthetic)).isEqualTo(SIZE / 2);
        assertThat(store.installed()).isEmpty();

        AtomicLong first = new AtomicLong(-1);
        InstalledStart s = downloader.download(synthetic, (b, t) -> first.compareAndSet(-1, b), () -> false);
        assertThat(first.get()).isEqualTo(SIZE / 2);
        assertThat(s.file()).hasBinaryContent(bytes);
        assertThat(server.log()).containsExactly(new LoopbackServer.Request("/files/synthetic.tflite", "", 200, SIZE / 2),
                new LoopbackServer.Request("/files/synthetic.tflite", "bytes=" + SIZE / 2 + "-", 206, SIZE - SIZE / 2));
        assertThat(storeFiles()).containsExactly("synthetic_net.tflite");
    }

    @Test
    void aServerThatIgnoresRangeSendsEverythingAgainAndTheDownloadStartsOver() throws Exception {
        WeightsDownloader downloader = new WeightsDownloader(store, server.baseUrl(false));
        server.breakOffNextAfter(SIZE / 3);
        assertThatThrownBy(() -> downloader.download(synthetic, WeightsDownloader.Progress.NONE, () -> false))
                .isInstanceOf(WeightsException.class);
        server.ignoreRange(true);

        InstalledStart s = downloader.download(synthetic, WeightsDownloader.Progress.NONE, () -> false);
        assertThat(s.file()).hasBinaryContent(bytes);
        assertThat(server.log().get(1)).isEqualTo(new LoopbackServer.Request("/files/synthetic.tflite", "bytes=" + SIZE / 3 + "-", 200, SIZE));
    }

    @Test
    void aPartFileLongerThanTheServersFileIsStartedOver() throws Exception {
        Files.createDirectories(store.folder());
        Files.write(store.partFileOf(synthetic), new byte[SIZE + 10]);
        InstalledStart s = new WeightsDownloader(store, server.baseUrl(false)).download(synthetic, WeightsDownloader.Progress.NONE, () -> false);
        assertThat(s.file()).hasBinaryContent(bytes);
        assertThat(server.log()).extracting(LoopbackServer.Request::range).containsExactly("");
    }

    @Test
    void cancellingKeepsThePartAndTheNextDownloadResumesIt() throws Exception {
        WeightsDownloader downloader = new WeightsDownloader(store, server.baseUrl(false));
        AtomicLong seen = new AtomicLong();
        assertThatThrownBy(() -> downloader.download(synthetic, (b, t) -> seen.set(b), () -> seen.get() > 0))
                .isInstanceOf(CancellationException.class).hasMessageContaining("cancelled after");
        long kept = store.partBytes(synthetic);
        assertThat(kept).isPositive().isLessThan(SIZE).isEqualTo(seen.get());
        assertThat(store.installed()).isEmpty();

        InstalledStart s = downloader.download(synthetic, WeightsDownloader.Progress.NONE, () -> false);
        assertThat(s.file()).hasBinaryContent(bytes);
        assertThat(server.log().get(server.log().size() - 1).range()).isEqualTo("bytes=" + kept + "-");
    }

    @Test
    void aServerThatIsGoneIsOneLineWithTheUrlAndTheImportCommand() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI base = URI.create("http://127.0.0.1:" + port + "/files/");
        assertThatThrownBy(() -> new WeightsDownloader(store, base).download(synthetic, WeightsDownloader.Progress.NONE, () -> false))
                .isInstanceOf(WeightsException.class)
                .hasMessage("could not connect to " + base + "synthetic.tflite (connection refused); download that file another way,"
                        + " then run: detection-studio weights import synthetic.tflite");
        assertThat(storeFiles()).isEmpty();
    }

    @Test
    void aMissingFileIsTheServersStatusInOneLine() {
        KnownStart missing = new KnownStart("missing_net", "x", "MobileNetV2", 1.0f, "missing.tflite", synthetic.sha256(), SIZE,
                "Apache-2.0", "this test");
        WeightsStore s = new WeightsStore(store.folder(), new Catalogue(URI.create("https://example.invalid/"), List.of(missing)));
        assertThatThrownBy(() -> new WeightsDownloader(s, server.baseUrl(false)).download(missing, WeightsDownloader.Progress.NONE, () -> false))
                .isInstanceOf(WeightsException.class)
                .hasMessage(server.baseUrl(false) + "missing.tflite: the server answered HTTP 404 (not found)");
    }

    @Test
    void moreBytesThanTheCatalogueSaysAreDiscarded() throws Exception {
        byte[] longer = new byte[SIZE + 100];
        System.arraycopy(bytes, 0, longer, 0, SIZE);
        server.serve("synthetic.tflite", longer);
        assertThatThrownBy(() -> new WeightsDownloader(store, server.baseUrl(false)).download(synthetic,
                WeightsDownloader.Progress.NONE, () -> false))
                .isInstanceOf(WeightsException.class)
                .hasMessageContaining("the server sent more than the " + SIZE + " bytes of synthetic.tflite");
        assertThat(store.partBytes(synthetic)).isZero();
        assertThat(store.installed()).isEmpty();
    }

    @Test
    void plainHttpOnlyToThisMachine() {
        assertThatThrownBy(() -> new WeightsDownloader(store, URI.create("http://example.com/weights/")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HTTPS");
        assertThat(new WeightsDownloader(store, URI.create("https://example.com/w")).urlOf(synthetic))
                .isEqualTo(URI.create("https://example.com/w/synthetic.tflite"));
    }
}
