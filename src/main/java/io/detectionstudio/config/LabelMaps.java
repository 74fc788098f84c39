package io.detectionstudio.config;

import io.detectionstudio.data.Category;
import io.detectionstudio.data.KeypointSchema;
import io.detectionstudio.proto.odapi.StringIntLabelMap;
import io.detectionstudio.proto.odapi.StringIntLabelMapItem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the OD API's label map, {@code label_map.pbtxt}: a {@link StringIntLabelMap} in protobuf
 * text format, one {@code item} per class with its {@code id} (counted from 1), {@code name} and
 * {@code display_name}, and for keypoint classes one {@code keypoints { id: 0 label: "left_ear" }} per keypoint,
 * as the OD API writes it:
 *
 * <pre>
 * item {
 *   name: "figure"
 *   id: 1
 *   display_name: "figure"
 *   keypoints {
 *     id: 0
 *     label: "left_ear"
 *   }
 * }
 * </pre>
 *
 * <p>Keypoint ids index the keypoint tensors, so they are unique within a class and, as {@link #fromCategories}
 * writes them, numbered on across classes (a second keypoint class continues after the first's). Reading checks
 * what the OD API relies on: ids from 1, no id or name twice, keypoint ids and labels unique within their class;
 * each problem is one line with file and line ({@code label_map.pbtxt:7: item[1].id: 0 is not a class id
 * (ids count from 1)}) and any problem makes the map a {@link ConfigException} listing them all. Unsupported
 * fields are warnings, as for {@link PipelineConfigs}.
 */
public final class LabelMaps {

    /**
     * A parsed label map.
     *
     * @param labelMap the message, without whatever was ignored
     * @param warnings what was ignored, in file order
     */
    public record Result(StringIntLabelMap labelMap, List<ConfigWarning> warnings) {

        public Result {
            warnings = List.copyOf(warnings);
        }
    }

    private LabelMaps() {
    }

    /** Reads and checks a label map file (UTF-8); messages name the file as {@code file.toString()} gives it. */
    public static Result read(Path file) throws ConfigException {
        return parse(TextFiles.readText(file), file.toString());
    }

    /** Parses and checks label map text; {@code fileName} is what messages call it. */
    public static Result parse(String text, String fileName) throws ConfigException {
        TextFormatReader.Parsed<StringIntLabelMap> parsed =
                TextFormatReader.parse(text, fileName, StringIntLabelMap.getDefaultInstance());
        List<String> problems = problems(parsed.message(), fileName, parsed.lines());
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Result(parsed.message(), parsed.warnings());
    }

    /** The label map as protobuf text format, fields in the OD API's order (name, id, display_name, keypoints). */
    public static String toText(StringIntLabelMap labelMap) {
        return TextFiles.print(labelMap);
    }

    /** Writes the label map atomically: a temporary file beside it, then a move over the target. */
    public static void write(StringIntLabelMap labelMap, Path file) throws ConfigException {
        TextFiles.writeAtomically(toText(labelMap), file);
    }

    /**
     * The label map of a dataset's categories, in their order: {@code id} the category id, {@code name} and
     * {@code display_name} the category name, and for a keypoint category its keypoint names with ids numbered on
     * from the previous keypoint category's.
     *
     * @throws IllegalArgumentException if an id is below 1 or an id or name comes twice
     */
    public static StringIntLabelMap fromCategories(Collection<Category> categories) {
        StringIntLabelMap.Builder map = StringIntLabelMap.newBuilder();
        int nextKeypointId = 0;
        for (Category c : categories) {
            StringIntLabelMapItem.Builder item = StringIntLabelMapItem.newBuilder().setName(c.name()).setId(c.id())
                    .setDisplayName(c.name());
            if (c.hasKeypoints()) {
                for (String label : c.keypoints().names()) {
                    item.addKeypoints(StringIntLabelMapItem.KeypointMap.newBuilder().setId(nextKeypointId++).setLabel(label));
                }
            }
            map.addItem(item);
        }
        StringIntLabelMap out = map.build();
        List<String> problems = problems(out, "categories", Map.of());
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.get(0));
        }
        return out;
    }

    /**
     * The categories of a label map, in its order: id, {@code name} (or {@code display_name} where the name is
     * empty), and for an item with keypoints their labels ordered by keypoint id. A label map has no skeleton and no
     * flip pairs, so those come back empty.
     */
    public static List<Category> toCategories(StringIntLabelMap labelMap) {
        List<Category> out = new ArrayList<>(labelMap.getItemCount());
        for (StringIntLabelMapItem item : labelMap.getItemList()) {
            String name = item.getName().isEmpty() ? item.getDisplayName() : item.getName();
            KeypointSchema schema = null;
            if (item.getKeypointsCount() > 0) {
                List<String> labels = item.getKeypointsList().stream()
                        .sorted(Comparator.comparingInt(StringIntLabelMapItem.KeypointMap::getId))
                        .map(StringIntLabelMapItem.KeypointMap::getLabel).toList();
                schema = new KeypointSchema(labels, List.of(), List.of());
            }
            out.add(new Category(item.getId(), name, null, schema, Map.of()));
        }
        return out;
    }

    /** Every problem of a label map, one line each, in item order. */
    static List<String> problems(StringIntLabelMap labelMap, String file, Map<String, Integer> lines) {
        List<String> problems = new ArrayList<>();
        Map<Integer, Integer> firstWithId = new HashMap<>();
        Map<String, Integer> firstWithName = new HashMap<>();
        for (int i = 0; i < labelMap.getItemCount(); i++) {
            StringIntLabelMapItem item = labelMap.getItem(i);
            String at = "item[" + i + "]";
            if (!item.hasId()) {
                problems.add(where(file, lines, at, at) + "has no id");
            } else if (item.getId() < 1) {
                problems.add(where(file, lines, at + ".id", at) + item.getId() + " is not a class id (ids count from 1)");
            } else {
                Integer first = firstWithId.putIfAbsent(item.getId(), i);
                if (first != null) {
                    problems.add(where(file, lines, at + ".id", at) + item.getId() + " is already the id of "
                            + other(lines, first));
                }
            }
            if (item.getName().isEmpty() && item.getDisplayName().isEmpty()) {
                problems.add(where(file, lines, at, at) + "has no name");
            } else if (!item.getName().isEmpty()) {
                Integer first = firstWithName.putIfAbsent(item.getName(), i);
                if (first != null) {
                    problems.add(where(file, lines, at + ".name", at) + "\"" + item.getName() + "\" is already the name of "
                            + other(lines, first));
                }
            }
            Map<Integer, Integer> keypointIds = new HashMap<>();
            Map<String, Integer> keypointLabels = new HashMap<>();
            for (int k = 0; k < item.getKeypointsCount(); k++) {
                StringIntLabelMapItem.KeypointMap kp = item.getKeypoints(k);
                String kat = at + ".keypoints[" + k + "]";
                if (kp.getId() < 0) {
                    problems.add(where(file, lines, kat + ".id", kat) + kp.getId() + " is not a keypoint id (ids count from 0)");
                } else if (keypointIds.putIfAbsent(kp.getId(), k) != null) {
                    problems.add(where(file, lines, kat + ".id", kat) + kp.getId() + " is already the id of " + at
                            + ".keypoints[" + keypointIds.get(kp.getId()) + "]");
                }
                if (kp.getLabel().isEmpty()) {
                    problems.add(where(file, lines, kat, kat) + "has no label");
                } else if (keypointLabels.putIfAbsent(kp.getLabel(), k) != null) {
                    problems.add(where(file, lines, kat + ".label", kat) + "\"" + kp.getLabel() + "\" is already the label of "
                            + at + ".keypoints[" + keypointLabels.get(kp.getLabel()) + "]");
                }
            }
        }
        return problems;
    }

    private static String where(String file, Map<String, Integer> lines, String path, String fallbackPath) {
        Integer line = lines.get(path);
        if (line == null) {
            line = lines.get(fallbackPath);
        }
        return (line == null ? file : file + ":" + line) + ": " + path + ": ";
    }

    private static String other(Map<String, Integer> lines, int index) {
        Integer line = lines.get("item[" + index + "]");
        return "item[" + index + "]" + (line == null ? "" : " (line " + line + ")");
    }
}
