package io.detectionstudio.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Deleting a folder with everything in it. */
public final class FileTrees {

    private FileTrees() {
    }

    /** Deletes {@code root} and everything under it, deepest first; stops at the first file that cannot be deleted. */
    public static void delete(Path root) throws IOException {
        for (Path p : deepestFirst(root)) {
            Files.delete(p);
        }
    }

    /** As {@link #delete}, best effort: what cannot be deleted (or listed) is left, silently. */
    public static void deleteQuietly(Path root) {
        try {
            for (Path p : deepestFirst(root)) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // left behind; its folder stays too
                }
            }
        } catch (IOException ignored) {
            // nothing there, or not listable
        }
    }

    private static List<Path> deepestFirst(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.sorted(Comparator.reverseOrder()).toList();
        }
    }
}
