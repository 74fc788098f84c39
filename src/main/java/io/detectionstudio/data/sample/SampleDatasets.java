package io.detectionstudio.data.sample;

import io.detectionstudio.data.Category;
import io.detectionstudio.data.CocoJson;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.KeypointSchema;
import io.detectionstudio.data.ObjectAnnotation;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Generates the project's own sample datasets, procedurally, with Java2D: the real duck photos of the
 * canonical demo are not ours to redistribute, so the repository ships these under {@code sample-datasets/}.
 *
 * <ul>
 *   <li>{@value #TOY_DUCKS}: boxes of a yellow rubber duck toy (one category, {@code duck}) on wood, tile,
 *       carpet, backdrop, fabric and desk backgrounds, with balls, boxes, a lemon, a sponge and a toy dog as
 *       unlabelled distractors; 0 to 2 ducks per image, some cut by the image edge or partly hidden.</li>
 *   <li>{@value #TOY_FIGURES}: a keypoint dataset of a toy bear seen from the front (one category,
 *       {@code figure}, keypoints {@code left_ear, right_ear, nose, left_foot, right_foot}, named by the
 *       figure's own left and right: see {@link Figure}).</li>
 * </ul>
 *
 * <p>Each folder holds {@code images/*.jpg} and {@code annotations.coco.json}, written with
 * {@link CocoJson#write(Dataset, Path)}. Boxes are the tight boxes of each object's visible pixels and
 * keypoint visibilities come from the same masks (see {@link Renderer}). Everything follows from the seeds
 * ({@link java.util.Random} with explicit seeds, no fonts, no hash ordering), so a run on the same JDK
 * writes the same bytes.
 */
public final class SampleDatasets {

    public static final String TOY_DUCKS = "toy-ducks";
    public static final String TOY_FIGURES = "toy-figures";
    public static final String ANNOTATIONS = "annotations.coco.json";
    public static final long TOY_DUCKS_SEED = 20240607L;
    public static final long TOY_FIGURES_SEED = 20240608L;
    public static final int TOY_DUCKS_COUNT = 40;
    public static final int TOY_FIGURES_COUNT = 60;
    public static final float JPEG_QUALITY = 0.85f;

    private SampleDatasets() {
    }

    /** Generates both sample datasets into {@code root} (default {@code sample-datasets}). */
    public static void main(String[] args) {
        Path root = Path.of(args.length > 0 ? args[0] : "sample-datasets");
        try {
            generate(root);
        } catch (DatasetException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
        System.out.println("wrote " + root.resolve(TOY_DUCKS) + " and " + root.resolve(TOY_FIGURES));
    }

    /**
     * Writes {@code root/toy-ducks} ({@value #TOY_DUCKS_COUNT} images) and {@code root/toy-figures}
     * ({@value #TOY_FIGURES_COUNT} images), replacing earlier generated files there.
     */
    public static void generate(Path root) throws DatasetException {
        generateToyDucks(root.resolve(TOY_DUCKS), TOY_DUCKS_COUNT);
        generateToyFigures(root.resolve(TOY_FIGURES), TOY_FIGURES_COUNT);
    }

    /** The toy-ducks dataset with {@code count} images and the standard seed, written to {@code dir}. */
    public static Dataset generateToyDucks(Path dir, int count) throws DatasetException {
        return generateToyDucks(dir, count, TOY_DUCKS_SEED);
    }

    /**
     * The toy-ducks dataset with {@code count} images, written to {@code dir}. Image {@code i} depends
     * only on the seed and {@code i}, so a smaller count gives the first images of a larger one.
     */
    public static Dataset generateToyDucks(Path dir, int count, long seed) throws DatasetException {
        Map<String, Object> info = info(TOY_DUCKS, "A yellow rubber duck toy on procedural backgrounds (wood floors, tiles, "
                + "carpet, studio backdrops, striped fabric, desks), with unlabelled distractors (red and blue balls, boxes, "
                + "a lemon, a sponge, a toy dog); 0 to 2 ducks per image, some cut by the image edge or partly hidden.", seed);
        Dataset d = new Dataset(dir.toAbsolutePath());
        d.setInfo(info);
        d.categories().add(new Category(1, "duck", "toy", null, Map.of()));
        write(d, dir, "duck_", count, i -> Scenes.duck(seed, i));
        return d;
    }

    /** The toy-figures dataset with {@code count} images and the standard seed, written to {@code dir}. */
    public static Dataset generateToyFigures(Path dir, int count) throws DatasetException {
        return generateToyFigures(dir, count, TOY_FIGURES_SEED);
    }

    /** The toy-figures dataset with {@code count} images, written to {@code dir}; see {@link #generateToyDucks}. */
    public static Dataset generateToyFigures(Path dir, int count, long seed) throws DatasetException {
        Map<String, Object> info = info(TOY_FIGURES, "A plush toy bear seen from the front on procedural backgrounds, one or "
                + "two per image, with unlabelled distractors. Keypoints are named by the figure's own left and right, as "
                + "COCO names a person's: the figure faces the viewer, so when upright its left_ear is the ear on the "
                + "image's right, mirrored or not. Visibility 2: visible; 1: inside the image but hidden behind another "
                + "object; 0 (x = y = 0): outside the image.", seed);
        Dataset d = new Dataset(dir.toAbsolutePath());
        d.setInfo(info);
        d.categories().add(new Category(1, "figure", "toy", figureSchema(), Map.of()));
        write(d, dir, "figure_", count, i -> Scenes.figure(seed, i));
        return d;
    }

    /** The figure category's keypoints, skeleton and flip pairs. */
    public static KeypointSchema figureSchema() {
        List<KeypointSchema.Edge> skeleton = new ArrayList<>();
        for (int[] e : Figure.SKELETON) {
            skeleton.add(new KeypointSchema.Edge(e[0], e[1]));
        }
        List<KeypointSchema.Edge> pairs = new ArrayList<>();
        for (int[] e : Figure.FLIP_PAIRS) {
            pairs.add(new KeypointSchema.Edge(e[0], e[1]));
        }
        return new KeypointSchema(List.of(Figure.KEYPOINTS), skeleton, pairs);
    }

    private static Map<String, Object> info(String name, String description, long seed) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("description", name + ": a synthetic sample dataset of Detection Studio. " + description);
        info.put("synthetic", true);
        info.put("generator", SampleDatasets.class.getName());
        info.put("seed", seed);
        info.put("version", "1");
        info.put("contributor", "Detection Studio (procedurally generated; no photographs)");
        info.put("labels", "Each box is the tight box of the object's visible pixels (not hidden by the image edge or by "
                + "objects in front); area is the box area.");
        return info;
    }

    private interface SceneSource {
        Scenes.Generated scene(int index);
    }

    private static void write(Dataset d, Path dir, String prefix, int count, SceneSource source) throws DatasetException {
        if (count < 0) {
            throw new IllegalArgumentException("count " + count + " is negative");
        }
        Path images = dir.resolve("images");
        try {
            Files.createDirectories(images);
            clean(dir, images, prefix);
        } catch (IOException e) {
            throw new DatasetException(dir + ": cannot prepare the folder: " + e.getMessage(), e);
        }
        long annotationId = 1;
        for (int i = 0; i < count; i++) {
            Scenes.Generated g = source.scene(i);
            Scene s = g.scene();
            String name = "images/" + prefix + String.format(Locale.ROOT, "%03d", i) + ".jpg";
            writeJpeg(Renderer.render(s), dir.resolve(name));
            long imageId = i + 1;
            d.images().add(new ImageRecord(imageId, name, s.width(), s.height()));
            for (Renderer.Label l : g.labels()) {
                d.annotations().add(new ObjectAnnotation(annotationId++, imageId, 1, l.box(), l.box().area(), false, false,
                        l.keypoints(), List.of(), null, Map.of()));
            }
        }
        CocoJson.write(d, dir.resolve(ANNOTATIONS));
    }

    /** Removes what an earlier run wrote (so a smaller count leaves no stale images and no .bak file). */
    private static void clean(Path dir, Path images, String prefix) throws IOException {
        Files.deleteIfExists(dir.resolve(ANNOTATIONS));
        Files.deleteIfExists(dir.resolve(ANNOTATIONS + ".bak"));
        try (DirectoryStream<Path> old = Files.newDirectoryStream(images, prefix + "*.jpg")) {
            for (Path p : old) {
                Files.delete(p);
            }
        }
    }

    static void writeJpeg(BufferedImage img, Path file) throws DatasetException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new DatasetException(file + ": no JPEG writer available");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                ImageWriteParam p = writer.getDefaultWriteParam();
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality(JPEG_QUALITY);
                writer.write(null, new IIOImage(img, null, null), p);
            } finally {
                writer.dispose();
            }
            Files.write(file, bytes.toByteArray());
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot write: " + e.getMessage(), e);
        }
    }
}
