package io.detectionstudio.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
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

    /** What {@link #read} found: the detections and the entries it left out. */
    public record Result(List<Detection> detections, List<Problem> problems) {
    }

    private DetectionsJson() {
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
