package io.detectionstudio.data;

import io.detectionstudio.data.image.ImageInfo;
import io.detectionstudio.data.image.ImageLoadException;
import io.detectionstudio.data.image.ImageLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Opens what a user points the studio at: a COCO JSON file, a project folder (one that holds
 * {@value #ANNOTATIONS_FILE}), or a plain folder of images, which becomes a dataset with no annotations
 * yet.
 */
public final class DatasetOpener {

    /** The annotation file of a project folder. */
    public static final String ANNOTATIONS_FILE = "annotations.coco.json";

    /** File extensions of images a plain folder is scanned for. */
    public static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");

    private DatasetOpener() {
    }

    /** What was opened: the dataset, the file it belongs in, and problems met on the way. */
    public record Opened(Dataset dataset, Path annotationsFile, List<Problem> problems) {
    }

    public static Opened open(Path path) throws DatasetException {
        if (Files.isRegularFile(path)) {
            CocoJson.Result r = CocoJson.read(path);
            return new Opened(r.dataset(), path, r.problems());
        }
        if (!Files.isDirectory(path)) {
            throw new DatasetException(path + ": no such file or folder");
        }
        Path coco = path.resolve(ANNOTATIONS_FILE);
        if (Files.isRegularFile(coco)) {
            CocoJson.Result r = CocoJson.read(coco);
            return new Opened(r.dataset(), coco, r.problems());
        }
        return scanFolder(path, coco);
    }

    /** A folder of images without annotations: one record per image, sizes read from the headers. */
    private static Opened scanFolder(Path folder, Path annotationsFile) throws DatasetException {
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(Files::isRegularFile).filter(DatasetOpener::isImageFile).sorted().toList();
        } catch (IOException e) {
            throw new DatasetException(folder + ": cannot list the folder: " + e.getMessage());
        }
        Dataset d = new Dataset(folder.toAbsolutePath().normalize());
        List<Problem> problems = new ArrayList<>();
        long id = 1;
        for (Path f : files) {
            try {
                ImageInfo info = ImageLoader.readInfo(f);
                d.images().add(new ImageRecord(id++, f.getFileName().toString(), info.width(), info.height()));
            } catch (ImageLoadException e) {
                problems.add(new Problem(f.toString(), "", e.reason()));
            }
        }
        return new Opened(d, annotationsFile, problems);
    }

    /** True for a file name with an image extension (not hidden). */
    public static boolean isImageFile(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && !n.startsWith(".") && IMAGE_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
