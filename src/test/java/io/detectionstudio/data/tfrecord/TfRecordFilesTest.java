package io.detectionstudio.data.tfrecord;

import static org.assertj.core.api.Assertions.assertThat;

import io.detectionstudio.data.Problem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfRecordFilesTest {

    /** Framed {@code "hello"} and {@code ""}, computed with an independent bitwise CRC-32C (Python, see the README). */
    private static final String HELLO = "0500000000000000eab2043e68656c6c6fbb1f1c19";
    private static final String EMPTY = "000000000000000029039807d8ea82a2";

    @TempDir
    Path dir;

    @Test
    void crc32cAndItsMaskMatchTheKnownValues() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(TfRecordFiles.crc32c(check, 0, check.length)).isEqualTo(0xE3069283);
        assertThat(TfRecordFiles.maskedCrc32c(check, 0, check.length)).isEqualTo(0xc78ab0e5);
        assertThat(TfRecordFiles.mask(0)).isEqualTo(0xa282ead8);
    }

    @Test
    void framingIsByteExact() throws Exception {
        assertThat(HexFormat.of().formatHex(TfRecordFiles.frame(ascii("hello")))).isEqualTo(HELLO);
        assertThat(HexFormat.of().formatHex(TfRecordFiles.frame(new byte[0]))).isEqualTo(EMPTY);

        Path file = dir.resolve("two.record");
        TfRecordFiles.write(file, List.of(ascii("hello"), new byte[0]));
        assertThat(HexFormat.of().formatHex(Files.readAllBytes(file))).isEqualTo(HELLO + EMPTY);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TfRecordFiles.Writer w = new TfRecordFiles.Writer(out)) {
            w.write(ascii("xhellox"), 1, 5);
            assertThat(w.records()).isEqualTo(1);
            assertThat(w.bytes()).isEqualTo(21);
        }
        assertThat(HexFormat.of().formatHex(out.toByteArray())).isEqualTo(HELLO);
    }

    @Test
    void readsBackEveryRecordOfAnIntactFile() throws Exception {
        Path file = dir.resolve("three.record");
        TfRecordFiles.write(file, List.of(ascii("first"), new byte[0], new byte[70_000]));
        TfRecordFiles.Contents c = TfRecordFiles.readAll(file);
        assertThat(c.damage()).isNull();
        assertThat(c.records()).hasSize(3);
        assertThat(c.records().get(0)).isEqualTo(ascii("first"));
        assertThat(c.records().get(1)).isEmpty();
        assertThat(c.records().get(2)).hasSize(70_000);

        Path empty = Files.write(dir.resolve("empty.record"), new byte[0]);
        assertThat(TfRecordFiles.readAll(empty).records()).isEmpty();
        assertThat(TfRecordFiles.readAll(empty).damage()).isNull();
    }

    @Test
    void aFileCutInsideARecordKeepsTheRecordsBeforeAndSaysWhere() throws Exception {
        Path file = dir.resolve("cut.record");
        TfRecordFiles.write(file, List.of(ascii("hello"), ascii("world"), ascii("again")));
        byte[] all = Files.readAllBytes(file);
        // Record 2 starts at byte 42 (two records of 12 + 5 + 4); keep 3 of its 5 data bytes.
        Files.write(file, java.util.Arrays.copyOf(all, 42 + 12 + 3));
        TfRecordFiles.Contents c = TfRecordFiles.readAll(file);
        assertThat(c.records()).containsExactly(ascii("hello"), ascii("world"));
        assertThat(c.damage().toString()).isEqualTo(file + ": record 2 (byte 42): truncated record: it needs 5 data"
                + " bytes and a 4-byte CRC but the file ends 3 bytes later");

        Files.write(file, java.util.Arrays.copyOf(all, 21 + 7));
        c = TfRecordFiles.readAll(file);
        assertThat(c.records()).containsExactly(ascii("hello"));
        assertThat(c.damage().toString())
                .isEqualTo(file + ": record 1 (byte 21): truncated record: the file ends 7 bytes into the record's"
                        + " 12-byte header");

        // Without the file's size, the cut is found by reading.
        try (TfRecordFiles.Reader r = new TfRecordFiles.Reader("stream", new ByteArrayInputStream(
                java.util.Arrays.copyOf(all, 42 + 12 + 5 + 2)), -1)) {
            assertThat(r.next()).isEqualTo(ascii("hello"));
            assertThat(r.next()).isEqualTo(ascii("world"));
            assertThat(r.next()).isNull();
            assertThat(r.damage()).isEqualTo(new Problem("stream", "record 2 (byte 42)",
                    "truncated record: the file ends 2 bytes into the data's 4-byte CRC"));
        }
    }

    @Test
    void aFlippedBitIsABadCrcAtItsRecord() throws Exception {
        Path file = dir.resolve("flip.record");
        TfRecordFiles.write(file, List.of(ascii("hello"), ascii("world"), ascii("again")));
        byte[] all = Files.readAllBytes(file);

        byte[] data = all.clone();
        data[21 + 12 + 1] ^= 0x01; // "world" -> "wnrld"
        Files.write(file, data);
        TfRecordFiles.Contents c = TfRecordFiles.readAll(file);
        assertThat(c.records()).containsExactly(ascii("hello"));
        int stored = TfRecordFiles.maskedCrc32c(ascii("world"), 0, 5);
        int computed = TfRecordFiles.maskedCrc32c(ascii("wnrld"), 0, 5);
        assertThat(c.damage().toString()).isEqualTo(String.format("%s: record 1 (byte 21): bad CRC of the record's 5"
                + " data bytes (stored 0x%08x, computed 0x%08x)", file, stored, computed));

        byte[] crc = all.clone();
        crc[all.length - 1] ^= (byte) 0x80; // the last record's data CRC
        Files.write(file, crc);
        c = TfRecordFiles.readAll(file);
        assertThat(c.records()).containsExactly(ascii("hello"), ascii("world"));
        assertThat(c.damage().location()).isEqualTo("record 2 (byte 42)");
        assertThat(c.damage().message()).startsWith("bad CRC of the record's 5 data bytes");

        byte[] length = all.clone();
        length[0] ^= 0x02; // record 0's length 5 -> 7
        Files.write(file, length);
        c = TfRecordFiles.readAll(file);
        assertThat(c.records()).isEmpty();
        assertThat(c.damage().location()).isEqualTo("record 0 (byte 0)");
        assertThat(c.damage().message()).startsWith("bad CRC of the record's length (stored 0x");
        assertThat(c.damage().toString()).doesNotContain("\n");
    }

    @Test
    void aLengthTooLargeForTheFileIsTruncationNotAnAllocation() throws Exception {
        byte[] header = new byte[12];
        TfRecordFiles.putLong(header, 0, 1L << 40);
        TfRecordFiles.putInt(header, 8, TfRecordFiles.maskedCrc32c(header, 0, 8));
        Path file = Files.write(dir.resolve("huge.record"), header);
        TfRecordFiles.Contents c = TfRecordFiles.readAll(file);
        assertThat(c.records()).isEmpty();
        assertThat(c.damage().message()).isEqualTo("record length 1099511627776 bytes is more than the 2147483639"
                + " bytes this reader can hold");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
