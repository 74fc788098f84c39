/**
 * Training: turning a labelled dataset into batches (augmentation, copy-paste), and the job that trains a
 * detector on them. No JavaFX; progress goes to plain listeners ({@link io.detectionstudio.engine.training.TrainingListener},
 * combined with {@code TrainingListener.all}). {@link io.detectionstudio.engine.training.RunRecorder} is the listener
 * that writes a run's {@code summary.json} ({@link io.detectionstudio.engine.training.RunSummary}) and
 * {@code losses.csv} ({@link io.detectionstudio.engine.training.LossLog}); the command line's {@code train} and the
 * studio both add it, and the studio's runs list reads what it wrote.
 */
package io.detectionstudio.engine.training;
