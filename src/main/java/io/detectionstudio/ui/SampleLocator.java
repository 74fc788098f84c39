package io.detectionstudio.ui;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the sample datasets that ship with the studio ({@code sample-datasets/NAME/annotations.coco.json}): under
 * {@code -Ddetectionstudio.home}, beside the jar's folder (the repository root when run from {@code target/}, the
 * app folder in an installed image), or in the working folder.
 */
public final class SampleLocator {

    private SampleLocator() {
    }

    /** Sample dataset folders, by name. */
    public static List<Path> samples() {
        Set<Path> roots = new LinkedHashSet<>();
        String home = System.getProperty("detectionstudio.home");
        if (home != null) {
            roots.add(Path.of(home));
        }
        try {
            Path jar = Path.of(SampleLocator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = jar.getParent(); p != null && roots.size() < 5; p = p.getParent()) {
                roots.add(p);
                if (Files.isDirectory(p.resolve("sample-datasets"))) {
                    break;
                }
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // no code source: the other places still count
        }
        roots.add(Path.of("").toAbsolutePath());
        for (Path root : roots) {
            Path dir = root.resolve("sample-datasets");
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    List<Path> out = new ArrayList<>(s.filter(p -> Files.isRegularFile(p.resolve("annotations.coco.json")))
                            .sorted().toList());
                    if (!out.isEmpty()) {
                        return out;
                    }
                } catch (IOException e) {
                    // try the next place
                }
            }
        }
        return List.of();
    }
}
