package io.detectionstudio.data.tfrecord;

import io.detectionstudio.data.Problem;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * TFRecord files: the framing TensorFlow's {@code TFRecordWriter} writes and {@code tf.data.TFRecordDataset}
 * reads (uncompressed). Each record is
 * <pre>
 *   uint64 length            little endian
 *   uint32 masked_crc32c(length's 8 bytes)
 *   byte   data[length]
 *   uint32 masked_crc32c(data)
 * </pre>
 * where {@code masked_crc32c(x) = ((c >>> 15) | (c << 17)) + 0xa282ead8} of the CRC-32C (Castagnoli) {@code c}
 * of {@code x}, all arithmetic on unsigned 32 bits, and the CRCs are little endian too.
 *
 * <p>A {@link Reader} checks both CRCs of every record. Damage (a file that ends inside a record, a CRC that does
 * not match, a length too large to hold) ends the reading of that file: {@link Reader#next()} returns null, and
 * {@link Reader#damage()} says what was wrong, as one line with the file, the record's index (counted from 0) and
 * the byte offset where the damaged record starts. The records before the damage are returned as usual. This is
 * what TensorFlow's own reader does, except that it stops the whole input with a {@code DataLossError}.
 */
public final class TfRecordFiles {

    /** Bytes of a record's header: the length and its CRC. */
    public static final int HEADER_BYTES = 12;

    /** Bytes of a record's footer: the data's CRC. */
    public static final int FOOTER_BYTES = 4;

    /** The largest record this reader accepts (a Java array's limit). */
    static final long MAX_RECORD_BYTES = Integer.MAX_VALUE - 8;

    private static final int MASK_DELTA = 0xa282ead8;

    private TfRecordFiles() {
    }

    /** The plain CRC-32C (Castagnoli) of {@code len} bytes of {@code b} from {@code off}. */
    public static int crc32c(byte[] b, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(b, off, len);
        return (int) crc.getValue();
    }

    /** TFRecord's masked CRC-32C: the CRC rotated right by 15 bits plus {@code 0xa282ead8}. */
    public static int maskedCrc32c(byte[] b, int off, int len) {
        return mask(crc32c(b, off, len));
    }

    /** TFRecord's mask of a CRC: {@code ((crc >>> 15) | (crc << 17)) + 0xa282ead8}. */
    public static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
    }

    /** The framed bytes of one record: header, data, footer. */
    public static byte[] frame(byte[] data) {
        byte[] out = new byte[HEADER_BYTES + data.length + FOOTER_BYTES];
        putLong(out, 0, data.length);
        putInt(out, 8, maskedCrc32c(out, 0, 8));
        System.arraycopy(data, 0, out, HEADER_BYTES, data.length);
        putInt(out, HEADER_BYTES + data.length, maskedCrc32c(data, 0, data.length));
        return out;
    }

    /**
     * Writes records to a new file (replacing one that is there), in order. Not atomic: callers that need all or
     * nothing write to a temporary file and move it (as {@link TfRecordFormat} does).
     */
    public static void write(Path file, List<byte[]> records) throws IOException {
        try (Writer w = Writer.open(file)) {
            for (byte[] r : records) {
                w.write(r);
            }
        }
    }

    /** What {@link #readAll} found: every intact record, and the damage that ended the file, or null. */
    public record Contents(List<byte[]> records, Problem damage) {
        public Contents {
            records = List.copyOf(records);
        }
    }

    /** Reads every record of a file into memory (for small files; {@link Reader} streams). */
    public static Contents readAll(Path file) throws IOException {
        List<byte[]> records = new ArrayList<>();
        try (Reader r = Reader.open(file)) {
            for (byte[] b = r.next(); b != null; b = r.next()) {
                records.add(b);
            }
            return new Contents(records, r.damage());
        }
    }

    /** Writes framed records to a stream. */
    public static final class Writer implements Closeable {
        private final OutputStream out;
        private final byte[] header = new byte[HEADER_BYTES];
        private final byte[] footer = new byte[FOOTER_BYTES];
        private long records;
        private long bytes;

        /** Writes to {@code out} (buffered here; closed by {@link #close()}). */
        public Writer(OutputStream out) {
            this.out = new BufferedOutputStream(Objects.requireNonNull(out, "out"), 1 << 16);
        }

        /** A writer of a new file (an existing one is truncated). */
        public static Writer open(Path file) throws IOException {
            return new Writer(Files.newOutputStream(file));
        }

        public void write(byte[] data) throws IOException {
            write(data, 0, data.length);
        }

        public void write(byte[] data, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, data.length);
            putLong(header, 0, len);
            putInt(header, 8, maskedCrc32c(header, 0, 8));
            putInt(footer, 0, maskedCrc32c(data, off, len));
            out.write(header);
            out.write(data, off, len);
            out.write(footer);
            records++;
            bytes += HEADER_BYTES + len + FOOTER_BYTES;
        }

        /** Records written so far. */
        public long records() {
            return records;
        }

        /** Bytes written so far, framing included. */
        public long bytes() {
            return bytes;
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /**
     * Reads a TFRecord file record by record, checking both CRCs. {@link #next()} returns null at the end of the
     * file and at the first damage; {@link #damage()} then tells which it was.
     */
    public static final class Reader implements Closeable {
        private final String name;
        private final InputStream in;
        private final long size;
        private final byte[] header = new byte[HEADER_BYTES];
        private final byte[] footer = new byte[FOOTER_BYTES];
        private long position;
        private long index = -1;
        private long recordOffset = -1;
        private Problem damage;
        private boolean done;

        /**
         * @param name how problems name the file (as the user gave it)
         * @param in   the bytes, from the start of the file (closed by {@link #close()})
         * @param size the file's size in bytes, or -1 when unknown (then a huge length is only found out by reading)
         */
        public Reader(String name, InputStream in, long size) {
            this.name = Objects.requireNonNull(name, "name");
            this.in = new BufferedInputStream(Objects.requireNonNull(in, "in"), 1 << 16);
            this.size = size;
        }

        public static Reader open(Path file) throws IOException {
            return new Reader(file.toString(), Files.newInputStream(file), Files.size(file));
        }

        /**
         * The next record's data, or null at the end of the file or at damage (see {@link #damage()}).
         *
         * @throws IOException when the file cannot be read (not for damaged content)
         */
        public byte[] next() throws IOException {
            if (done) {
                return null;
            }
            long start = position;
            int got = readFully(header);
            if (got == 0) {
                done = true;
                return null;
            }
            index++;
            recordOffset = start;
            if (got < HEADER_BYTES) {
                return damaged("truncated record: the file ends " + got + " bytes into the record's " + HEADER_BYTES
                        + "-byte header");
            }
            long length = getLong(header, 0);
            int storedLengthCrc = getInt(header, 8);
            int lengthCrc = maskedCrc32c(header, 0, 8);
            if (storedLengthCrc != lengthCrc) {
                return damaged("bad CRC of the record's length (stored " + hex(storedLengthCrc) + ", computed "
                        + hex(lengthCrc) + "): not a TFRecord file, or damaged here");
            }
            if (length < 0 || length > MAX_RECORD_BYTES) {
                return damaged("record length " + Long.toUnsignedString(length) + " bytes is more than the "
                        + MAX_RECORD_BYTES + " bytes this reader can hold");
            }
            if (size >= 0) {
                long left = size - position;
                if (left < length + FOOTER_BYTES) {
                    return damaged("truncated record: it needs " + length + " data bytes and a " + FOOTER_BYTES
                            + "-byte CRC but the file ends " + left + " bytes later");
                }
            }
            byte[] data = new byte[(int) length];
            int dataGot = readFully(data);
            if (dataGot < length) {
                return damaged("truncated record: it needs " + length + " data bytes and a " + FOOTER_BYTES
                        + "-byte CRC but the file ends " + dataGot + " bytes later");
            }
            int footGot = readFully(footer);
            if (footGot < FOOTER_BYTES) {
                return damaged("truncated record: the file ends " + footGot + " bytes into the data's "
                        + FOOTER_BYTES + "-byte CRC");
            }
            int storedCrc = getInt(footer, 0);
            int crc = maskedCrc32c(data, 0, data.length);
            if (storedCrc != crc) {
                return damaged("bad CRC of the record's " + length + " data bytes (stored " + hex(storedCrc)
                        + ", computed " + hex(crc) + ")");
            }
            return data;
        }

        /** Index (from 0) of the record {@link #next()} last returned or found damaged; -1 before the first. */
        public long index() {
            return index;
        }

        /** Byte offset where the record {@link #next()} last returned or found damaged starts. */
        public long offset() {
            return recordOffset;
        }

        /** The damage that ended the file, as one problem; null when the file ended cleanly or is not read to its end. */
        public Problem damage() {
            return damage;
        }

        /** The file's name as problems give it. */
        public String name() {
            return name;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }

        private byte[] damaged(String message) {
            damage = new Problem(name, location(index, recordOffset), message);
            done = true;
            return null;
        }

        private int readFully(byte[] b) throws IOException {
            int n = 0;
            while (n < b.length) {
                int r = in.read(b, n, b.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            position += n;
            return n;
        }
    }

    /** How problems name a record: {@code record 3 (byte 1234)}, index from 0. */
    static String location(long index, long offset) {
        return "record " + index + " (byte " + offset + ")";
    }

    private static String hex(int v) {
        return String.format("0x%08x", v);
    }

    static void putLong(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    static void putInt(byte[] b, int off, int v) {
        for (int i = 0; i < 4; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    static long getLong(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xffL);
        }
        return v;
    }

    static int getInt(byte[] b, int off) {
        int v = 0;
        for (int i = 3; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }
}
