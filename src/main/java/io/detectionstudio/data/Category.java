package io.detectionstudio.data;

import java.util.Map;

/**
 * A class of objects. {@code id} is the dataset's category id (COCO ids; label maps count from 1).
 * {@code keypoints} is null for box-only classes.
 */
public record Category(int id, String name, String supercategory, KeypointSchema keypoints, Map<String, Object> extras) {

    public Category {
        extras = Extras.copy(extras);
    }

    public Category(int id, String name) {
        this(id, name, null, null, Map.of());
    }

    public boolean hasKeypoints() {
        return keypoints != null;
    }
}
