/**
 * The detection core: value types and reference math shared by every other layer. Pure Java: no
 * TensorFlow and no JavaFX here (an ArchUnit test keeps it so).
 *
 * <h2>Conventions (stated once, here, and pinned by {@code CoreConventionsTest})</h2>
 * <ul>
 *   <li><b>Boxes</b> are {@link io.detectionstudio.core.Box}es: {@code [ymin, xmin, ymax, xmax]},
 *       <em>normalized</em> to the image, so {@code (0, 0)} is the top-left corner of the image and
 *       {@code (1, 1)} the bottom-right one. This is the TF Object Detection API's convention. A box's
 *       height is {@code ymax - ymin} and its width {@code xmax - xmin}, with no "+1": coordinates
 *       are continuous, not pixel indices.</li>
 *   <li><b>Pixels</b>: a normalized coordinate {@code v} is {@code v * size} pixels, where {@code size}
 *       is the image's width (for x) or height (for y) as displayed, i.e. after EXIF orientation. The
 *       COCO files in {@code data} keep boxes in pixels as {@code [x, y, width, height]}; convert at the
 *       boundary with {@link io.detectionstudio.core.Box#fromCocoPixels} and
 *       {@link io.detectionstudio.core.Box#toCocoPixels}.</li>
 *   <li><b>Keypoints</b> are {@link io.detectionstudio.core.Keypoint}s: normalized {@code (y, x)} plus
 *       a COCO visibility {@code v}: 0 = not labelled, 1 = labelled but occluded, 2 = labelled and
 *       visible. Keypoint order is the order of the class's keypoint names.</li>
 *   <li><b>Class ids</b> are the dataset's category ids (COCO ids, 1-based in label maps). The model
 *       layers map them to 0-based class indices at their boundary.</li>
 *   <li><b>Empty boxes</b> (zero height or width) are legal values with area 0; their IoU with anything
 *       is 0.</li>
 * </ul>
 *
 * <p>The COCO evaluator in {@code core.eval} is the one exception to the normalized convention: COCO's
 * area ranges (small, medium, large) are in pixels, so it works on COCO pixel boxes.
 */
package io.detectionstudio.core;
