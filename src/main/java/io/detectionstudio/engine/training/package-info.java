/**
 * Training: turning a labelled dataset into batches (augmentation, copy-paste), and the job that trains a
 * detector on them. No JavaFX; progress goes to plain listeners.
 */
package io.detectionstudio.engine.training;
