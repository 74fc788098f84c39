package io.detectionstudio.data;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes datasets in COCO's JSON format (detection and keypoint flavours, polygons and RLE
 * masks), without losing anything: fields we do not model are kept and written back.
 *
 * <p>Reading is forgiving per entry: an entry whose fields have the wrong shape (a bbox of 3 numbers, an
 * id that is a string) becomes a {@link Problem} and is left out, and the rest of the file still loads.
 * A file that is not JSON at all, or not a JSON object, is a {@link DatasetException}. Meaning is not
 * checked here (an annotation of an unknown category still loads): that is the
 * {@link DatasetValidator}'s job.
 */
public final class CocoJson {

    /** What {@link #read} found: the dataset and the entries it had to leave out. */
    public record Result(Dataset dataset, List<Problem> problems) {
    }

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final Set<String> IMAGE_FIELDS = Set.of("id", "file_name", "width", "height");
    private static final Set<String> CATEGORY_FIELDS = Set.of("id", "name", "supercategory", "keypoints", "skeleton", "flip_pairs");
    private static final Set<String> ANNOTATION_FIELDS = Set.of("id", "image_id", "category_id", "bbox", "area", "iscrowd",
            "difficult", "keypoints", "num_keypoints", "segmentation");
    /** Beyond this a double no longer holds every whole number: such a value may not be the one the file wrote. */
    private static final double MAX_EXACT_DOUBLE = 9007199254740992.0;
    private static final Set<String> TOP_FIELDS = Set.of("info", "licenses", "images", "annotations", "categories");

    private CocoJson() {
    }

    /** Reads a COCO file; relative image file names resolve against its folder. */
    public static Result read(Path file) throws DatasetException {
        String name = file.toString();
        JsonNode root = readTree(file);
        if (root == null || root.isMissingNode()) {
            throw new DatasetException(name + ": empty file, expected a COCO JSON object");
        }
        if (!root.isObject()) {
            throw new DatasetException(name + ": not a COCO dataset: the top level is a JSON " + kind(root) + ", not an object");
        }
        Path parent = file.toAbsolutePath().normalize().getParent();
        Reader r = new Reader(name, parent);
        r.readRoot((ObjectNode) root);
        return new Result(r.dataset, List.copyOf(r.problems));
    }

    /** Parses a JSON file; a syntax error is one line with its position, a missing file says so. */
    static JsonNode readTree(Path file) throws DatasetException {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new DatasetException(file + ": invalid JSON" + where + ": " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            if (!Files.exists(file)) {
                throw new DatasetException(file + ": file not found");
            }
            throw new DatasetException(file + ": cannot read: " + firstLine(e.getMessage()));
        }
    }

    /**
     * Writes a dataset atomically: to a temporary file beside {@code file}, then moved over it, so a crash
     * leaves either the old or the new file, never half of one. An existing file is kept as
     * {@code file.bak} first.
     */
    public static void write(Dataset dataset, Path file) throws DatasetException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try {
            write(dataset, bytes);
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot write: " + firstLine(e.getMessage()), e);
        }
        AtomicFiles.write(bytes.toByteArray(), file);
    }

    /** Writes a dataset as COCO JSON to a stream (left open). */
    public static void write(Dataset d, OutputStream out) throws IOException {
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.setPrettyPrinter(pp);
            g.writeStartObject();
            if (d.info() != null) {
                g.writeObjectField("info", d.info());
            }
            if (d.licenses() != null) {
                g.writeObjectField("licenses", d.licenses());
            }
            g.writeArrayFieldStart("images");
            for (ImageRecord im : d.images()) {
                g.writeStartObject();
                g.writeNumberField("id", im.id());
                g.writeStringField("file_name", im.fileName());
                g.writeNumberField("width", im.width());
                g.writeNumberField("height", im.height());
                writeExtras(g, im.extras());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("annotations");
            for (ObjectAnnotation a : d.annotations()) {
                writeAnnotation(g, a);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("categories");
            for (Category c : d.categories()) {
                writeCategory(g, c);
            }
            g.writeEndArray();
            writeExtras(g, d.extras());
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    private static void writeAnnotation(JsonGenerator g, ObjectAnnotation a) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", a.id());
        g.writeNumberField("image_id", a.imageId());
        g.writeNumberField("category_id", a.categoryId());
        g.writeFieldName("bbox");
        writeNumbers(g, a.bbox().toArray());
        if (a.area() != null) {
            g.writeFieldName("area");
            writeNumber(g, a.area());
        }
        g.writeNumberField("iscrowd", a.iscrowd() ? 1 : 0);
        if (a.difficult()) {
            g.writeNumberField("difficult", 1);
        }
        if (a.rle() != null) {
            g.writeObjectField("segmentation", a.rle());
        } else if (!a.polygons().isEmpty()) {
            g.writeArrayFieldStart("segmentation");
            for (double[] p : a.polygons()) {
                writeNumbers(g, p);
            }
            g.writeEndArray();
        }
        double[] kp = a.keypoints();
        if (kp != null) {
            g.writeFieldName("keypoints");
            writeNumbers(g, kp);
            g.writeNumberField("num_keypoints", a.numKeypoints());
        }
        writeExtras(g, a.extras());
        g.writeEndObject();
    }

    private static void writeCategory(JsonGenerator g, Category c) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", c.id());
        g.writeStringField("name", c.name());
        if (c.supercategory() != null) {
            g.writeStringField("supercategory", c.supercategory());
        }
        KeypointSchema s = c.keypoints();
        if (s != null) {
            g.writeArrayFieldStart("keypoints");
            for (String n : s.names()) {
                g.writeString(n);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("skeleton");
            for (KeypointSchema.Edge e : s.skeleton()) {
                g.writeArray(new int[] {e.a() + 1, e.b() + 1}, 0, 2);
            }
            g.writeEndArray();
            if (!s.flipPairs().isEmpty()) {
                g.writeArrayFieldStart("flip_pairs");
                for (KeypointSchema.Edge e : s.flipPairs()) {
                    g.writeArray(new String[] {s.names().get(e.a()), s.names().get(e.b())}, 0, 2);
                }
                g.writeEndArray();
            }
        }
        writeExtras(g, c.extras());
        g.writeEndObject();
    }

    private static void writeExtras(JsonGenerator g, Map<String, Object> extras) throws IOException {
        for (Map.Entry<String, Object> e : extras.entrySet()) {
            g.writeObjectField(e.getKey(), e.getValue());
        }
    }

    private static void writeNumbers(JsonGenerator g, double[] values) throws IOException {
        g.writeStartArray();
        for (double v : values) {
            writeNumber(g, v);
        }
        g.writeEndArray();
    }

    /** Integral values without ".0" (COCO files from most tools write pixel ints that way). */
    private static void writeNumber(JsonGenerator g, double v) throws IOException {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            g.writeNumber((long) v);
        } else {
            g.writeNumber(v);
        }
    }

    private static String kind(JsonNode n) {
        return n.isArray() ? "array" : n.isTextual() ? "string" : n.isNumber() ? "number" : n.isBoolean() ? "boolean"
                : n.isNull() ? "null" : "object";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    /** One read: the file name for messages, the dataset being built and the problems found. */
    private static final class Reader {
        final String file;
        final Dataset dataset;
        final List<Problem> problems = new ArrayList<>();

        Reader(String file, Path imageRoot) {
            this.file = file;
            this.dataset = new Dataset(imageRoot);
        }

        void readRoot(ObjectNode root) {
            if (root.has("info")) {
                dataset.setInfo(plain(root.get("info")));
            }
            if (root.has("licenses")) {
                dataset.setLicenses(plain(root.get("licenses")));
            }
            int i = 0;
            for (JsonNode n : array(root, "categories", true)) {
                Category c = readCategory(n, "categories[" + i++ + "]");
                if (c != null) {
                    dataset.categories().add(c);
                }
            }
            i = 0;
            for (JsonNode n : array(root, "images", true)) {
                ImageRecord im = readImage(n, "images[" + i++ + "]");
                if (im != null) {
                    dataset.images().add(im);
                }
            }
            i = 0;
            for (JsonNode n : array(root, "annotations", false)) {
                ObjectAnnotation a = readAnnotation(n, "annotations[" + i++ + "]");
                if (a != null) {
                    dataset.annotations().add(a);
                }
            }
            dataset.extras().putAll(extras(root, TOP_FIELDS));
        }

        private Iterable<JsonNode> array(ObjectNode root, String field, boolean required) {
            JsonNode n = root.get(field);
            if (n == null) {
                if (required) {
                    problem("", "no \"" + field + "\" list");
                }
                return List.of();
            }
            if (!n.isArray()) {
                problem(field, "should be a list, found a " + kind(n));
                return List.of();
            }
            return (ArrayNode) n;
        }

        private ImageRecord readImage(JsonNode n, String where) {
            if (!isObject(n, where)) {
                return null;
            }
            Long id = integer(n, "id", where, true);
            String name = text(n, "file_name", where, true);
            Long w = integer(n, "width", where, true);
            Long h = integer(n, "height", where, true);
            w = fitsInt(w, where, "width");
            h = fitsInt(h, where, "height");
            if (id == null || name == null || w == null || h == null) {
                return null;
            }
            return new ImageRecord(id, name, (int) (long) w, (int) (long) h, extras(n, IMAGE_FIELDS));
        }

        private Category readCategory(JsonNode n, String where) {
            if (!isObject(n, where)) {
                return null;
            }
            Long id = integer(n, "id", where, true);
            String name = text(n, "name", where, true);
            String sup = text(n, "supercategory", where, false);
            id = fitsInt(id, where, "id");
            if (id == null || name == null) {
                return null;
            }
            KeypointSchema schema = null;
            JsonNode kp = n.get("keypoints");
            if (kp != null) {
                schema = readSchema(n, where);
                if (schema == null) {
                    return null;
                }
            }
            return new Category((int) (long) id, name, sup, schema, extras(n, CATEGORY_FIELDS));
        }

        private KeypointSchema readSchema(JsonNode n, String where) {
            JsonNode kp = n.get("keypoints");
            if (!kp.isArray()) {
                problem(where + ".keypoints", "should be a list of keypoint names");
                return null;
            }
            List<String> names = new ArrayList<>();
            for (JsonNode k : kp) {
                if (!k.isTextual()) {
                    problem(where + ".keypoints", "should be a list of keypoint names, found a " + kind(k));
                    return null;
                }
                names.add(k.asText());
            }
            if (names.size() != Set.copyOf(names).size()) {
                problem(where + ".keypoints", "keypoint names repeat: " + names);
                return null;
            }
            List<KeypointSchema.Edge> skeleton = new ArrayList<>();
            JsonNode sk = n.get("skeleton");
            if (sk != null && !sk.isNull()) {
                if (!sk.isArray()) {
                    problem(where + ".skeleton", "should be a list of [a, b] keypoint numbers (from 1)");
                    return null;
                }
                for (JsonNode e : sk) {
                    if (!e.isArray() || e.size() != 2 || !e.get(0).canConvertToInt() || !e.get(0).isIntegralNumber()
                            || !e.get(1).isIntegralNumber()) {
                        problem(where + ".skeleton", "edge " + e + " should be [a, b], keypoint numbers from 1");
                        return null;
                    }
                    int a = e.get(0).asInt() - 1;
                    int b = e.get(1).asInt() - 1;
                    if (a < 0 || b < 0 || a >= names.size() || b >= names.size() || a == b) {
                        problem(where + ".skeleton", "edge " + e + " does not join two of the " + names.size() + " keypoints (numbered from 1)");
                        return null;
                    }
                    skeleton.add(new KeypointSchema.Edge(a, b));
                }
            }
            List<KeypointSchema.Edge> pairs = new ArrayList<>();
            JsonNode fp = n.get("flip_pairs");
            if (fp != null && !fp.isNull()) {
                Set<Integer> used = new java.util.HashSet<>();
                for (JsonNode e : fp.isArray() ? fp : List.<JsonNode>of(fp)) {
                    int a = e.isArray() && e.size() == 2 ? names.indexOf(e.get(0).asText()) : -1;
                    int b = e.isArray() && e.size() == 2 ? names.indexOf(e.get(1).asText()) : -1;
                    if (!fp.isArray() || a < 0 || b < 0 || a == b || !used.add(a) || !used.add(b)) {
                        problem(where + ".flip_pairs", "pair " + e + " should name two different keypoints of this category, each in one pair");
                        return null;
                    }
                    pairs.add(new KeypointSchema.Edge(a, b));
                }
            }
            return new KeypointSchema(names, skeleton, pairs);
        }

        private ObjectAnnotation readAnnotation(JsonNode n, String where) {
            if (!isObject(n, where)) {
                return null;
            }
            Long id = integer(n, "id", where, true);
            Long imageId = integer(n, "image_id", where, true);
            Long categoryId = fitsInt(integer(n, "category_id", where, true), where, "category_id");
            double[] bbox = numbers(n, "bbox", where, true);
            if (bbox != null && bbox.length != 4) {
                problem(where + ".bbox", "should be [x, y, width, height], found " + bbox.length + " numbers");
                bbox = null;
            }
            Double area = null;
            JsonNode an = n.get("area");
            if (an != null && !an.isNull()) {
                if (!an.isNumber()) {
                    problem(where + ".area", "should be a number, found a " + kind(an));
                    return null;
                }
                area = an.asDouble();
            }
            Boolean crowd = flag(n, "iscrowd", where);
            Boolean difficult = flag(n, "difficult", where);
            double[] kp = numbers(n, "keypoints", where, false);
            if (kp != null && kp.length % 3 != 0) {
                problem(where + ".keypoints", "should be x, y, v triples, found " + kp.length + " numbers");
                return null;
            }
            if (kp != null) {
                JsonNode nk = n.get("num_keypoints");
                int labelled = 0;
                for (int i = 2; i < kp.length; i += 3) {
                    if (kp[i] != 0 && kp[i] != 1 && kp[i] != 2) {
                        problem(where + ".keypoints", "visibility of keypoint " + (i / 3 + 1) + " is " + Numbers.format(kp[i])
                                + ", should be 0, 1 or 2");
                        return null;
                    }
                    labelled += kp[i] > 0 ? 1 : 0;
                }
                if (nk != null && nk.isNumber() && nk.asInt() != labelled) {
                    problem(where + ".num_keypoints", "is " + nk.asText() + " but " + labelled
                            + " keypoints are labelled (it will be written as " + labelled + ")");
                }
            }
            List<double[]> polygons = new ArrayList<>();
            Object rle = null;
            JsonNode seg = n.get("segmentation");
            if (seg != null && !seg.isNull()) {
                if (seg.isObject()) {
                    rle = plain(seg);
                } else if (seg.isArray()) {
                    for (JsonNode p : seg) {
                        double[] poly = numberArray(p);
                        if (poly == null || poly.length % 2 != 0 || poly.length < 6) {
                            problem(where + ".segmentation", "each polygon should be x, y pairs, at least 3 points");
                            return null;
                        }
                        polygons.add(poly);
                    }
                } else {
                    problem(where + ".segmentation", "should be a list of polygons or an RLE object");
                    return null;
                }
            }
            if (id == null || imageId == null || categoryId == null || bbox == null || crowd == null || difficult == null) {
                return null;
            }
            return new ObjectAnnotation(id, imageId, (int) (long) categoryId, new CocoBox(bbox[0], bbox[1], bbox[2], bbox[3]),
                    area, crowd, difficult, kp, polygons, rle, extras(n, ANNOTATION_FIELDS));
        }

        private boolean isObject(JsonNode n, String where) {
            if (!n.isObject()) {
                problem(where, "should be an object, found a " + kind(n));
                return false;
            }
            return true;
        }

        /** The field's value, or null when absent or JSON null (a problem if the field is required). */
        private JsonNode present(JsonNode parent, String field, String where, boolean required) {
            JsonNode n = parent.get(field);
            if (n == null || n.isNull()) {
                if (required) {
                    problem(where, "no \"" + field + "\"");
                }
                return null;
            }
            return n;
        }

        private Long integer(JsonNode parent, String field, String where, boolean required) {
            JsonNode n = present(parent, field, where, required);
            if (n == null) {
                return null;
            }
            if (n.isIntegralNumber() && n.canConvertToLong()) {
                return n.asLong();
            }
            if (n.isIntegralNumber() || (n.isNumber() && n.asDouble() == Math.rint(n.asDouble())
                    && Math.abs(n.asDouble()) > MAX_EXACT_DOUBLE)) {
                problem(where + "." + field, describe(n) + " is out of range (a whole number from " + Long.MIN_VALUE + " to "
                        + Long.MAX_VALUE + ", or up to 2^53 written with a fraction or exponent)");
                return null;
            }
            if (n.isNumber() && n.asDouble() == Math.rint(n.asDouble())) {
                return (long) n.asDouble();
            }
            problem(where + "." + field, "should be a whole number, found " + describe(n));
            return null;
        }

        /** The value when it fits an int (image sizes, category ids); otherwise a problem and null. */
        private Long fitsInt(Long v, String where, String field) {
            if (v != null && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
                problem(where + "." + field, v + " is out of range (at most " + Integer.MAX_VALUE + ")");
                return null;
            }
            return v;
        }

        private String text(JsonNode parent, String field, String where, boolean required) {
            JsonNode n = present(parent, field, where, required);
            if (n == null) {
                return null;
            }
            if (!n.isTextual()) {
                problem(where + "." + field, "should be a string, found " + describe(n));
                return null;
            }
            return n.asText();
        }

        /** 0/1 or true/false; absent is false; anything else is a problem (null). */
        private Boolean flag(JsonNode parent, String field, String where) {
            JsonNode n = parent.get(field);
            if (n == null || n.isNull()) {
                return false;
            }
            if (n.isBoolean()) {
                return n.asBoolean();
            }
            if (n.isNumber() && (n.asDouble() == 0 || n.asDouble() == 1)) {
                return n.asDouble() == 1;
            }
            problem(where + "." + field, "should be 0 or 1, found " + describe(n));
            return null;
        }

        private double[] numbers(JsonNode parent, String field, String where, boolean required) {
            JsonNode n = present(parent, field, where, required);
            if (n == null) {
                return null;
            }
            double[] out = numberArray(n);
            if (out == null) {
                problem(where + "." + field, "should be a list of numbers, found " + describe(n));
            }
            return out;
        }

        private void problem(String where, String message) {
            problems.add(new Problem(file, where, message));
        }
    }

    private static double[] numberArray(JsonNode n) {
        if (!n.isArray()) {
            return null;
        }
        double[] out = new double[n.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = n.get(i);
            if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                return null;
            }
            out[i] = v.asDouble();
        }
        return out;
    }

    private static String describe(JsonNode n) {
        String s = n.toString();
        return (s.length() > 40 ? s.substring(0, 37) + "..." : s);
    }

    private static Map<String, Object> extras(JsonNode n, Set<String> known) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!known.contains(e.getKey())) {
                out.put(e.getKey(), plain(e.getValue()));
            }
        }
        return out;
    }

    /** A JSON tree as plain Java values (LinkedHashMap, ArrayList, String, Long/Double, Boolean, null). */
    private static Object plain(JsonNode n) {
        return MAPPER.convertValue(n, Object.class);
    }
}
