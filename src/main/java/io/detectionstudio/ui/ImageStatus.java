package io.detectionstudio.ui;

/** Where an image is in the labelling loop, as the browser shows it. */
public enum ImageStatus {
    /** No annotations and no predictions. */
    UNLABELLED,
    /** Has predictions from the chosen run, no annotations yet. */
    PREDICTED,
    /** Has annotations. */
    LABELLED,
    /** The user marked it done (its {@code reviewed} flag in the COCO file). */
    REVIEWED
}
