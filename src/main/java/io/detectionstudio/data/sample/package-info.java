/**
 * The project's own sample datasets, generated procedurally with Java2D (no JavaFX, no TensorFlow):
 * {@link io.detectionstudio.data.sample.SampleDatasets} writes {@code toy-ducks} (boxes of a rubber duck
 * toy) and {@code toy-figures} (keypoints of a toy bear) as COCO JSON with JPEG images. Scenes are plain
 * parameters ({@code Scene}); the renderer paints them and derives each label from per-object coverage
 * masks, so boxes are the tight boxes of visible pixels. Everything is a function of explicit seeds.
 */
package io.detectionstudio.data.sample;
