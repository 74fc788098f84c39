package io.detectionstudio.model.checkpoint;

/**
 * A checkpoint that cannot be read: a missing, truncated or corrupt {@code .index} file, a missing data
 * shard, a tensor that is not in the checkpoint or not of the asked type. The message is one line that
 * names the file (or checkpoint prefix) and what is wrong with it.
 */
public class CheckpointException extends Exception {

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
