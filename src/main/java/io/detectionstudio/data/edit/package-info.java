/**
 * Undoable changes to a {@link io.detectionstudio.data.Dataset}: every edit the studio makes (a box drawn, a class
 * renamed, predictions accepted) is an {@link io.detectionstudio.data.edit.Edit} performed through an
 * {@link io.detectionstudio.data.edit.EditHistory}, which keeps a bounded undo/redo history per image, and the
 * {@link io.detectionstudio.data.edit.Autosaver} writes the dataset atomically soon after each change. No JavaFX here.
 */
package io.detectionstudio.data.edit;
