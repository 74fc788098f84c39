/**
 * Long-running work on models and datasets (inference over a dataset today; training jobs next), with no
 * JavaFX: callers report progress through plain listeners.
 */
package io.detectionstudio.engine;
