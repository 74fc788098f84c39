package io.detectionstudio.model.checkpoint;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.proto.BundleEntryProto;
import org.tensorflow.proto.BundleHeaderProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.proto.VersionDef;

/**
 * The {@code .index} file of a TensorFlow checkpoint (a "tensor bundle", checkpoint format V2), read in pure
 * Java: which tensors the checkpoint holds, with their dtypes and shapes, without TensorFlow's native library.
 *
 * <p>A checkpoint {@code PREFIX} (TF names them {@code .../ckpt-0}; a SavedModel has {@code variables/variables})
 * is the file {@code PREFIX.index} and the data shards {@code PREFIX.data-00000-of-00001}... The index is a
 * LevelDB table (see {@link SsTable}) whose empty key {@code ""} holds a {@link BundleHeaderProto} (number of
 * shards, endianness, format version) and whose other keys, in bytewise order, are tensor names, each with a
 * {@link BundleEntryProto}: dtype, shape, shard, offset and size in that shard, CRC32C of the bytes, and
 * slices for a partitioned tensor (whose slices have entries of their own under binary keys starting with
 * {@code \0}; those are not listed as variables).
 *
 * <p>Every block's checksum is verified; blocks may be uncompressed or snappy-compressed (Python TensorFlow of
 * the zoo's era, 2020, wrote the merged index of every sharded save, which is how {@code tf.train.Checkpoint}
 * saves, with snappy; TensorFlow Java writes uncompressed blocks).
 * Any damage is a {@link CheckpointException} whose one-line message names the file and what is wrong.
 */
public final class TensorBundleIndex {

    /** The bundle format version this reader understands (TensorFlow's {@code kTensorBundleVersion}). */
    static final int BUNDLE_VERSION = 1;
    private static final Pattern DATA_FILE = Pattern.compile("(.*)\\.data-\\d{5}-of-\\d{5}");

    private final Path indexFile;
    private final Path prefix;
    private final BundleHeaderProto header;
    private final List<VariableInfo> variables;
    private final Map<String, VariableInfo> byName;
    private final Map<String, BundleEntryProto> entries;

    private TensorBundleIndex(Path indexFile, Path prefix, BundleHeaderProto header, Map<String, BundleEntryProto> entries,
            List<VariableInfo> variables) {
        this.indexFile = indexFile;
        this.prefix = prefix;
        this.header = header;
        this.entries = Collections.unmodifiableMap(entries);
        this.variables = List.copyOf(variables);
        Map<String, VariableInfo> m = new LinkedHashMap<>();
        for (VariableInfo v : variables) {
            m.put(v.name(), v);
        }
        this.byName = Collections.unmodifiableMap(m);
    }

    /**
     * The tensors of a checkpoint in the order of its index file (bytewise by name, so
     * {@code _CHECKPOINTABLE_OBJECT_GRAPH} comes before {@code model/...}), the object graph entry included.
     *
     * @param prefixOrIndexFile see {@link #read(Path)}
     */
    public static List<VariableInfo> list(Path prefixOrIndexFile) throws CheckpointException {
        return read(prefixOrIndexFile).variables();
    }

    /**
     * Reads a checkpoint's index.
     *
     * @param prefixOrIndexFile the checkpoint prefix ({@code .../ckpt-0}, whose index is {@code ckpt-0.index}), the
     *                          {@code .index} file itself, one of its data files, a SavedModel's
     *                          {@code variables/variables} prefix, a SavedModel directory, or a training directory
     *                          with a {@code checkpoint} state file (its {@code model_checkpoint_path} is used)
     * @throws CheckpointException when there is no such checkpoint or its index is truncated or corrupt
     */
    public static TensorBundleIndex read(Path prefixOrIndexFile) throws CheckpointException {
        Path index = indexFileOf(prefixOrIndexFile);
        byte[] bytes;
        try {
            long size = Files.size(index);
            if (size > Integer.MAX_VALUE - 16) {
                throw new CheckpointException(index + ": " + size + " bytes is too large for a checkpoint index");
            }
            bytes = Files.readAllBytes(index);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(index + ": file not found");
        } catch (IOException e) {
            throw new CheckpointException(index + ": cannot be read (" + e.getMessage() + ")", e);
        }
        return parse(bytes, index);
    }

    /** Parses the bytes of an index file; {@code indexFile} names it in messages and gives the prefix. */
    static TensorBundleIndex parse(byte[] bytes, Path indexFile) throws CheckpointException {
        String file = indexFile.toString();
        List<SsTable.Entry> table = SsTable.read(bytes, file);
        if (table.isEmpty() || table.get(0).key().length != 0) {
            throw new CheckpointException(file + ": not a tensor bundle index: its first key is not the header entry \"\"");
        }
        BundleHeaderProto header;
        try {
            header = BundleHeaderProto.parseFrom(table.get(0).value());
        } catch (InvalidProtocolBufferException e) {
            throw new CheckpointException(file + ": the header entry is not a BundleHeaderProto (" + e.getMessage() + ")", e);
        }
        if (!header.getUnknownFields().asMap().isEmpty()) {
            throw new CheckpointException(file + ": the header entry is not a BundleHeaderProto (it has fields "
                    + header.getUnknownFields().asMap().keySet() + " that one does not); a V1 checkpoint? This reader reads V2 only");
        }
        VersionDef version = header.getVersion();
        if (version.getMinConsumer() > BUNDLE_VERSION || version.getBadConsumersList().contains(BUNDLE_VERSION)) {
            throw new CheckpointException(file + ": written by a newer TensorFlow (bundle version " + version.getProducer()
                    + ", needs a reader of version " + version.getMinConsumer() + "; this one reads version " + BUNDLE_VERSION + ")");
        }
        if (header.getNumShards() < 0) {
            throw new CheckpointException(file + ": the header says " + header.getNumShards() + " shards");
        }
        Map<String, BundleEntryProto> entries = new LinkedHashMap<>();
        List<VariableInfo> variables = new ArrayList<>();
        for (SsTable.Entry e : table.subList(1, table.size())) {
            byte[] key = e.key();
            boolean sliceEntry = key.length > 0 && key[0] == 0;
            String name = sliceEntry ? "slice " + hex(key) : new String(key, StandardCharsets.UTF_8);
            BundleEntryProto entry;
            try {
                entry = BundleEntryProto.parseFrom(e.value());
            } catch (InvalidProtocolBufferException x) {
                throw new CheckpointException(file + ": the entry of " + name + " is not a BundleEntryProto (" + x.getMessage() + ")", x);
            }
            VariableInfo info = info(file, name, entry, header.getNumShards());
            if (!sliceEntry) {
                entries.put(name, entry);
                variables.add(info);
            }
        }
        return new TensorBundleIndex(indexFile, prefixOf(indexFile), header, entries, variables);
    }

    /** Checks an entry and describes it. */
    private static VariableInfo info(String file, String name, BundleEntryProto e, int numShards) throws CheckpointException {
        TensorShapeProto shapeProto = e.getShape();
        if (shapeProto.getUnknownRank()) {
            throw new CheckpointException(file + ": " + name + " has a shape of unknown rank");
        }
        long[] shape = new long[shapeProto.getDimCount()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeProto.getDim(i).getSize();
            if (shape[i] < 0) {
                throw new CheckpointException(file + ": " + name + " has a negative dimension " + shape[i] + " in its shape");
            }
            try {
                elements = Math.multiplyExact(elements, shape[i]);
            } catch (ArithmeticException x) {
                throw new CheckpointException(file + ": " + name + " has more elements than fit in 64 bits");
            }
        }
        DataType type = e.getDtype();
        String dtype = Dtypes.name(type, e.getDtypeValue());
        if (e.getSlicesCount() == 0) {
            if (e.getShardId() < 0 || e.getShardId() >= numShards) {
                throw new CheckpointException(file + ": " + name + " is in shard " + e.getShardId() + " but the header says "
                        + numShards + (numShards == 1 ? " shard" : " shards"));
            }
            if (e.getOffset() < 0 || e.getSize() < 0) {
                throw new CheckpointException(file + ": " + name + " has a negative offset or size");
            }
            int width = Dtypes.width(type);
            if (width > 0 && (elements > Long.MAX_VALUE / width || e.getSize() != elements * width)) {
                throw new CheckpointException(file + ": " + name + " is " + dtype + " " + Arrays.toString(shape) + " but takes "
                        + e.getSize() + " bytes in its shard (expected " + elements * width + ")");
            }
        }
        return new VariableInfo(name, dtype, shape, e.getShardId(), e.getOffset(), e.getSize(), e.getSlicesCount());
    }

    /**
     * The index file a path names, following the rules of {@link #read(Path)}; it need not exist when the path is
     * a prefix.
     */
    public static Path indexFileOf(Path path) throws CheckpointException {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        if (name.endsWith(".index") && !Files.isDirectory(path)) {
            return path;
        }
        Path sibling = path.resolveSibling(name + ".index");
        if (!name.isEmpty() && Files.isRegularFile(sibling)) {
            return sibling;
        }
        Matcher data = DATA_FILE.matcher(name);
        if (data.matches() && Files.isRegularFile(path.resolveSibling(data.group(1) + ".index"))) {
            return path.resolveSibling(data.group(1) + ".index");
        }
        if (Files.isDirectory(path)) {
            Path savedModel = path.resolve("variables").resolve("variables.index");
            if (Files.isRegularFile(savedModel)) {
                return savedModel;
            }
            Path state = path.resolve("checkpoint");
            if (Files.isRegularFile(state)) {
                return latestCheckpoint(path, state);
            }
            throw new CheckpointException(path + ": a directory with neither a SavedModel's variables/variables.index nor a "
                    + "checkpoint state file; give the checkpoint prefix (e.g. " + path.resolve("ckpt-0") + ")");
        }
        if (Files.isRegularFile(path)) {
            return path;
        }
        throw new CheckpointException(path + ": no checkpoint here (neither " + sibling + " nor " + path + " exists)");
    }

    /** The index named by a training directory's {@code checkpoint} file ({@code model_checkpoint_path: "ckpt-3"}). */
    private static Path latestCheckpoint(Path dir, Path state) throws CheckpointException {
        String text;
        try {
            text = Files.readString(state, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CheckpointException(state + ": cannot be read (" + e.getMessage() + ")", e);
        }
        Matcher m = Pattern.compile("(?m)^\\s*model_checkpoint_path:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(text);
        if (!m.find()) {
            throw new CheckpointException(state + ": no model_checkpoint_path in this checkpoint state file");
        }
        Path prefix = dir.resolve(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        Path index = prefix.resolveSibling(prefix.getFileName() + ".index");
        if (!Files.isRegularFile(index)) {
            throw new CheckpointException(state + ": names checkpoint " + prefix + ", but " + index + " does not exist");
        }
        return index;
    }

    private static Path prefixOf(Path indexFile) {
        String name = indexFile.getFileName().toString();
        return name.endsWith(".index") ? indexFile.resolveSibling(name.substring(0, name.length() - ".index".length())) : indexFile;
    }

    private static String hex(byte[] key) {
        StringBuilder s = new StringBuilder();
        for (byte b : key) {
            s.append(String.format("%02x", b & 0xff));
        }
        return s.toString();
    }

    /** The {@code .index} file that was read. */
    public Path indexFile() {
        return indexFile;
    }

    /** The checkpoint prefix: the index file without {@code .index}, what {@code RestoreV2} takes. */
    public Path prefix() {
        return prefix;
    }

    /** The header entry: number of shards, endianness, bundle format version. */
    public BundleHeaderProto header() {
        return header;
    }

    /** The number of data shards ({@code PREFIX.data-00000-of-NNNNN}). */
    public int numShards() {
        return header.getNumShards();
    }

    /** The data files the values are in: {@code PREFIX.data-00000-of-00002}, {@code PREFIX.data-00001-of-00002}... */
    public List<Path> dataFiles() {
        List<Path> files = new ArrayList<>();
        String name = prefix.getFileName().toString();
        for (int i = 0; i < header.getNumShards(); i++) {
            files.add(prefix.resolveSibling(String.format("%s.data-%05d-of-%05d", name, i, header.getNumShards())));
        }
        return files;
    }

    /** Every tensor, in the order of the file (bytewise by name); slices of partitioned tensors are not listed. */
    public List<VariableInfo> variables() {
        return variables;
    }

    /** The tensor of that name, if the checkpoint has it. */
    public Optional<VariableInfo> variable(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The raw index entry of that name, if any. */
    public Optional<BundleEntryProto> entry(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /** The dtype of that tensor as TensorFlow's enum, if the checkpoint has it. */
    Optional<DataType> dataType(String name) {
        return entry(name).map(BundleEntryProto::getDtype);
    }
}
