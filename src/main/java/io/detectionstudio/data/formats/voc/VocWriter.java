package io.detectionstudio.data.formats.voc;

import io.detectionstudio.data.formats.OutputFolder;
import io.detectionstudio.data.Category;
import io.detectionstudio.data.CocoBox;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.ObjectAnnotation;
import java.io.File;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Writes a dataset as Pascal VOC XML files (see the package documentation for the rules). */
final class VocWriter {

    private VocWriter() {
    }

    static void write(Dataset d, Path out) throws DatasetException {
        if (Files.isRegularFile(out)) {
            throw new DatasetException(out + ": is a file; Pascal VOC is written as a folder (FOLDER/" + VocFormat.ANNOTATIONS
                    + "/NAME.xml)");
        }
        Path annotations = out.resolve(VocFormat.ANNOTATIONS);
        Path annotationsAbs = annotations.toAbsolutePath().normalize();
        Map<Long, ImageRecord> images = new HashMap<>();
        for (ImageRecord im : d.images()) {
            images.put(im.id(), im);
        }
        for (ObjectAnnotation a : d.annotations()) {
            if (!images.containsKey(a.imageId())) {
                throw new DatasetException(out + ": annotation " + a.id() + ": image_id " + a.imageId()
                        + " is not an image of the dataset (nothing was written)");
            }
        }
        Map<Integer, Category> categories = new HashMap<>();
        for (Category c : d.categories()) {
            categories.putIfAbsent(c.id(), c);
        }
        Map<Long, List<ObjectAnnotation>> byImage = d.annotationsByImage();
        OutputFolder.write(annotations, dir -> {
            Set<String> used = new HashSet<>();
            for (ImageRecord im : d.images()) {
                Path image = d.resolve(im).toAbsolutePath().normalize();
                String xml = xml(out, d, im, image, annotationsAbs, byImage.getOrDefault(im.id(), List.of()), categories);
                Files.writeString(OutputFolder.inside(dir, xmlName(im, image, used)), xml, StandardCharsets.UTF_8);
            }
        });
    }

    /** The image's base name with {@code .xml}; {@code NAME_ID.xml} when another image took that name (any case). */
    private static String xmlName(ImageRecord im, Path image, Set<String> used) {
        String base = image.getFileName() == null ? "" : image.getFileName().toString();
        int dot = base.lastIndexOf('.');
        String stem = dot > 0 ? base.substring(0, dot) : base;
        if (stem.isEmpty() || stem.startsWith(".")) {
            stem = "image_" + im.id();
        }
        String name = stem + ".xml";
        if (!used.add(name.toLowerCase(Locale.ROOT))) {
            name = stem + "_" + im.id() + ".xml";
            used.add(name.toLowerCase(Locale.ROOT));
        }
        return name;
    }

    private static String xml(Path out, Dataset d, ImageRecord im, Path image, Path annotationsDir, List<ObjectAnnotation> objects,
                              Map<Integer, Category> categories) throws DatasetException {
        StringBuilder s = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<annotation>\n");
        Path parent = image.getParent();
        String where = "image " + im.id() + " (" + im.fileName() + ")";
        element(s, 1, "folder", parent == null || parent.getFileName() == null ? "" : parent.getFileName().toString(), out, where);
        element(s, 1, "filename", image.getFileName() == null ? im.fileName() : image.getFileName().toString(), out, where);
        element(s, 1, "path", annotationsDir.relativize(image).toString().replace(File.separatorChar, '/'), out, where);
        s.append("  <size>\n");
        element(s, 2, "width", Integer.toString(im.width()), out, where);
        element(s, 2, "height", Integer.toString(im.height()), out, where);
        element(s, 2, "depth", number(im.extras().get("depth"), 3), out, where);
        s.append("  </size>\n");
        element(s, 1, "segmented", number(im.extras().get("segmented"), 0), out, where);
        for (ObjectAnnotation a : objects) {
            String at = "annotation " + a.id() + " (image " + im.fileName() + ")";
            Category c = categories.get(a.categoryId());
            if (c == null) {
                throw new DatasetException(out + ": " + at + ": category_id " + a.categoryId() + " is not a category of the dataset"
                        + " (nothing was written)");
            }
            CocoBox b = a.bbox();
            if (!Double.isFinite(b.x()) || !Double.isFinite(b.y()) || !Double.isFinite(b.width()) || !Double.isFinite(b.height())) {
                throw new DatasetException(out + ": " + at + ": the box " + b + " is not finite (nothing was written)");
            }
            s.append("  <object>\n");
            element(s, 2, "name", c.name(), out, at);
            Object pose = a.extras().get("pose");
            element(s, 2, "pose", pose instanceof String p && !p.isBlank() ? p : "Unspecified", out, at);
            element(s, 2, "truncated", number(a.extras().get("truncated"), 0), out, at);
            element(s, 2, "difficult", a.difficult() ? "1" : "0", out, at);
            if (a.extras().get("occluded") instanceof Number n) {
                element(s, 2, "occluded", Long.toString(n.longValue()), out, at);
            }
            if (a.iscrowd()) {
                element(s, 2, "iscrowd", "1", out, at);
            }
            BigDecimal x = Decimals.of(b.x());
            BigDecimal y = Decimals.of(b.y());
            s.append("    <bndbox>\n");
            element(s, 3, "xmin", Decimals.plain(x.add(BigDecimal.ONE)), out, at);
            element(s, 3, "ymin", Decimals.plain(y.add(BigDecimal.ONE)), out, at);
            element(s, 3, "xmax", Decimals.plain(x.add(Decimals.of(b.width()))), out, at);
            element(s, 3, "ymax", Decimals.plain(y.add(Decimals.of(b.height()))), out, at);
            s.append("    </bndbox>\n");
            s.append("  </object>\n");
        }
        s.append("</annotation>\n");
        return s.toString();
    }

    /** A whole number from extras, or the default when absent or not a number. */
    private static String number(Object v, long dflt) {
        return Long.toString(v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) ? n.longValue() : dflt);
    }

    private static void element(StringBuilder s, int depth, String name, String text, Path out, String where)
            throws DatasetException {
        s.append("  ".repeat(depth)).append('<').append(name).append('>');
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '&' -> s.append("&amp;");
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                default -> {
                    boolean legal = cp == '\t' || cp == '\n' || cp == '\r' || (cp >= 0x20 && cp <= 0xD7FF)
                            || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
                    if (!legal) {
                        throw new DatasetException(out + ": " + where + ": the " + name + " \"" + text.replaceAll("\\p{Cntrl}", "?")
                                + "\" has a character XML cannot hold (U+" + String.format("%04X", cp) + "; nothing was written)");
                    }
                    s.appendCodePoint(cp);
                }
            }
        }
        s.append("</").append(name).append(">\n");
    }
}
