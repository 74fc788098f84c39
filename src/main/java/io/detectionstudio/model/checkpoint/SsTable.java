package io.detectionstudio.model.checkpoint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A reader for LevelDB's immutable sorted table ("SSTable") format, as TensorFlow's {@code tensorflow/core/lib/io/table}
 * writes it. The whole file is in memory (checkpoint index files are small) and every key/value pair is read in
 * order, with every check the format allows.
 *
 * <p>The layout:
 * <pre>
 *   [data block 1] ... [data block N] [metaindex block] [index block] [footer: 48 bytes]
 *   footer  = metaindex handle, index handle (each varint64 offset + varint64 size), zero padding to 40 bytes,
 *             magic 0xdb4775248b80fb57 (fixed64, little-endian)
 *   block   = contents (size bytes), then a 5-byte trailer: compression type (0 none, 1 snappy) and the
 *             masked CRC32C (fixed32) of contents + type byte; mask(c) = ((c &gt;&gt;&gt; 15) | (c &lt;&lt; 17)) + 0xa282ead8
 *   contents (once decompressed) = entries, restart offsets (fixed32 each), restart count (fixed32)
 *   entry   = varint32 shared key bytes, varint32 unshared key bytes, varint32 value length, unshared key bytes,
 *             value; at a restart point the key is stored whole (shared = 0)
 * </pre>
 * The index block has one entry per data block: a key at or after the block's last key (and before the next
 * block's first), and the block's handle. TensorFlow writes no filter, so the metaindex block is empty; it is
 * checked but not used.
 */
final class SsTable {

    /** The table magic number, the last 8 bytes of the file. */
    static final long MAGIC = 0xdb4775248b80fb57L;
    /** Footer length: two block handles of at most 20 bytes each, padded, and the 8-byte magic. */
    static final int FOOTER_LENGTH = 48;
    /** Per-block trailer: compression type byte and masked CRC32C. */
    static final int BLOCK_TRAILER = 5;
    static final int NO_COMPRESSION = 0;
    static final int SNAPPY_COMPRESSION = 1;
    private static final int MASK_DELTA = 0xa282ead8;
    /** Upper bound for a decompressed block; TensorFlow's blocks are 256 KiB, LevelDB's 4 KiB. */
    private static final int MAX_BLOCK = 1 << 30;

    private final byte[] file;
    private final String fileName;

    /** A key/value pair of the table. */
    record Entry(byte[] key, byte[] value) {
    }

    private SsTable(byte[] file, String fileName) {
        this.file = file;
        this.fileName = fileName;
    }

    /** Every key/value pair of the table in {@code file}, in key order; {@code fileName} is for messages. */
    static List<Entry> read(byte[] file, String fileName) throws CheckpointException {
        return new SsTable(file, fileName).readAll();
    }

    private CheckpointException corrupt(String what) {
        return new CheckpointException(fileName + ": " + what);
    }

    private List<Entry> readAll() throws CheckpointException {
        if (file.length < FOOTER_LENGTH) {
            throw corrupt("not a checkpoint index: " + file.length + " bytes is too short for a table (its footer alone is "
                    + FOOTER_LENGTH + "); truncated?");
        }
        long magic = fixed64(file, file.length - 8);
        if (magic != MAGIC) {
            throw corrupt("not a checkpoint index: bad table magic number 0x" + Long.toHexString(magic) + " at its end (expected 0x"
                    + Long.toHexString(MAGIC) + "); truncated or another kind of file");
        }
        int footer = file.length - FOOTER_LENGTH;
        int[] pos = {footer};
        long[] metaindex = handle(pos, file.length - 8, "footer's metaindex handle");
        long[] index = handle(pos, file.length - 8, "footer's index handle");
        checkHandle(metaindex, footer, "footer's metaindex handle");
        checkHandle(index, footer, "footer's index handle");
        readBlock(metaindex, "metaindex");

        List<Entry> indexEntries = parseBlock(readBlock(index, "index"), "index block at offset " + index[0]);
        List<Entry> entries = new ArrayList<>();
        byte[] previousSeparator = null;
        for (Entry ie : indexEntries) {
            int[] p = {0};
            long[] h = handle(ie.value(), p, ie.value().length, "index entry's block handle");
            checkHandle(h, footer, "index entry's block handle");
            String where = "data block at offset " + h[0];
            List<Entry> block = parseBlock(readBlock(h, "data"), where);
            if (!block.isEmpty()) {
                byte[] first = block.get(0).key();
                byte[] last = block.get(block.size() - 1).key();
                if (previousSeparator != null && Arrays.compareUnsigned(first, previousSeparator) <= 0) {
                    throw corrupt(where + ": its first key is not after the previous block's index key");
                }
                if (Arrays.compareUnsigned(last, ie.key()) > 0) {
                    throw corrupt(where + ": its last key is after its index key");
                }
                if (!entries.isEmpty() && Arrays.compareUnsigned(first, entries.get(entries.size() - 1).key()) <= 0) {
                    throw corrupt(where + ": keys out of order across blocks");
                }
            }
            entries.addAll(block);
            previousSeparator = ie.key();
        }
        return entries;
    }

    /** Checks that a block and its trailer lie before the footer. */
    private void checkHandle(long[] h, int limit, String what) throws CheckpointException {
        if (h[0] < 0 || h[1] < 0 || h[0] > limit || h[1] > limit || h[0] + h[1] + BLOCK_TRAILER > limit) {
            throw corrupt("truncated or corrupt: the " + what + " (offset " + h[0] + ", size " + h[1]
                    + ") points past the " + limit + " bytes before the footer");
        }
    }

    /** The contents of a block, its checksum verified and decompressed. */
    private byte[] readBlock(long[] h, String kind) throws CheckpointException {
        int offset = (int) h[0];
        int size = (int) h[1];
        int type = file[offset + size] & 0xff;
        int stored = fixed32(file, offset + size + 1);
        CRC32C crc = new CRC32C();
        crc.update(file, offset, size + 1);
        int actual = (int) crc.getValue();
        int unmasked = unmask(stored);
        if (unmasked != actual) {
            throw corrupt(kind + " block at offset " + offset + " (" + size + " bytes) fails its checksum (stored CRC32C 0x"
                    + Integer.toHexString(unmasked) + ", computed 0x" + Integer.toHexString(actual) + "): the file is corrupt");
        }
        switch (type) {
            case NO_COMPRESSION:
                return Arrays.copyOfRange(file, offset, offset + size);
            case SNAPPY_COMPRESSION:
                try {
                    // Snappy expands at most about 22 times (a 3-byte copy makes 64 bytes): no huge allocation for a bad preamble.
                    return Snappy.decompress(file, offset, offset + size, (int) Math.min(MAX_BLOCK, 32L * size + 64));
                } catch (Snappy.CorruptException e) {
                    throw corrupt(kind + " block at offset " + offset + " is snappy-compressed and does not decompress: " + e.getMessage());
                }
            default:
                throw corrupt(kind + " block at offset " + offset + " has compression type " + type
                        + ", which this reader does not know (0 none and 1 snappy are the ones TensorFlow writes)");
        }
    }

    /** The entries of a block's contents, keys restored from their shared prefixes, with the restart array checked. */
    private List<Entry> parseBlock(byte[] b, String where) throws CheckpointException {
        if (b.length < 4) {
            throw corrupt(where + ": block of " + b.length + " bytes is too short for its restart count");
        }
        long numRestarts = fixed32(b, b.length - 4) & 0xffffffffL;
        long maxRestarts = (b.length - 4) / 4;
        if (numRestarts == 0 || numRestarts > maxRestarts) {
            throw corrupt(where + ": bad restart count " + numRestarts + " for a block of " + b.length + " bytes");
        }
        int end = (int) (b.length - 4 - 4 * numRestarts);
        int[] restarts = new int[(int) numRestarts];
        for (int i = 0; i < restarts.length; i++) {
            long r = fixed32(b, end + 4 * i) & 0xffffffffL;
            if (r > end || (i > 0 && r <= restarts[i - 1]) || (r == end && end != 0)) {
                throw corrupt(where + ": restart point " + i + " (" + r + ") is out of order or outside the " + end + " bytes of entries");
            }
            restarts[i] = (int) r;
        }
        List<Entry> entries = new ArrayList<>();
        byte[] key = new byte[0];
        int p = 0;
        int nextRestart = 0;
        int[] pos = new int[1];
        while (p < end) {
            boolean isRestart = nextRestart < restarts.length && restarts[nextRestart] == p;
            if (nextRestart < restarts.length && restarts[nextRestart] < p) {
                throw corrupt(where + ": restart point " + restarts[nextRestart] + " is not at the start of an entry");
            }
            pos[0] = p;
            int shared = varint32(b, pos, end, where);
            int unshared = varint32(b, pos, end, where);
            int valueLength = varint32(b, pos, end, where);
            if (shared > key.length || (isRestart && shared != 0) || (entries.isEmpty() && shared != 0)) {
                throw corrupt(where + ": entry at " + p + " shares " + shared + " key bytes with a previous key of " + key.length
                        + (isRestart ? " at a restart point" : ""));
            }
            if ((long) unshared + valueLength > end - pos[0]) {
                throw corrupt(where + ": entry at " + p + " (key " + unshared + " + value " + valueLength + " bytes) runs past the block");
            }
            byte[] k = Arrays.copyOf(key, shared + unshared);
            System.arraycopy(b, pos[0], k, shared, unshared);
            byte[] v = Arrays.copyOfRange(b, pos[0] + unshared, pos[0] + unshared + valueLength);
            if (!entries.isEmpty() && Arrays.compareUnsigned(k, key) <= 0) {
                throw corrupt(where + ": keys out of order at entry " + p);
            }
            entries.add(new Entry(k, v));
            key = k;
            p = pos[0] + unshared + valueLength;
            if (isRestart) {
                nextRestart++;
            }
        }
        if (nextRestart < restarts.length && !(end == 0 && restarts.length == 1)) {
            throw corrupt(where + ": restart point " + restarts[nextRestart] + " is not at the start of an entry");
        }
        return entries;
    }

    private long[] handle(int[] pos, int limit, String what) throws CheckpointException {
        return handle(file, pos, limit, what);
    }

    private long[] handle(byte[] b, int[] pos, int limit, String what) throws CheckpointException {
        long offset = varint64(b, pos, limit, what);
        long size = varint64(b, pos, limit, what);
        return new long[] {offset, size};
    }

    /** A varint32 at {@code pos[0]}, advancing it; at most 5 bytes, within {@code limit}, and at most 2^31 - 1. */
    private int varint32(byte[] b, int[] pos, int limit, String where) throws CheckpointException {
        long v = 0;
        int p = pos[0];
        for (int shift = 0; shift <= 28; shift += 7) {
            if (p >= limit) {
                throw corrupt(where + ": bad varint at " + pos[0] + " (runs past the end)");
            }
            int x = b[p++] & 0xff;
            v |= (long) (x & 0x7f) << shift;
            if (x < 0x80) {
                if (v > Integer.MAX_VALUE) {
                    throw corrupt(where + ": bad varint at " + pos[0] + " (value " + v + " is too large)");
                }
                pos[0] = p;
                return (int) v;
            }
        }
        throw corrupt(where + ": bad varint at " + pos[0] + " (longer than 5 bytes)");
    }

    /** A varint64 at {@code pos[0]}, advancing it; at most 10 bytes, within {@code limit}, non-negative. */
    private long varint64(byte[] b, int[] pos, int limit, String where) throws CheckpointException {
        long v = 0;
        int p = pos[0];
        for (int shift = 0; shift <= 63; shift += 7) {
            if (p >= limit) {
                throw corrupt(where + ": bad varint at " + pos[0] + " (runs past the end)");
            }
            int x = b[p++] & 0xff;
            v |= (long) (x & 0x7f) << shift;
            if (x < 0x80) {
                if (v < 0 || (shift == 63 && x > 1)) {
                    throw corrupt(where + ": bad varint at " + pos[0] + " (too large)");
                }
                pos[0] = p;
                return v;
            }
        }
        throw corrupt(where + ": bad varint at " + pos[0] + " (longer than 10 bytes)");
    }

    static int fixed32(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    static long fixed64(byte[] b, int at) {
        return (fixed32(b, at) & 0xffffffffL) | (long) fixed32(b, at + 4) << 32;
    }

    /** LevelDB's checksum mask, so that a CRC of data containing CRCs is not degenerate. */
    static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
    }

    static int unmask(int masked) {
        int rot = masked - MASK_DELTA;
        return (rot >>> 17) | (rot << 15);
    }
}
