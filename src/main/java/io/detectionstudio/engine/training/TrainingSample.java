package io.detectionstudio.engine.training;

import io.detectionstudio.core.Box;
import io.detectionstudio.core.Keypoint;
import java.util.List;

/**
 * One augmented training image: {@code size x size} RGB pixels scaled to {@code [-1, 1]} (row-major, HWC), and
 * its objects in normalized coordinates of that square.
 *
 * @param classes   0-based class index of each object (the model's index, not the dataset's category id)
 * @param keypoints per object its keypoints (empty for box-only classes)
 */
public record TrainingSample(int size, float[] pixels, List<Box> boxes, int[] classes, List<List<Keypoint>> keypoints) {
}
