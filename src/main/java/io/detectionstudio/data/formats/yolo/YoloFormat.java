package io.detectionstudio.data.formats.yolo;

import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.data.formats.DatasetFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The Ultralytics YOLO dataset layout: {@code data.yaml}, {@code images/SPLIT/*.jpg} and {@code labels/SPLIT/*.txt}
 * with one {@code class cx cy w h} line (normalized, class from 0) per object, plus keypoints for pose datasets.
 * Reads a {@code data.yaml} or the folder that holds it; writes the same layout into a new folder, with the images
 * hard-linked (copied where links are not possible). The rules are in the
 * {@linkplain io.detectionstudio.data.formats.yolo package documentation}.
 */
public final class YoloFormat implements DatasetFormat {

    /** The dataset description file at the top of the layout. */
    public static final String DATA_YAML = "data.yaml";

    private static final Pattern TOP_KEY = Pattern.compile("(?m)^(names|train|val|nc)\\s*:");

    @Override
    public String name() {
        return "yolo";
    }

    @Override
    public String description() {
        return "Ultralytics YOLO: reads a data.yaml (or its folder) with images/SPLIT/ and labels/SPLIT/;"
                + " writes that layout into a new folder (images hard-linked or copied)";
    }

    /** A folder with a {@code data.yaml}, or a {@code .yaml}/{@code .yml} file with a top-level names, train, val or nc key. */
    @Override
    public boolean recognizes(Path path) {
        if (Files.isDirectory(path)) {
            return Files.isRegularFile(path.resolve(DATA_YAML)) || Files.isRegularFile(path.resolve("data.yml"));
        }
        if (!Files.isRegularFile(path) || path.getFileName() == null) {
            return false;
        }
        String n = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!n.endsWith(".yaml") && !n.endsWith(".yml")) {
            return false;
        }
        try (InputStream in = Files.newInputStream(path)) {
            return TOP_KEY.matcher(new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8)).find();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A path whose name has a word starting with {@code yolo} ({@code ducks-yolo}, {@code yolov8}); anything else
     * needs {@code --to yolo}.
     */
    @Override
    public boolean recognizesOutput(Path path) {
        if (path.getFileName() == null || Files.isRegularFile(path)) {
            return false;
        }
        for (String word : path.getFileName().toString().toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (word.startsWith("yolo")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public ReadResult read(Path path) throws DatasetException {
        return new YoloReader().read(path);
    }

    /**
     * Writes {@code path/data.yaml}, {@code path/images/SPLIT/...} and {@code path/labels/SPLIT/...}, all or nothing;
     * {@code path} must not exist yet or be an empty folder.
     */
    @Override
    public void write(Dataset dataset, Path path) throws DatasetException {
        YoloWriter.write(dataset, path);
    }
}
