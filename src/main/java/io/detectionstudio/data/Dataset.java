package io.detectionstudio.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A labelled dataset: images, categories and annotations, in file order, plus COCO's free-form
 * {@code info} and {@code licenses} and any other top-level fields, kept as read.
 *
 * <p>The lists are mutable: editors change a dataset through them (the studio wraps each change in an
 * undoable command). {@link #imageRoot()} is the folder that relative file names resolve against.
 */
public final class Dataset {

    private final List<ImageRecord> images = new ArrayList<>();
    private final List<Category> categories = new ArrayList<>();
    private final List<ObjectAnnotation> annotations = new ArrayList<>();
    private final Map<String, Object> extras = new LinkedHashMap<>();
    private Object info;
    private Object licenses;
    private Path imageRoot;

    public Dataset(Path imageRoot) {
        this.imageRoot = imageRoot;
    }

    public List<ImageRecord> images() {
        return images;
    }

    public List<Category> categories() {
        return categories;
    }

    public List<ObjectAnnotation> annotations() {
        return annotations;
    }

    /** Top-level fields other than info, licenses, images, annotations and categories, in file order. */
    public Map<String, Object> extras() {
        return extras;
    }

    /** COCO's {@code info} object as read (maps, lists, strings, numbers), or null. */
    public Object info() {
        return info;
    }

    public void setInfo(Object info) {
        this.info = info;
    }

    /** COCO's {@code licenses} list as read, or null. */
    public Object licenses() {
        return licenses;
    }

    public void setLicenses(Object licenses) {
        this.licenses = licenses;
    }

    public Path imageRoot() {
        return imageRoot;
    }

    public void setImageRoot(Path imageRoot) {
        this.imageRoot = imageRoot;
    }

    /** Where an image's file is: its file name resolved against the image root. */
    public Path resolve(ImageRecord image) {
        Path p = Path.of(image.fileName());
        return imageRoot == null || p.isAbsolute() ? p : imageRoot.resolve(p).normalize();
    }

    public Optional<ImageRecord> image(long id) {
        return images.stream().filter(i -> i.id() == id).findFirst();
    }

    public Optional<Category> category(int id) {
        return categories.stream().filter(c -> c.id() == id).findFirst();
    }

    /** Annotations of one image, in file order. */
    public List<ObjectAnnotation> annotationsOf(long imageId) {
        return annotations.stream().filter(a -> a.imageId() == imageId).toList();
    }

    /** Annotations per image id, in one pass (for large datasets). */
    public Map<Long, List<ObjectAnnotation>> annotationsByImage() {
        Map<Long, List<ObjectAnnotation>> out = new LinkedHashMap<>();
        for (ObjectAnnotation a : annotations) {
            out.computeIfAbsent(a.imageId(), k -> new ArrayList<>()).add(a);
        }
        return out;
    }

    /** The next unused annotation id (max + 1). */
    public long nextAnnotationId() {
        return annotations.stream().mapToLong(ObjectAnnotation::id).max().orElse(0) + 1;
    }

    /** The next unused image id (max + 1). */
    public long nextImageId() {
        return images.stream().mapToLong(ImageRecord::id).max().orElse(0) + 1;
    }

    /** The next unused category id (max + 1). */
    public int nextCategoryId() {
        return categories.stream().mapToInt(Category::id).max().orElse(0) + 1;
    }

    /**
     * A copy whose lists can be read while this one is edited (the records in them are immutable): for writing
     * or exporting on a background thread.
     */
    public Dataset copy() {
        Dataset d = new Dataset(imageRoot);
        d.images.addAll(images);
        d.categories.addAll(categories);
        d.annotations.addAll(annotations);
        d.extras.putAll(extras);
        d.info = info;
        d.licenses = licenses;
        return d;
    }
}
