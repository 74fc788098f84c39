package io.detectionstudio.data.image;

import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import javax.imageio.stream.ImageInputStream;

/**
 * Finds the EXIF {@code Orientation} tag in a file's headers: the first {@code Exif} APP1 segment of a JPEG, the
 * {@code eXIf} chunk of a PNG, or IFD0 of a TIFF. Only IFD0 is read (where the tag lives), so damaged sub-IFDs,
 * maker notes or thumbnails do not matter. Anything unreadable gives {@link ExifOrientation#NORMAL}; this class
 * never fails.
 */
final class OrientationReader {

    private static final int TAG_ORIENTATION = 0x0112;
    private static final int TYPE_BYTE = 1;
    private static final int TYPE_SHORT = 3;
    private static final int TYPE_LONG = 4;
    /** IFD0 of a real file has a few dozen entries; more means garbage. */
    private static final int MAX_IFD_ENTRIES = 1000;
    /** Bigger eXIf chunks are not believed (a PNG chunk may claim up to 2 GiB). */
    private static final int MAX_PNG_EXIF_BYTES = 1 << 20;
    private static final byte[] EXIF_ID = "Exif\0".getBytes(StandardCharsets.US_ASCII);
    private static final int PNG_IDAT = chunkType("IDAT");
    private static final int PNG_IEND = chunkType("IEND");
    private static final int PNG_EXIF = chunkType("eXIf");

    private OrientationReader() {
    }

    /**
     * Reads the orientation of the image in {@code in}, whose container format is {@code format} (as named by
     * {@link ImageLoader}). Leaves the stream at position 0 in big-endian byte order.
     */
    static ExifOrientation read(ImageInputStream in, String format) {
        try {
            in.seek(0);
            return switch (format) {
                case "JPEG" -> fromJpeg(in);
                case "PNG" -> fromPng(in);
                case "TIFF" -> ExifOrientation.fromTag(orientationInTiff(in));
                default -> ExifOrientation.NORMAL;
            };
        } catch (IOException | RuntimeException e) {
            // A bad EXIF block only means "no orientation": the pixels are what matters.
            return ExifOrientation.NORMAL;
        } finally {
            try {
                in.setByteOrder(ByteOrder.BIG_ENDIAN);
                in.seek(0);
            } catch (IOException ignored) {
                // The caller's next read reports a stream that cannot seek.
            }
        }
    }

    private static ExifOrientation fromJpeg(ImageInputStream in) throws IOException {
        List<JPEGSegment> segments = JPEGSegmentUtil.readSegments(in, JPEG.APP1, "Exif");
        for (JPEGSegment segment : segments) {
            byte[] payload;
            try (InputStream data = segment.segmentData()) {
                payload = data.readAllBytes();
            }
            // "Exif\0" and one pad byte, then a TIFF structure.
            if (payload.length > EXIF_ID.length + 1 && startsWith(payload, EXIF_ID)) {
                return fromTiffBytes(payload, EXIF_ID.length + 1);
            }
        }
        return ExifOrientation.NORMAL;
    }

    private static ExifOrientation fromPng(ImageInputStream in) throws IOException {
        in.setByteOrder(ByteOrder.BIG_ENDIAN);
        in.seek(8); // signature
        while (true) {
            long length = in.readUnsignedInt();
            int type = in.readInt();
            if (type == PNG_IDAT || type == PNG_IEND) {
                return ExifOrientation.NORMAL; // eXIf must come before the image data
            }
            if (type == PNG_EXIF) {
                if (length > MAX_PNG_EXIF_BYTES) {
                    return ExifOrientation.NORMAL;
                }
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                // The chunk holds a bare TIFF structure; some writers wrongly keep the JPEG "Exif\0\0" prefix.
                int start = startsWith(payload, EXIF_ID) ? EXIF_ID.length + 1 : 0;
                return fromTiffBytes(payload, start);
            }
            in.seek(in.getStreamPosition() + length + 4); // data and CRC
        }
    }

    private static ExifOrientation fromTiffBytes(byte[] bytes, int start) throws IOException {
        if (start >= bytes.length) {
            return ExifOrientation.NORMAL;
        }
        try (ImageInputStream tiff = new ByteArrayImageInputStream(bytes, start, bytes.length - start)) {
            return ExifOrientation.fromTag(orientationInTiff(tiff));
        }
    }

    /**
     * The Orientation value in IFD0 of the TIFF structure starting at position 0 of {@code tiff}, or 1 when there
     * is none; throws on a malformed structure.
     */
    private static int orientationInTiff(ImageInputStream tiff) throws IOException {
        tiff.seek(0);
        int b0 = tiff.readUnsignedByte();
        int b1 = tiff.readUnsignedByte();
        if (b0 == 'I' && b1 == 'I') {
            tiff.setByteOrder(ByteOrder.LITTLE_ENDIAN);
        } else if (b0 == 'M' && b1 == 'M') {
            tiff.setByteOrder(ByteOrder.BIG_ENDIAN);
        } else {
            throw new IOException("not a TIFF byte order mark");
        }
        if (tiff.readUnsignedShort() != 42) {
            throw new IOException("not a classic TIFF structure");
        }
        long ifd0 = tiff.readUnsignedInt();
        tiff.seek(ifd0);
        int count = tiff.readUnsignedShort();
        if (count > MAX_IFD_ENTRIES) {
            throw new IOException("implausible IFD entry count " + count);
        }
        for (int i = 0; i < count; i++) {
            int tag = tiff.readUnsignedShort();
            int type = tiff.readUnsignedShort();
            long valueCount = tiff.readUnsignedInt();
            if (tag == TAG_ORIENTATION && valueCount >= 1) {
                return switch (type) {
                    case TYPE_SHORT -> tiff.readUnsignedShort();
                    case TYPE_LONG -> (int) Math.min(tiff.readUnsignedInt(), Integer.MAX_VALUE);
                    case TYPE_BYTE -> tiff.readUnsignedByte();
                    default -> 1;
                };
            }
            tiff.skipBytes(4);
        }
        return 1;
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static int chunkType(String name) {
        byte[] b = name.getBytes(StandardCharsets.US_ASCII);
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }
}
