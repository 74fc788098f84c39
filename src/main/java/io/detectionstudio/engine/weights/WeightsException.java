package io.detectionstudio.engine.weights;

/** A start that cannot be found, downloaded or imported; the message is one line naming the file or URL and what is wrong. */
public class WeightsException extends Exception {

    public WeightsException(String message) {
        super(message);
    }

    public WeightsException(String message, Throwable cause) {
        super(message, cause);
    }
}
