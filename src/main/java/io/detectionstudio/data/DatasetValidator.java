package io.detectionstudio.data;

import io.detectionstudio.data.image.ImageInfo;
import io.detectionstudio.data.image.ImageLoadException;
import io.detectionstudio.data.image.ImageLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Checks what a dataset means: ids that are unique and point somewhere, boxes inside their images,
 * keypoints that fit their category's schema, and image files that exist, decode and have the size the
 * dataset says. Every problem is one {@link Problem}; nothing stops at the first one.
 */
public final class DatasetValidator {

    /** How much of each image file to look at. */
    public enum ImageCheck {
        /** Do not open image files. */
        NONE,
        /** Read headers only: existence, format, size and EXIF orientation (fast). */
        HEADERS,
        /** Decode every image fully, which also finds truncated and corrupt data. */
        DECODE
    }

    /** A box may stick out of its image by this many pixels (rounding in other tools) before it is reported. */
    public static final double EDGE_TOLERANCE_PX = 0.5;

    private DatasetValidator() {
    }

    /**
     * Validates a dataset.
     *
     * @param file  the dataset file's name as the user gave it, used in messages
     */
    public static List<Problem> validate(Dataset d, String file, ImageCheck imageCheck) {
        List<Problem> problems = new ArrayList<>();
        Map<Long, ImageRecord> images = new HashMap<>();
        Set<String> fileNames = new HashSet<>();
        for (int i = 0; i < d.images().size(); i++) {
            ImageRecord im = d.images().get(i);
            String where = "images[" + i + "] (id " + im.id() + ")";
            if (images.putIfAbsent(im.id(), im) != null) {
                problems.add(new Problem(file, where, "image id " + im.id() + " is used twice"));
            }
            if (!fileNames.add(im.fileName())) {
                problems.add(new Problem(file, where, "file_name " + im.fileName() + " is listed twice"));
            }
            if (im.width() <= 0 || im.height() <= 0) {
                problems.add(new Problem(file, where, "size " + im.width() + "x" + im.height() + " is not positive"));
            }
        }
        Map<Integer, Category> categories = new HashMap<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < d.categories().size(); i++) {
            Category c = d.categories().get(i);
            String where = "categories[" + i + "] (id " + c.id() + ")";
            if (categories.putIfAbsent(c.id(), c) != null) {
                problems.add(new Problem(file, where, "category id " + c.id() + " is used twice"));
            }
            if (c.name().isBlank()) {
                problems.add(new Problem(file, where, "name is empty"));
            } else if (!names.add(c.name())) {
                problems.add(new Problem(file, where, "name \"" + c.name() + "\" is used by two categories"));
            }
            if (c.id() <= 0) {
                problems.add(new Problem(file, where, "id " + c.id() + " should be 1 or more (label maps count from 1)"));
            }
        }
        Set<Long> annotationIds = new HashSet<>();
        for (int i = 0; i < d.annotations().size(); i++) {
            ObjectAnnotation a = d.annotations().get(i);
            String where = "annotations[" + i + "] (id " + a.id() + ")";
            if (!annotationIds.add(a.id())) {
                problems.add(new Problem(file, where, "annotation id " + a.id() + " is used twice"));
            }
            ImageRecord im = images.get(a.imageId());
            if (im == null) {
                problems.add(new Problem(file, where, "image_id " + a.imageId() + " is not an image of this dataset"));
            }
            Category c = categories.get(a.categoryId());
            if (c == null) {
                problems.add(new Problem(file, where, "category_id " + a.categoryId() + " is not a category of this dataset"));
            }
            checkBox(a, im, file, where, problems);
            checkKeypoints(a, c, im, file, where, problems);
        }
        if (imageCheck != ImageCheck.NONE) {
            problems.addAll(checkFiles(d, file, imageCheck));
        }
        return problems;
    }

    private static void checkBox(ObjectAnnotation a, ImageRecord im, String file, String where, List<Problem> problems) {
        CocoBox b = a.bbox();
        if (b.width() <= 0 || b.height() <= 0) {
            problems.add(new Problem(file, where, "bbox " + b + " has no area (width and height must be > 0)"));
            return;
        }
        if (a.area() != null && a.area() < 0) {
            problems.add(new Problem(file, where, "area " + Numbers.format(a.area()) + " is negative"));
        }
        if (im == null || im.width() <= 0 || im.height() <= 0) {
            return;
        }
        double t = EDGE_TOLERANCE_PX;
        if (b.x() < -t || b.y() < -t || b.right() > im.width() + t || b.bottom() > im.height() + t) {
            problems.add(new Problem(file, where, "bbox " + b + " lies outside its image " + im.fileName() + " ("
                    + im.width() + "x" + im.height() + ")"));
        }
    }

    private static void checkKeypoints(ObjectAnnotation a, Category c, ImageRecord im, String file, String where,
                                       List<Problem> problems) {
        double[] kp = a.keypoints();
        if (kp == null || c == null) {
            return;
        }
        if (!c.hasKeypoints()) {
            problems.add(new Problem(file, where, "has keypoints but category \"" + c.name() + "\" defines none"));
            return;
        }
        int expected = c.keypoints().size();
        if (kp.length != 3 * expected) {
            problems.add(new Problem(file, where, "has " + kp.length / 3 + " keypoints, category \"" + c.name() + "\" defines "
                    + expected));
            return;
        }
        if (im == null) {
            return;
        }
        double t = EDGE_TOLERANCE_PX;
        for (int k = 0; k < expected; k++) {
            double x = kp[3 * k];
            double y = kp[3 * k + 1];
            if (kp[3 * k + 2] > 0 && (x < -t || y < -t || x > im.width() + t || y > im.height() + t)) {
                problems.add(new Problem(file, where, "keypoint " + c.keypoints().names().get(k) + " (" + Numbers.format(x)
                        + ", " + Numbers.format(y) + ") lies outside its image " + im.fileName()));
            }
        }
    }

    /** Opens each image file (in parallel; results in dataset order) and compares its size with the record. */
    private static List<Problem> checkFiles(Dataset d, String file, ImageCheck check) {
        List<ImageRecord> images = d.images();
        Path folder = Path.of(file).getParent();
        List<List<Problem>> perImage = IntStream.range(0, images.size()).parallel()
                .mapToObj(i -> checkFile(d, images.get(i), folder, check))
                .toList();
        List<Problem> out = new ArrayList<>();
        perImage.forEach(out::addAll);
        return out;
    }

    /** Problems are reported under the image's path as the user would write it: beside the dataset file as named. */
    private static List<Problem> checkFile(Dataset d, ImageRecord im, Path folder, ImageCheck check) {
        Path path = d.resolve(im);
        Path named = Path.of(im.fileName());
        String shown = (folder == null || named.isAbsolute() ? named : folder.resolve(named).normalize()).toString();
        try {
            ImageInfo info = ImageLoader.readInfo(path);
            if (check == ImageCheck.DECODE) {
                ImageLoader.loadRgb(path);
            }
            if (info.width() != im.width() || info.height() != im.height()) {
                return List.of(new Problem(shown, "", "is " + info.width() + "x" + info.height()
                        + " (as displayed) but the dataset says " + im.width() + "x" + im.height()));
            }
            return List.of();
        } catch (ImageLoadException e) {
            return List.of(new Problem(shown, "", e.reason()));
        }
    }
}
