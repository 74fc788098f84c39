package io.detectionstudio.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writing files so that a crash mid-write never leaves half of one. */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /**
     * Writes bytes to a temporary file beside {@code file}, forces them to disk, keeps the old file as
     * {@code file.bak}, and moves the new one over it atomically: a reader (or a crash) sees the old file or the
     * new one, never half of one.
     */
    public static void write(byte[] bytes, Path file) throws DatasetException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            FilePermissions.likeTarget(tmp, abs);
            if (Files.exists(abs)) {
                // The backup is swapped in whole too: a crash during the copy leaves the old backup.
                Path bak = Files.createTempFile(dir, "." + abs.getFileName(), ".bak.tmp");
                try {
                    Files.copy(abs, bak, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(bak, dir.resolve(abs.getFileName() + ".bak"), StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(bak);
                }
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot write: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temporary file is hidden and named after the target
                }
            }
        }
    }
}
