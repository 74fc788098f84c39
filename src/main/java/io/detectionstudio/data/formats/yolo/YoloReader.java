package io.detectionstudio.data.formats.yolo;

import io.detectionstudio.data.Category;
import io.detectionstudio.data.CocoBox;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.KeypointSchema;
import io.detectionstudio.data.ObjectAnnotation;
import io.detectionstudio.data.Problem;
import io.detectionstudio.data.formats.DatasetFormat.ReadResult;
import io.detectionstudio.data.image.ImageInfo;
import io.detectionstudio.data.image.ImageLoadException;
import io.detectionstudio.data.image.ImageLoader;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** One read of an Ultralytics YOLO dataset (see the package documentation for the rules). */
final class YoloReader {

    /** Image file extensions a split folder is scanned for (those of Ultralytics that our image loader reads). */
    static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif", "tif", "tiff", "webp");

    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d{1,3})?");
    private static final String[] BOX_FIELDS = {"class", "cx", "cy", "w", "h"};

    private final List<Problem> problems = new ArrayList<>();
    private DataYaml yaml;

    ReadResult read(Path path) throws DatasetException {
        Path file = path;
        if (Files.isDirectory(path)) {
            file = path.resolve(YoloFormat.DATA_YAML);
            if (!Files.isRegularFile(file) && Files.isRegularFile(path.resolve("data.yml"))) {
                file = path.resolve("data.yml");
            }
            if (!Files.isRegularFile(file)) {
                throw new DatasetException(path + ": no " + YoloFormat.DATA_YAML + " in this folder (expected an Ultralytics YOLO dataset)");
            }
        } else if (!Files.exists(path)) {
            throw new DatasetException(path + ": no such file or folder");
        }
        yaml = DataYaml.read(file);
        problems.addAll(yaml.problems());
        Path rootAbs = yaml.root().toAbsolutePath().normalize();
        Dataset d = new Dataset(rootAbs);
        List<KeypointSchema> schemas = new ArrayList<>();
        for (int i = 0; i < yaml.names().size(); i++) {
            KeypointSchema schema = schema(i);
            schemas.add(schema);
            d.categories().add(new Category(i + 1, yaml.names().get(i), null, schema, Map.of()));
        }
        Map<Path, String> images = new LinkedHashMap<>();
        for (Map.Entry<String, List<DataYaml.Source>> split : yaml.splits().entrySet()) {
            for (DataYaml.Source src : split.getValue()) {
                for (Path image : images(split.getKey(), src)) {
                    images.putIfAbsent(image.toAbsolutePath().normalize(), split.getKey());
                }
            }
        }
        long imageId = 1;
        long annotationId = 1;
        for (Map.Entry<Path, String> e : images.entrySet()) {
            Path image = e.getKey();
            ImageInfo info;
            try {
                info = ImageLoader.readInfo(image);
            } catch (ImageLoadException ex) {
                problems.add(new Problem(shown(image, rootAbs), "", ex.reason()));
                continue;
            }
            Path imageAbs = image.toAbsolutePath().normalize();
            String fileName = rootAbs.relativize(imageAbs).toString().replace(File.separatorChar, '/');
            d.images().add(new ImageRecord(imageId, fileName, info.width(), info.height(), Map.of("split", e.getValue())));
            Path label = labelFor(imageAbs);
            if (Files.isRegularFile(label)) {
                for (ObjectAnnotation a : readLabels(label, shown(label, rootAbs), imageId, annotationId, info, schemas)) {
                    d.annotations().add(a);
                    annotationId++;
                }
            }
            imageId++;
        }
        return new ReadResult(d, problems);
    }

    /** The keypoint schema of class {@code i}, or null when the dataset has no keypoints or kpt_names leaves it out. */
    private KeypointSchema schema(int i) {
        int k = yaml.kptCount();
        if (k == 0) {
            return null;
        }
        List<String> names;
        if (yaml.kptNames() == null) {
            names = DataYaml.defaultKeypointNames(k);
        } else if (yaml.kptNames().containsKey(i)) {
            names = yaml.kptNames().get(i);
        } else {
            return null;
        }
        List<KeypointSchema.Edge> pairs = new ArrayList<>();
        int[] flip = yaml.flipIdx();
        if (flip != null) {
            for (int a = 0; a < k; a++) {
                if (flip[a] > a) {
                    pairs.add(new KeypointSchema.Edge(a, flip[a]));
                }
            }
        }
        return new KeypointSchema(names, List.of(), pairs);
    }

    /** The images of one split source: a folder (searched recursively, sorted) or a {@code .txt} list of image paths. */
    private List<Path> images(String split, DataYaml.Source src) throws DatasetException {
        Path p = yaml.root().resolve(src.value()).normalize();
        if (!Files.exists(p) && src.value().startsWith("../")) {
            // Ultralytics' rule for Roboflow exports, which write "train: ../train/images" beside the data.yaml
            p = yaml.root().resolve(src.value().substring(3)).normalize();
        }
        String where = "line " + src.line();
        if (Files.isDirectory(p)) {
            try (Stream<Path> s = Files.walk(p)) {
                return s.filter(YoloReader::isImageFile).filter(Files::isRegularFile).sorted().toList();
            } catch (IOException | java.io.UncheckedIOException e) {
                throw new DatasetException(p + ": cannot list the folder: " + e.getMessage());
            }
        }
        if (Files.isRegularFile(p) && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".txt")) {
            List<String> lines = lines(p, p.toString());
            List<Path> out = new ArrayList<>();
            Path dir = p.getParent() == null ? Path.of("") : p.getParent();
            if (lines != null) {
                for (String line : lines) {
                    String t = line.strip();
                    if (!t.isEmpty()) {
                        Path q = Path.of(t.startsWith("./") ? t.substring(2) : t);
                        out.add(q.isAbsolute() ? q : dir.resolve(q).normalize());
                    }
                }
            }
            return out;
        }
        problems.add(new Problem(yaml.file().toString(), where, split + ": " + src.value() + " is not a folder or a .txt list of images"
                + " (looked for " + p + ")"));
        return List.of();
    }

    static boolean isImageFile(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && !n.startsWith(".") && IMAGE_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Ultralytics' rule: the last {@code /images/} in the path becomes {@code /labels/}, the extension {@code .txt}. */
    static Path labelFor(Path imageAbs) {
        String s = imageAbs.toString();
        String sep = File.separator;
        String images = sep + "images" + sep;
        int at = s.lastIndexOf(images);
        if (at >= 0) {
            s = s.substring(0, at) + sep + "labels" + sep + s.substring(at + images.length());
        }
        int dot = s.lastIndexOf('.');
        int slash = s.lastIndexOf(sep);
        return Path.of((dot > slash ? s.substring(0, dot) : s) + ".txt");
    }

    /** A path as the user would name it: under the data.yaml's {@code root} as the user gave it, else absolute. */
    private String shown(Path p, Path rootAbs) {
        Path abs = p.toAbsolutePath().normalize();
        if (abs.startsWith(rootAbs)) {
            Path rel = rootAbs.relativize(abs);
            return yaml.root().toString().isEmpty() ? rel.toString() : yaml.root().resolve(rel).toString();
        }
        return p.toString();
    }

    private List<String> lines(Path file, String shown) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
            return text.lines().toList();
        } catch (CharacterCodingException e) {
            problems.add(new Problem(shown, "", "not UTF-8 text"));
        } catch (IOException e) {
            problems.add(new Problem(shown, "", "cannot read: " + e.getMessage()));
        }
        return null;
    }

    private List<ObjectAnnotation> readLabels(Path label, String shown, long imageId, long firstId, ImageInfo info,
                                              List<KeypointSchema> schemas) {
        List<String> lines = lines(label, shown);
        List<ObjectAnnotation> out = new ArrayList<>();
        if (lines == null) {
            return out;
        }
        int k = yaml.kptCount();
        int dims = yaml.kptDims();
        int expected = 5 + k * dims;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = "line " + (n + 1);
            String[] f = line.split("\\s+");
            if (f.length != expected) {
                problems.add(new Problem(shown, where, "expected " + expected + " values (class cx cy w h"
                        + (k == 0 ? "" : ", then " + k + " keypoints as " + (dims == 3 ? "x y v" : "x y")) + "), found " + f.length));
                continue;
            }
            List<String> issues = new ArrayList<>();
            double[] v = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                if (NUMBER.matcher(f[i]).matches()) {
                    v[i] = Double.parseDouble(f[i]);
                } else {
                    issues.add(field(i, dims) + " \"" + clip(f[i]) + "\" is not a number");
                    v[i] = Double.NaN;
                }
            }
            if (!Double.isNaN(v[0])) {
                if (v[0] != Math.rint(v[0])) {
                    issues.add("class " + f[0] + " is not a whole number");
                } else if (v[0] < 0 || v[0] >= yaml.names().size()) {
                    issues.add("class " + f[0] + " is not in names (0 to " + (yaml.names().size() - 1) + ")");
                }
            }
            for (int i = 1; i < 3; i++) {
                if (!Double.isNaN(v[i]) && (v[i] < 0 || v[i] > 1)) {
                    issues.add(BOX_FIELDS[i] + " " + f[i] + " is outside [0, 1]");
                }
            }
            for (int i = 3; i < 5; i++) {
                if (!Double.isNaN(v[i]) && (v[i] <= 0 || v[i] > 1)) {
                    issues.add(BOX_FIELDS[i] + " " + f[i] + " is outside (0, 1]");
                }
            }
            for (int i = 5; i < f.length; i++) {
                boolean vis = dims == 3 && (i - 5) % 3 == 2;
                if (Double.isNaN(v[i])) {
                    continue;
                }
                if (vis && v[i] != 0 && v[i] != 1 && v[i] != 2) {
                    issues.add(field(i, dims) + " " + f[i] + " should be 0, 1 or 2");
                } else if (!vis && (v[i] < 0 || v[i] > 1)) {
                    issues.add(field(i, dims) + " " + f[i] + " is outside [0, 1]");
                }
            }
            if (!issues.isEmpty()) {
                problems.add(new Problem(shown, where, String.join("; ", issues)));
                continue;
            }
            int cls = (int) v[0];
            double w = info.width();
            double h = info.height();
            CocoBox box = new CocoBox(px((v[1] - v[3] / 2) * w), px((v[2] - v[4] / 2) * h), px(v[3] * w), px(v[4] * h));
            double[] kp = null;
            if (k > 0 && schemas.get(cls) != null) {
                kp = new double[3 * k];
                for (int j = 0; j < k; j++) {
                    double x = v[5 + j * dims];
                    double y = v[6 + j * dims];
                    double visibility = dims == 3 ? v[7 + j * dims] : x == 0 && y == 0 ? 0 : 2;
                    kp[3 * j] = px(x * w);
                    kp[3 * j + 1] = px(y * h);
                    kp[3 * j + 2] = visibility;
                }
            }
            out.add(new ObjectAnnotation(firstId + out.size(), imageId, cls + 1, box, null, false, false, kp, List.of(), null,
                    Map.of()));
        }
        return out;
    }

    /** A field's name for messages: {@code class}, {@code cx}, ... then {@code keypoint 2 x} (keypoints from 1). */
    private static String field(int i, int dims) {
        if (i < 5) {
            return BOX_FIELDS[i];
        }
        int j = (i - 5) / dims;
        return "keypoint " + (j + 1) + " " + "xyv".charAt((i - 5) % dims);
    }

    /**
     * Pixels from normalized coordinates, rounded to a millionth of a pixel: far below any meaningful precision, and it
     * takes away the last-bit noise of the division and multiplication, so that box values with up to 6 decimals
     * come back exactly.
     */
    static double px(double v) {
        double r = Math.round(v * 1e6) / 1e6;
        return r == 0 ? 0 : r;
    }

    private static String clip(String s) {
        return s.length() > 20 ? s.substring(0, 17) + "..." : s;
    }
}
