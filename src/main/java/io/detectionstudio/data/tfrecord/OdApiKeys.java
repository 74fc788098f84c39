package io.detectionstudio.data.tfrecord;

import java.util.List;

/**
 * The tf.Example feature keys {@link TfRecordFormat} writes and reads: those of the OD API's
 * {@code core/standard_fields.py} ({@code TfExampleFields}), {@code data_decoders/tf_example_decoder.py} and
 * {@code dataset_tools/create_coco_tf_record.py}. Per-object lists are parallel: entry {@code i} of each belongs to
 * object {@code i}; keypoint lists hold {@code K} entries per object (see {@link TfRecordFormat}).
 */
public final class OdApiKeys {

    /** bytes: the image file's bytes as they are (JPEG, PNG, BMP or GIF). */
    public static final String IMAGE_ENCODED = "image/encoded";
    /** bytes: {@code jpeg}, {@code png}, {@code bmp} or {@code gif}. */
    public static final String IMAGE_FORMAT = "image/format";
    /** bytes: the image's file name as the dataset gives it (relative), UTF-8. */
    public static final String IMAGE_FILENAME = "image/filename";
    /** bytes: the COCO image id, as decimal text. */
    public static final String IMAGE_SOURCE_ID = "image/source_id";
    /** bytes: the SHA-256 of {@link #IMAGE_ENCODED}, as 64 lower-case hex digits. */
    public static final String IMAGE_KEY_SHA256 = "image/key/sha256";
    /** int64: height in pixels of the stored image (as TensorFlow decodes it, without EXIF orientation). */
    public static final String IMAGE_HEIGHT = "image/height";
    /** int64: width in pixels of the stored image. */
    public static final String IMAGE_WIDTH = "image/width";

    /** float per object: left edge, normalized by the width. */
    public static final String BBOX_XMIN = "image/object/bbox/xmin";
    /** float per object: right edge, normalized by the width. */
    public static final String BBOX_XMAX = "image/object/bbox/xmax";
    /** float per object: top edge, normalized by the height. */
    public static final String BBOX_YMIN = "image/object/bbox/ymin";
    /** float per object: bottom edge, normalized by the height. */
    public static final String BBOX_YMAX = "image/object/bbox/ymax";
    /** int64 per object: the category id (label maps count from 1). */
    public static final String CLASS_LABEL = "image/object/class/label";
    /** bytes per object: the category's name, UTF-8. */
    public static final String CLASS_TEXT = "image/object/class/text";
    /** int64 per object: VOC's difficult flag, 0 or 1. */
    public static final String DIFFICULT = "image/object/difficult";
    /** int64 per object: COCO's iscrowd, 0 or 1. */
    public static final String IS_CROWD = "image/object/is_crowd";
    /** float per object: COCO's area in pixels (the box's area when the dataset has none). */
    public static final String AREA = "image/object/area";
    /** float, K per object: keypoint x, normalized; 0 for keypoints that are not labelled. */
    public static final String KEYPOINT_X = "image/object/keypoint/x";
    /** float, K per object: keypoint y, normalized; 0 for keypoints that are not labelled. */
    public static final String KEYPOINT_Y = "image/object/keypoint/y";
    /** int64, K per object: COCO visibility 0 (not labelled), 1 (labelled, hidden) or 2 (visible). */
    public static final String KEYPOINT_VISIBILITY = "image/object/keypoint/visibility";
    /** bytes, K per object: the keypoints' names. */
    public static final String KEYPOINT_TEXT = "image/object/keypoint/text";
    /** int64 per object: how many of its keypoints are labelled (COCO's num_keypoints). */
    public static final String KEYPOINT_NUM = "image/object/keypoint/num";
    /** bytes per object: a PNG of the stored image's size, 1 inside the object, 0 outside. */
    public static final String MASK = "image/object/mask";

    /** Every key above, in the order written. */
    public static final List<String> ALL = List.of(IMAGE_HEIGHT, IMAGE_WIDTH, IMAGE_FILENAME, IMAGE_SOURCE_ID,
            IMAGE_KEY_SHA256, IMAGE_ENCODED, IMAGE_FORMAT, BBOX_XMIN, BBOX_XMAX, BBOX_YMIN, BBOX_YMAX, CLASS_TEXT,
            CLASS_LABEL, DIFFICULT, IS_CROWD, AREA, KEYPOINT_X, KEYPOINT_Y, KEYPOINT_VISIBILITY, KEYPOINT_TEXT,
            KEYPOINT_NUM, MASK);

    private OdApiKeys() {
    }
}
