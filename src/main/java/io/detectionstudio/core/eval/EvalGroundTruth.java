package io.detectionstudio.core.eval;

import io.detectionstudio.core.Keypoints;
import java.util.Objects;

/**
 * A ground-truth object as COCO evaluation sees it, in COCO <b>pixels</b>.
 *
 * @param id        the annotation id; kept for the caller's bookkeeping, the metrics do not depend on it
 * @param imageId   the image the object is on
 * @param categoryId its category
 * @param bbox      {@code [x, y, width, height]} in pixels (4 values). For keypoints it bounds the
 *                  region used when the object has no visible keypoint (see {@link CocoEvaluator#oks})
 * @param area      the COCO {@code "area"} field, which decides the small/medium/large bucket; callers
 *                  pass {@code width * height} when the file has none
 * @param iscrowd   COCO {@code iscrowd}: an ignored region that any number of detections may fall in;
 *                  for boxes the IoU with it is intersection over the detection's area
 * @param ignore    VOC "difficult": ignored like a crowd region but matched with the ordinary IoU (see
 *                  the package documentation)
 * @param keypoints {@code x, y, v} triples in pixels, or {@code null} when the object has none (it is
 *                  then ignored in keypoint evaluation)
 */
public record EvalGroundTruth(long id, long imageId, int categoryId, double[] bbox, double area,
                              boolean iscrowd, boolean ignore, double[] keypoints) {

    /**
     * Checks the shapes and takes copies of the arrays; the accessors return those copies, which must
     * not be modified.
     *
     * @throws IllegalArgumentException if {@code bbox} does not have 4 values or {@code keypoints} is not
     *                                  made of triples
     */
    public EvalGroundTruth {
        Objects.requireNonNull(bbox, "bbox");
        if (bbox.length != 4) {
            throw new IllegalArgumentException("bbox must be [x, y, w, h], got " + bbox.length + " values");
        }
        if (keypoints != null && keypoints.length % 3 != 0) {
            throw new IllegalArgumentException("keypoints must be x, y, v triples, got " + keypoints.length
                    + " values");
        }
        bbox = bbox.clone();
        keypoints = keypoints == null ? null : keypoints.clone();
    }

    /** A box-only ground truth whose area is its box's area. */
    public static EvalGroundTruth ofBox(long id, long imageId, int categoryId, double[] bbox) {
        return new EvalGroundTruth(id, imageId, categoryId, bbox, bbox[2] * bbox[3], false, false, null);
    }

    /** COCO's {@code num_keypoints}: the number of keypoints with {@code v > 0}; 0 when there are none. */
    public int numKeypoints() {
        return Keypoints.countLabelled(keypoints);
    }
}
