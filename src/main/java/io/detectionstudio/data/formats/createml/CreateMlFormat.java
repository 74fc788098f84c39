package io.detectionstudio.data.formats.createml;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.detectionstudio.data.Category;
import io.detectionstudio.data.CocoBox;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.data.FilePermissions;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.ObjectAnnotation;
import io.detectionstudio.data.Problem;
import io.detectionstudio.data.formats.DatasetFormat;
import io.detectionstudio.data.image.ImageInfo;
import io.detectionstudio.data.image.ImageLoadException;
import io.detectionstudio.data.image.ImageLoader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Apple Create ML's object detection JSON: an array of
 * {@code {"image": "file.jpg", "annotations": [{"label": "duck", "coordinates": {"x": cx, "y": cy, "width": w,
 * "height": h}}]}}, where {@code x, y} is the box's <em>center</em> in pixels. The rules are in the
 * {@linkplain io.detectionstudio.data.formats.createml package documentation}.
 */
public final class CreateMlFormat implements DatasetFormat {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final BigDecimal TWO = BigDecimal.valueOf(2);
    private static final BigDecimal LIMIT = BigDecimal.valueOf(1_000_000_000);

    private final List<Category> categories;

    /** Categories are numbered from 1 in the order of their labels, sorted. */
    public CreateMlFormat() {
        this.categories = null;
    }

    /**
     * Categories are the given ones, matched by label; a label not among them is a problem.
     *
     * @param categories the dataset's categories (all of them are in the result, also those without objects)
     */
    public CreateMlFormat(List<Category> categories) {
        this.categories = List.copyOf(categories);
    }

    @Override
    public String name() {
        return "createml";
    }

    @Override
    public String description() {
        return "Apple Create ML JSON: a .json array of {image, annotations: [{label, coordinates: {x, y, width, height}}]}"
                + " (centers in pixels); written only with --to createml";
    }

    /**
     * A {@code .json} file whose top level is an array whose first element is an object with an {@code "image"}
     * field (or an empty array). COCO files are {@code .json} too, with an object at the top, so this looks inside:
     * it reads only up to the first element's fields.
     */
    @Override
    public boolean recognizes(Path path) {
        if (!Files.isRegularFile(path) || path.getFileName() == null
                || !path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
            return false;
        }
        try (InputStream in = Files.newInputStream(path); JsonParser p = new JsonFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                return false;
            }
            JsonToken t = p.nextToken();
            if (t == JsonToken.END_ARRAY) {
                return true;
            }
            if (t != JsonToken.START_OBJECT) {
                return false;
            }
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                if (p.currentName().equals("image")) {
                    return true;
                }
                p.nextToken();
                p.skipChildren();
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Never: an output {@code .json} is COCO; Create ML is written only when asked for by name ({@code --to createml}). */
    @Override
    public boolean recognizesOutput(Path path) {
        return false;
    }

    @Override
    public ReadResult read(Path path) throws DatasetException {
        if (Files.isDirectory(path)) {
            throw new DatasetException(path + ": is a folder; give the Create ML .json file");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(path.toFile());
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            String m = firstLine(e.getOriginalMessage());
            int source = m.indexOf(" (for ");
            if (source > 0 && m.indexOf("[Source:", source) > 0) {
                m = m.substring(0, source);
            }
            throw new DatasetException(path + ": invalid JSON" + where + ": " + m);
        } catch (IOException e) {
            if (!Files.exists(path)) {
                throw new DatasetException(path + ": file not found");
            }
            throw new DatasetException(path + ": cannot read: " + firstLine(e.getMessage()));
        }
        if (root == null || root.isMissingNode()) {
            throw new DatasetException(path + ": empty file, expected a Create ML JSON array");
        }
        if (!root.isArray()) {
            throw new DatasetException(path + ": not a Create ML file: the top level is " + (root.isObject()
                    ? "an object (a COCO file?)" : "not an array") + ", expected an array of {image, annotations}");
        }
        return new Reader(path).read(root);
    }

    /** One read: the file, the problems found, and the images and objects that could be read. */
    private final class Reader {
        private record Parsed(String image, int width, int height, List<String> labels, List<CocoBox> boxes,
                              List<String> where) {
        }

        private final Path file;
        private final String name;
        private final Path dir;
        private final List<Problem> problems = new ArrayList<>();

        Reader(Path file) {
            this.file = file;
            this.name = file.toString();
            this.dir = file.getParent() == null ? Path.of("") : file.getParent();
        }

        ReadResult read(JsonNode root) {
            List<Parsed> parsed = new ArrayList<>();
            for (int i = 0; i < root.size(); i++) {
                Parsed p = entry(root.get(i), "[" + i + "]");
                if (p != null) {
                    parsed.add(p);
                }
            }
            Dataset d = new Dataset(dir.toAbsolutePath().normalize());
            Map<String, Integer> ids = new LinkedHashMap<>();
            if (categories != null) {
                d.categories().addAll(categories);
                for (Category c : categories) {
                    ids.putIfAbsent(c.name(), c.id());
                }
            } else {
                int id = 1;
                for (String label : parsed.stream().flatMap(p -> p.labels().stream()).collect(Collectors.toCollection(TreeSet::new))) {
                    ids.put(label, id);
                    d.categories().add(new Category(id++, label));
                }
            }
            long imageId = 1;
            long annotationId = 1;
            for (Parsed p : parsed) {
                d.images().add(new ImageRecord(imageId, p.image(), p.width(), p.height()));
                for (int j = 0; j < p.labels().size(); j++) {
                    Integer cat = ids.get(p.labels().get(j));
                    if (cat == null) {
                        problems.add(new Problem(name, p.where().get(j) + ".label", "\"" + p.labels().get(j)
                                + "\" is not one of the given categories ("
                                + categories.stream().map(Category::name).collect(Collectors.joining(", ")) + ")"));
                        continue;
                    }
                    d.annotations().add(new ObjectAnnotation(annotationId++, imageId, cat, p.boxes().get(j)));
                }
                imageId++;
            }
            return new ReadResult(d, problems);
        }

        private Parsed entry(JsonNode n, String where) {
            if (!n.isObject()) {
                problems.add(new Problem(name, where, "should be an object {image, annotations}, found " + kind(n)));
                return null;
            }
            JsonNode image = n.get("image");
            if (image == null || image.isNull()) {
                problems.add(new Problem(name, where, "no \"image\""));
                return null;
            }
            if (!image.isTextual() || image.asText().isEmpty()) {
                problems.add(new Problem(name, where + ".image", "should be the image's file name, found " + describe(image)));
                return null;
            }
            JsonNode anns = n.get("annotations");
            if (anns == null || anns.isNull()) {
                problems.add(new Problem(name, where, "no \"annotations\" (an image without objects has an empty list)"));
                return null;
            }
            if (!anns.isArray()) {
                problems.add(new Problem(name, where + ".annotations", "should be a list, found " + kind(anns)));
                return null;
            }
            String fileName = image.asText();
            Path imagePath = dir.resolve(fileName);
            ImageInfo info;
            try {
                info = ImageLoader.readInfo(imagePath);
            } catch (ImageLoadException e) {
                problems.add(new Problem(name, where + ".image", "cannot read the image's size: " + e.getMessage()));
                return null;
            }
            List<String> labels = new ArrayList<>();
            List<CocoBox> boxes = new ArrayList<>();
            List<String> wheres = new ArrayList<>();
            for (int j = 0; j < anns.size(); j++) {
                String at = where + ".annotations[" + j + "]";
                JsonNode a = anns.get(j);
                if (!a.isObject()) {
                    problems.add(new Problem(name, at, "should be an object {label, coordinates}, found " + kind(a)));
                    continue;
                }
                JsonNode label = a.get("label");
                if (label == null || label.isNull()) {
                    problems.add(new Problem(name, at, "no \"label\""));
                    continue;
                }
                if (!label.isTextual() || label.asText().isEmpty()) {
                    problems.add(new Problem(name, at + ".label", "should be the object's class name, found " + describe(label)));
                    continue;
                }
                JsonNode c = a.get("coordinates");
                if (c == null || c.isNull()) {
                    problems.add(new Problem(name, at, "no \"coordinates\""));
                    continue;
                }
                if (!c.isObject()) {
                    problems.add(new Problem(name, at + ".coordinates", "should be {x, y, width, height}, found " + kind(c)));
                    continue;
                }
                BigDecimal[] v = new BigDecimal[4];
                String[] fields = {"x", "y", "width", "height"};
                List<String> issues = new ArrayList<>();
                for (int f = 0; f < 4; f++) {
                    JsonNode x = c.get(fields[f]);
                    if (x == null || x.isNull()) {
                        issues.add("no \"" + fields[f] + "\"");
                    } else if (!x.isNumber()) {
                        issues.add(fields[f] + " should be a number, found " + describe(x));
                    } else {
                        v[f] = x.decimalValue();
                        if (v[f].abs().compareTo(LIMIT) > 0) {
                            issues.add(fields[f] + " is too large to be a pixel coordinate");
                        } else if (f >= 2 && v[f].signum() <= 0) {
                            issues.add(fields[f] + " " + plain(v[f]) + " should be above 0");
                        }
                    }
                }
                if (!issues.isEmpty()) {
                    problems.add(new Problem(name, at + ".coordinates", String.join("; ", issues)));
                    continue;
                }
                // center -> top-left corner, in decimal so that no digit is lost
                BigDecimal left = v[0].subtract(v[2].divide(TWO));
                BigDecimal top = v[1].subtract(v[3].divide(TWO));
                labels.add(label.asText());
                boxes.add(new CocoBox(left.doubleValue(), top.doubleValue(), v[2].doubleValue(), v[3].doubleValue()));
                wheres.add(at);
            }
            return new Parsed(fileName, info.width(), info.height(), labels, boxes, wheres);
        }
    }

    /**
     * Writes the JSON file all or nothing: into a temporary file beside it, then moved over it. Image paths are
     * written relative to the output file's folder (absolute ones stay absolute); images are not copied.
     */
    @Override
    public void write(Dataset dataset, Path path) throws DatasetException {
        if (Files.isDirectory(path)) {
            throw new DatasetException(path + ": is a folder; give the output file's name (e.g. annotations.createml.json)");
        }
        Path abs = path.toAbsolutePath().normalize();
        Path outDir = abs.getParent();
        Map<Integer, Category> cats = new HashMap<>();
        for (Category c : dataset.categories()) {
            cats.putIfAbsent(c.id(), c);
        }
        Set<Long> imageIds = new HashSet<>();
        for (ImageRecord im : dataset.images()) {
            imageIds.add(im.id());
        }
        for (ObjectAnnotation a : dataset.annotations()) {
            if (!imageIds.contains(a.imageId())) {
                throw new DatasetException(path + ": annotation " + a.id() + ": image_id " + a.imageId()
                        + " is not an image of the dataset (nothing was written)");
            }
        }
        Map<Long, List<ObjectAnnotation>> byImage = dataset.annotationsByImage();
        Path firstCreated = null;
        for (Path p = outDir; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            firstCreated = p;
        }
        Path tmp = null;
        boolean done = false;
        try {
            Files.createDirectories(outDir);
            tmp = Files.createTempFile(outDir, "." + abs.getFileName(), ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                write(dataset, path, outDir, cats, byImage, out);
            }
            FilePermissions.likeTarget(tmp, abs);
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            done = true;
        } catch (IOException e) {
            String m = e instanceof NoSuchFileException ? e.getMessage() + ": no such file or folder" : firstLine(e.getMessage());
            throw new DatasetException(path + ": cannot write: " + m + " (nothing was written)", e);
        } finally {
            if (!done) {
                deleteQuietly(tmp);
                if (firstCreated != null) {
                    deleteEmptyFolders(firstCreated, outDir);
                }
            }
        }
    }

    private static void write(Dataset d, Path path, Path outDir, Map<Integer, Category> cats,
                              Map<Long, List<ObjectAnnotation>> byImage, OutputStream out) throws IOException, DatasetException {
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
            g.setPrettyPrinter(pp);
            g.writeStartArray();
            for (ImageRecord im : d.images()) {
                g.writeStartObject();
                String image = Path.of(im.fileName()).isAbsolute() ? im.fileName()
                        : outDir.relativize(d.resolve(im).toAbsolutePath().normalize()).toString().replace(File.separatorChar, '/');
                g.writeStringField("image", image);
                g.writeArrayFieldStart("annotations");
                for (ObjectAnnotation a : byImage.getOrDefault(im.id(), List.of())) {
                    Category c = cats.get(a.categoryId());
                    String at = "annotation " + a.id() + " (image " + im.fileName() + ")";
                    if (c == null) {
                        throw new DatasetException(path + ": " + at + ": category_id " + a.categoryId()
                                + " is not a category of the dataset (nothing was written)");
                    }
                    CocoBox b = a.bbox();
                    if (!Double.isFinite(b.x()) || !Double.isFinite(b.y()) || !Double.isFinite(b.width()) || !Double.isFinite(b.height())) {
                        throw new DatasetException(path + ": " + at + ": the box " + b + " is not finite (nothing was written)");
                    }
                    BigDecimal w = decimal(b.width());
                    BigDecimal h = decimal(b.height());
                    g.writeStartObject();
                    g.writeStringField("label", c.name());
                    g.writeObjectFieldStart("coordinates");
                    g.writeFieldName("x");
                    g.writeNumber(plainNumber(decimal(b.x()).add(w.divide(TWO))));
                    g.writeFieldName("y");
                    g.writeNumber(plainNumber(decimal(b.y()).add(h.divide(TWO))));
                    g.writeFieldName("width");
                    g.writeNumber(plainNumber(w));
                    g.writeFieldName("height");
                    g.writeNumber(plainNumber(h));
                    g.writeEndObject();
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeRaw('\n');
        }
    }

    /** A double as its shortest decimal (so that decimal arithmetic on it loses nothing). */
    private static BigDecimal decimal(double v) {
        return new BigDecimal(Double.toString(v));
    }

    private static BigDecimal plainNumber(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    private static String plain(BigDecimal v) {
        return plainNumber(v).toPlainString();
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort: the temporary file is hidden and named after the target
            }
        }
    }

    /** Deletes the folders from {@code dir} up to {@code top} that this write created, while they are empty. */
    private static void deleteEmptyFolders(Path top, Path dir) {
        for (Path p = dir; p != null && p.startsWith(top); p = p.getParent()) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static String kind(JsonNode n) {
        return n.isArray() ? "a list" : n.isTextual() ? "a string" : n.isNumber() ? "a number" : n.isBoolean() ? "a boolean"
                : n.isNull() ? "null" : "an object";
    }

    private static String describe(JsonNode n) {
        String s = n.toString();
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
