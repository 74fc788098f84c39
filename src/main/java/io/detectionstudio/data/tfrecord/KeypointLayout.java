package io.detectionstudio.data.tfrecord;

import io.detectionstudio.data.Category;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each category's keypoints sit in a tf.Example's flattened keypoint lists. The OD API decodes
 * {@code image/object/keypoint/*} as {@code K} keypoints for every object, one list of keypoints for the whole
 * dataset (a label map gives each class its keypoints by index into it). So the {@code K} slots are the distinct
 * keypoint schemas of the categories (distinct by their names, in category order) one after the other: with one
 * schema, or with several categories sharing one, {@code K} is its size. An object fills its category's slots;
 * every other slot, and all of them for an object of a box-only category, is {@code x = y = 0, visibility = 0},
 * as the OD API's {@code create_coco_tf_record.py} writes keypoints that are absent.
 */
final class KeypointLayout {

    private final Map<Integer, Integer> offsetByCategory = new HashMap<>();
    private final List<String> names = new ArrayList<>();

    KeypointLayout(List<Category> categories) {
        Map<List<String>, Integer> offsets = new LinkedHashMap<>();
        for (Category c : categories) {
            if (!c.hasKeypoints()) {
                continue;
            }
            List<String> schema = c.keypoints().names();
            Integer offset = offsets.get(schema);
            if (offset == null) {
                offset = names.size();
                offsets.put(schema, offset);
                names.addAll(schema);
            }
            offsetByCategory.put(c.id(), offset);
        }
    }

    /** {@code K}: keypoints per object. */
    int size() {
        return names.size();
    }

    /** The names of the {@code K} slots. */
    List<String> names() {
        return names;
    }

    /** The first slot of a category's keypoints, or null for a box-only category. */
    Integer offset(int categoryId) {
        return offsetByCategory.get(categoryId);
    }
}
