/**
 * TFRecord files of tf.Examples with the TensorFlow Object Detection API's keys: what the OD API trains from.
 * Plain Java (the tf.Example messages are generated from {@code src/main/proto/tf}); no TensorFlow.
 *
 * <ul>
 *   <li>{@link io.detectionstudio.data.tfrecord.TfRecordFiles}: the framing (length, masked CRC-32C of the length,
 *       data, masked CRC-32C of the data), a streaming writer and a reader that stops at damage with a one-line
 *       problem naming the file, the record (from 0) and its byte offset, keeping the records before it.</li>
 *   <li>{@link io.detectionstudio.data.tfrecord.TfRecordFormat}: the {@code tfrecord}
 *       {@link io.detectionstudio.data.formats.DatasetFormat}: a dataset to and from tf.Examples.</li>
 *   <li>{@link io.detectionstudio.data.tfrecord.TfRecordShards}: shard names and what a path means.</li>
 * </ul>
 *
 * <h2>Keys</h2>
 * One tf.Example per image ({@link io.detectionstudio.data.tfrecord.OdApiKeys}), as
 * {@code dataset_tools/create_coco_tf_record.py} writes them and {@code data_decoders/tf_example_decoder.py} reads
 * them:
 * <pre>
 * image/encoded          bytes   the image file's bytes as they are (JPEG, PNG, BMP, GIF; never re-encoded)
 * image/format           bytes   "jpeg", "png", "bmp" or "gif" (from the content)
 * image/filename         bytes   the dataset's file name (relative; an absolute one keeps its last part)
 * image/source_id        bytes   the COCO image id as text
 * image/key/sha256       bytes   SHA-256 of image/encoded, hex
 * image/height, /width   int64   the stored image's size (as TensorFlow decodes it)
 * image/object/bbox/xmin, xmax, ymin, ymax   float   normalized box edges, one per object
 * image/object/class/label   int64   category id (label maps count from 1)
 * image/object/class/text    bytes   category name
 * image/object/difficult     int64   0/1
 * image/object/is_crowd      int64   0/1
 * image/object/area          float   COCO area in pixels (the box's area when the dataset has none)
 * image/object/keypoint/x, y           float   normalized, K per object, flattened over objects
 * image/object/keypoint/visibility     int64   COCO 0/1/2, K per object
 * image/object/keypoint/text           bytes   keypoint names, K per object
 * image/object/keypoint/num            int64   labelled keypoints per object
 * image/object/mask          bytes   one PNG per object (8-bit grey, 1 inside), when the dataset has segmentations
 * </pre>
 * Keypoint and mask keys are written only when the dataset has keypoint categories or segmentations; then every
 * record has them, so that the OD API can decode every record the same way. Keypoints that are absent (visibility
 * 0, or an object without keypoints) are written {@code x = y = 0, visibility = 0}, as the OD API does (its decoder
 * turns them into NaN). {@code K} is the total of the distinct keypoint schemas of the categories (usually just the
 * one schema's size; see {@link io.detectionstudio.data.tfrecord.KeypointLayout}). Masks are rasterized from the
 * polygons (pixel centres inside), or decoded from COCO RLE; an object without a segmentation gets an empty mask.
 *
 * <h2>Orientation</h2>
 * TensorFlow decodes the stored pixels of a JPEG and ignores its EXIF orientation, while a dataset's sizes and
 * pixels are as displayed. So for an image with an EXIF orientation the record's sizes, boxes, keypoints and masks
 * are those of the stored pixels (turned back from the displayed ones), and reading turns them forward again.
 *
 * <h2>Sharding</h2>
 * Shard files are named as the OD API's {@code open_sharded_output_tfrecords} names them:
 * {@code BASE-00000-of-00004} ... {@code BASE-00003-of-00004}; images go round robin (image {@code i} into shard
 * {@code i % M}). Writing to a path:
 * <ul>
 *   <li>{@code train.record} (any other name): one unsharded file;</li>
 *   <li>{@code train.record-00000-of-00004} or {@code train.record-?????-of-00004}: 4 shards of base
 *       {@code train.record};</li>
 *   <li>an existing folder {@code out/train}: shards {@code out/train/train.record-0000i-of-0000M} with
 *       {@code M = ceil(image bytes / 100 MiB)}, at least 1, at most one per image;</li>
 *   <li>{@link io.detectionstudio.data.tfrecord.TfRecordFormat#write(io.detectionstudio.data.Dataset,
 *       java.nio.file.Path, int)}: that many shards, always named with the shard suffix.</li>
 * </ul>
 * Reading takes one file, a pattern ({@code train.record-?????-of-00004}, or any glob; a missing shard of a
 * {@code -?????-of-M} pattern is reported) or a folder (its {@code .record}, {@code .tfrecord}, {@code .tfrecords},
 * {@code .tfrec} and shard-named files, in name order).
 *
 * <h2>Images when reading</h2>
 * The images are written out of {@code image/encoded}, byte for byte, into {@code BASE_images/} beside the records
 * ({@code train.record} or its shards give {@code train.record_images/}), or into a folder the caller gives;
 * a file already there with the same bytes is left alone, so reading twice writes nothing the second time. The
 * dataset's image root is that folder.
 *
 * <h2>What a round trip keeps</h2>
 * COCO to TFRecord to COCO keeps images (ids, file names, sizes), categories (ids, names; keypoint names when the
 * categories are given to {@link io.detectionstudio.data.tfrecord.TfRecordFormat#read(java.nio.file.Path,
 * java.util.List)}), boxes, iscrowd, difficult, areas and labelled keypoints up to float32 rounding, and in fact
 * exactly whenever the numbers have few decimals (a value is read back as the shortest decimal that gives the
 * same float). It does not keep annotation ids (they count from 1), supercategories, skeletons, COCO's info and
 * licenses, or unmodelled fields; polygons come back as the RLE of their rasterized mask.
 */
package io.detectionstudio.data.tfrecord;
