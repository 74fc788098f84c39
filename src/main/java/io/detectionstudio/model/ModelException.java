package io.detectionstudio.model;

/** A model that cannot be loaded or run; the message is one line naming the model and what is wrong. */
public class ModelException extends Exception {

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
