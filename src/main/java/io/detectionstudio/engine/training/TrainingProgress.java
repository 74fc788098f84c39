package io.detectionstudio.engine.training;

import java.util.Map;

/**
 * One step's report.
 *
 * @param losses        each loss term by name (e.g. {@code object_center}, {@code box_scale}, {@code box_offset}) and
 *                      {@code total}
 * @param imagesPerSecond training throughput over the recent steps
 * @param etaSeconds    estimated seconds to the end (steps or time budget, whichever comes first)
 */
public record TrainingProgress(int step, int totalSteps, Map<String, Double> losses, double learningRate,
                               double imagesPerSecond, double etaSeconds, double elapsedSeconds) {
}
