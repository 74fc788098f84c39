package io.detectionstudio.data.formats;

import io.detectionstudio.data.DatasetException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * Writes a folder all or nothing: its content goes into a hidden temporary folder beside it, which is renamed
 * into place only when everything is written. On failure the temporary folder is deleted, and so are any parent
 * folders this write created, so nothing is left behind. An existing folder is replaced only when it is empty:
 * a folder with content is refused before anything is written, never half overwritten.
 */
public final class OutputFolder {

    /** What goes into the folder; {@code dir} is the temporary folder, not the final one. */
    public interface Content {
        void writeInto(Path dir) throws IOException, DatasetException;
    }

    private OutputFolder() {
    }

    public static void write(Path target, Content content) throws DatasetException {
        Path abs = target.toAbsolutePath().normalize();
        if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS)) {
                throw new DatasetException(target + ": exists and is not a folder (nothing was written)");
            }
            if (!isEmpty(abs)) {
                throw new DatasetException(target + ": already exists and is not empty; give a new or empty folder"
                        + " (nothing was written)");
            }
        }
        Path parent = abs.getParent();
        Path firstCreated = firstMissing(parent);
        Path tmp = null;
        boolean done = false;
        try {
            Files.createDirectories(parent);
            tmp = Files.createTempDirectory(parent, "." + abs.getFileName() + ".tmp-");
            if (Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            content.writeInto(tmp);
            boolean existed = Files.exists(abs, LinkOption.NOFOLLOW_LINKS);
            if (existed) {
                Files.delete(abs);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (existed) {
                    Files.createDirectories(abs);
                }
                throw e;
            }
            done = true;
        } catch (IOException e) {
            throw new DatasetException(target + ": cannot write: " + oneLine(e) + " (nothing was written)", e);
        } finally {
            if (!done) {
                deleteQuietly(tmp);
                deleteQuietly(firstCreated);
            }
        }
    }

    /**
     * {@code dir/name}, where {@code name} (a relative path made from a dataset's file names) must stay inside
     * {@code dir}: an absolute name, {@code ..} or an empty part is refused, whatever the dataset says.
     */
    public static Path inside(Path dir, String name) throws IOException {
        Path base = dir.toAbsolutePath().normalize();
        Path p = base.resolve(name).normalize();
        if (name.isEmpty() || Path.of(name).isAbsolute() || name.contains("\\") || !p.startsWith(base) || p.equals(base)
                || java.util.Arrays.asList(name.split("/")).contains("..")) {
            throw new IOException("the file name \"" + name + "\" would be written outside " + dir);
        }
        return p;
    }

    public static boolean isEmpty(Path dir) throws DatasetException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new DatasetException(dir + ": cannot list the folder: " + oneLine(e));
        }
    }

    /** The topmost ancestor of {@code dir} (or {@code dir} itself) that does not exist yet, or null. */
    private static Path firstMissing(Path dir) {
        Path missing = null;
        for (Path p = dir; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    /** Deletes a tree this write made (links are deleted, never followed); best effort. */
    public static void deleteQuietly(Path root) {
        if (root == null || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // best effort: the temporary folder is hidden and named after the target
        }
    }

    public static String oneLine(Exception e) {
        String s = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof java.nio.file.NoSuchFileException) {
            s = s + ": no such file or folder";
        } else if (e instanceof java.nio.file.AccessDeniedException) {
            s = s + ": permission denied";
        }
        return s.replaceAll("\\s+", " ").strip();
    }
}
