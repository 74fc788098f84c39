package io.detectionstudio.engine.training;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The pretrained start the project makes itself and ships in {@code assets/pretrained/toy-ducks}: a run trained
 * from scratch on the generated {@code sample-datasets/toy-ducks} (remake it with the {@code pretrain} verb).
 * Its backbone and FPN start new runs; their heads start fresh. Found beside the jar's folder (the repository
 * root when run from {@code target/}), in the working folder, or under {@code -Ddetectionstudio.home}.
 */
public final class Pretrained {

    public static final String RUN = "assets/pretrained/toy-ducks";

    private Pretrained() {
    }

    /** The shipped run folder, if it can be found. */
    public static Optional<Path> defaultRun() {
        List<Path> roots = new ArrayList<>();
        String home = System.getProperty("detectionstudio.home");
        if (home != null) {
            roots.add(Path.of(home));
        }
        try {
            Path jar = Path.of(Pretrained.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (jar.getParent() != null && jar.getParent().getParent() != null) {
                roots.add(jar.getParent().getParent());
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // no code source: the other places still count
        }
        roots.add(Path.of("").toAbsolutePath());
        return roots.stream().map(r -> r.resolve(RUN)).filter(p -> Files.isRegularFile(p.resolve("checkpoint/ckpt.index")))
                .findFirst();
    }
}
