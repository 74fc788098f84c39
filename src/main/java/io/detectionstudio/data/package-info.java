/**
 * The annotation domain: a {@link io.detectionstudio.data.Dataset} of
 * {@link io.detectionstudio.data.ImageRecord}s, {@link io.detectionstudio.data.Category}s (each with an
 * optional {@link io.detectionstudio.data.KeypointSchema}) and
 * {@link io.detectionstudio.data.ObjectAnnotation}s, read and written as COCO JSON by
 * {@link io.detectionstudio.data.CocoJson} and checked by {@link io.detectionstudio.data.DatasetValidator}.
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>This package keeps what the user made exactly as the file says it: boxes in COCO pixels
 *       {@code [x, y, width, height]} ({@link io.detectionstudio.data.CocoBox}), keypoints as COCO pixel
 *       triples {@code x, y, v}, polygons as pixel {@code x, y} lists. Conversions to the core's
 *       normalized convention happen on demand ({@link io.detectionstudio.data.CocoBox#toBox}), so a load
 *       and save never changes a number.</li>
 *   <li>Image sizes are as displayed, after EXIF orientation.</li>
 *   <li>Keypoint indices in a schema (skeleton edges, flip pairs) are 0-based in memory. COCO files
 *       number skeleton edges from 1; our files write flip pairs by keypoint name in the category's
 *       {@code "flip_pairs"} field (an extension COCO tools ignore).</li>
 *   <li>A VOC "difficult" object is written as {@code "difficult": 1} on the annotation (an extension).</li>
 *   <li>Fields we do not model are kept as they are in each object's {@code extras} and written back.</li>
 * </ul>
 */
package io.detectionstudio.data;
