package io.detectionstudio.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.detectionstudio.core.Keypoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads detections: a JSON array with one object per detection, either COCO's results format
 * ({@code image_id}) or the {@code detect} verb's format ({@code file_name}, matched against the dataset's
 * image file names), each with {@code category_id}, {@code bbox} {@code [x, y, width, height]} in pixels,
 * {@code score} and optionally {@code keypoints} as COCO triples.
 */
public final class DetectionsJson {

    /** One detection in pixels, on an image of the dataset. */
    public record Detection(long imageId, int categoryId, CocoBox bbox, double score, double[] keypoints) {
    }

    /** The detections of one image, for {@link #write}: the file name as it should be written, and the image size. */
    public record ImageDetections(String fileName, int width, int height, List<io.detectionstudio.core.Detection> detections) {
    }

    /** What {@link #read} found: the detections and the entries it left out. */
    public record Result(List<Detection> detections, List<Problem> problems) {
    }

    private DetectionsJson() {
    }

    /** A core detection (normalized) in pixels on an image of the given size. */
    public static Detection toPixels(long imageId, io.detectionstudio.core.Detection d, int width, int height) {
        double[] kp = d.hasKeypoints() ? Keypoints.toCocoPixels(d.keypoints(), width, height) : null;
        return new Detection(imageId, d.categoryId(), CocoBox.fromBox(d.box(), width, height), d.score(), kp);
    }

    /**
     * Writes detections as a JSON array, one object per detection: {@code file_name}, {@code category_id},
     * {@code category} (the name, or {@code class N}), {@code bbox} {@code [x, y, width, height]} in pixels,
     * {@code score}, and {@code keypoints} as COCO pixel triples when the model has keypoints.
     */
    public static void write(Path file, List<ImageDetections> images, Map<Integer, String> names) throws DatasetException {
        ArrayNode root = CocoJson.MAPPER.createArrayNode();
        for (ImageDetections im : images) {
            for (io.detectionstudio.core.Detection d : im.detections()) {
                Detection px = toPixels(0, d, im.width(), im.height());
                ObjectNode o = root.addObject();
                o.put("file_name", im.fileName());
                o.put("category_id", d.categoryId());
                o.put("category", names.getOrDefault(d.categoryId(), "class " + d.categoryId()));
                ArrayNode bbox = o.putArray("bbox");
                for (double v : px.bbox().toArray()) {
                    bbox.add(Math.round(v * 100) / 100.0);
                }
                o.put("score", Math.round(d.score() * 10000) / 10000.0);
                if (px.keypoints() != null) {
                    ArrayNode k = o.putArray("keypoints");
                    double[] kp = px.keypoints();
                    for (int i = 0; i < kp.length; i++) {
                        k.add(i % 3 == 2 ? kp[i] : Math.round(kp[i] * 100) / 100.0);
                    }
                }
            }
        }
        try {
            Path abs = file.toAbsolutePath();
            Files.createDirectories(abs.getParent());
            Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
            CocoJson.MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
            FilePermissions.likeTarget(tmp, abs);
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    public static Result read(Path file, Dataset dataset) throws DatasetException {
        JsonNode root = CocoJson.readTree(file);
        if (root == null || !root.isArray()) {
            throw new DatasetException(file + ": expected a JSON array of detections");
        }
        Map<String, Long> byName = new HashMap<>();
        for (ImageRecord im : dataset.images()) {
            byName.putIfAbsent(im.fileName(), im.id());
            byName.putIfAbsent(Path.of(im.fileName()).getFileName().toString(), im.id());
        }
        String f = file.toString();
        List<Detection> out = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode n = root.get(i);
            String where = "[" + i + "]";
            Long imageId = null;
            if (n.hasNonNull("image_id") && n.get("image_id").canConvertToLong()) {
                imageId = n.get("image_id").asLong();
            } else if (n.hasNonNull("file_name")) {
                String name = n.get("file_name").asText();
                imageId = byName.get(name);
                if (imageId == null) {
                    imageId = byName.get(Path.of(name).getFileName().toString());
                }
                if (imageId == null) {
                    problems.add(new Problem(f, where, "file_name " + name + " is not an image of the dataset"));
                    continue;
                }
            }
            JsonNode bbox = n.get("bbox");
            JsonNode score = n.get("score");
            JsonNode cat = n.get("category_id");
            if (imageId == null || bbox == null || !bbox.isArray() || bbox.size() != 4 || score == null || !score.isNumber()
                    || cat == null || !cat.canConvertToInt()) {
                problems.add(new Problem(f, where, "needs image_id or file_name, category_id, bbox [x, y, width, height] and score"));
                continue;
            }
            double[] kp = null;
            if (n.hasNonNull("keypoints")) {
                JsonNode k = n.get("keypoints");
                kp = new double[k.size()];
                for (int j = 0; j < kp.length; j++) {
                    kp[j] = k.get(j).asDouble();
                }
                if (kp.length % 3 != 0) {
                    problems.add(new Problem(f, where + ".keypoints", "should be x, y, v triples, found " + kp.length + " numbers"));
                    continue;
                }
            }
            out.add(new Detection(imageId, cat.asInt(), new CocoBox(bbox.get(0).asDouble(), bbox.get(1).asDouble(),
                    bbox.get(2).asDouble(), bbox.get(3).asDouble()), score.asDouble(), kp));
        }
        return new Result(out, problems);
    }
}
