package io.detectionstudio.data.edit;

import io.detectionstudio.data.Category;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.ObjectAnnotation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/** The edits the studio makes, each undoable. Images, annotations and categories are matched by id. */
public final class Edits {

    private static final Function<Dataset, List<ObjectAnnotation>> ANNOTATIONS = Dataset::annotations;
    private static final Function<Dataset, List<Category>> CATEGORIES = Dataset::categories;

    private Edits() {
    }

    /** Adds an annotation at the end of the list (give it {@link Dataset#nextAnnotationId()}). */
    public static Edit add(ObjectAnnotation a) {
        return insert(ANNOTATIONS, ObjectAnnotation::id, a, "Add " + (a.numKeypoints() > 0 ? "keypoints" : "box"),
                Set.of(a.imageId()));
    }

    /** Removes an annotation; undo puts it back where it was in the list. */
    public static Edit remove(ObjectAnnotation a) {
        return delete(ANNOTATIONS, ObjectAnnotation::id, a, "Delete annotation", Set.of(a.imageId()));
    }

    /** Replaces an annotation by a changed copy with the same id (moved, resized, new class, keypoints). */
    public static Edit replace(ObjectAnnotation before, ObjectAnnotation after, String description) {
        if (before.id() != after.id()) {
            throw new IllegalArgumentException("replace keeps the annotation id: " + before.id() + " vs " + after.id());
        }
        return swap(ANNOTATIONS, ObjectAnnotation::id, before, after, description,
                before.imageId() == after.imageId() ? Set.of(before.imageId()) : Set.of(before.imageId(), after.imageId()));
    }

    /** Replaces an image record by one with the same id (e.g. a changed review flag in its extras). */
    public static Edit replaceImage(ImageRecord before, ImageRecord after, String description) {
        return swap(Dataset::images, ImageRecord::id, before, after, description, Set.of(before.id()));
    }

    /** Adds a category at the end (give it {@link Dataset#nextCategoryId()}). */
    public static Edit addCategory(Category c) {
        return insert(CATEGORIES, Category::id, c, "Add class " + c.name(), Set.of());
    }

    /** Replaces a category by a changed copy with the same id (renamed, recolored, new keypoint schema). */
    public static Edit replaceCategory(Category before, Category after, String description) {
        return swap(CATEGORIES, Category::id, before, after, description, Set.of());
    }

    /** Deletes a category and every annotation of it. */
    public static Edit deleteCategory(Dataset d, Category c) {
        List<Edit> parts = new ArrayList<>();
        for (ObjectAnnotation a : d.annotations()) {
            if (a.categoryId() == c.id()) {
                parts.add(remove(a));
            }
        }
        parts.add(delete(CATEGORIES, Category::id, c, "Delete class " + c.name(), Set.of()));
        return compound("Delete class " + c.name(), parts);
    }

    /** Moves every annotation of {@code from} to {@code into}, then deletes {@code from}. */
    public static Edit mergeCategory(Dataset d, Category from, Category into) {
        List<Edit> parts = new ArrayList<>();
        for (ObjectAnnotation a : d.annotations()) {
            if (a.categoryId() == from.id()) {
                parts.add(replace(a, a.withCategory(into.id()), "Change class"));
            }
        }
        parts.add(delete(CATEGORIES, Category::id, from, "Delete class " + from.name(), Set.of()));
        return compound("Merge " + from.name() + " into " + into.name(), parts);
    }

    /** Several edits as one: applied in order, reverted in reverse order. */
    public static Edit compound(String description, List<Edit> parts) {
        List<Edit> copy = List.copyOf(parts);
        Set<Long> images = new LinkedHashSet<>();
        copy.forEach(e -> images.addAll(e.images()));
        return new Simple(description, images, copy.stream().anyMatch(Edit::changesClasses)) {
            @Override
            public void apply(Dataset d) {
                copy.forEach(e -> e.apply(d));
            }

            @Override
            public void revert(Dataset d) {
                for (int i = copy.size() - 1; i >= 0; i--) {
                    copy.get(i).revert(d);
                }
            }
        };
    }

    /** How many annotations a class has (for confirmations: "Delete class duck? 12 annotations will be deleted."). */
    public static long annotationsOfCategory(Dataset d, int categoryId) {
        return d.annotations().stream().filter(a -> a.categoryId() == categoryId).count();
    }

    private abstract static class Simple implements Edit {
        private final String description;
        private final Set<Long> images;
        private final boolean classes;

        Simple(String description, Set<Long> images, boolean classes) {
            this.description = description;
            this.images = Set.copyOf(images);
            this.classes = classes;
        }

        @Override
        public boolean changesClasses() {
            return classes;
        }

        @Override
        public String description() {
            return description;
        }

        @Override
        public Set<Long> images() {
            return images;
        }
    }

    private static <T> Edit insert(Function<Dataset, List<T>> list, ToLongFunction<T> id, T item, String description,
                                   Set<Long> images) {
        return new Simple(description, images, (Object) list == CATEGORIES) {
            @Override
            public void apply(Dataset d) {
                list.apply(d).add(item);
            }

            @Override
            public void revert(Dataset d) {
                list.apply(d).removeIf(x -> id.applyAsLong(x) == id.applyAsLong(item));
            }
        };
    }

    private static <T> Edit delete(Function<Dataset, List<T>> list, ToLongFunction<T> id, T item, String description,
                                   Set<Long> images) {
        return new Simple(description, images, (Object) list == CATEGORIES) {
            private int index = -1;

            @Override
            public void apply(Dataset d) {
                index = indexOf(list.apply(d), id, id.applyAsLong(item));
                if (index >= 0) {
                    list.apply(d).remove(index);
                }
            }

            @Override
            public void revert(Dataset d) {
                if (index >= 0) {
                    List<T> l = list.apply(d);
                    l.add(Math.min(index, l.size()), item);
                }
            }
        };
    }

    private static <T> Edit swap(Function<Dataset, List<T>> list, ToLongFunction<T> id, T before, T after, String description,
                                 Set<Long> images) {
        return new Simple(description, images, (Object) list == CATEGORIES) {
            @Override
            public void apply(Dataset d) {
                set(d, after);
            }

            @Override
            public void revert(Dataset d) {
                set(d, before);
            }

            private void set(Dataset d, T item) {
                List<T> l = list.apply(d);
                int i = indexOf(l, id, id.applyAsLong(item));
                if (i >= 0) {
                    l.set(i, item);
                }
            }
        };
    }

    private static <T> int indexOf(List<T> list, ToLongFunction<T> id, long wanted) {
        for (int i = 0; i < list.size(); i++) {
            if (id.applyAsLong(list.get(i)) == wanted) {
                return i;
            }
        }
        return -1;
    }
}
