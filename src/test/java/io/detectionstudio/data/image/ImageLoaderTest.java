package io.detectionstudio.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fixtures are described (with the commands that made them) in
 * {@code src/test/resources/io/detectionstudio/data/image/README.md}. All colour fixtures display as a 32x16
 * picture with red, lime, blue and white quadrants (top-left, top-right, bottom-left, bottom-right).
 */
class ImageLoaderTest {

    private static final int RED = 0xFF0000;
    private static final int LIME = 0x00FF00;
    private static final int BLUE = 0x0000FF;
    private static final int WHITE = 0xFFFFFF;
    private static final int BLACK = 0x000000;
    private static final int[] REFERENCE = {RED, LIME, BLUE, WHITE};
    private static final int[] GREYS = {0x1E1E1E, 0x5A5A5A, 0xA0A0A0, 0xE6E6E6};

    /** Every fixture and its format. */
    private static final List<String[]> FIXTURES = List.of(
            new String[] {"plain.jpg", "JPEG"},
            new String[] {"orient-1.jpg", "JPEG"}, new String[] {"orient-2.jpg", "JPEG"},
            new String[] {"orient-3.jpg", "JPEG"}, new String[] {"orient-4.jpg", "JPEG"},
            new String[] {"orient-5.jpg", "JPEG"}, new String[] {"orient-6.jpg", "JPEG"},
            new String[] {"orient-7.jpg", "JPEG"}, new String[] {"orient-8.jpg", "JPEG"},
            new String[] {"progressive.jpg", "JPEG"}, new String[] {"cmyk.jpg", "JPEG"},
            new String[] {"ycck.jpg", "JPEG"}, new String[] {"gray.jpg", "JPEG"},
            new String[] {"corrupt-exif.jpg", "JPEG"}, new String[] {"truncated-exif.jpg", "JPEG"},
            new String[] {"odd-segments.jpg", "JPEG"},
            new String[] {"rgb.png", "PNG"}, new String[] {"rgb16.png", "PNG"}, new String[] {"gray.png", "PNG"},
            new String[] {"gray16.png", "PNG"}, new String[] {"gray-alpha.png", "PNG"},
            new String[] {"palette.png", "PNG"}, new String[] {"palette-trns.png", "PNG"},
            new String[] {"rgba.png", "PNG"}, new String[] {"rgba16.png", "PNG"},
            new String[] {"orient-6.png", "PNG"}, new String[] {"orient-6.tif", "TIFF"},
            new String[] {"rgb.bmp", "BMP"}, new String[] {"palette.bmp", "BMP"},
            new String[] {"anim.gif", "GIF"});

    @TempDir
    Path tmp;

    // ---------------------------------------------------------------- memory

    /** A PNG that says it is {@code w} x {@code h} (8-bit RGB), with no pixel data. */
    static byte[] pngHeaderOnly(int w, int h) {
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(17).put("IHDR".getBytes(StandardCharsets.US_ASCII))
                .putInt(w).putInt(h).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(ihdr.array());
        return java.nio.ByteBuffer.allocate(8 + 4 + 17 + 4 + 12).put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'})
                .putInt(13).put(ihdr.array()).putInt((int) crc.getValue())
                .putInt(0).put("IEND".getBytes(StandardCharsets.US_ASCII)).putInt(0xAE426082).array();
    }

    @Test
    void anImageTooLargeForTheHeapIsRefusedBeforeDecodingAndSaysSo() throws Exception {
        // issue 11, F13: a valid 16000x16000 PNG under a small heap was called "truncated or corrupt"
        long heap = Runtime.getRuntime().maxMemory();
        long pixels = heap / 6; // more than the heap holds once decoded, fewer than the pixel limit
        assumeTrue(pixels < ImageLoader.MAX_PIXELS, "needs a heap under about 4 GB");
        int side = (int) Math.sqrt((double) pixels) + 1;
        Path f = Files.write(tmp.resolve("big.png"), pngHeaderOnly(side, side));
        assertThat(ImageLoader.readInfo(f).width()).isEqualTo(side);
        ImageLoadException e = catchThrowableOfType(ImageLoadException.class, () -> ImageLoader.loadRgb(f));
        assertThat(e.kind()).isEqualTo(ImageLoadException.Kind.TOO_LARGE);
        assertThat(e.getMessage()).contains(f.toString(), side + "x" + side, "memory", "-Xmx").doesNotContain("\n");
    }

    // ---------------------------------------------------------------- all fixtures

    static Stream<Arguments> fixtures() {
        return FIXTURES.stream().map(f -> Arguments.of(f[0], f[1]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everyFixtureLoadsAsUprightBgrWithTheSizeReadInfoReports(String name, String format) throws Exception {
        Path file = fixture(name);

        ImageInfo info = ImageLoader.readInfo(file);
        BufferedImage image = ImageLoader.loadRgb(file);

        assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
        assertThat(RgbConverter.isPlainBgr(image)).isTrue();
        assertThat(image.getWidth()).isEqualTo(info.width()).isEqualTo(32);
        assertThat(image.getHeight()).isEqualTo(info.height()).isEqualTo(16);
        assertThat(info.format()).isEqualTo(format);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void theQuickHeaderReadingAgreesWithTheReaders(String name, String format) throws Exception {
        Path file = fixture(name);

        assertThat(ImageLoader.readInfo(file)).isEqualTo(ImageLoader.readerInfo(file));
    }

    @Test
    void aJpegWithFillBytesAndALargeSegmentBeforeItsFrameHeaderHasItsSize() throws Exception {
        byte[] plain = Files.readAllBytes(fixture("plain.jpg"));
        // SOI, a 60 kB comment segment, fill bytes, then the rest of plain.jpg after its own SOI.
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xFE, (byte) 0xEA, 0x62});
        out.write(new byte[60_000]);
        out.write(new byte[] {(byte) 0xFF, (byte) 0xFF});
        out.write(plain, 2, plain.length - 2);
        Path file = tmp.resolve("comment.jpg");
        Files.write(file, out.toByteArray());

        assertThat(ImageLoader.readInfo(file)).isEqualTo(new ImageInfo(32, 16, "JPEG", ExifOrientation.NORMAL));
        assertThat(ImageLoader.readerInfo(file)).isEqualTo(ImageLoader.readInfo(file));
        assertThat(ImageLoader.loadRgb(file).getWidth()).isEqualTo(32);
    }

    @Test
    void theFixtureListCoversEveryImageInTheResourceFolder() throws Exception {
        try (Stream<Path> files = Files.list(fixture("plain.jpg").getParent())) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.endsWith(".md") && !n.endsWith(".class") && !n.endsWith("FuzzTestInputs")).sorted().toList();
            assertThat(names).containsExactlyInAnyOrderElementsOf(FIXTURES.stream().map(f -> f[0]).toList());
        }
    }

    @Test
    void pixelsAreStoredBgrRowByRowWithoutPadding() throws Exception {
        BufferedImage image = ImageLoader.loadRgb(fixture("rgb.png"));
        byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();

        assertThat(data).hasSize(32 * 16 * 3);
        assertThat(Arrays.copyOfRange(data, 0, 3)).containsExactly(0, 0, (byte) 255);            // (0,0) red
        int lastOfFirstRow = 31 * 3;
        assertThat(Arrays.copyOfRange(data, lastOfFirstRow, lastOfFirstRow + 3)).containsExactly(0, (byte) 255, 0);
        int firstOfLastRow = 15 * 32 * 3;
        assertThat(Arrays.copyOfRange(data, firstOfLastRow, firstOfLastRow + 3)).containsExactly((byte) 255, 0, 0);
    }

    // ---------------------------------------------------------------- orientation

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyExifOrientationIsApplied(int tag) throws Exception {
        Path file = fixture("orient-" + tag + ".jpg");

        ImageInfo info = ImageLoader.readInfo(file);
        BufferedImage image = ImageLoader.loadRgb(file);

        assertThat(info.orientation()).isEqualTo(ExifOrientation.fromTag(tag));
        assertThat(info.orientation().tagValue()).isEqualTo(tag);
        assertQuadrants(image, REFERENCE, 12);
        // The corners themselves, not only the quadrant centres.
        assertColor(image, 0, 0, RED, 12);
        assertColor(image, 31, 0, LIME, 12);
        assertColor(image, 0, 15, BLUE, 12);
        assertColor(image, 31, 15, WHITE, 12);
    }

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {5, 6, 7, 8})
    void readInfoSwapsWidthAndHeightForQuarterTurns(int tag) throws Exception {
        Path file = fixture("orient-" + tag + ".jpg");
        BufferedImage stored = ImageIO.read(file.toFile()); // the raw pixels, no orientation applied

        ImageInfo info = ImageLoader.readInfo(file);

        assertThat(stored.getWidth()).isEqualTo(16);
        assertThat(stored.getHeight()).isEqualTo(32);
        assertThat(info.width()).isEqualTo(32);
        assertThat(info.height()).isEqualTo(16);
        assertThat(info.orientation().swapsWidthAndHeight()).isTrue();
    }

    @Test
    void orientationIsAlsoReadFromPngExifChunksAndTiffTags() throws Exception {
        for (String name : List.of("orient-6.png", "orient-6.tif")) {
            Path file = fixture(name);
            assertThat(ImageIO.read(file.toFile()).getWidth()).as(name).isEqualTo(16);

            assertThat(ImageLoader.readInfo(file).orientation()).as(name).isEqualTo(ExifOrientation.ROTATE_90_CW);
            assertQuadrants(ImageLoader.loadRgb(file), REFERENCE, 0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"corrupt-exif.jpg", "truncated-exif.jpg", "odd-segments.jpg"})
    void damagedExifOrOddSegmentsStillLoadThePixelsWithNormalOrientation(String name) throws Exception {
        Path file = fixture(name);

        assertThat(ImageLoader.readInfo(file).orientation()).isEqualTo(ExifOrientation.NORMAL);
        assertQuadrants(ImageLoader.loadRgb(file), REFERENCE, 12);
    }

    @Test
    void plainJpegWithoutExifHasNormalOrientation() throws Exception {
        ImageInfo info = ImageLoader.readInfo(fixture("plain.jpg"));

        assertThat(info).isEqualTo(new ImageInfo(32, 16, "JPEG", ExifOrientation.NORMAL));
    }

    // ---------------------------------------------------------------- JPEG variants

    @Test
    void jpegsAreReadByTheTwelveMonkeysReaderEvenWhenTheJdkReaderIsRegisteredToo() throws Exception {
        assertThat(ImageIO.getImageReadersByFormatName("jpeg")).toIterable()
                .extracting(r -> r.getClass().getName())
                .contains("com.sun.imageio.plugins.jpeg.JPEGImageReader");

        for (String name : List.of("plain.jpg", "cmyk.jpg", "ycck.jpg", "progressive.jpg")) {
            assertThat(ImageLoader.readerClassName(fixture(name))).as(name)
                    .isEqualTo("com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReader");
        }
    }

    @Test
    void baselineAndProgressiveJpegsDecodeToTheReferenceColours() throws Exception {
        assertQuadrants(ImageLoader.loadRgb(fixture("plain.jpg")), REFERENCE, 12);
        assertQuadrants(ImageLoader.loadRgb(fixture("progressive.jpg")), REFERENCE, 12);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cmyk.jpg", "ycck.jpg"})
    void cmykAndYcckJpegsDecodeToRoughlyTheRightRgb(String name) throws Exception {
        // Without an embedded profile the CMYK conversion is generic, so allow a wide margin (a colour-managed
        // conversion makes pure red about (237, 28, 36)); a wrong decode (inverted or YCC read as RGB) is far off.
        assertQuadrants(ImageLoader.loadRgb(fixture(name)), REFERENCE, 64);
    }

    @Test
    void greyscaleJpegBecomesRgbWithEqualChannels() throws Exception {
        BufferedImage image = ImageLoader.loadRgb(fixture("gray.jpg"));

        assertQuadrants(image, GREYS, 3);
        assertEqualChannels(image);
    }

    @Test
    void jpegWithDataAfterItsEndMarkerLoads() throws Exception {
        Path file = tmp.resolve("motion-photo.jpg");
        byte[] trailer = new byte[2000];
        Arrays.fill(trailer, (byte) 0x5A);
        Files.write(file, concat(Files.readAllBytes(fixture("plain.jpg")), trailer));

        assertQuadrants(ImageLoader.loadRgb(file), REFERENCE, 12);
    }

    // ---------------------------------------------------------------- PNG, BMP, GIF

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rgb.png", "rgb16.png", "palette.png", "rgb.bmp", "palette.bmp"})
    void losslessColourFixturesDecodeExactly(String name) throws Exception {
        assertQuadrants(ImageLoader.loadRgb(fixture(name)), REFERENCE, 0);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gray.png", "gray16.png"})
    void greyscalePngsOf8And16BitsBecomeRgbWithEqualChannels(String name) throws Exception {
        BufferedImage image = ImageLoader.loadRgb(fixture(name));

        assertQuadrants(image, GREYS, 0);
        assertEqualChannels(image);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rgba.png", "rgba16.png"})
    void alphaIsCompositedOnWhite(String name) throws Exception {
        // top-left red opaque, top-right lime alpha 0, bottom-left blue alpha 128/255, bottom-right black opaque
        int halfBlueOnWhite = 127 << 16 | 127 << 8 | 255;
        assertQuadrants(ImageLoader.loadRgb(fixture(name)), new int[] {RED, WHITE, halfBlueOnWhite, BLACK}, 1);
    }

    @Test
    void greyWithAlphaAndPaletteTransparencyAreCompositedOnWhite() throws Exception {
        assertQuadrants(ImageLoader.loadRgb(fixture("gray-alpha.png")),
                new int[] {GREYS[0], WHITE, GREYS[2], GREYS[3]}, 0);
        assertQuadrants(ImageLoader.loadRgb(fixture("palette-trns.png")), new int[] {RED, WHITE, BLUE, WHITE}, 0);
    }

    @Test
    void gifGivesItsFirstFrame() throws Exception {
        // Frame 1 is all black; frame 0 is the reference picture.
        assertQuadrants(ImageLoader.loadRgb(fixture("anim.gif")), REFERENCE, 0);
    }

    // ---------------------------------------------------------------- broken files

    @Test
    void missingFile() {
        Path file = tmp.resolve("photos").resolve("b.jpg");

        ImageLoadException e = loadFails(file);

        assertThat(e.kind()).isEqualTo(ImageLoadException.Kind.NOT_FOUND);
        assertThat(e.getMessage()).isEqualTo(file + ": file not found");
        assertThat(infoFails(file).getMessage()).isEqualTo(file + ": file not found");
    }

    @Test
    void textFileRenamedToJpg() throws Exception {
        Path file = tmp.resolve("a.jpg");
        Files.writeString(file, "These are not the pixels you are looking for.\nSecond line.\n",
                StandardCharsets.UTF_8);

        ImageLoadException e = loadFails(file);

        assertThat(e.kind()).isEqualTo(ImageLoadException.Kind.NOT_AN_IMAGE);
        assertThat(e.getMessage()).isEqualTo(file + ": not an image file (no reader for its content)");
        assertThat(infoFails(file).getMessage()).isEqualTo(e.getMessage());
    }

    @Test
    void zeroByteFile() throws Exception {
        Path file = Files.createFile(tmp.resolve("empty.png"));

        ImageLoadException e = loadFails(file);

        assertThat(e.kind()).isEqualTo(ImageLoadException.Kind.NOT_AN_IMAGE);
        assertThat(e.getMessage()).isEqualTo(file + ": empty file (0 bytes)");
        assertThat(infoFails(file).getMessage()).isEqualTo(e.getMessage());
    }

    @Test
    void directory() {
        ImageLoadException e = loadFails(tmp);

        assertThat(e.kind()).isEqualTo(ImageLoadException.Kind.UNREADABLE);
        assertThat(e.reason()).isEqualTo("is a directory, not an image file");
    }

    @Test
    void jpegCutInItsScanDataIsReportedAsTruncatedAlthoughTheDecoderCouldGreyFillIt() throws Exception {
        byte[] full = Files.readAllBytes(fixture("plain.jpg"));
        Path file = tmp.resolve("cut.jpg");
        Files.write(file, Arrays.copyOf(full, full.length - 20));

        ImageLoadException e = loadFails(file);

        assertThat(e.kind()).isEqualTo(ImageLoadException.Kind.CORRUPT);
        assertThat(e.getMessage()).isEqualTo(file + ": truncated JPEG data");
        // The headers are intact: readInfo does not decode, so it still answers.
        assertThat(ImageLoader.readInfo(file)).isEqualTo(new ImageInfo(32, 16, "JPEG", ExifOrientation.NORMAL));
    }

    @Test
    void jpegMissingOnlyItsEndMarkerIsTruncated() throws Exception {
        byte[] full = Files.readAllBytes(fixture("progressive.jpg"));
        Path file = tmp.resolve("no-eoi.jpg");
        Files.write(file, Arrays.copyOf(full, full.length - 2));

        assertThat(loadFails(file).reason()).startsWith("truncated JPEG data");
    }

    @Test
    void jpegCutBeforeItsFrameHeaderFailsInReadInfoToo() throws Exception {
        Path file = tmp.resolve("header-only.jpg");
        Files.write(file, Arrays.copyOf(Files.readAllBytes(fixture("plain.jpg")), 100));

        ImageLoadException e = infoFails(file);

        assertThat(e.kind()).isEqualTo(ImageLoadException.Kind.CORRUPT);
        assertThat(e.getMessage()).startsWith(file + ": truncated or corrupt JPEG data (");
        assertThat(loadFails(file).kind()).isEqualTo(ImageLoadException.Kind.CORRUPT);
    }

    @Test
    void pngCutShortIsTruncated() throws Exception {
        byte[] full = Files.readAllBytes(fixture("rgb16.png"));
        Path file = tmp.resolve("cut.png");
        Files.write(file, Arrays.copyOf(full, 60)); // IHDR complete, IDAT cut

        ImageLoadException e = loadFails(file);

        assertThat(e.kind()).isEqualTo(ImageLoadException.Kind.CORRUPT);
        assertThat(e.reason()).startsWith("truncated").contains("PNG data");
    }

    @Test
    void knownFormatsWithoutAReaderAreUnsupportedNotNonImages() throws Exception {
        Path webp = tmp.resolve("d.webp");
        Files.write(webp, concat("RIFF\u0024\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1), new byte[32]));
        Path heic = tmp.resolve("IMG_0001.HEIC");
        Files.write(heic, concat(new byte[] {0, 0, 0, 0x18}, "ftypheic\0\0\0\0mif1heic".getBytes(
                StandardCharsets.ISO_8859_1)));

        ImageLoadException e = loadFails(webp);
        assertThat(e.kind()).isEqualTo(ImageLoadException.Kind.UNSUPPORTED_FORMAT);
        assertThat(e.getMessage()).isEqualTo(webp + ": unsupported image format (WebP)");
        assertThat(infoFails(heic).getMessage()).isEqualTo(heic + ": unsupported image format (HEIF/HEIC)");
    }

    // ---------------------------------------------------------------- thumbnails

    @Test
    void thumbnailOfALargePhotoFitsTheSizeKeepsTheAspectAndTheColours() throws Exception {
        // 2400x1200, left half red, right half blue: subsampled while decoding, then smoothed down to 96x48.
        BufferedImage big = new BufferedImage(2400, 1200, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = big.createGraphics();
        g.setColor(java.awt.Color.RED);
        g.fillRect(0, 0, 1200, 1200);
        g.setColor(java.awt.Color.BLUE);
        g.fillRect(1200, 0, 1200, 1200);
        g.dispose();
        Path file = tmp.resolve("big.jpg");
        ImageIO.write(big, "jpg", file.toFile());

        BufferedImage thumb = ImageLoader.loadThumbnail(file, 96);

        assertThat(thumb.getWidth()).isEqualTo(96);
        assertThat(thumb.getHeight()).isEqualTo(48);
        assertThat(thumb.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertColor(thumb, 10, 24, RED, 24);
        assertColor(thumb, 85, 24, BLUE, 24);
    }

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 3, 6, 8})
    void thumbnailsAreUprightAndNeverEnlarged(int tag) throws Exception {
        BufferedImage thumb = ImageLoader.loadThumbnail(fixture("orient-" + tag + ".jpg"), 96);

        assertThat(thumb.getWidth()).isEqualTo(32);
        assertThat(thumb.getHeight()).isEqualTo(16);
        assertQuadrants(thumb, REFERENCE, 12);
    }

    @Test
    void thumbnailSizeIsTheLongerSide() throws Exception {
        BufferedImage thumb = ImageLoader.loadThumbnail(fixture("orient-6.jpg"), 8);

        assertThat(thumb.getWidth()).isEqualTo(8);
        assertThat(thumb.getHeight()).isEqualTo(4);
    }

    @Test
    void thumbnailOfABrokenFileFailsLikeLoadRgb() throws Exception {
        byte[] full = Files.readAllBytes(fixture("plain.jpg"));
        Path cut = tmp.resolve("cut.jpg");
        Files.write(cut, Arrays.copyOf(full, full.length - 20));
        Path text = tmp.resolve("notes.jpg");
        Files.writeString(text, "not an image");

        assertThat(catchThrowableOfType(ImageLoadException.class, () -> ImageLoader.loadThumbnail(cut, 96)).reason())
                .startsWith("truncated JPEG data");
        assertThat(catchThrowableOfType(ImageLoadException.class, () -> ImageLoader.loadThumbnail(text, 96)).kind())
                .isEqualTo(ImageLoadException.Kind.NOT_AN_IMAGE);
    }

    // ---------------------------------------------------------------- threads and resources

    @Test
    void loadsInParallelGiveTheSameResultsAsOneByOne() throws Exception {
        List<Path> files = new ArrayList<>();
        for (String[] f : FIXTURES) {
            files.add(fixture(f[0]));
        }
        List<byte[]> serial = new ArrayList<>();
        for (Path f : files) {
            serial.add(bytes(ImageLoader.loadRgb(f)));
        }

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (Path f : files) {
                    results.add(pool.submit(() -> bytes(ImageLoader.loadRgb(f))));
                }
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).as(files.get(i % files.size()).toString())
                        .isEqualTo(serial.get(i % files.size()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void filesAreClosedAfterSuccessAndAfterFailure() throws Exception {
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "needs /proc/self/fd (Linux)");
        Path text = tmp.resolve("text.jpg");
        Files.writeString(text, "not an image");
        Path cut = tmp.resolve("cut.jpg");
        byte[] full = Files.readAllBytes(fixture("plain.jpg"));
        Files.write(cut, Arrays.copyOf(full, full.length - 20));
        ImageLoader.loadRgb(fixture("plain.jpg")); // warm up ImageIO's registry and class loading

        long before = countEntries(fds);
        for (int i = 0; i < 40; i++) {
            ImageLoader.loadRgb(fixture("plain.jpg"));
            ImageLoader.readInfo(fixture("rgb.png"));
            loadFails(text);
            loadFails(cut);
        }
        long after = countEntries(fds);

        assertThat(after - before).isLessThan(10); // 160 leaked streams would show
    }

    // ---------------------------------------------------------------- helpers

    private static Path fixture(String name) {
        URL url = ImageLoaderTest.class.getResource(name);
        assertThat(url).as("fixture " + name).isNotNull();
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ImageLoadException loadFails(Path file) {
        ImageLoadException e = catchThrowableOfType(ImageLoadException.class, () -> ImageLoader.loadRgb(file));
        assertOneLineNamingFile(e, file);
        return e;
    }

    private static ImageLoadException infoFails(Path file) {
        ImageLoadException e = catchThrowableOfType(ImageLoadException.class, () -> ImageLoader.readInfo(file));
        assertOneLineNamingFile(e, file);
        return e;
    }

    private static void assertOneLineNamingFile(ImageLoadException e, Path file) {
        assertThat(e).as("expected an ImageLoadException for " + file).isNotNull();
        assertThat(e.getMessage())
                .startsWith(file + ": ")
                .contains(file.getFileName().toString())
                .doesNotContain("\n", "\r", "\tat ", "Exception");
        assertThat(e.getMessage()).isEqualTo(file + ": " + e.reason());
        assertThat(e.file()).isEqualTo(file);
    }

    /** Checks the centre of each quadrant: top-left, top-right, bottom-left, bottom-right. */
    private static void assertQuadrants(BufferedImage image, int[] expected, int tolerance) {
        assertThat(image.getWidth()).isEqualTo(32);
        assertThat(image.getHeight()).isEqualTo(16);
        assertColor(image, 8, 4, expected[0], tolerance);
        assertColor(image, 24, 4, expected[1], tolerance);
        assertColor(image, 8, 12, expected[2], tolerance);
        assertColor(image, 24, 12, expected[3], tolerance);
    }

    private static void assertColor(BufferedImage image, int x, int y, int expected, int tolerance) {
        int actual = image.getRGB(x, y) & 0xFFFFFF;
        for (int shift = 0; shift <= 16; shift += 8) {
            int a = (actual >> shift) & 0xFF;
            int e = (expected >> shift) & 0xFF;
            assertThat(Math.abs(a - e))
                    .as("pixel (%d,%d) is #%06X, expected #%06X +- %d", x, y, actual, expected, tolerance)
                    .isLessThanOrEqualTo(tolerance);
        }
    }

    private static void assertEqualChannels(BufferedImage image) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int c = image.getRGB(x, y);
                assertThat(c & 0xFF).as("(%d,%d)", x, y).isEqualTo((c >> 8) & 0xFF).isEqualTo((c >> 16) & 0xFF);
            }
        }
    }

    private static byte[] bytes(BufferedImage image) {
        return ((DataBufferByte) image.getRaster().getDataBuffer()).getData().clone();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static long countEntries(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
