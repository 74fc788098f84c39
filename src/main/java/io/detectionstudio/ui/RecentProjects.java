package io.detectionstudio.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The projects opened last, newest first, one absolute path per line in a small text file (by default
 * {@code ~/.detection-studio/recent-projects.txt}). Paths that no longer exist are dropped when listed.
 */
public final class RecentProjects {

    public static final int MAX = 10;

    private final Path file;

    public RecentProjects(Path file) {
        this.file = file;
    }

    /** The user's list, under {@code -Ddetectionstudio.settings} or {@code ~/.detection-studio}. */
    public static RecentProjects forUser() {
        return new RecentProjects(settingsFolder().resolve("recent-projects.txt"));
    }

    /** The studio's folder for its own files: {@code -Ddetectionstudio.settings}, or {@code ~/.detection-studio}. */
    public static Path settingsFolder() {
        String dir = System.getProperty("detectionstudio.settings");
        return dir != null ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".detection-studio");
    }

    public List<Path> list() {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(Path::of).filter(Files::exists)
                    .distinct().limit(MAX).toList();
        } catch (IOException | java.nio.file.InvalidPathException e) {
            return List.of();
        }
    }

    /** Puts a path first; a failure to write the list is not worth bothering the user with. */
    public void add(Path path) {
        List<Path> out = new ArrayList<>();
        out.add(path.toAbsolutePath().normalize());
        for (Path p : list()) {
            if (!out.contains(p) && out.size() < MAX) {
                out.add(p);
            }
        }
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, out.stream().map(Path::toString).toList());
        } catch (IOException e) {
            // the list is a convenience; opening the project still worked
        }
    }
}
