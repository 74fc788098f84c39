package io.detectionstudio.model;

import io.detectionstudio.core.Detection;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A trained detector, ready to run. Implementations hold native TensorFlow resources: close them. One
 * detector may be used from one thread at a time.
 */
public interface Detector extends AutoCloseable {

    /** Detections on an upright RGB image (as {@code ImageLoader.loadRgb} returns), best first. */
    List<Detection> detect(BufferedImage image) throws ModelException;

    /** Class names by category id, when the detector knows them (else empty). */
    java.util.Map<Integer, String> categoryNames();

    @Override
    void close();
}
