/**
 * TensorFlow checkpoints: what is in one ({@link io.detectionstudio.model.checkpoint.TensorBundleIndex}, pure
 * Java) and the values of its tensors ({@link io.detectionstudio.model.checkpoint.CheckpointReader}, TensorFlow
 * Java in graph mode), for restoring pretrained weights such as the TF2 detection zoo's.
 *
 * <h2>The format (checkpoint V2, a "tensor bundle")</h2>
 * A checkpoint is a prefix, {@code .../ckpt-0} (a SavedModel's is {@code variables/variables}), naming
 * {@code PREFIX.index} and the data shards {@code PREFIX.data-00000-of-00001}... The data shards are the tensors'
 * raw bytes back to back (strings as varint lengths, a CRC, then the bytes). The index is a LevelDB table
 * ("SSTable"):
 * <pre>
 *   data blocks | metaindex block | index block | footer (48 bytes)
 *   footer = metaindex handle + index handle (varint64 offset, varint64 size each), padding, magic 0xdb4775248b80fb57
 *   block  = entries (prefix-compressed keys: varint32 shared, unshared, value length; restart points where the
 *            key is whole), restart offsets (fixed32 each), restart count (fixed32),
 *            then a 5-byte trailer: compression (0 none, 1 snappy) + masked CRC32C of the block and that byte
 * </pre>
 * In bytewise key order: {@code ""} holds a {@code BundleHeaderProto} (number of shards, endianness, version);
 * every other key is a tensor name holding a {@code BundleEntryProto} (dtype, shape, shard, offset, size, CRC32C
 * of the bytes, and slices for a partitioned tensor, whose parts have entries of their own under binary keys that
 * start with {@code \0}). TF2 object-based checkpoints name their tensors by object path,
 * {@code model/_feature_extractor/classification_backbone/layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE},
 * and add {@code _CHECKPOINTABLE_OBJECT_GRAPH}, a string scalar holding a serialized {@code TrackableObjectGraph}.
 *
 * <h2>What is read</h2>
 * <ul>
 *   <li>The whole index, every block's CRC verified, uncompressed or snappy-compressed blocks: TensorFlow Java
 *       writes them uncompressed, but Python TensorFlow of the zoo's era (2020) wrote the merged index of every
 *       sharded save, which is how {@code tf.train.Checkpoint} saves, with snappy; the zoo's checkpoints are such
 *       files. Restart points, key order across blocks, handles, varints, proto entries,
 *       shapes, shard ids and sizes (for fixed-width dtypes) are checked; anything wrong is a
 *       {@link io.detectionstudio.model.checkpoint.CheckpointException} with one line naming the file.</li>
 *   <li>Names, dtypes (by their Python names: {@code float32}...) and shapes of all tensors, the object graph
 *       entry included; the parts of partitioned tensors are folded into the tensor they belong to.</li>
 *   <li>Values, by name, through TensorFlow's own {@code RestoreV2} op, so TensorFlow checks the data CRCs,
 *       swaps bytes of big-endian checkpoints and assembles partitioned tensors. Floating-point tensors of any
 *       precision come as {@code float[]}/{@code double[]} or a {@code TFloat32}; integers, bools and strings
 *       as Java arrays; anything as the raw TensorFlow Java tensor.</li>
 * </ul>
 *
 * <h2>What is not</h2>
 * <ul>
 *   <li>Data shards are never parsed in Java: values need TensorFlow's native library, and the shards must be
 *       there (the zoo copy in {@code ../shared} has only its {@code .index} files: list, yes; read, no).</li>
 *   <li>Checkpoint V1 ({@code model.ckpt} files of TF 1.x's {@code Saver(write_version=V1)}, also LevelDB tables,
 *       holding {@code SavedTensorSlices}) and tables compressed with anything but snappy are refused with a
 *       message, not read.</li>
 *   <li>The object graph is not decoded here; {@link io.detectionstudio.model.checkpoint.CheckpointReader#readBytes}
 *       gives its bytes for {@code org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph}.</li>
 *   <li>Mapping checkpoint names onto this project's layers is the caller's business.</li>
 *   <li>TensorFlow Java 1.1 has no types for int8, int16, uint32, uint64, complex or quantized tensors: those
 *       are listed but cannot be read.</li>
 * </ul>
 */
package io.detectionstudio.model.checkpoint;
