package io.detectionstudio.data.formats.voc;

import io.detectionstudio.data.Category;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.data.formats.DatasetFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Pascal VOC XML, one file per image. Reads a dataset folder with {@code Annotations/}, a folder of
 * {@code .xml} files, or one {@code .xml} file; writes {@code FOLDER/Annotations/NAME.xml} that reference the
 * images where they are (nothing is copied). The coordinate convention, the category numbering and what is kept
 * are in the {@linkplain io.detectionstudio.data.formats.voc package documentation}.
 */
public final class VocFormat implements DatasetFormat {

    /** The folder of a VOC dataset that holds the XML files. */
    public static final String ANNOTATIONS = "Annotations";

    private final List<Category> categories;

    /** Categories are numbered from 1 in the order of their names, sorted. */
    public VocFormat() {
        this.categories = null;
    }

    /**
     * Categories are the given ones, matched by name: ids stay as given, and an object whose name is not among them
     * is a problem.
     *
     * @param categories the dataset's categories (all of them are in the result, also those without objects)
     */
    public VocFormat(List<Category> categories) {
        this.categories = List.copyOf(categories);
    }

    @Override
    public String name() {
        return "voc";
    }

    @Override
    public String description() {
        return "Pascal VOC XML: reads a folder with " + ANNOTATIONS + "/, a folder of .xml files or one .xml; writes FOLDER/"
                + ANNOTATIONS + "/NAME.xml referencing the images in place";
    }

    /**
     * A {@code .xml} file, a folder with {@code Annotations/}, or a folder with {@code .xml} files in it the first of
     * which has an {@code <annotation} element in its first 4 KB (so a folder with a {@code pom.xml} is not VOC).
     */
    @Override
    public boolean recognizes(Path path) {
        if (Files.isRegularFile(path)) {
            return hasExtension(path, ".xml");
        }
        if (!Files.isDirectory(path)) {
            return false;
        }
        if (Files.isDirectory(path.resolve(ANNOTATIONS))) {
            return true;
        }
        try {
            List<Path> xml = VocReader.xmlFiles(path);
            if (xml.isEmpty()) {
                return false;
            }
            try (InputStream in = Files.newInputStream(xml.get(0))) {
                return new String(in.readNBytes(4096), StandardCharsets.UTF_8).contains("<annotation");
            }
        } catch (DatasetException | IOException e) {
            return false;
        }
    }

    /**
     * A folder named {@code Annotations} or whose name has a word starting with {@code voc} ({@code ducks-voc},
     * {@code VOC2007}); anything else needs {@code --to voc}.
     */
    @Override
    public boolean recognizesOutput(Path path) {
        if (path.getFileName() == null || Files.isRegularFile(path)) {
            return false;
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.equals("annotations")) {
            return true;
        }
        for (String word : name.split("[^a-z0-9]+")) {
            if (word.startsWith("voc")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public ReadResult read(Path path) throws DatasetException {
        return new VocReader(categories).read(path);
    }

    /**
     * Writes {@code path/Annotations/NAME.xml}, one file per image (also for images without objects), all or nothing.
     * {@code path/Annotations} must not exist yet or be empty; other content of {@code path} is left alone.
     */
    @Override
    public void write(Dataset dataset, Path path) throws DatasetException {
        VocWriter.write(dataset, path);
    }

    private static boolean hasExtension(Path p, String ext) {
        return p.getFileName() != null && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(ext);
    }
}
