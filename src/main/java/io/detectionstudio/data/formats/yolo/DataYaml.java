package io.detectionstudio.data.formats.yolo;

import io.detectionstudio.data.DatasetException;
import io.detectionstudio.data.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an Ultralytics {@code data.yaml} says: the dataset root ({@code path}), the image sources of each split
 * ({@code train}, {@code val}, {@code test}), the class names ({@code names} as a list or a {@code 0: name}
 * mapping, checked against {@code nc}), and for pose datasets {@code kpt_shape: [K, 2 or 3]}, {@code flip_idx} and
 * {@code kpt_names} (per class, a list of K names). Other keys ({@code download}, ...) are ignored.
 *
 * @param file      the data.yaml as the user named it
 * @param root      the dataset root: {@code path} resolved against the data.yaml's folder, or that folder
 * @param splits    split name to its sources (folders, {@code .txt} lists), each with its line, in file order
 * @param names     class names by 0-based index
 * @param kptCount  keypoints per object, 0 for a detection dataset
 * @param kptDims   2 ({@code x y}) or 3 ({@code x y v}) values per keypoint
 * @param flipIdx   the keypoint permutation under a horizontal flip, or null
 * @param kptNames  keypoint names per class index that has them, or null when the file has no {@code kpt_names}
 * @param problems  what was wrong but could be passed over (a bad {@code flip_idx} or {@code kpt_names})
 */
record DataYaml(Path file, Path root, Map<String, List<Source>> splits, List<String> names, int kptCount, int kptDims,
                int[] flipIdx, Map<Integer, List<String>> kptNames, List<Problem> problems) {

    /** The splits read, in this order. */
    static final List<String> SPLITS = List.of("train", "val", "test");

    /** One source of images of a split and the data.yaml line that names it. */
    record Source(String value, int line) {
    }

    static DataYaml read(Path file) throws DatasetException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException e) {
            throw new DatasetException(file + ": file not found");
        } catch (CharacterCodingException e) {
            throw new DatasetException(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot read: " + e.getMessage());
        }
        YamlTree.Node root;
        try {
            root = YamlTree.parse(text);
        } catch (YamlTree.YamlError e) {
            throw new DatasetException(file + (e.line > 0 ? ": line " + e.line : "") + ": " + e.getMessage());
        }
        if (!root.isMap()) {
            throw new DatasetException(file + ": not a YOLO data.yaml: expected keys such as train, val and names");
        }
        return new Builder(file, root.map).build();
    }

    private static final class Builder {
        final Path file;
        final String name;
        final Map<String, YamlTree.Node> map;
        final List<Problem> problems = new ArrayList<>();

        Builder(Path file, Map<String, YamlTree.Node> map) {
            this.file = file;
            this.name = file.toString();
            this.map = map;
        }

        DatasetException error(YamlTree.Node n, String message) {
            return new DatasetException(name + ": line " + n.line + ": " + message);
        }

        DataYaml build() throws DatasetException {
            Path dir = file.getParent() == null ? Path.of("") : file.getParent();
            Path root = dir;
            YamlTree.Node path = map.get("path");
            if (path != null && !path.isNull()) {
                if (!path.isScalar()) {
                    throw error(path, "path should be the dataset's folder, found " + path.describe());
                }
                root = dir.resolve(path.scalar).normalize();
            }
            Map<String, List<Source>> splits = new LinkedHashMap<>();
            for (String split : SPLITS) {
                YamlTree.Node n = map.get(split);
                if (n == null || n.isNull()) {
                    continue;
                }
                List<Source> sources = new ArrayList<>();
                for (YamlTree.Node item : n.isList() ? n.list : List.of(n)) {
                    if (!item.isScalar() || item.isNull()) {
                        throw error(item, split + " should be a folder, a .txt list of images or a list of those, found "
                                + item.describe());
                    }
                    sources.add(new Source(item.scalar, item.line));
                }
                splits.put(split, sources);
            }
            if (splits.isEmpty()) {
                throw new DatasetException(name + ": no train, val or test images (expected e.g. \"train: images/train\")");
            }
            List<String> names = names();
            int kptCount = 0;
            int kptDims = 3;
            int[] flipIdx = null;
            Map<Integer, List<String>> kptNames = null;
            YamlTree.Node shape = map.get("kpt_shape");
            if (shape != null && !shape.isNull()) {
                Integer k = shape.isList() && shape.list.size() == 2 ? shape.list.get(0).asInt() : null;
                Integer d = shape.isList() && shape.list.size() == 2 ? shape.list.get(1).asInt() : null;
                if (k == null || d == null || k < 1 || k > 10_000 || (d != 2 && d != 3)) {
                    throw error(shape, "kpt_shape should be [number of keypoints, 2 or 3], found " + shape.describe());
                }
                kptCount = k;
                kptDims = d;
                flipIdx = flipIdx(k);
                kptNames = kptNames(k, names.size());
            }
            return new DataYaml(file, root, splits, names, kptCount, kptDims, flipIdx, kptNames, problems);
        }

        private List<String> names() throws DatasetException {
            YamlTree.Node n = map.get("names");
            YamlTree.Node nc = map.get("nc");
            Integer count = null;
            if (nc != null && !nc.isNull()) {
                count = nc.asInt();
                if (count == null || count < 1) {
                    throw error(nc, "nc should be the number of classes, found " + nc.describe());
                }
            }
            List<String> names = new ArrayList<>();
            if (n == null || n.isNull()) {
                if (count == null) {
                    throw new DatasetException(name + ": no names (the class names, e.g. \"names: [duck, ball]\")");
                }
                for (int i = 0; i < count; i++) {
                    names.add("class" + i);
                }
                return names;
            }
            if (n.isList()) {
                for (YamlTree.Node item : n.list) {
                    if (!item.isScalar() || item.isNull()) {
                        throw error(item, "names should be a list of class names, found " + item.describe());
                    }
                    names.add(item.scalar);
                }
            } else if (n.isMap()) {
                int expected = 0;
                for (Map.Entry<String, YamlTree.Node> e : n.map.entrySet()) {
                    YamlTree.Node v = e.getValue();
                    if (!e.getKey().equals(Integer.toString(expected))) {
                        throw error(v, "names should be numbered 0, 1, 2, ... in order; found " + e.getKey() + " where "
                                + expected + " was expected");
                    }
                    if (!v.isScalar() || v.isNull()) {
                        throw error(v, "names: class " + expected + " should have a name, found " + v.describe());
                    }
                    names.add(v.scalar);
                    expected++;
                }
            } else {
                throw error(n, "names should be a list or a 0: name mapping, found " + n.describe());
            }
            if (names.isEmpty()) {
                throw error(n, "names is empty");
            }
            if (count != null && count != names.size()) {
                throw error(nc, "nc is " + count + " but names has " + names.size());
            }
            return names;
        }

        /** flip_idx as a permutation that swaps pairs, or null (and a problem when it is there but wrong). */
        private int[] flipIdx(int k) {
            YamlTree.Node n = map.get("flip_idx");
            if (n == null || n.isNull()) {
                return null;
            }
            String problem = null;
            int[] idx = new int[k];
            if (!n.isList() || n.list.size() != k) {
                problem = "should list " + k + " keypoint indices (kpt_shape), found " + n.describe();
            } else {
                for (int i = 0; i < k && problem == null; i++) {
                    Integer v = n.list.get(i).asInt();
                    if (v == null || v < 0 || v >= k) {
                        problem = "entry " + i + " should be a keypoint index from 0 to " + (k - 1) + ", found " + n.list.get(i).describe();
                    } else {
                        idx[i] = v;
                    }
                }
                for (int i = 0; i < k && problem == null; i++) {
                    if (idx[idx[i]] != i) {
                        problem = "should swap pairs of keypoints (flip_idx[flip_idx[i]] = i), but entry " + i + " is " + idx[i]
                                + " and entry " + idx[i] + " is " + idx[idx[i]];
                    }
                }
            }
            if (problem != null) {
                problems.add(new Problem(name, "line " + n.line, "flip_idx " + problem + "; the keypoints get no flip pairs"));
                return null;
            }
            return idx;
        }

        /** kpt_names per class index: {@code {0: [a, b, ...]}} or {@code [[a, b, ...]]}; null when absent. */
        private Map<Integer, List<String>> kptNames(int k, int classes) {
            YamlTree.Node n = map.get("kpt_names");
            if (n == null || n.isNull()) {
                return null;
            }
            Map<Integer, List<String>> out = new LinkedHashMap<>();
            Map<Integer, YamlTree.Node> perClass = new LinkedHashMap<>();
            if (n.isList()) {
                for (int i = 0; i < n.list.size(); i++) {
                    perClass.put(i, n.list.get(i));
                }
            } else if (n.isMap()) {
                for (Map.Entry<String, YamlTree.Node> e : n.map.entrySet()) {
                    Integer c = YamlTree.intKey(e.getKey());
                    if (c == null || c < 0 || c >= classes) {
                        problems.add(new Problem(name, "line " + e.getValue().line, "kpt_names: " + e.getKey()
                                + " is not a class index (0 to " + (classes - 1) + ")"));
                        continue;
                    }
                    perClass.put(c, e.getValue());
                }
            } else {
                problems.add(new Problem(name, "line " + n.line, "kpt_names should map class indices to lists of "
                        + k + " keypoint names"));
                return out;
            }
            for (Map.Entry<Integer, YamlTree.Node> e : perClass.entrySet()) {
                YamlTree.Node v = e.getValue();
                List<String> list = new ArrayList<>();
                Set<String> seen = new HashSet<>();
                boolean ok = v.isList() && v.list.size() == k;
                if (ok) {
                    for (YamlTree.Node item : v.list) {
                        ok &= item.isScalar() && !item.isNull() && seen.add(item.scalar);
                        list.add(item.scalar);
                    }
                }
                if (!ok) {
                    problems.add(new Problem(name, "line " + v.line, "kpt_names for class " + e.getKey() + " should be " + k
                            + " different names (kpt_shape), found " + v.describe() + "; numbered names are used"));
                    list = defaultKeypointNames(k);
                }
                out.put(e.getKey(), List.copyOf(list));
            }
            return out;
        }
    }

    /** {@code kpt_0}, {@code kpt_1}, ...: the names of keypoints a data.yaml does not name. */
    static List<String> defaultKeypointNames(int k) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            out.add("kpt_" + i);
        }
        return out;
    }
}
