package io.detectionstudio.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The snappy decoder on hand-made streams of each element kind, and on damaged ones. */
class SnappyTest {

    private static byte[] bytes(int... b) {
        byte[] a = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            a[i] = (byte) b[i];
        }
        return a;
    }

    private static String decode(byte[] in) throws Snappy.CorruptException {
        return new String(Snappy.decompress(in, 0, in.length, 1 << 20), StandardCharsets.ISO_8859_1);
    }

    @Test
    void literalAndTheThreeCopyKinds() throws Exception {
        // "abcd" literal, then a 1-byte-offset copy (len 4 + 2 = 6, offset 4): overlapping, repeats "abcd" as a run.
        assertThat(decode(bytes(10, 3 << 2, 'a', 'b', 'c', 'd', (2 << 2) | 1, 4))).isEqualTo("abcdabcdab");
        // 2-byte offset: tag (len-1)<<2 | 2, offset 3 little-endian; copies "xyz" twice over (a run of 6).
        assertThat(decode(bytes(9, 2 << 2, 'x', 'y', 'z', (5 << 2) | 2, 3, 0))).isEqualTo("xyzxyzxyz");
        // 4-byte offset: tag (len-1)<<2 | 3.
        assertThat(decode(bytes(4, 1 << 2, 'h', 'i', (1 << 2) | 3, 2, 0, 0, 0))).isEqualTo("hihi");
        // 1-byte copy whose offset uses the tag's upper 3 bits: offset 256 + 4.
        byte[] head = new byte[260];
        new Random(1).nextBytes(head);
        // preamble 264, a literal of 260 (tag 61: length - 1 in the next 2 bytes), a copy of 4 from offset 0x104.
        byte[] stream = Arrays.copyOf(bytes(264 & 0x7f | 0x80, 264 >>> 7, 61 << 2, 259 & 0xff, 259 >>> 8), 5 + 260 + 2);
        System.arraycopy(head, 0, stream, 5, 260);
        stream[265] = (byte) ((1 << 5) | 1);
        stream[266] = 4;
        byte[] out = Snappy.decompress(stream, 0, stream.length, 1 << 20);
        assertThat(out).hasSize(264);
        assertThat(Arrays.copyOf(out, 260)).isEqualTo(head);
        assertThat(Arrays.copyOfRange(out, 260, 264)).isEqualTo(Arrays.copyOfRange(head, 0, 4));
    }

    @Test
    void longLiteralLengthForms() throws Exception {
        byte[] text = "the quick brown fox jumps over the lazy dog, again and again and again".repeat(10).getBytes(StandardCharsets.US_ASCII);
        byte[] packed = TestTables.snappy(text);
        assertThat(packed.length).isLessThan(text.length / 4);
        assertThat(Snappy.decompress(packed, 0, packed.length, 1 << 20)).isEqualTo(text);
        byte[] random = new byte[5000];
        new Random(7).nextBytes(random);
        byte[] compressed = TestTables.snappy(random);
        assertThat(compressed[2] & 0xff).as("one literal with a 2-byte length").isEqualTo(61 << 2);
        assertThat(Snappy.decompress(compressed, 0, compressed.length, 1 << 20)).isEqualTo(random);
    }

    @Test
    void damageIsReported() {
        assertThatThrownBy(() -> decode(bytes(4, (3 << 2) | 1, 0))).hasMessageContaining("offset 0");
        assertThatThrownBy(() -> decode(bytes(8, 0, 'a', (3 << 2) | 1, 2))).hasMessageContaining("copy from offset 2 at output position 1");
        assertThatThrownBy(() -> decode(bytes(5, 3 << 2, 'a', 'b', 'c', 'd'))).hasMessageContaining("ends after 4 of the 5 bytes");
        assertThatThrownBy(() -> decode(bytes(3, 3 << 2, 'a', 'b', 'c', 'd'))).hasMessageContaining("runs past the announced length 3");
        assertThatThrownBy(() -> decode(bytes(9, 8 << 2, 'a', 'b'))).hasMessageContaining("runs past the block");
        assertThatThrownBy(() -> decode(bytes(0x80, 0x80))).hasMessageContaining("bad snappy length preamble");
        assertThatThrownBy(() -> Snappy.decompress(bytes(0xff, 0xff, 0x7f), 0, 3, 1000)).hasMessageContaining("more than 1000");
    }
}
