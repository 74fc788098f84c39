package io.detectionstudio.ui.train;

import java.awt.image.BufferedImage;

/**
 * One image of the live preview: the detections of a checkpoint drawn on it.
 *
 * @param caption    e.g. {@code a.png · step 75 · 2 found}
 * @param step       the checkpoint's step
 * @param detections how many were drawn
 */
public record PreviewFrame(BufferedImage image, String caption, int step, int detections) {
}
