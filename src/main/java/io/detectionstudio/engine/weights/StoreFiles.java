package io.detectionstudio.engine.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** File helpers of the store: checksums, and the last step of every install (a forced file moved into place atomically). */
final class StoreFiles {

    private StoreFiles() {
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
    }

    /** The SHA-256 of a file, lower-case hex. */
    static String sha256(Path file) throws IOException {
        MessageDigest md = sha256Digest();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Copies {@code source} into {@code target} (created or truncated), forced to disk, and returns its SHA-256. */
    static String copyForced(Path source, Path target) throws IOException {
        MessageDigest md = sha256Digest();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(source);
                FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
                writeFully(out, buf, n);
            }
            out.force(true);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static void writeFully(FileChannel out, byte[] buf, int n) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    /** Writes bytes to a new file, forced to disk (the file is then moved into place by {@link #moveInto}). */
    static void writeForced(byte[] bytes, Path file) throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(out, bytes, bytes.length);
            out.force(true);
        }
    }

    /**
     * Moves a file already forced to disk over {@code target}, atomically (both in the same folder), then forces the
     * folder's entry where the platform allows: a reader, or a crash, sees the old file or the new one.
     */
    static void moveInto(Path forced, Path target) throws IOException {
        Files.move(forced, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(target.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform lets a folder be opened (Windows): the move itself is still atomic
        }
    }

    /** A hidden temporary file beside {@code target}, named after it. */
    static Path tempBeside(Path target) throws IOException {
        return Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".tmp");
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort: a hidden temporary file named after its target
        }
    }

    /** E.g. "4.1 MB". */
    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
