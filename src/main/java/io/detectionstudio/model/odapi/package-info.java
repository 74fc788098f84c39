/**
 * Models exported by the TF2 Object Detection API ({@code exporter_main_v2.py}): a SavedModel whose
 * {@code serving_default} signature takes {@code input_tensor} (uint8 {@code [1, H, W, 3]}) and returns
 * {@code detection_boxes} ({@code [1, N, 4]}, normalized ymin, xmin, ymax, xmax), {@code detection_scores},
 * {@code detection_classes} (label-map ids from 1, as floats) and {@code num_detections}, plus
 * {@code detection_keypoints} ({@code [1, N, K, 2]}, normalized y, x) and {@code detection_keypoint_scores}
 * for keypoint models.
 */
package io.detectionstudio.model.odapi;
