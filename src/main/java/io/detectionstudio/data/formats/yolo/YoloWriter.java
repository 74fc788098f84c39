package io.detectionstudio.data.formats.yolo;

import io.detectionstudio.data.formats.OutputFolder;
import io.detectionstudio.data.Category;
import io.detectionstudio.data.CocoBox;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.KeypointSchema;
import io.detectionstudio.data.ObjectAnnotation;
import io.detectionstudio.data.image.ImageLoader;
import io.detectionstudio.data.image.ImageLoadException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Writes a dataset in the Ultralytics YOLO layout (see the package documentation for the rules). */
final class YoloWriter {

    /** Decimals of the normalized values written: 1e-12 of an image is far below a pixel of any image. */
    static final int DECIMALS = 12;

    private final Dataset d;
    private final Path out;
    private final List<Category> categories;
    private final Map<Integer, Integer> classIndex = new HashMap<>();
    private int k;
    private int[] flipIdx;

    private YoloWriter(Dataset d, Path out) {
        this.d = d;
        this.out = out;
        this.categories = d.categories().stream().sorted(Comparator.comparingInt(Category::id)).toList();
    }

    static void write(Dataset d, Path out) throws DatasetException {
        new YoloWriter(d, out).write();
    }

    private DatasetException fail(String what) {
        return new DatasetException(out + ": " + what + " (nothing was written)");
    }

    private void write() throws DatasetException {
        if (Files.isRegularFile(out)) {
            throw new DatasetException(out + ": is a file; YOLO is written as a folder (" + YoloFormat.DATA_YAML + ", images/, labels/)");
        }
        if (categories.isEmpty()) {
            throw fail("the dataset has no categories, and YOLO needs at least one class name");
        }
        for (Category c : categories) {
            if (classIndex.putIfAbsent(c.id(), classIndex.size()) != null) {
                throw fail("category id " + c.id() + " appears twice");
            }
        }
        keypoints();
        Set<Long> imageIds = new HashSet<>();
        for (ImageRecord im : d.images()) {
            imageIds.add(im.id());
        }
        for (ObjectAnnotation a : d.annotations()) {
            if (!imageIds.contains(a.imageId())) {
                throw fail("annotation " + a.id() + ": image_id " + a.imageId() + " is not an image of the dataset");
            }
        }
        Map<Long, List<ObjectAnnotation>> byImage = d.annotationsByImage();
        OutputFolder.write(out, dir -> {
            Set<String> used = new HashSet<>();
            Set<String> splits = new HashSet<>();
            for (ImageRecord im : d.images()) {
                String split = split(im);
                splits.add(split);
                Path source = d.resolve(im).toAbsolutePath().normalize();
                String rel = relName(im, split, source, used);
                String labels = labels(im, byImage.getOrDefault(im.id(), List.of()));
                if (!Files.isRegularFile(source)) {
                    throw fail("image " + im.id() + " (" + im.fileName() + "): " + source + ": file not found");
                }
                try {
                    ImageLoader.readInfo(source); // only images are linked or copied (issue 11, F3)
                } catch (ImageLoadException e) {
                    throw fail("image " + im.id() + " (" + im.fileName() + "): " + e.getMessage());
                }
                Path image = OutputFolder.inside(dir, "images/" + split + "/" + rel);
                Files.createDirectories(image.getParent());
                linkOrCopy(source, image);
                Path label = OutputFolder.inside(dir, "labels/" + split + "/" + withoutExtension(rel) + ".txt");
                Files.createDirectories(label.getParent());
                Files.writeString(label, labels, StandardCharsets.UTF_8);
            }
            if (d.images().isEmpty()) {
                Files.createDirectories(dir.resolve("images").resolve("train"));
                Files.createDirectories(dir.resolve("labels").resolve("train"));
                splits.add("train");
            }
            Files.writeString(dir.resolve(YoloFormat.DATA_YAML), dataYaml(splits), StandardCharsets.UTF_8);
        });
    }

    /** Checks that keypoint classes agree (YOLO pose has one kpt_shape and one flip_idx) and sets k and flipIdx. */
    private void keypoints() throws DatasetException {
        Category first = null;
        for (Category c : categories) {
            if (!c.hasKeypoints()) {
                continue;
            }
            int[] flip = flipIdx(c.keypoints());
            if (first == null) {
                first = c;
                k = c.keypoints().size();
                flipIdx = flip;
            } else if (c.keypoints().size() != k) {
                throw fail("YOLO pose needs the same number of keypoints in every class: " + first.name() + " has " + k + ", "
                        + c.name() + " has " + c.keypoints().size());
            } else if (!Arrays.equals(flip, flipIdx)) {
                throw fail("YOLO pose has one flip_idx for all classes, but the flip pairs of " + first.name() + " and "
                        + c.name() + " differ");
            }
        }
    }

    /** The flip pairs as Ultralytics' {@code flip_idx}: the index each keypoint becomes under a horizontal flip. */
    static int[] flipIdx(KeypointSchema s) {
        int[] idx = new int[s.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        for (KeypointSchema.Edge e : s.flipPairs()) {
            idx[e.a()] = e.b();
            idx[e.b()] = e.a();
        }
        return idx;
    }

    /** The image's split: its {@code split} extra when that is train, val or test, else train. */
    private static String split(ImageRecord im) {
        Object s = im.extras().get("split");
        return s instanceof String str && DataYaml.SPLITS.contains(str) ? str : "train";
    }

    /**
     * The image's path under {@code images/SPLIT/}: what follows {@code images/SPLIT/} in its file name when it has
     * that form (so a YOLO dataset keeps its names and subfolders), else its base name; {@code NAME_ID.EXT} when that
     * is taken (in any case).
     */
    private static String relName(ImageRecord im, String split, Path source, Set<String> used) {
        String name = im.fileName().replace('\\', '/');
        String prefix = "images/" + split + "/";
        String rel;
        if (name.startsWith(prefix) && name.length() > prefix.length() && !Arrays.asList(name.split("/")).contains("..")
                && !name.contains("//")) {
            rel = name.substring(prefix.length());
        } else {
            rel = source.getFileName().toString();
        }
        if (!used.add((split + "/" + rel).toLowerCase(Locale.ROOT))) {
            String stem = withoutExtension(rel);
            rel = stem + "_" + im.id() + rel.substring(stem.length());
            used.add((split + "/" + rel).toLowerCase(Locale.ROOT));
        }
        return rel;
    }

    private static String withoutExtension(String rel) {
        int dot = rel.lastIndexOf('.');
        return dot > rel.lastIndexOf('/') + 1 ? rel.substring(0, dot) : rel;
    }

    /** A hard link when the file system allows one (no copy of the pixels), else a copy. */
    private static void linkOrCopy(Path source, Path target) throws IOException {
        try {
            Files.createLink(target, source);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(source, target);
        }
    }

    private String labels(ImageRecord im, List<ObjectAnnotation> objects) throws DatasetException {
        StringBuilder s = new StringBuilder();
        double w = im.width();
        double h = im.height();
        for (ObjectAnnotation a : objects) {
            String at = "annotation " + a.id() + " (image " + im.fileName() + ")";
            Integer cls = classIndex.get(a.categoryId());
            if (cls == null) {
                throw fail(at + ": category_id " + a.categoryId() + " is not a category of the dataset");
            }
            if (w <= 0 || h <= 0) {
                throw fail("image " + im.id() + " (" + im.fileName() + "): its size " + im.width() + "x" + im.height()
                        + " cannot normalize boxes");
            }
            CocoBox b = a.bbox();
            double[] v = {(b.x() + b.width() / 2) / w, (b.y() + b.height() / 2) / h, b.width() / w, b.height() / h};
            String[] names = {"cx", "cy", "w", "h"};
            for (int i = 0; i < 4; i++) {
                boolean ok = i < 2 ? v[i] >= 0 && v[i] <= 1 : v[i] > 0 && v[i] <= 1;
                if (!ok) {
                    throw fail(at + ": the box " + b + " does not fit YOLO's normalized range (" + names[i] + " would be "
                            + v[i] + ")");
                }
            }
            s.append(cls);
            for (double x : v) {
                s.append(' ').append(format(x));
            }
            if (k > 0) {
                double[] kp = a.keypoints();
                Category c = categories.get(cls);
                if (kp != null && c.hasKeypoints() && kp.length != 3 * k) {
                    throw fail(at + ": has " + kp.length / 3 + " keypoints, its category " + c.name() + " has " + k);
                }
                for (int j = 0; j < k; j++) {
                    if (kp == null || !c.hasKeypoints() || kp[3 * j + 2] == 0) {
                        s.append(" 0 0 0");
                        continue;
                    }
                    double x = kp[3 * j] / w;
                    double y = kp[3 * j + 1] / h;
                    if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) {
                        throw fail(at + ": keypoint " + (j + 1) + " (" + c.keypoints().names().get(j) + ") lies outside the image,"
                                + " and YOLO keeps keypoints in [0, 1]");
                    }
                    s.append(' ').append(format(x)).append(' ').append(format(y)).append(' ').append((int) kp[3 * j + 2]);
                }
            }
            s.append('\n');
        }
        return s.toString();
    }

    /** A normalized value with {@value #DECIMALS} decimals at most, no trailing zeros, no exponent. */
    static String format(double v) {
        BigDecimal b = new BigDecimal(v).setScale(DECIMALS, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return b.signum() == 0 ? "0" : b.toPlainString();
    }

    private String dataYaml(Set<String> used) {
        StringBuilder s = new StringBuilder();
        s.append("# Ultralytics YOLO dataset written by Detection Studio: images/SPLIT/NAME.EXT and labels/SPLIT/NAME.txt,\n");
        s.append("# one object per label line: class cx cy w h").append(k > 0 ? " then x y v per keypoint" : "")
                .append(", normalized to the image.\n");
        s.append("# No \"path\": Ultralytics then takes this file's folder as the dataset root.\n");
        List<String> splits = DataYaml.SPLITS.stream().filter(used::contains).toList();
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("train", "images/" + (used.contains("train") ? "train" : splits.get(0)));
        entries.put("val", "images/" + (used.contains("val") ? "val" : used.contains("train") ? "train" : splits.get(0)));
        if (used.contains("test")) {
            entries.put("test", "images/test");
        }
        for (Map.Entry<String, String> e : entries.entrySet()) {
            s.append(e.getKey()).append(": ").append(e.getValue());
            if (!used.contains(e.getKey())) {
                s.append("  # no ").append(e.getKey()).append(" images; Ultralytics needs the entry");
            }
            s.append('\n');
        }
        s.append("nc: ").append(categories.size()).append('\n');
        s.append("names:\n");
        for (int i = 0; i < categories.size(); i++) {
            s.append("  ").append(i).append(": ").append(YamlTree.scalar(categories.get(i).name())).append('\n');
        }
        if (k > 0) {
            s.append("kpt_shape: [").append(k).append(", 3]\n");
            List<String> idx = new ArrayList<>();
            for (int i : flipIdx) {
                idx.add(Integer.toString(i));
            }
            s.append("flip_idx: [").append(String.join(", ", idx)).append("]\n");
            s.append("kpt_names:\n");
            for (int i = 0; i < categories.size(); i++) {
                Category c = categories.get(i);
                if (c.hasKeypoints()) {
                    s.append("  ").append(i).append(":\n");
                    for (String n : c.keypoints().names()) {
                        s.append("    - ").append(YamlTree.scalar(n)).append('\n');
                    }
                }
            }
        }
        return s.toString();
    }
}
