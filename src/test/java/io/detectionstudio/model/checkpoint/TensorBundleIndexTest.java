package io.detectionstudio.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.BundleEntryProto;
import org.tensorflow.proto.BundleHeaderProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorSliceProto;
import org.tensorflow.proto.VersionDef;

/**
 * The index reader on tables written by the test-side writer: many blocks, restart points, snappy, partitioned
 * tensors, the ways a path can name a checkpoint, and every kind of damage, each a one-line message naming the file.
 */
class TensorBundleIndexTest {

    @TempDir
    Path dir;

    /** 300 tensors with long shared prefixes and assorted dtypes and shapes. */
    private static Map<String, BundleEntryProto> manyEntries() {
        Map<String, BundleEntryProto> m = new LinkedHashMap<>();
        long offset = 0;
        for (int i = 0; i < 300; i++) {
            String base = String.format("model/_feature_extractor/layer_with_weights-%03d/", i);
            BundleEntryProto kernel = TestTables.entry(DataType.DT_FLOAT, offset, 3, 3, i % 7 + 1, 8);
            offset += kernel.getSize();
            BundleEntryProto bias = TestTables.entry(i % 2 == 0 ? DataType.DT_DOUBLE : DataType.DT_HALF, offset, 8);
            offset += bias.getSize();
            m.put(base + "kernel/.ATTRIBUTES/VARIABLE_VALUE", kernel);
            m.put(base + "bias/.ATTRIBUTES/VARIABLE_VALUE", bias);
        }
        m.put("save_counter/.ATTRIBUTES/VARIABLE_VALUE", TestTables.entry(DataType.DT_INT64, offset));
        m.put(VariableInfo.OBJECT_GRAPH, BundleEntryProto.newBuilder().setDtype(DataType.DT_STRING).setOffset(offset + 8).setSize(99).build());
        return m;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private static void checkMany(List<VariableInfo> vars) {
        assertThat(vars).hasSize(602);
        assertThat(vars.get(0).name()).isEqualTo(VariableInfo.OBJECT_GRAPH);
        assertThat(vars.get(0).dtype()).isEqualTo("string");
        assertThat(vars.get(0).shape()).isEmpty();
        List<String> names = vars.stream().map(VariableInfo::name).toList();
        assertThat(names).isSorted();
        VariableInfo k = vars.get(1 + 2 * 123 + 1);
        assertThat(k.name()).isEqualTo("model/_feature_extractor/layer_with_weights-123/kernel/.ATTRIBUTES/VARIABLE_VALUE");
        assertThat(k.dtype()).isEqualTo("float32");
        assertThat(k.shape()).containsExactly(3, 3, 123 % 7 + 1, 8);
        assertThat(k.size()).isEqualTo(4L * 3 * 3 * (123 % 7 + 1) * 8);
        assertThat(vars.get(1 + 2 * 123).dtype()).isEqualTo("float16");
        assertThat(vars.get(1 + 2 * 124).dtype()).isEqualTo("float64");
        VariableInfo counter = vars.get(601);
        assertThat(counter.name()).isEqualTo("save_counter/.ATTRIBUTES/VARIABLE_VALUE");
        assertThat(counter.dtype()).isEqualTo("int64");
        assertThat(counter.shapeString()).isEqualTo("[]");
        assertThat(counter.elementCount()).isEqualTo(1);
    }

    @Test
    void manySmallBlocksWithRestartPointsAndPrefixCompression() throws Exception {
        byte[] bytes = TestTables.bundle(TestTables.header(1), manyEntries(), new TestTables.Options(700, 16, 0));
        checkMany(TensorBundleIndex.list(write("many.index", bytes)));
    }

    @Test
    void snappyBlocksAndARestartAtEveryEntry() throws Exception {
        byte[] plain = TestTables.bundle(TestTables.header(1), manyEntries(), new TestTables.Options(4096, 1, 0));
        byte[] packed = TestTables.bundle(TestTables.header(1), manyEntries(), new TestTables.Options(4096, 1, 1));
        assertThat(packed.length).isLessThan(plain.length / 2);
        checkMany(TensorBundleIndex.list(write("plain.index", plain)));
        checkMany(TensorBundleIndex.list(write("packed.index", packed)));
    }

    @Test
    void oneBlockAsTensorFlowWritesIt() throws Exception {
        TensorBundleIndex index = TensorBundleIndex.read(write("one.index",
                TestTables.bundle(TestTables.header(1), manyEntries(), TestTables.Options.TENSORFLOW)));
        checkMany(index.variables());
        assertThat(index.numShards()).isEqualTo(1);
        assertThat(index.prefix()).isEqualTo(dir.resolve("one"));
        assertThat(index.dataFiles()).containsExactly(dir.resolve("one.data-00000-of-00001"));
        assertThat(index.variable("save_counter/.ATTRIBUTES/VARIABLE_VALUE")).isPresent();
        assertThat(index.variable("nope")).isEmpty();
        assertThat(index.entry(VariableInfo.OBJECT_GRAPH).orElseThrow().getSize()).isEqualTo(99);
    }

    @Test
    void partitionedTensorsAreListedOnceWithTheirSliceCount() throws Exception {
        TensorSliceProto first = TensorSliceProto.newBuilder().addExtent(TensorSliceProto.Extent.newBuilder().setStart(0).setLength(5))
                .addExtent(TensorSliceProto.Extent.getDefaultInstance()).build();
        TensorSliceProto second = TensorSliceProto.newBuilder().addExtent(TensorSliceProto.Extent.newBuilder().setStart(5).setLength(5))
                .addExtent(TensorSliceProto.Extent.getDefaultInstance()).build();
        BundleEntryProto full = TestTables.entry(DataType.DT_FLOAT, 0, 10, 4).toBuilder().clearOffset().clearSize()
                .addSlices(first).addSlices(second).build();
        List<TestTables.KV> pairs = new ArrayList<>();
        pairs.add(new TestTables.KV(new byte[0], TestTables.header(2).toByteArray()));
        // Slice entries live under binary keys starting with \0 (TensorFlow's OrderedCode of 0), before any name.
        pairs.add(new TestTables.KV(new byte[] {0, 1, 'e', 'm', 'b', 0, 1}, TestTables.entry(DataType.DT_FLOAT, 0, 5, 4).toByteArray()));
        pairs.add(new TestTables.KV(new byte[] {0, 1, 'e', 'm', 'b', 0, 2},
                TestTables.entry(DataType.DT_FLOAT, 0, 5, 4).toBuilder().setShardId(1).build().toByteArray()));
        pairs.add(TestTables.KV.of("emb", full.toByteArray()));
        List<VariableInfo> vars = TensorBundleIndex.list(write("sliced.index", TestTables.table(pairs, TestTables.Options.TENSORFLOW)));
        assertThat(vars).hasSize(1);
        assertThat(vars.get(0)).isEqualTo(new VariableInfo("emb", "float32", new long[] {10, 4}, 0, 0, 0, 2));
    }

    @Test
    void aPathMayNameTheCheckpointInSeveralWays() throws Exception {
        byte[] bytes = TestTables.bundle(TestTables.header(1), manyEntries(), TestTables.Options.TENSORFLOW);
        Path train = Files.createDirectories(dir.resolve("train"));
        Files.write(train.resolve("ckpt-7.index"), bytes);
        Files.write(train.resolve("ckpt-8.index"), bytes);
        Files.writeString(train.resolve("checkpoint"), "model_checkpoint_path: \"ckpt-8\"\nall_model_checkpoint_paths: \"ckpt-7\"\n"
                + "all_model_checkpoint_paths: \"ckpt-8\"\n");
        Path savedModel = Files.createDirectories(dir.resolve("saved_model/variables"));
        Files.write(savedModel.resolve("variables.index"), bytes);

        assertThat(TensorBundleIndex.indexFileOf(train.resolve("ckpt-7"))).isEqualTo(train.resolve("ckpt-7.index"));
        assertThat(TensorBundleIndex.indexFileOf(train.resolve("ckpt-7.index"))).isEqualTo(train.resolve("ckpt-7.index"));
        assertThat(TensorBundleIndex.indexFileOf(train.resolve("ckpt-7.data-00000-of-00001"))).isEqualTo(train.resolve("ckpt-7.index"));
        assertThat(TensorBundleIndex.indexFileOf(train)).isEqualTo(train.resolve("ckpt-8.index"));
        assertThat(TensorBundleIndex.indexFileOf(savedModel.resolve("variables"))).isEqualTo(savedModel.resolve("variables.index"));
        assertThat(TensorBundleIndex.indexFileOf(dir.resolve("saved_model"))).isEqualTo(savedModel.resolve("variables.index"));
        assertThat(TensorBundleIndex.read(train.resolve("ckpt-7")).prefix()).isEqualTo(train.resolve("ckpt-7"));
        assertThat(TensorBundleIndex.read(dir.resolve("saved_model")).prefix()).isEqualTo(savedModel.resolve("variables"));

        assertThatThrownBy(() -> TensorBundleIndex.list(train.resolve("ckpt-9")))
                .hasMessage(train.resolve("ckpt-9") + ": no checkpoint here (neither " + train.resolve("ckpt-9.index") + " nor "
                        + train.resolve("ckpt-9") + " exists)");
        assertThatThrownBy(() -> TensorBundleIndex.list(dir)).hasMessageStartingWith(dir + ": a directory with neither");
        Files.writeString(train.resolve("checkpoint"), "model_checkpoint_path: \"ckpt-9\"\n");
        assertThatThrownBy(() -> TensorBundleIndex.list(train))
                .hasMessage(train.resolve("checkpoint") + ": names checkpoint " + train.resolve("ckpt-9") + ", but "
                        + train.resolve("ckpt-9.index") + " does not exist");
    }

    // ---- damage: each is one line that names the file ----

    private String damaged(byte[] bytes) throws IOException {
        Path f = write("damaged.index", bytes);
        CheckpointException e = catchThrowableOfType(CheckpointException.class, () -> TensorBundleIndex.list(f));
        assertThat(e).as("a CheckpointException").isNotNull();
        assertThat(e.getMessage()).startsWith(f + ": ").doesNotContain("\n");
        return e.getMessage().substring(f.toString().length() + 2);
    }

    private static byte[] small(int compression) {
        Map<String, BundleEntryProto> m = new LinkedHashMap<>();
        m.put("a/kernel", TestTables.entry(DataType.DT_FLOAT, 0, 2, 2));
        m.put("a/bias", TestTables.entry(DataType.DT_FLOAT, 16, 2));
        return TestTables.bundle(TestTables.header(1), m, new TestTables.Options(4096, 16, compression));
    }

    @Test
    void truncatedFiles() throws Exception {
        byte[] good = small(0);
        assertThat(damaged(new byte[0])).isEqualTo("not a checkpoint index: 0 bytes is too short for a table (its footer alone is 48); truncated?");
        assertThat(damaged(java.util.Arrays.copyOf(good, 47))).contains("too short");
        assertThat(damaged(java.util.Arrays.copyOf(good, good.length - 1))).startsWith("not a checkpoint index: bad table magic number");
        assertThat(damaged(java.util.Arrays.copyOf(good, good.length / 2))).startsWith("not a checkpoint index: bad table magic number");
        // Cut from the front: the footer survives but its handles point before the start of what is left.
        assertThat(damaged(java.util.Arrays.copyOfRange(good, 20, good.length))).containsAnyOf("points past", "checksum", "bad varint");
    }

    @Test
    void flippedBytesFailTheChecksum() throws Exception {
        byte[] good = small(0);
        for (int at : new int[] {0, 5, 20, good.length - 48 - 30}) {
            byte[] bad = good.clone();
            bad[at] ^= 0x10;
            assertThat(damaged(bad)).as("flip at " + at).matches(".* block at offset \\d+ \\(\\d+ bytes\\) fails its checksum "
                    + "\\(stored CRC32C 0x[0-9a-f]+, computed 0x[0-9a-f]+\\): the file is corrupt");
        }
        byte[] packed = small(1);
        packed[7] ^= 0x01;
        assertThat(damaged(packed)).startsWith("data block at offset 0 ").contains("fails its checksum");
    }

    @Test
    void damageBehindAValidChecksum() throws Exception {
        // A footer handle that points past the end.
        byte[] good = small(0);
        byte[] bad = good.clone();
        int footer = bad.length - 48;
        bad[footer] = (byte) 0xff;
        bad[footer + 1] = (byte) 0xff;
        bad[footer + 2] = 0x7f;
        assertThat(damaged(bad)).startsWith("truncated or corrupt: the footer's metaindex handle (offset 2097151");
        // Handles so large that offset + size overflows.
        bad = good.clone();
        byte[] huge = {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 0x0a};
        System.arraycopy(huge, 0, bad, footer, huge.length);
        assertThat(damaged(bad)).startsWith("truncated or corrupt: the footer's metaindex handle (offset 9223372036854775806, size 10)");
        // A footer varint that never ends.
        bad = good.clone();
        java.util.Arrays.fill(bad, footer, footer + 40, (byte) 0xff);
        assertThat(damaged(bad)).isEqualTo("footer's metaindex handle: bad varint at " + footer + " (longer than 10 bytes)");

        // In the data block (offset 0): the first entry's shared-length varint never ends.
        byte[] data = good.clone();
        int size = dataBlockSize(data);
        java.util.Arrays.fill(data, 0, 5, (byte) 0x80);
        TestTables.fixChecksum(data, 0, size);
        assertThat(damaged(data)).isEqualTo("data block at offset 0: bad varint at 0 (longer than 5 bytes)");

        // The first entry claims to share key bytes with a key before it.
        data = good.clone();
        data[0] = 3;
        TestTables.fixChecksum(data, 0, size);
        assertThat(damaged(data)).isEqualTo("data block at offset 0: entry at 0 shares 3 key bytes with a previous key of 0 at a restart point");

        // A value length that runs past the entries.
        data = good.clone();
        data[2] = 0x7f;
        TestTables.fixChecksum(data, 0, size);
        assertThat(damaged(data)).contains("runs past the block");

        // A restart count larger than the block.
        data = good.clone();
        data[size - 4] = (byte) 0xff;
        TestTables.fixChecksum(data, 0, size);
        assertThat(damaged(data)).startsWith("data block at offset 0: bad restart count 255");

        // Compression types other than none and snappy.
        data = good.clone();
        data[size] = 2;
        TestTables.fixChecksum(data, 0, size);
        assertThat(damaged(data)).isEqualTo("data block at offset 0 has compression type 2, which this reader does not know "
                + "(0 none and 1 snappy are the ones TensorFlow writes)");

        // A snappy block whose stream is broken.
        byte[] packed = small(1);
        int packedSize = dataBlockSize(packed);
        packed[1] = (byte) 0xff;
        TestTables.fixChecksum(packed, 0, packedSize);
        assertThat(damaged(packed)).startsWith("data block at offset 0 is snappy-compressed and does not decompress: ");
    }

    /** The size of the data block at offset 0: the first index entry's handle, read the simple way. */
    private static int dataBlockSize(byte[] file) throws CheckpointException {
        // The one data block is followed by its trailer, then the metaindex block (offset = size + 5).
        int footer = file.length - 48;
        int[] pos = {footer};
        long metaOffset = readVarint(file, pos);
        return (int) metaOffset - SsTable.BLOCK_TRAILER;
    }

    private static long readVarint(byte[] b, int[] pos) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            int x = b[pos[0]++] & 0xff;
            v |= (long) (x & 0x7f) << shift;
            if (x < 0x80) {
                return v;
            }
        }
    }

    @Test
    void entriesThatDoNotMakeSense() throws Exception {
        Map<String, BundleEntryProto> m = new LinkedHashMap<>();
        m.put("w", TestTables.entry(DataType.DT_FLOAT, 0, 2, 2).toBuilder().setSize(15).build());
        assertThat(damaged(TestTables.bundle(TestTables.header(1), m, TestTables.Options.TENSORFLOW)))
                .isEqualTo("w is float32 [2, 2] but takes 15 bytes in its shard (expected 16)");
        m.put("w", TestTables.entry(DataType.DT_FLOAT, 0, 2, 2).toBuilder().setShardId(3).build());
        assertThat(damaged(TestTables.bundle(TestTables.header(2), m, TestTables.Options.TENSORFLOW)))
                .isEqualTo("w is in shard 3 but the header says 2 shards");
        m.put("w", TestTables.entry(DataType.DT_FLOAT, 0, 2, -1));
        assertThat(damaged(TestTables.bundle(TestTables.header(1), m, TestTables.Options.TENSORFLOW)))
                .isEqualTo("w has a negative dimension -1 in its shape");
        m.put("w", TestTables.entry(DataType.DT_FLOAT, 0, 2));
        BundleHeaderProto newer = TestTables.header(1).toBuilder().setVersion(VersionDef.newBuilder().setProducer(3).setMinConsumer(2)).build();
        assertThat(damaged(TestTables.bundle(newer, m, TestTables.Options.TENSORFLOW)))
                .isEqualTo("written by a newer TensorFlow (bundle version 3, needs a reader of version 2; this one reads version 1)");

        // A V1 checkpoint (TensorSliceWriter): its "" entry is a SavedTensorSlices, whose field 1 is a message.
        List<TestTables.KV> v1 = List.of(new TestTables.KV(new byte[0], new byte[] {0x0a, 0x02, 0x12, 0x00}),
                new TestTables.KV(new byte[] {0, 1, 'w'}, new byte[] {0x12, 0x00}));
        assertThat(damaged(TestTables.table(v1, TestTables.Options.TENSORFLOW))).isEqualTo(
                "the header entry is not a BundleHeaderProto (it has fields [1] that one does not); a V1 checkpoint? This reader reads V2 only");
        m.put("w", TestTables.entry(DataType.DT_FLOAT, 0, 2));
        assertThat(damaged(TestTables.bundle(TestTables.header(0), m, TestTables.Options.TENSORFLOW)))
                .isEqualTo("w is in shard 0 but the header says 0 shards");

        List<TestTables.KV> noHeader = List.of(TestTables.KV.of("w", m.get("w").toByteArray()));
        assertThat(damaged(TestTables.table(noHeader, TestTables.Options.TENSORFLOW)))
                .isEqualTo("not a tensor bundle index: its first key is not the header entry \"\"");
        List<TestTables.KV> junk = List.of(new TestTables.KV(new byte[0], TestTables.header(1).toByteArray()),
                TestTables.KV.of("w", "\u00ff\u00ff\u00ff".getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(damaged(TestTables.table(junk, TestTables.Options.TENSORFLOW))).startsWith("the entry of w is not a BundleEntryProto (");
        List<TestTables.KV> unsorted = List.of(new TestTables.KV(new byte[0], TestTables.header(1).toByteArray()),
                TestTables.KV.of("b", m.get("w").toByteArray()), TestTables.KV.of("a", m.get("w").toByteArray()));
        assertThat(damaged(TestTables.table(unsorted, new TestTables.Options(4096, 1, 0)))).matches("data block at offset 0: keys out of order at entry \\d+");
    }

    @Test
    void dtypeNamesArePythons() {
        assertThat(Dtypes.name(DataType.DT_FLOAT, 1)).isEqualTo("float32");
        assertThat(Dtypes.name(DataType.DT_HALF, 19)).isEqualTo("float16");
        assertThat(Dtypes.name(DataType.DT_BFLOAT16, 14)).isEqualTo("bfloat16");
        assertThat(Dtypes.name(DataType.DT_STRING, 7)).isEqualTo("string");
        assertThat(Dtypes.name(DataType.UNRECOGNIZED, 999)).isEqualTo("dtype(999)");
        assertThat(new VariableInfo("x", "dtype(999)", new long[0], 0, 0, 0, 0).isNumeric()).isFalse();
        assertThat(new VariableInfo("x", "string", new long[0], 0, 0, 0, 0).isNumeric()).isFalse();
        assertThat(new VariableInfo("x", "int64", new long[0], 0, 0, 0, 0).isNumeric()).isTrue();
    }
}
