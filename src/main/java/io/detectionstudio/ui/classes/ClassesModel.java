package io.detectionstudio.ui.classes;

import io.detectionstudio.data.Category;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.KeypointSchema;
import io.detectionstudio.data.ObjectAnnotation;
import io.detectionstudio.data.edit.Edit;
import io.detectionstudio.data.edit.Edits;
import io.detectionstudio.ui.StudioViewModel;
import io.detectionstudio.viz.Palette;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The classes panel's state and actions without a window: the open dataset's categories with their annotation
 * counts, and add, rename, recolor, merge, delete and keypoint-schema changes, each one undoable edit performed
 * through the studio (so it is autosaved). Names are checked (not empty, not taken); a one-line message says what is
 * wrong instead of changing anything.
 */
public final class ClassesModel {

    /** What saving a keypoint schema will do: refused ({@code error}), asked first ({@code question}), or just done. */
    public record SchemaChange(String error, String question, Edit edit) {
        public boolean refused() {
            return error != null;
        }
    }

    private final StudioViewModel vm;
    private final ObservableList<Category> categories = FXCollections.observableArrayList();
    private final ReadOnlyLongWrapper revision = new ReadOnlyLongWrapper();
    private Map<Integer, Integer> counts = Map.of();

    public ClassesModel(StudioViewModel vm) {
        this.vm = vm;
        vm.revisionProperty().addListener((o, old, r) -> refresh());
        vm.datasetProperty().addListener((o, old, d) -> refresh());
        refresh();
    }

    /** The open dataset's categories, in file order. */
    public ObservableList<Category> categories() {
        return categories;
    }

    /** Ticks after the categories or the annotation counts may have changed. */
    public ReadOnlyLongProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    /** Annotations of the category, as of the last change. */
    public int count(int categoryId) {
        return counts.getOrDefault(categoryId, 0);
    }

    /** The category the studio labels with now, or null. */
    public Category current() {
        int id = vm.currentCategoryProperty().get();
        return categories.stream().filter(c -> c.id() == id).findFirst().orElse(null);
    }

    /** Adds a class (box-only) at the end and makes it the one new annotations get. */
    public Optional<String> add(String name) {
        Dataset d = dataset();
        if (d == null) {
            return Optional.of("Open a dataset first");
        }
        String n = name == null ? "" : name.strip();
        Optional<String> bad = checkName(n, null);
        if (bad.isPresent()) {
            return bad;
        }
        Category c = new Category(d.nextCategoryId(), n);
        vm.perform(Edits.addCategory(c));
        vm.currentCategoryProperty().set(c.id());
        return Optional.empty();
    }

    public Optional<String> rename(Category c, String name) {
        String n = name == null ? "" : name.strip();
        if (n.equals(c.name())) {
            return Optional.empty();
        }
        Optional<String> bad = checkName(n, c);
        if (bad.isPresent()) {
            return bad;
        }
        vm.perform(Edits.replaceCategory(c, new Category(c.id(), n, c.supercategory(), c.keypoints(), c.extras()),
                "Rename class " + c.name() + " to " + n));
        return Optional.empty();
    }

    /** Gives the class its own color, kept in the COCO file as its {@value Palette#COLOR_KEY} field. */
    public void recolor(Category c, int rgb) {
        String hex = Palette.hex(rgb);
        if (hex.equals(c.extras().get(Palette.COLOR_KEY))) {
            return;
        }
        Map<String, Object> extras = new LinkedHashMap<>(c.extras());
        extras.put(Palette.COLOR_KEY, hex);
        vm.perform(Edits.replaceCategory(c, new Category(c.id(), c.name(), c.supercategory(), c.keypoints(), extras),
                "Recolor class " + c.name()));
    }

    /** The confirmation for {@link #delete}: "Delete class duck? 12 annotations will be deleted." */
    public String deleteQuestion(Category c) {
        long n = Edits.annotationsOfCategory(dataset(), c.id());
        return "Delete class " + c.name() + "? " + annotations(n) + " will be deleted.";
    }

    /** Deletes the class and its annotations. */
    public void delete(Category c) {
        vm.perform(Edits.deleteCategory(dataset(), c));
        if (vm.currentCategoryProperty().get() == c.id()) {
            Dataset d = dataset();
            vm.currentCategoryProperty().set(d.categories().isEmpty() ? -1 : d.categories().get(0).id());
        }
    }

    /** Why {@code from} cannot be merged into {@code into}, in one line; empty when it can. */
    public Optional<String> mergeProblem(Category from, Category into) {
        if (from.id() == into.id()) {
            return Optional.of("Pick another class to merge " + from.name() + " into");
        }
        boolean fromHasKeypoints = dataset().annotations().stream()
                .anyMatch(a -> a.categoryId() == from.id() && a.keypoints() != null);
        if (fromHasKeypoints && !Objects.equals(from.keypoints(), into.keypoints())) {
            return Optional.of("Cannot merge " + from.name() + " into " + into.name()
                    + ": their keypoints differ (make the keypoint schemas the same first)");
        }
        return Optional.empty();
    }

    /** The confirmation for {@link #merge}: "Merge duck into bird? 12 annotations will become bird." */
    public String mergeQuestion(Category from, Category into) {
        long n = Edits.annotationsOfCategory(dataset(), from.id());
        return "Merge " + from.name() + " into " + into.name() + "? " + annotations(n) + " will become " + into.name()
                + ", and " + from.name() + " will be deleted.";
    }

    /** Moves every annotation of {@code from} to {@code into} and deletes {@code from}; refused as {@link #mergeProblem} says. */
    public Optional<String> merge(Category from, Category into) {
        Optional<String> bad = mergeProblem(from, into);
        if (bad.isPresent()) {
            return bad;
        }
        vm.perform(Edits.mergeCategory(dataset(), from, into));
        if (vm.currentCategoryProperty().get() == from.id()) {
            vm.currentCategoryProperty().set(into.id());
        }
        return Optional.empty();
    }

    /**
     * Plans saving an edited keypoint schema for a class. Annotated keypoints follow their names: reordering moves
     * them, a new keypoint is unlabelled in every annotation, and a removed one is dropped from every annotation (a
     * class left without keypoints keeps its boxes only). When annotations change, the plan carries a question that
     * says how many and how many labelled keypoints are lost; nothing changes until it is performed.
     */
    public SchemaChange planSchema(Category c, KeypointSchemaDraft draft) {
        Optional<String> bad = draft.validate();
        if (bad.isPresent()) {
            return new SchemaChange(bad.get(), null, null);
        }
        KeypointSchema next = draft.toSchema();
        int[] origins = draft.origins();
        Category after = new Category(c.id(), c.name(), c.supercategory(), next, c.extras());
        if (Objects.equals(c.keypoints(), next)) {
            return new SchemaChange("The keypoints of " + c.name() + " are unchanged", null, null);
        }
        boolean identity = next != null && c.keypoints() != null && origins.length == c.keypoints().size();
        for (int i = 0; identity && i < origins.length; i++) {
            identity = origins[i] == i;
        }
        List<Edit> parts = new ArrayList<>();
        parts.add(Edits.replaceCategory(c, after, "Change keypoints of " + c.name()));
        int changed = 0;
        int lost = 0;
        if (!identity) {
            for (ObjectAnnotation a : dataset().annotations()) {
                double[] kp = a.keypoints();
                if (a.categoryId() != c.id() || kp == null) {
                    continue;
                }
                double[] moved = next == null ? null : remap(kp, origins);
                lost += lostLabelled(kp, origins, next == null);
                parts.add(Edits.replace(a, withKeypoints(a, moved), "Change keypoints"));
                changed++;
            }
        }
        Edit edit = parts.size() == 1 ? parts.get(0) : Edits.compound("Change keypoints of " + c.name(), parts);
        if (changed == 0) {
            return new SchemaChange(null, null, edit);
        }
        String question = "Change the keypoints of " + c.name() + "? " + annotations(changed) + " will be updated"
                + (lost == 0 ? "" : " and " + lost + " labelled keypoint" + (lost == 1 ? "" : "s") + " deleted") + ".";
        return new SchemaChange(null, question, edit);
    }

    /** Performs a planned schema change (after the user said yes to its question, if it has one). */
    public void apply(SchemaChange change) {
        if (change.edit() != null) {
            vm.perform(change.edit());
        }
    }

    private static double[] remap(double[] kp, int[] origins) {
        double[] out = new double[origins.length * 3];
        for (int j = 0; j < origins.length; j++) {
            int o = origins[j];
            if (o >= 0 && o * 3 + 2 < kp.length) {
                out[j * 3] = kp[o * 3];
                out[j * 3 + 1] = kp[o * 3 + 1];
                out[j * 3 + 2] = kp[o * 3 + 2];
            }
        }
        return out;
    }

    /** Labelled keypoints (visibility > 0) of {@code kp} that no point of the new schema keeps. */
    private static int lostLabelled(double[] kp, int[] origins, boolean all) {
        boolean[] kept = new boolean[kp.length / 3];
        if (!all) {
            for (int o : origins) {
                if (o >= 0 && o < kept.length) {
                    kept[o] = true;
                }
            }
        }
        int lost = 0;
        for (int i = 0; i < kept.length; i++) {
            if (!kept[i] && kp[i * 3 + 2] > 0) {
                lost++;
            }
        }
        return lost;
    }

    private static ObjectAnnotation withKeypoints(ObjectAnnotation a, double[] kp) {
        return new ObjectAnnotation(a.id(), a.imageId(), a.categoryId(), a.bbox(), a.area(), a.iscrowd(), a.difficult(),
                kp, a.polygons(), a.rle(), a.extras());
    }

    private Optional<String> checkName(String n, Category self) {
        if (n.isEmpty()) {
            return Optional.of("A class needs a name");
        }
        for (Category c : dataset().categories()) {
            if ((self == null || c.id() != self.id()) && c.name().equals(n)) {
                return Optional.of("There is already a class named " + n);
            }
        }
        return Optional.empty();
    }

    private static String annotations(long n) {
        return n == 1 ? "1 annotation" : n + " annotations";
    }

    private Dataset dataset() {
        return vm.datasetProperty().get();
    }

    private void refresh() {
        Dataset d = dataset();
        List<Category> now = d == null ? List.of() : d.categories();
        Map<Integer, Integer> n = new HashMap<>();
        if (d != null) {
            for (ObjectAnnotation a : d.annotations()) {
                n.merge(a.categoryId(), 1, Integer::sum);
            }
        }
        counts = n;
        if (!sameItems(categories, now)) {
            categories.setAll(now);
        }
        revision.set(revision.get() + 1);
    }

    private static boolean sameItems(List<Category> a, List<Category> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }
}
