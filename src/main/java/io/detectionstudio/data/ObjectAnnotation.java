package io.detectionstudio.data;

import io.detectionstudio.core.Keypoints;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One labelled object: a box on an image, of a category, with optional keypoints and segmentation.
 *
 * @param area       COCO's {@code area} field, or null when the file has none (then {@link #effectiveArea()}
 *                   is the box area)
 * @param keypoints  COCO pixel triples {@code x1, y1, v1, ...}, or null when the object has none
 * @param polygons   zero or more polygons, each pixel {@code x1, y1, x2, y2, ...}
 * @param rle        a run-length-encoded mask kept as read (a map with {@code counts} and {@code size}), or
 *                   null; we do not edit masks yet, but we never drop one
 * @param iscrowd    COCO's crowd flag: the box covers a group, and detections inside it are not errors
 * @param difficult  VOC's difficult flag: the object is ignored by evaluation
 */
public record ObjectAnnotation(long id, long imageId, int categoryId, CocoBox bbox, Double area, boolean iscrowd,
                               boolean difficult, double[] keypoints, List<double[]> polygons, Object rle,
                               Map<String, Object> extras) {

    public ObjectAnnotation {
        Objects.requireNonNull(bbox, "bbox");
        keypoints = keypoints == null ? null : keypoints.clone();
        List<double[]> copy = new ArrayList<>();
        if (polygons != null) {
            for (double[] p : polygons) {
                copy.add(p.clone());
            }
        }
        polygons = List.copyOf(copy);
        extras = Extras.copy(extras);
    }

    /** A plain box annotation. */
    public ObjectAnnotation(long id, long imageId, int categoryId, CocoBox bbox) {
        this(id, imageId, categoryId, bbox, null, false, false, null, List.of(), null, Map.of());
    }

    /** The area COCO evaluation uses: the {@code area} field when present, else the box area. */
    public double effectiveArea() {
        return area != null ? area : bbox.area();
    }

    /** Number of labelled keypoints (visibility > 0), COCO's {@code num_keypoints}. */
    public int numKeypoints() {
        return Keypoints.countLabelled(keypoints);
    }

    @Override
    public double[] keypoints() {
        return keypoints == null ? null : keypoints.clone();
    }

    public ObjectAnnotation withBox(CocoBox newBox) {
        return new ObjectAnnotation(id, imageId, categoryId, newBox, area, iscrowd, difficult, keypoints, polygons, rle, extras);
    }

    public ObjectAnnotation withCategory(int newCategoryId) {
        return new ObjectAnnotation(id, imageId, newCategoryId, bbox, area, iscrowd, difficult, keypoints, polygons, rle, extras);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ObjectAnnotation a)) {
            return false;
        }
        if (polygons.size() != a.polygons.size()) {
            return false;
        }
        for (int i = 0; i < polygons.size(); i++) {
            if (!Arrays.equals(polygons.get(i), a.polygons.get(i))) {
                return false;
            }
        }
        return id == a.id && imageId == a.imageId && categoryId == a.categoryId && bbox.equals(a.bbox)
                && Objects.equals(area, a.area) && iscrowd == a.iscrowd && difficult == a.difficult
                && Arrays.equals(keypoints, a.keypoints) && Objects.equals(rle, a.rle) && extras.equals(a.extras);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(id, imageId, categoryId, bbox, area, iscrowd, difficult, rle, extras);
        h = 31 * h + Arrays.hashCode(keypoints);
        for (double[] p : polygons) {
            h = 31 * h + Arrays.hashCode(p);
        }
        return h;
    }

    @Override
    public String toString() {
        return "ObjectAnnotation[id=" + id + ", imageId=" + imageId + ", categoryId=" + categoryId + ", bbox=" + bbox
                + (keypoints != null ? ", keypoints=" + Arrays.toString(keypoints) : "")
                + (polygons.isEmpty() ? "" : ", polygons=" + polygons.size()) + "]";
    }
}
