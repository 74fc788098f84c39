package io.detectionstudio.model.checkpoint;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.tensorflow.proto.BundleEntryProto;
import org.tensorflow.proto.BundleHeaderProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.proto.VersionDef;

/**
 * Writes LevelDB tables and tensor-bundle indexes the way TensorFlow's TableBuilder does, with knobs TensorFlow
 * does not expose (block size, restart interval, snappy), so the reader's multi-block, restart and decompression
 * paths are tested without ../shared. A test-side writer: the real files (TF Java's SaveV2, the zoo's Python
 * checkpoints) check that both sides agree with TensorFlow.
 */
public final class TestTables {

    private TestTables() {
    }

    /** A key/value pair. */
    public record KV(byte[] key, byte[] value) {
        public static KV of(String key, byte[] value) {
            return new KV(key.getBytes(StandardCharsets.UTF_8), value);
        }
    }

    /** Options: data block size, restart interval, compression type byte (0 none, 1 snappy, else written raw). */
    public record Options(int blockSize, int restartInterval, int compression) {
        public static final Options TENSORFLOW = new Options(256 * 1024, 16, 0);
    }

    /** A table of the pairs (which must be in bytewise key order). */
    public static byte[] table(List<KV> pairs, Options o) {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        List<KV> index = new ArrayList<>();
        BlockBuilder block = new BlockBuilder(o.restartInterval());
        byte[] lastKey = null;
        for (KV kv : pairs) {
            block.add(kv.key(), kv.value());
            lastKey = kv.key();
            if (block.size() >= o.blockSize()) {
                index.add(new KV(lastKey, writeBlock(file, block.finish(), o.compression())));
                block = new BlockBuilder(o.restartInterval());
            }
        }
        if (!block.isEmpty()) {
            index.add(new KV(lastKey, writeBlock(file, block.finish(), o.compression())));
        }
        byte[] metaHandle = writeBlock(file, new BlockBuilder(o.restartInterval()).finish(), 0);
        BlockBuilder indexBlock = new BlockBuilder(1);
        for (KV kv : index) {
            indexBlock.add(kv.key(), kv.value());
        }
        byte[] indexHandle = writeBlock(file, indexBlock.finish(), 0);
        byte[] footer = new byte[48];
        System.arraycopy(metaHandle, 0, footer, 0, metaHandle.length);
        System.arraycopy(indexHandle, 0, footer, metaHandle.length, indexHandle.length);
        long magic = 0xdb4775248b80fb57L;
        for (int i = 0; i < 8; i++) {
            footer[40 + i] = (byte) (magic >>> (8 * i));
        }
        file.writeBytes(footer);
        return file.toByteArray();
    }

    /** An index file: the header entry, then the entries (sorted here by key bytes). */
    public static byte[] bundle(BundleHeaderProto header, Map<String, BundleEntryProto> entries, Options o) {
        List<KV> pairs = new ArrayList<>();
        pairs.add(new KV(new byte[0], header.toByteArray()));
        entries.entrySet().stream().sorted((a, b) -> Arrays.compareUnsigned(a.getKey().getBytes(StandardCharsets.UTF_8),
                b.getKey().getBytes(StandardCharsets.UTF_8))).forEach(e -> pairs.add(KV.of(e.getKey(), e.getValue().toByteArray())));
        return table(pairs, o);
    }

    /** The header TensorFlow writes: {@code num_shards}, little-endian, version 1. */
    public static BundleHeaderProto header(int shards) {
        return BundleHeaderProto.newBuilder().setNumShards(shards).setEndianness(BundleHeaderProto.Endianness.LITTLE)
                .setVersion(VersionDef.newBuilder().setProducer(1)).build();
    }

    /** A whole-tensor entry in shard 0 with the size its dtype and shape take. */
    public static BundleEntryProto entry(DataType dtype, long offset, long... shape) {
        long n = 1;
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : shape) {
            s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
            n *= d;
        }
        return BundleEntryProto.newBuilder().setDtype(dtype).setShape(s).setShardId(0).setOffset(offset)
                .setSize(n * Dtypes.width(dtype)).setCrc32C(0x1234).build();
    }

    /** Writes a block and its trailer; returns its encoded handle. */
    private static byte[] writeBlock(ByteArrayOutputStream file, byte[] raw, int compression) {
        byte[] contents = compression == 1 ? snappy(raw) : raw;
        long offset = file.size();
        file.writeBytes(contents);
        CRC32C crc = new CRC32C();
        crc.update(contents);
        crc.update(compression);
        file.write(compression);
        int masked = SsTable.mask((int) crc.getValue());
        for (int i = 0; i < 4; i++) {
            file.write(masked >>> (8 * i));
        }
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        varint(h, offset);
        varint(h, contents.length);
        return h.toByteArray();
    }

    /** Rewrites the trailer CRC of the block at {@code offset} of {@code size} bytes, after a test changed it. */
    public static void fixChecksum(byte[] file, int offset, int size) {
        CRC32C crc = new CRC32C();
        crc.update(file, offset, size + 1);
        int masked = SsTable.mask((int) crc.getValue());
        for (int i = 0; i < 4; i++) {
            file[offset + size + 1 + i] = (byte) (masked >>> (8 * i));
        }
    }

    static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** A greedy snappy encoder: literals, and 2-byte-offset copies for repeats of 4 bytes or more. */
    public static byte[] snappy(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varint(out, in.length);
        int literalStart = 0;
        int i = 0;
        while (i < in.length) {
            int bestLength = 0;
            int bestOffset = 0;
            for (int j = Math.max(0, i - 65535); j < i; j++) {
                int n = 0;
                while (n < 64 && i + n < in.length && in[j + n] == in[i + n]) {
                    n++;
                }
                if (n > bestLength) {
                    bestLength = n;
                    bestOffset = i - j;
                }
            }
            if (bestLength >= 4) {
                literal(out, in, literalStart, i);
                out.write(((bestLength - 1) << 2) | 2);
                out.write(bestOffset & 0xff);
                out.write(bestOffset >>> 8);
                i += bestLength;
                literalStart = i;
            } else {
                i++;
            }
        }
        literal(out, in, literalStart, in.length);
        return out.toByteArray();
    }

    private static void literal(ByteArrayOutputStream out, byte[] in, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return;
        }
        if (n <= 60) {
            out.write((n - 1) << 2);
        } else if (n <= 256) {
            out.write(60 << 2);
            out.write(n - 1);
        } else {
            out.write(61 << 2);
            out.write((n - 1) & 0xff);
            out.write((n - 1) >>> 8);
        }
        out.write(in, from, n);
    }

    /** LevelDB's BlockBuilder: prefix-compressed keys, a restart point every {@code interval} entries. */
    private static final class BlockBuilder {
        private final int interval;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final List<Integer> restarts = new ArrayList<>(List.of(0));
        private byte[] last = new byte[0];
        private int counter;
        private boolean empty = true;

        BlockBuilder(int interval) {
            this.interval = interval;
        }

        void add(byte[] key, byte[] value) {
            int shared = 0;
            if (counter < interval) {
                while (shared < Math.min(last.length, key.length) && last[shared] == key[shared]) {
                    shared++;
                }
            } else {
                restarts.add(buffer.size());
                counter = 0;
            }
            varint(buffer, shared);
            varint(buffer, key.length - shared);
            varint(buffer, value.length);
            buffer.write(key, shared, key.length - shared);
            buffer.writeBytes(value);
            last = key;
            counter++;
            empty = false;
        }

        boolean isEmpty() {
            return empty;
        }

        int size() {
            return buffer.size() + 4 * restarts.size() + 4;
        }

        byte[] finish() {
            for (int r : restarts) {
                fixed32(buffer, r);
            }
            fixed32(buffer, restarts.size());
            return buffer.toByteArray();
        }

        private static void fixed32(ByteArrayOutputStream out, int v) {
            for (int i = 0; i < 4; i++) {
                out.write(v >>> (8 * i));
            }
        }
    }
}
