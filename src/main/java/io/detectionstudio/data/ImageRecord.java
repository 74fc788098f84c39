package io.detectionstudio.data;

import java.util.Map;

/**
 * One image of a dataset. {@code fileName} is as the COCO file says: relative to the dataset's image root
 * (the folder of the JSON file), or absolute. Width and height are as displayed (after EXIF orientation).
 */
public record ImageRecord(long id, String fileName, int width, int height, Map<String, Object> extras) {

    public ImageRecord {
        extras = Extras.copy(extras);
    }

    public ImageRecord(long id, String fileName, int width, int height) {
        this(id, fileName, width, height, Map.of());
    }
}
