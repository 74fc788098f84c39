package io.detectionstudio.ui.canvas;

/** What a click on the canvas does. */
public enum Tool {
    /** Select, move, resize, delete; drag keypoints. Key V. */
    SELECT,
    /** Drag a box. Key B. */
    BOX,
    /** Click the class's keypoints in order (Shift: occluded; S: skip). Key K. */
    KEYPOINT,
    /** Click vertices; Enter or double-click closes. Key P. */
    POLYGON
}
