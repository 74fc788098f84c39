package io.detectionstudio.data.formats.voc;

import io.detectionstudio.data.formats.OutputFolder;
import io.detectionstudio.data.Category;
import io.detectionstudio.data.CocoBox;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.ObjectAnnotation;
import io.detectionstudio.data.Problem;
import io.detectionstudio.data.formats.DatasetFormat.ReadResult;
import io.detectionstudio.data.image.ImageInfo;
import io.detectionstudio.data.image.ImageLoadException;
import io.detectionstudio.data.image.ImageLoader;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** One read of Pascal VOC annotations (see the package documentation for the rules). */
final class VocReader {

    /** One {@code <object>} that could be read. */
    private record ParsedObject(String file, String where, String name, CocoBox box, boolean difficult, boolean crowd,
                                Map<String, Object> extras) {
    }

    /** One XML file that could be read. */
    private record ParsedImage(String fileName, int width, int height, Map<String, Object> extras,
                               List<ParsedObject> objects) {
    }

    private final List<Category> given;
    private final List<Problem> problems = new ArrayList<>();

    /** @param given the categories to use (names to ids), or null to number the names found from 1 */
    VocReader(List<Category> given) {
        this.given = given;
    }

    ReadResult read(Path path) throws DatasetException {
        List<Path> files;
        Path root;
        if (Files.isRegularFile(path)) {
            files = List.of(path);
            root = rootOf(parentOf(path));
        } else if (Files.isDirectory(path)) {
            Path xmlDir = Files.isDirectory(path.resolve(VocFormat.ANNOTATIONS)) ? path.resolve(VocFormat.ANNOTATIONS) : path;
            root = xmlDir == path ? rootOf(path) : path;
            files = xmlFiles(xmlDir);
            if (files.isEmpty()) {
                throw new DatasetException(path + (xmlDir == path ? ": no .xml files here" : ": no .xml files in " + VocFormat.ANNOTATIONS
                        + "/") + " (expected Pascal VOC annotations)");
            }
        } else {
            throw new DatasetException(path + ": no such file or folder");
        }
        Path rootAbs = root.toAbsolutePath().normalize();
        List<ParsedImage> images = new ArrayList<>();
        for (Path f : files) {
            ParsedImage im = readFile(f, rootAbs);
            if (im != null) {
                images.add(im);
            }
        }
        return new ReadResult(build(images, rootAbs), problems);
    }

    static List<Path> xmlFiles(Path dir) throws DatasetException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return !n.startsWith(".") && n.toLowerCase(Locale.ROOT).endsWith(".xml") && Files.isRegularFile(p);
            }).sorted().toList();
        } catch (IOException e) {
            throw new DatasetException(dir + ": cannot list the folder: " + OutputFolder.oneLine(e));
        }
    }

    private static Path parentOf(Path file) {
        Path p = file.getParent();
        return p == null ? Path.of("") : p;
    }

    /** The dataset folder of annotations in {@code xmlDir}: the parent of an {@code Annotations} folder, else itself. */
    private static Path rootOf(Path xmlDir) {
        Path abs = xmlDir.toAbsolutePath().normalize();
        return abs.getFileName() != null && abs.getFileName().toString().equals(VocFormat.ANNOTATIONS) && abs.getParent() != null
                ? abs.getParent() : xmlDir;
    }

    private ParsedImage readFile(Path xml, Path rootAbs) {
        String file = xml.toString();
        Document doc;
        try {
            doc = SecureXml.parse(xml);
        } catch (SecureXml.XmlError e) {
            problems.add(new Problem(file, e.position(), e.getMessage()));
            return null;
        } catch (IOException e) {
            problems.add(new Problem(file, "", "cannot read: " + OutputFolder.oneLine(e)));
            return null;
        }
        Element root = doc.getDocumentElement();
        if (!root.getTagName().equals("annotation")) {
            problems.add(new Problem(file, root.getTagName(), "the root element is <" + root.getTagName()
                    + ">, expected <annotation> (not a Pascal VOC file)"));
            return null;
        }
        String filename = text(root, "filename");
        if (filename == null || filename.isEmpty()) {
            problems.add(new Problem(file, "annotation", "no <filename>"));
            return null;
        }
        Path image = findImage(xml.toAbsolutePath().normalize().getParent(), rootAbs, filename, text(root, "path"),
                text(root, "folder"));
        String fileName = rootAbs.relativize(image).toString().replace(File.separatorChar, '/');

        Map<String, Object> extras = new LinkedHashMap<>();
        int[] size = readSize(file, root, image, fileName, extras);
        if (size == null) {
            return null;
        }
        String segmented = text(root, "segmented");
        if ("1".equals(segmented)) {
            extras.put("segmented", 1);
        }
        List<ParsedObject> objects = new ArrayList<>();
        int i = 0;
        for (Element o : children(root, "object")) {
            i++;
            ParsedObject po = readObject(file, "annotation/object[" + i + "]", o);
            if (po != null) {
                objects.add(po);
            }
        }
        return new ParsedImage(fileName, size[0], size[1], extras, objects);
    }

    /**
     * The image a VOC file describes: its {@code <path>} when that names an existing file (relative paths from the
     * XML file's folder; Windows paths written on another machine are ignored), else {@code JPEGImages/FILENAME} in
     * the dataset folder, else FILENAME beside the XML file, else FILENAME in the dataset folder, else FOLDER/FILENAME
     * (the {@code <folder>} element, a plain name) beside the XML file's folder or in the dataset folder, as in the
     * common {@code annotations/} + {@code images/} layout. When none exists: the
     * {@code <path>} when given, else {@code JPEGImages/FILENAME} when the dataset folder has {@code JPEGImages/}, else
     * FILENAME beside the XML file (the validator then reports the missing image).
     */
    private static Path findImage(Path xmlDir, Path rootAbs, String filename, String pathText, String folderText) {
        Path fromPath = null;
        if (pathText != null && !pathText.isEmpty() && !pathText.contains("\\") && !pathText.matches("^[A-Za-z]:.*")) {
            Path p = Path.of(pathText);
            fromPath = (p.isAbsolute() ? p : xmlDir.resolve(p)).normalize();
        }
        Path inJpegImages = rootAbs.resolve("JPEGImages").resolve(filename).normalize();
        Path beside = xmlDir.resolve(filename).normalize();
        Path inRoot = rootAbs.resolve(filename).normalize();
        Path inFolderBeside = null;
        Path inFolderRoot = null;
        if (folderText != null && folderText.matches("[A-Za-z0-9._ -]+") && !folderText.startsWith(".")) {
            inFolderBeside = xmlDir.getParent() == null ? null : xmlDir.getParent().resolve(folderText).resolve(filename).normalize();
            inFolderRoot = rootAbs.resolve(folderText).resolve(filename).normalize();
        }
        for (Path c : new Path[] {fromPath, inJpegImages, beside, inRoot, inFolderBeside, inFolderRoot}) {
            if (c != null && Files.isRegularFile(c)) {
                return c;
            }
        }
        if (fromPath != null) {
            return fromPath;
        }
        return Files.isDirectory(rootAbs.resolve("JPEGImages")) ? inJpegImages : beside;
    }

    /** {width, height}, from {@code <size>} or, when it is missing or 0, from the image's headers; null on a problem. */
    private int[] readSize(String file, Element root, Path image, String fileName, Map<String, Object> extras) {
        Element size = child(root, "size");
        Integer w = null;
        Integer h = null;
        if (size != null) {
            w = dimension(file, size, "width");
            h = dimension(file, size, "height");
            if (w == null || h == null) {
                return null;
            }
            String depth = text(size, "depth");
            if (depth != null && !depth.isEmpty()) {
                BigDecimal d = Decimals.parse(depth);
                if (d == null || d.signum() <= 0 || d.stripTrailingZeros().scale() > 0 || d.compareTo(BigDecimal.valueOf(64)) > 0) {
                    problems.add(new Problem(file, "annotation/size/depth", "should be a positive whole number (3 for color),"
                            + " found \"" + clip(depth) + "\""));
                    return null;
                }
                if (d.intValue() != 3) {
                    extras.put("depth", d.intValue());
                }
            }
        }
        if (w == null || w == 0 || h == null || h == 0) {
            try {
                ImageInfo info = ImageLoader.readInfo(image);
                return new int[] {info.width(), info.height()};
            } catch (ImageLoadException e) {
                problems.add(new Problem(file, size == null ? "annotation" : "annotation/size", (size == null ? "no <size>"
                        : "the size is 0") + ", and the image's size cannot be read: " + fileName + ": " + e.reason()));
                return null;
            }
        }
        return new int[] {w, h};
    }

    /** A width or height: a whole number, 0 (unknown) or more; null (and a problem) otherwise. */
    private Integer dimension(String file, Element size, String field) {
        String t = text(size, field);
        String where = "annotation/size/" + field;
        if (t == null || t.isEmpty()) {
            problems.add(new Problem(file, "annotation/size", "no <" + field + ">"));
            return null;
        }
        BigDecimal d = Decimals.parse(t);
        if (d == null || d.signum() < 0 || d.stripTrailingZeros().scale() > 0 || d.compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
            problems.add(new Problem(file, where, "should be a whole number of pixels, found \"" + clip(t) + "\""));
            return null;
        }
        return d.intValueExact();
    }

    private ParsedObject readObject(String file, String where, Element o) {
        String name = text(o, "name");
        if (name == null || name.isEmpty()) {
            problems.add(new Problem(file, where, "no <name>"));
            return null;
        }
        Map<String, Object> extras = new LinkedHashMap<>();
        String pose = text(o, "pose");
        if (pose != null && !pose.isEmpty() && !pose.equals("Unspecified")) {
            extras.put("pose", pose);
        }
        Boolean truncated = flag(file, where, o, "truncated");
        Boolean difficult = flag(file, where, o, "difficult");
        Boolean occluded = flag(file, where, o, "occluded");
        Boolean crowd = flag(file, where, o, "iscrowd");
        if (truncated == null || difficult == null || occluded == null || crowd == null) {
            return null;
        }
        if (truncated) {
            extras.put("truncated", 1);
        }
        if (occluded) {
            extras.put("occluded", 1);
        }
        Element box = child(o, "bndbox");
        if (box == null) {
            problems.add(new Problem(file, where, "no <bndbox>"));
            return null;
        }
        BigDecimal[] v = new BigDecimal[4];
        String[] fields = {"xmin", "ymin", "xmax", "ymax"};
        for (int k = 0; k < 4; k++) {
            String t = text(box, fields[k]);
            if (t == null || t.isEmpty()) {
                problems.add(new Problem(file, where + "/bndbox", "no <" + fields[k] + ">"));
                return null;
            }
            v[k] = Decimals.parse(t);
            if (v[k] == null || v[k].abs().compareTo(Decimals.LIMIT) > 0) {
                problems.add(new Problem(file, where + "/bndbox/" + fields[k], "should be a number of pixels, found \"" + clip(t) + "\""));
                return null;
            }
        }
        // 1-based inclusive pixel indices -> continuous 0-based edges; a 0 (tools counting from 0) is the image's edge
        BigDecimal left = v[0].signum() == 0 ? BigDecimal.ZERO : v[0].subtract(BigDecimal.ONE);
        BigDecimal top = v[1].signum() == 0 ? BigDecimal.ZERO : v[1].subtract(BigDecimal.ONE);
        BigDecimal[] start = {left, top};
        for (int k = 0; k < 2; k++) {
            BigDecimal size = v[k + 2].subtract(start[k]);
            if (size.signum() < 0) {
                problems.add(new Problem(file, where + "/bndbox", fields[k + 2] + " " + Decimals.plain(v[k + 2]) + " and " + fields[k]
                        + " " + Decimals.plain(v[k]) + " give a negative " + (k == 0 ? "width" : "height") + " (" + Decimals.plain(size)
                        + "; VOC's " + fields[k + 2] + " is inclusive)"));
                return null;
            }
        }
        CocoBox cb = new CocoBox(left.doubleValue(), top.doubleValue(), v[2].subtract(left).doubleValue(),
                v[3].subtract(top).doubleValue());
        return new ParsedObject(file, where, name, cb, difficult, crowd, extras);
    }

    /** A 0/1 flag (absent or empty is 0; {@code true}/{@code false} are accepted); null and a problem otherwise. */
    private Boolean flag(String file, String where, Element parent, String field) {
        String t = text(parent, field);
        if (t == null || t.isEmpty() || t.equals("0") || t.equalsIgnoreCase("false")) {
            return false;
        }
        if (t.equals("1") || t.equalsIgnoreCase("true")) {
            return true;
        }
        problems.add(new Problem(file, where + "/" + field, "should be 0 or 1, found \"" + clip(t) + "\""));
        return null;
    }

    private Dataset build(List<ParsedImage> images, Path rootAbs) {
        Dataset d = new Dataset(rootAbs);
        Map<String, Integer> ids = new LinkedHashMap<>();
        if (given != null) {
            d.categories().addAll(given);
            for (Category c : given) {
                ids.putIfAbsent(c.name(), c.id());
            }
        } else {
            TreeSet<String> names = images.stream().flatMap(im -> im.objects().stream()).map(ParsedObject::name)
                    .collect(Collectors.toCollection(TreeSet::new));
            int id = 1;
            for (String n : names) {
                ids.put(n, id);
                d.categories().add(new Category(id++, n));
            }
        }
        long imageId = 1;
        long annotationId = 1;
        for (ParsedImage im : images) {
            d.images().add(new ImageRecord(imageId, im.fileName(), im.width(), im.height(), im.extras()));
            for (ParsedObject o : im.objects()) {
                Integer cat = ids.get(o.name());
                if (cat == null) {
                    problems.add(new Problem(o.file(), o.where() + "/name", "\"" + clip(o.name()) + "\" is not one of the given categories ("
                            + given.stream().map(Category::name).collect(Collectors.joining(", ")) + ")"));
                    continue;
                }
                d.annotations().add(new ObjectAnnotation(annotationId++, imageId, cat, o.box(), null, o.crowd(), o.difficult(), null,
                        List.of(), null, o.extras()));
            }
            imageId++;
        }
        return d;
    }

    static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The stripped text of a direct child element, or null when there is none. */
    static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().strip();
    }

    private static String clip(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() > 40 ? one.substring(0, 37) + "..." : one;
    }
}
