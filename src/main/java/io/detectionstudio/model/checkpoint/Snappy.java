package io.detectionstudio.model.checkpoint;

/**
 * A decoder for Snappy's raw block format (no framing), the compression LevelDB tables may use for a block.
 *
 * <p>The format: a varint with the uncompressed length, then elements, each starting with a tag byte whose
 * low two bits say what follows: {@code 00} a literal (its length minus one in the upper six bits, or, for
 * 60..63 there, in the next 1..4 little-endian bytes), {@code 01} a copy of 4..11 bytes from an 11-bit
 * offset, {@code 10} a copy of 1..64 bytes from a 16-bit offset, {@code 11} the same with a 32-bit offset.
 * Copies may overlap their own output (a run).
 */
final class Snappy {

    private Snappy() {
    }

    /** Thrown with a short reason; the caller adds the file and block. */
    static final class CorruptException extends Exception {
        CorruptException(String message) {
            super(message);
        }
    }

    /** Decompresses {@code in[from, to)}; the result has exactly the length the preamble announces. */
    static byte[] decompress(byte[] in, int from, int to, int maxLength) throws CorruptException {
        int pos = from;
        long length = 0;
        for (int shift = 0; ; shift += 7) {
            if (pos >= to || shift > 28) {
                throw new CorruptException("bad snappy length preamble");
            }
            int b = in[pos++] & 0xff;
            length |= (long) (b & 0x7f) << shift;
            if (b < 0x80) {
                break;
            }
        }
        if (length > maxLength) {
            throw new CorruptException("snappy block claims " + length + " bytes uncompressed (more than " + maxLength + ")");
        }
        byte[] out = new byte[(int) length];
        int o = 0;
        while (pos < to) {
            int tag = in[pos++] & 0xff;
            int kind = tag & 3;
            if (kind == 0) {
                int n = tag >>> 2;
                if (n >= 60) {
                    int bytes = n - 59;
                    if (pos + bytes > to) {
                        throw new CorruptException("snappy literal length runs past the block");
                    }
                    long len = 0;
                    for (int i = 0; i < bytes; i++) {
                        len |= (long) (in[pos++] & 0xff) << (8 * i);
                    }
                    if (len + 1 > Integer.MAX_VALUE) {
                        throw new CorruptException("snappy literal too long");
                    }
                    n = (int) len;
                }
                int len = n + 1;
                if (len > to - pos || len > out.length - o) {
                    throw new CorruptException("snappy literal of " + len + " bytes runs past the "
                            + (len > to - pos ? "block" : "announced length " + out.length));
                }
                System.arraycopy(in, pos, out, o, len);
                pos += len;
                o += len;
                continue;
            }
            int len;
            long offset;
            if (kind == 1) {
                if (pos >= to) {
                    throw new CorruptException("snappy copy runs past the block");
                }
                len = 4 + ((tag >>> 2) & 7);
                offset = ((long) (tag >>> 5) << 8) | (in[pos++] & 0xff);
            } else {
                int bytes = kind == 2 ? 2 : 4;
                if (pos + bytes > to) {
                    throw new CorruptException("snappy copy runs past the block");
                }
                len = (tag >>> 2) + 1;
                offset = 0;
                for (int i = 0; i < bytes; i++) {
                    offset |= (long) (in[pos++] & 0xff) << (8 * i);
                }
            }
            if (offset == 0 || offset > o) {
                throw new CorruptException("snappy copy from offset " + offset + " at output position " + o);
            }
            if (len > out.length - o) {
                throw new CorruptException("snappy copy runs past the announced length " + out.length);
            }
            int src = o - (int) offset;
            for (int i = 0; i < len; i++) {
                out[o++] = out[src + i];
            }
        }
        if (o != out.length) {
            throw new CorruptException("snappy block ends after " + o + " of the " + out.length + " bytes it announces");
        }
        return out;
    }
}
