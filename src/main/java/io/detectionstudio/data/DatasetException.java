package io.detectionstudio.data;

/** A dataset file that cannot be read or written at all; the message is one line naming the file. */
public class DatasetException extends Exception {

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
