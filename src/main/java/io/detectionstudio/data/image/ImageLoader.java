package io.detectionstudio.data.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;

/**
 * Opens the image files that phones, cameras and image tools produce, in plain Java (ImageIO with the TwelveMonkeys
 * JPEG plugin; no JavaFX, no TensorFlow).
 *
 * <h2>Formats</h2>
 * JPEG (baseline, progressive, greyscale, CMYK and YCCK, with or without ICC profiles, with damaged or odd APP
 * segments), PNG (greyscale, RGB, palette, with alpha, 1 to 16 bits per sample), BMP, GIF (the first frame only),
 * TIFF, and whatever other ImageIO reader is on the class path. Files are recognized by their content, never by
 * their name. When several readers accept a file, a TwelveMonkeys reader is preferred (for JPEG it handles CMYK,
 * YCCK, broken ICC profiles and bad segments that the JDK's reader rejects).
 *
 * <h2>Orientation</h2>
 * The EXIF {@code Orientation} tag (all eight values, see {@link ExifOrientation}) is read from a JPEG's first
 * {@code Exif} APP1 segment, a PNG's {@code eXIf} chunk or a TIFF's first IFD. A missing, damaged or out-of-range
 * tag means {@link ExifOrientation#NORMAL}; it never stops the pixels from loading. Sizes and pixels are always
 * given <em>as displayed</em>, after the orientation is applied.
 *
 * <h2>Pixels</h2>
 * {@link #loadRgb} always returns a {@link BufferedImage#TYPE_3BYTE_BGR} image whose raster is one
 * {@link java.awt.image.DataBufferByte} holding {@code B, G, R} per pixel, row after row, with no padding
 * ({@code index = (y * width + x) * 3}), in sRGB:
 * <ul>
 *   <li>alpha (PNG, GIF, palette transparency) is <b>composited on white</b>: a fully transparent pixel becomes
 *       {@code (255, 255, 255)}, a half transparent one is blended half way to white;</li>
 *   <li>grey images give {@code R = G = B = grey}; samples deeper than 8 bits are scaled (rounded) to 8 bits;</li>
 *   <li>CMYK and YCCK JPEGs are converted with their embedded ICC profile, or without one by a generic CMYK
 *       conversion, so their colours are close but not exact.</li>
 * </ul>
 *
 * <h2>Broken files</h2>
 * Every failure is an {@link ImageLoadException} with a one-line message naming the file. A JPEG whose data ends
 * early (or whose entropy-coded data is damaged) is an error even though the decoder could return a partly grey
 * picture: the decoder's warnings ("Truncated File - Missing EOI marker", "premature end of data segment",
 * "Corrupt JPEG data: ...") become {@code "truncated JPEG data"} or {@code "corrupt JPEG data (...)"}, so the user
 * learns the file is broken. This includes a JPEG that lacks only its final EOI marker. The harmless
 * {@code "extraneous bytes before marker"} warning and warnings about metadata (ICC, EXIF, APP segments) are
 * ignored, and bytes after the EOI marker (as in "motion photos") are fine. A PNG, GIF or BMP cut short makes its
 * reader throw, which gives {@code "truncated PNG data"} or {@code "truncated or corrupt PNG data (...)"}.
 * {@link #readInfo} reads only headers, so it cannot notice data that is cut short after them; use
 * {@link #loadRgb} for that.
 *
 * <h2>Threads and resources</h2>
 * All methods are static and keep no state; they may be called from many threads at once. Every call closes its
 * file and disposes its reader before returning, also when it fails. Files must be on the default file system.
 */
public final class ImageLoader {

    /** The most pixels one TYPE_3BYTE_BGR image can hold (its byte array is limited to about 2^31 bytes). */
    static final long MAX_PIXELS = (Integer.MAX_VALUE - 8) / 3;

    /** Memory a decode takes: the decoder's raster (up to 4 bytes a pixel) and the 3-byte RGB copy. */
    static long bytesToDecode(int width, int height) {
        return (long) width * height * 7;
    }

    private static final String TWELVEMONKEYS_PACKAGE = "com.twelvemonkeys.";

    private ImageLoader() {
    }

    /**
     * Decodes an image file into an upright 8-bit RGB image: {@link BufferedImage#TYPE_3BYTE_BGR}, EXIF orientation
     * applied, alpha composited on white (see the class comment for the exact rules). For an animated GIF, its
     * first frame at that frame's own size (normally the whole picture).
     *
     * @param file the image file; its name (extension) does not matter
     * @return a new image of {@link ImageInfo#width()} x {@link ImageInfo#height()} pixels as displayed
     * @throws ImageLoadException when the file is missing or unreadable, is not a supported image, or its data is
     *                            truncated or corrupt
     */
    public static BufferedImage loadRgb(Path file) throws ImageLoadException {
        BufferedImage decoded;
        ExifOrientation orientation;
        try (OpenImage image = OpenImage.open(file)) {
            decoded = image.decode();
            orientation = image.orientation;
        }
        return RgbConverter.toUprightBgr(decoded, orientation);
    }

    /**
     * Reads an image file's size, format and orientation from its headers, without decoding the pixels (a few
     * kilobytes of reading per file).
     *
     * @param file the image file; its name (extension) does not matter
     * @return the size as displayed (width and height swapped for orientations 5 to 8), the format and the
     *         orientation
     * @throws ImageLoadException when the file is missing or unreadable, is not a supported image, or its headers
     *                            are truncated or corrupt
     */
    public static ImageInfo readInfo(Path file) throws ImageLoadException {
        ImageInfo quick = quickInfo(file);
        return quick != null ? quick : readerInfo(file);
    }

    /** {@link #readInfo} as the chosen ImageIO reader answers it (the slower way, for every format). */
    static ImageInfo readerInfo(Path file) throws ImageLoadException {
        try (OpenImage image = OpenImage.open(file)) {
            int[] size = image.storedSize();
            boolean swap = image.orientation.swapsWidthAndHeight();
            return new ImageInfo(swap ? size[1] : size[0], swap ? size[0] : size[1], image.format,
                    image.orientation);
        }
    }

    /**
     * The size of a JPEG (its frame header) or PNG (its IHDR chunk) read straight from the file, with the
     * orientation, skipping the search for a reader, which costs most of {@link #readInfo}'s time (a folder of
     * thousands of photos opens three to four times faster). Null for any other file, and whenever anything is odd
     * (no frame header before the image data, a zero size, a read error): then the readers decide, as they always
     * did, and say what is wrong.
     */
    private static ImageInfo quickInfo(Path file) throws ImageLoadException {
        ImageInputStream in = openStream(file);
        try {
            in.setByteOrder(java.nio.ByteOrder.BIG_ENDIAN);
            int first = in.read();
            int second = in.read();
            String format;
            int[] size;
            if (first == 0xFF && second == 0xD8) {
                format = "JPEG";
                size = jpegFrameSize(in);
            } else if (first == 0x89 && second == 'P') {
                format = "PNG";
                size = pngHeaderSize(in);
            } else {
                return null;
            }
            if (size == null || size[0] <= 0 || size[1] <= 0) {
                return null;
            }
            ExifOrientation orientation = OrientationReader.read(in, format);
            boolean swap = orientation.swapsWidthAndHeight();
            return new ImageInfo(swap ? size[1] : size[0], swap ? size[0] : size[1], format, orientation);
        } catch (IOException | RuntimeException e) {
            return null;
        } finally {
            release(null, in);
        }
    }

    /** Width and height from a JPEG's first frame header (SOF0 to SOF15), the stream just past its SOI marker. */
    private static int[] jpegFrameSize(ImageInputStream in) throws IOException {
        while (true) {
            if (in.read() != 0xFF) {
                return null;
            }
            int marker = in.read();
            while (marker == 0xFF) {
                marker = in.read(); // fill bytes
            }
            if (marker < 0 || marker == 0xD9 || marker == 0xDA) {
                return null; // the end, or the image data, before any frame header
            }
            if (marker == 0x01 || marker >= 0xD0 && marker <= 0xD8) {
                continue; // markers without a length
            }
            int length = in.readUnsignedShort();
            if (length < 2) {
                return null;
            }
            boolean frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (frame) {
                in.readUnsignedByte(); // sample precision
                int height = in.readUnsignedShort();
                int width = in.readUnsignedShort();
                return new int[] {width, height};
            }
            in.seek(in.getStreamPosition() + length - 2);
        }
    }

    /** Width and height from a PNG's IHDR chunk, the stream just past the first two signature bytes. */
    private static int[] pngHeaderSize(ImageInputStream in) throws IOException {
        byte[] rest = new byte[6];
        in.readFully(rest);
        if (rest[0] != 'N' || rest[1] != 'G' || rest[2] != '\r' || rest[3] != '\n' || rest[4] != 0x1A || rest[5] != '\n') {
            return null;
        }
        int length = in.readInt();
        if (length != 13 || in.readInt() != 0x49484452) { // "IHDR"
            return null;
        }
        int width = in.readInt();
        int height = in.readInt();
        return new int[] {width, height};
    }

    /**
     * Decodes a small upright preview of an image file for thumbnails: the picture as displayed (EXIF orientation
     * applied, alpha composited on white, as {@link #loadRgb}), scaled to fit in {@code maxSide} x {@code maxSide}
     * pixels with its aspect ratio kept, never enlarged. The reader skips rows and columns while decoding (ImageIO
     * source subsampling) down to about four times the wanted size, so a 12-megapixel photo never occupies more
     * than a few hundred kilobytes, and the rest is smoothed down in steps of at most a half.
     *
     * @param maxSide the longest side of the result, at least 1
     * @return a {@link BufferedImage#TYPE_INT_RGB} image whose longer side is {@code maxSide} (or the image's own,
     *         when it is smaller)
     * @throws ImageLoadException as {@link #loadRgb}: the file is missing, not an image, truncated or corrupt
     */
    public static BufferedImage loadThumbnail(Path file, int maxSide) throws ImageLoadException {
        if (maxSide < 1) {
            throw new IllegalArgumentException("maxSide must be at least 1: " + maxSide);
        }
        BufferedImage decoded;
        ExifOrientation orientation;
        try (OpenImage image = OpenImage.open(file)) {
            int[] size = image.storedSize();
            int step = Math.max(1, Math.max(size[0], size[1]) / (4 * maxSide));
            ImageReadParam param = image.reader.getDefaultReadParam();
            if (step > 1) {
                param.setSourceSubsampling(step, step, 0, 0);
            }
            decoded = image.decode(param, ceilDiv(size[0], step), ceilDiv(size[1], step));
            orientation = image.orientation;
        }
        return fitWithin(RgbConverter.toUprightBgr(decoded, orientation), maxSide);
    }

    /** Scales down to fit {@code maxSide}, halving at most per step (bilinear), so no pixel is skipped. */
    static BufferedImage fitWithin(BufferedImage src, int maxSide) {
        int w = src.getWidth();
        int h = src.getHeight();
        double scale = Math.min(1.0, (double) maxSide / Math.max(w, h));
        int tw = Math.max(1, (int) Math.round(w * scale));
        int th = Math.max(1, (int) Math.round(h * scale));
        BufferedImage current = src;
        do {
            int nw = Math.max(tw, (current.getWidth() + 1) / 2);
            int nh = Math.max(th, (current.getHeight() + 1) / 2);
            if (current != src && nw == current.getWidth() && nh == current.getHeight()) {
                break;
            }
            BufferedImage next = new BufferedImage(nw, nh, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = next.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.drawImage(current, 0, 0, nw, nh, null);
            } finally {
                g.dispose();
            }
            current = next;
        } while (current.getWidth() != tw || current.getHeight() != th);
        return current;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** The class name of the reader {@link #loadRgb} uses for this file (for tests and diagnostics). */
    static String readerClassName(Path file) throws ImageLoadException {
        try (OpenImage image = OpenImage.open(file)) {
            return image.reader.getClass().getName();
        }
    }

    /** An open file with its chosen reader, positioned at the start; closing disposes both. */
    private static final class OpenImage implements AutoCloseable {
        final Path file;
        final ImageInputStream in;
        final ImageReader reader;
        final String format;
        final ExifOrientation orientation;

        private OpenImage(Path file, ImageInputStream in, ImageReader reader, String format,
                          ExifOrientation orientation) {
            this.file = file;
            this.in = in;
            this.reader = reader;
            this.format = format;
            this.orientation = orientation;
        }

        static OpenImage open(Path file) throws ImageLoadException {
            Objects.requireNonNull(file, "file");
            ImageInputStream in = openStream(file);
            ImageReader reader = null;
            try {
                ImageReaderSpi spi = pickReader(in);
                if (spi == null) {
                    throw noReader(file, in);
                }
                String format = formatName(spi);
                ExifOrientation orientation = OrientationReader.read(in, format);
                in.seek(0);
                reader = spi.createReaderInstance();
                reader.setInput(in, true, true);
                return new OpenImage(file, in, reader, format, orientation);
            } catch (ImageLoadException e) {
                release(reader, in);
                throw e;
            } catch (IOException | RuntimeException e) {
                release(reader, in);
                throw new ImageLoadException(file, ImageLoadException.Kind.UNREADABLE,
                        "cannot read file (" + describe(e) + ")", e);
            }
        }

        /** Width and height as stored, before orientation. */
        int[] storedSize() throws ImageLoadException {
            int width;
            int height;
            try {
                width = reader.getWidth(0);
                height = reader.getHeight(0);
            } catch (IOException | RuntimeException e) {
                throw corrupt(file, format, e);
            }
            if (width <= 0 || height <= 0) {
                throw new ImageLoadException(file, ImageLoadException.Kind.CORRUPT,
                        "corrupt " + format + " header (image size " + width + "x" + height + ")", null);
            }
            return new int[] {width, height};
        }

        /** Decodes image 0 as the reader gives it, turning decoder warnings about broken data into errors. */
        BufferedImage decode() throws ImageLoadException {
            int[] size = storedSize();
            return decode(reader.getDefaultReadParam(), size[0], size[1]);
        }

        /** As {@link #decode()} with a read param whose result is {@code width} x {@code height} pixels. */
        BufferedImage decode(ImageReadParam param, int width, int height) throws ImageLoadException {
            if ((long) width * height > MAX_PIXELS) {
                throw new ImageLoadException(file, ImageLoadException.Kind.TOO_LARGE,
                        "image too large to load (" + width + "x" + height + " pixels)", null);
            }
            long needed = bytesToDecode(width, height);
            long heap = Runtime.getRuntime().maxMemory();
            if (needed > heap) {
                // Refused before allocating: otherwise the decoder runs out of memory and that reads as "corrupt".
                throw new ImageLoadException(file, ImageLoadException.Kind.TOO_LARGE, "image too large for this Java's memory ("
                        + width + "x" + height + " pixels need about " + (needed >> 20) + " MB to decode; the heap is at most "
                        + (heap >> 20) + " MB: give Java more with -Xmx)", null);
            }
            DataWarnings warnings = new DataWarnings();
            reader.addIIOReadWarningListener(warnings);
            BufferedImage image;
            try {
                image = reader.read(0, param);
            } catch (IOException | RuntimeException e) {
                if (warnings.truncated) {
                    throw new ImageLoadException(file, ImageLoadException.Kind.CORRUPT,
                            "truncated " + format + " data (" + describe(e) + ")", e);
                }
                throw corrupt(file, format, e);
            }
            if (warnings.truncated) {
                throw new ImageLoadException(file, ImageLoadException.Kind.CORRUPT,
                        "truncated " + format + " data", null);
            }
            if (warnings.corrupt != null) {
                throw new ImageLoadException(file, ImageLoadException.Kind.CORRUPT,
                        "corrupt " + format + " data (" + warnings.corrupt + ")", null);
            }
            return image;
        }

        @Override
        public void close() {
            release(reader, in);
        }
    }

    /**
     * Collects the decoder warnings that mean the pixel data itself is broken. The JPEG readers report data that
     * ends early as "Truncated File - Missing EOI marker" and/or "Corrupt JPEG data: premature end of data
     * segment" ("Premature end of JPEG file" in plain libjpeg), damaged data as "Corrupt JPEG data: ...", and then
     * fill in grey. "Corrupt JPEG data: N extraneous bytes before marker" (stray bytes between segments) and the
     * warnings about metadata (e.g. "Bad 'ICC_PROFILE' chunk(s): Truncated ICC Profile data") are harmless.
     */
    private static final class DataWarnings implements IIOReadWarningListener {
        boolean truncated;
        String corrupt;

        @Override
        public void warningOccurred(ImageReader source, String warning) {
            String w = warning == null ? "" : warning.toLowerCase(Locale.ROOT);
            if (w.contains("premature end") || w.contains("missing eoi") || w.startsWith("truncated file")) {
                truncated = true;
            } else if (w.startsWith("corrupt jpeg data") && !w.contains("extraneous bytes") && corrupt == null) {
                corrupt = ImageLoadException.oneLine(warning);
            }
        }
    }

    private static ImageInputStream openStream(Path file) throws ImageLoadException {
        if (Files.isDirectory(file)) {
            throw new ImageLoadException(file, ImageLoadException.Kind.UNREADABLE,
                    "is a directory, not an image file", null);
        }
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new ImageLoadException(file, ImageLoadException.Kind.NOT_FOUND, "file not found", e);
        } catch (AccessDeniedException e) {
            throw new ImageLoadException(file, ImageLoadException.Kind.UNREADABLE,
                    "cannot read file (permission denied)", e);
        } catch (IOException e) {
            throw new ImageLoadException(file, ImageLoadException.Kind.UNREADABLE,
                    "cannot read file (" + describe(e) + ")", e);
        }
        if (size == 0) {
            throw new ImageLoadException(file, ImageLoadException.Kind.NOT_AN_IMAGE, "empty file (0 bytes)", null);
        }
        if (!Files.isReadable(file)) {
            throw new ImageLoadException(file, ImageLoadException.Kind.UNREADABLE,
                    "cannot read file (permission denied)", null);
        }
        ImageInputStream in;
        try {
            // With TwelveMonkeys' imageio-core on the class path this is its buffered file stream.
            in = ImageIO.createImageInputStream(file.toFile());
        } catch (IOException e) {
            // ImageIO wraps the real problem (say, a file deleted since) in "Can't create cache file!".
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (Files.notExists(file)) {
                throw new ImageLoadException(file, ImageLoadException.Kind.NOT_FOUND, "file not found", e);
            }
            throw new ImageLoadException(file, ImageLoadException.Kind.UNREADABLE,
                    "cannot read file (" + describe(cause) + ")", e);
        } catch (UnsupportedOperationException e) {
            throw new ImageLoadException(file, ImageLoadException.Kind.UNREADABLE,
                    "cannot read file (not on the default file system)", e);
        }
        if (in == null) {
            if (Files.notExists(file)) {
                throw new ImageLoadException(file, ImageLoadException.Kind.NOT_FOUND, "file not found", null);
            }
            throw new ImageLoadException(file, ImageLoadException.Kind.UNREADABLE, "cannot read file", null);
        }
        return in;
    }

    /**
     * The provider of the reader to use: among those that accept the content, the first TwelveMonkeys one, else
     * the first in the registry's order; {@code null} when none accepts it.
     */
    private static ImageReaderSpi pickReader(ImageInputStream in) {
        Iterator<ImageReaderSpi> providers =
                IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class, true);
        ImageReaderSpi first = null;
        while (providers.hasNext()) {
            ImageReaderSpi spi = providers.next();
            if (!canDecode(spi, in)) {
                continue;
            }
            if (spi.getClass().getName().startsWith(TWELVEMONKEYS_PACKAGE)) {
                return spi;
            }
            if (first == null) {
                first = spi;
            }
        }
        return first;
    }

    /** Like ImageIO's own filter: a provider that fails while looking at the header does not accept it. */
    private static boolean canDecode(ImageReaderSpi spi, ImageInputStream in) {
        try {
            in.mark();
            try {
                return spi.canDecodeInput(in);
            } finally {
                in.reset();
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Upper-case format name; JPG and TIF spelled out. */
    private static String formatName(ImageReaderSpi spi) {
        String[] names = spi.getFormatNames();
        String name = names == null || names.length == 0 ? "IMAGE" : names[0].toUpperCase(Locale.ROOT);
        return switch (name) {
            case "JPG" -> "JPEG";
            case "TIF" -> "TIFF";
            default -> name;
        };
    }

    /** No reader accepts the content: say which known-but-unsupported format it is, if it is one. */
    private static ImageLoadException noReader(Path file, ImageInputStream in) throws IOException {
        byte[] head = new byte[16];
        in.seek(0);
        int n = 0;
        while (n < head.length) {
            int r = in.read(head, n, head.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        String known = unsupportedFormat(head, n);
        if (known != null) {
            return new ImageLoadException(file, ImageLoadException.Kind.UNSUPPORTED_FORMAT,
                    "unsupported image format (" + known + ")", null);
        }
        return new ImageLoadException(file, ImageLoadException.Kind.NOT_AN_IMAGE,
                "not an image file (no reader for its content)", null);
    }

    /** Image formats without a reader here, recognized by their first bytes; {@code null} for anything else. */
    static String unsupportedFormat(byte[] head, int length) {
        String ascii = new String(head, 0, length, StandardCharsets.ISO_8859_1);
        if (ascii.length() >= 12 && ascii.startsWith("ftyp", 4)) {
            String brand = ascii.substring(8, 12);
            switch (brand) {
                case "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1" -> {
                    return "HEIF/HEIC";
                }
                case "avif", "avis" -> {
                    return "AVIF";
                }
                default -> {
                    return null;
                }
            }
        }
        if (ascii.length() >= 12 && ascii.startsWith("RIFF") && ascii.startsWith("WEBP", 8)) {
            return "WebP";
        }
        if (ascii.startsWith("\u00FF\n") || ascii.startsWith("\0\0\0\u000CJXL ")) {
            return "JPEG XL";
        }
        if (ascii.startsWith("8BPS")) {
            return "Photoshop PSD";
        }
        return null;
    }

    private static ImageLoadException corrupt(Path file, String format, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EOFException) {
                return new ImageLoadException(file, ImageLoadException.Kind.CORRUPT,
                        "truncated " + format + " data", e);
            }
        }
        return new ImageLoadException(file, ImageLoadException.Kind.CORRUPT,
                "truncated or corrupt " + format + " data (" + describe(e) + ")", e);
    }

    /** The messages along a cause chain, "outer: inner", without repeats; class names where there is none. */
    static String describe(Throwable e) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null && parts.size() < 3; t = t.getCause()) {
            String message = t.getMessage();
            String part = message == null || message.isBlank() ? t.getClass().getSimpleName() : message.strip();
            if (parts.stream().noneMatch(p -> p.contains(part))) {
                parts.add(part);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return ImageLoadException.oneLine(String.join(": ", parts));
    }

    private static void release(ImageReader reader, ImageInputStream in) {
        if (reader != null) {
            reader.dispose();
        }
        try {
            in.close();
        } catch (IOException ignored) {
            // Nothing was written; a failing close loses nothing.
        }
    }
}
