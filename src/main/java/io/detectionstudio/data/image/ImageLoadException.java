package io.detectionstudio.data.image;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An image file that cannot be opened, identified or decoded.
 *
 * <p>{@link #getMessage()} is always one line, {@code "<file>: <reason>"}, where {@code <file>} is the path exactly
 * as it was passed in, for example:
 * <pre>
 * photos/a.jpg: not an image file (no reader for its content)
 * photos/b.jpg: file not found
 * photos/c.jpg: truncated JPEG data
 * photos/c.jpg: truncated or corrupt JPEG data (Unsupported marker type 0x4f)
 * photos/d.heic: unsupported image format (HEIF/HEIC)
 * </pre>
 * It never contains stack trace text; the underlying exception, if any, is the {@link #getCause() cause}.
 */
public final class ImageLoadException extends Exception {

    private static final long serialVersionUID = 1L;
    private static final int MAX_REASON_LENGTH = 300;

    /** Broad kinds of failure, for callers that group or count problems. */
    public enum Kind {
        /** The file does not exist. */
        NOT_FOUND,
        /** The file exists but cannot be read: a directory, no permission, an I/O error. */
        UNREADABLE,
        /** The content is not a known image format (empty file, text, random bytes). */
        NOT_AN_IMAGE,
        /** The content is an image format for which no reader is installed (HEIC, WebP, ...). */
        UNSUPPORTED_FORMAT,
        /** The file is an image but its data is truncated or damaged. */
        CORRUPT,
        /** The image is too large to be held in memory as one RGB image. */
        TOO_LARGE
    }

    private final transient Path file;
    private final Kind kind;
    private final String reason;

    /**
     * @param file   the file, as the caller named it (it is shown as {@code file.toString()})
     * @param kind   the kind of failure
     * @param reason what is wrong, without the file name; line breaks are folded into spaces
     * @param cause  the underlying exception, or {@code null}
     */
    public ImageLoadException(Path file, Kind kind, String reason, Throwable cause) {
        super(Objects.requireNonNull(file, "file") + ": " + oneLine(reason), cause);
        this.file = file;
        this.kind = Objects.requireNonNull(kind, "kind");
        this.reason = oneLine(reason);
    }

    /** The file that failed, as the caller named it. */
    public Path file() {
        return file;
    }

    /** The kind of failure. */
    public Kind kind() {
        return kind;
    }

    /** What is wrong, one line without the file name, e.g. {@code "file not found"}. */
    public String reason() {
        return reason;
    }

    /** Folds any line breaks and runs of white space into single spaces and caps the length. */
    static String oneLine(String text) {
        String s = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        if (s.isEmpty()) {
            s = "unknown error";
        }
        return s.length() <= MAX_REASON_LENGTH ? s : s.substring(0, MAX_REASON_LENGTH - 3) + "...";
    }
}
