package io.detectionstudio.ui.browser;

import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.edit.Edits;
import io.detectionstudio.ui.ImageStatus;
import io.detectionstudio.ui.StudioViewModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.MapChangeListener;
import javafx.collections.ObservableList;

/**
 * The image browser's state without a window: which of the studio's images are listed (a status filter and a search
 * over file names), how many images have each status, and the review flag.
 *
 * <p>{@link #visible()} is kept in the studio's order and changed by the smallest edits that make it right, so the
 * list keeps its scroll position and selection while the user labels. An edit never takes the selected image out of
 * the list under the user (labelling an image with "Unlabelled" shown keeps it until the next change after moving
 * on); changing the filter or the search does.
 */
public final class BrowserModel {

    /** Above this many single changes the visible list is replaced in one go. */
    private static final int MAX_SINGLE_CHANGES = 32;

    /** What the filter shows: every image, or the images of one status. */
    public enum Filter {
        ALL("All", null),
        UNLABELLED("Unlabelled", ImageStatus.UNLABELLED),
        PREDICTED("Predicted", ImageStatus.PREDICTED),
        LABELLED("Labelled", ImageStatus.LABELLED),
        REVIEWED("Reviewed", ImageStatus.REVIEWED);

        private final String label;
        private final ImageStatus status;

        Filter(String label, ImageStatus status) {
            this.label = label;
            this.status = status;
        }

        public String label() {
            return label;
        }

        /** The status shown, or null for {@link #ALL}. */
        public ImageStatus status() {
            return status;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final StudioViewModel vm;
    private final ObservableList<ImageRecord> visible = FXCollections.observableArrayList();
    private final ObjectProperty<Filter> filter = new SimpleObjectProperty<>(Filter.ALL);
    private final StringProperty search = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyLongWrapper statusRevision = new ReadOnlyLongWrapper();
    private final Map<ImageStatus, Integer> counts = new LinkedHashMap<>();

    public BrowserModel(StudioViewModel vm) {
        this.vm = vm;
        filter.addListener((o, old, f) -> update(false));
        search.addListener((o, old, s) -> update(false));
        vm.images().addListener((javafx.collections.ListChangeListener<ImageRecord>) c -> update(true));
        vm.revisionProperty().addListener((o, old, r) -> statusesChanged());
        vm.predictions().addListener((MapChangeListener<Long, Object>) c -> statusesChanged());
        update(false);
    }

    /** The images the list shows, in the studio's order. */
    public ObservableList<ImageRecord> visible() {
        return visible;
    }

    public ObjectProperty<Filter> filterProperty() {
        return filter;
    }

    /** Words the file name must contain (all of them, any case). */
    public StringProperty searchProperty() {
        return search;
    }

    /** "12 of 5000 images", or "5000 images" when nothing is filtered out. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Ticks when image statuses or annotation counts may have changed (an edit, new predictions): cells redraw. */
    public ReadOnlyLongProperty statusRevisionProperty() {
        return statusRevision.getReadOnlyProperty();
    }

    /** How many of the studio's images have each status (as of the last change). */
    public int count(ImageStatus status) {
        return counts.getOrDefault(status, 0);
    }

    /** True when the image passes the filter and the search. */
    public boolean matches(ImageRecord im) {
        Filter f = filter.get();
        if (f != null && f.status() != null && vm.statusOf(im) != f.status()) {
            return false;
        }
        String q = search.get();
        if (q == null || q.isBlank()) {
            return true;
        }
        String name = im.fileName().toLowerCase(Locale.ROOT);
        for (String word : q.toLowerCase(Locale.ROOT).strip().split("\\s+")) {
            if (!name.contains(word)) {
                return false;
            }
        }
        return true;
    }

    /** The image's review flag. */
    public static boolean isReviewed(ImageRecord im) {
        return im != null && Boolean.TRUE.equals(im.extras().get(StudioViewModel.REVIEWED));
    }

    /**
     * Marks an image reviewed, or takes the mark away, as one undoable edit (the flag is kept in the COCO file as the
     * image's {@value StudioViewModel#REVIEWED} field; an image that is not reviewed has no such field).
     */
    public void setReviewed(ImageRecord im, boolean reviewed) {
        if (im == null || vm.datasetProperty().get() == null || isReviewed(im) == reviewed) {
            return;
        }
        Map<String, Object> extras = new LinkedHashMap<>(im.extras());
        if (reviewed) {
            extras.put(StudioViewModel.REVIEWED, Boolean.TRUE);
        } else {
            extras.remove(StudioViewModel.REVIEWED);
        }
        ImageRecord after = new ImageRecord(im.id(), im.fileName(), im.width(), im.height(), extras);
        vm.perform(Edits.replaceImage(im, after, reviewed ? "Mark reviewed" : "Unmark reviewed"));
    }

    /** Flips the review flag of the selected image. */
    public void toggleReviewed() {
        ImageRecord im = vm.selectedProperty().get();
        if (im != null) {
            setReviewed(im, !isReviewed(im));
        }
    }

    private void statusesChanged() {
        statusRevision.set(statusRevision.get() + 1);
        update(true);
    }

    /**
     * Brings {@link #visible} up to date. {@code keepSelected}: an image the user has selected and sees stays listed
     * even when it no longer matches (the change came from an edit, not from the filter).
     */
    private void update(boolean keepSelected) {
        List<ImageRecord> all = vm.images();
        ImageRecord selected = vm.selectedProperty().get();
        long sticky = Long.MIN_VALUE;
        boolean stickyValid = false;
        if (keepSelected && selected != null) {
            for (ImageRecord im : visible) {
                if (im.id() == selected.id()) {
                    sticky = selected.id();
                    stickyValid = true;
                    break;
                }
            }
        }
        counts.clear();
        for (ImageStatus s : ImageStatus.values()) {
            counts.put(s, 0);
        }
        List<ImageRecord> wanted = new ArrayList<>();
        for (ImageRecord im : all) {
            counts.merge(vm.statusOf(im), 1, Integer::sum);
            if (matches(im) || (stickyValid && im.id() == sticky)) {
                wanted.add(im);
            }
        }
        apply(wanted);
        summary.set(wanted.size() == all.size() ? all.size() + " images" : wanted.size() + " of " + all.size() + " images");
    }

    /** Makes {@link #visible} equal to {@code wanted} with few list changes (both are in the studio's order). */
    private void apply(List<ImageRecord> wanted) {
        if (countChanges(wanted) > MAX_SINGLE_CHANGES) {
            visible.setAll(wanted);
            return;
        }
        Map<Long, Integer> rank = rank(wanted);
        int p = 0;
        for (ImageRecord w : wanted) {
            // Drop listed images that are not wanted before this one.
            while (p < visible.size() && visible.get(p).id() != w.id() && !listedLater(rank, visible.get(p), w)) {
                visible.remove(p);
            }
            if (p < visible.size() && visible.get(p).id() == w.id()) {
                if (visible.get(p) != w) {
                    visible.set(p, w);
                }
            } else {
                visible.add(p, w);
            }
            p++;
        }
        if (p < visible.size()) {
            visible.remove(p, visible.size());
        }
    }

    /** How many single changes {@link #apply} would make (a dry run of it). */
    private int countChanges(List<ImageRecord> wanted) {
        Map<Long, Integer> rank = rank(wanted);
        List<ImageRecord> v = new ArrayList<>(visible);
        int changes = 0;
        int p = 0;
        for (ImageRecord w : wanted) {
            while (p < v.size() && v.get(p).id() != w.id() && !listedLater(rank, v.get(p), w)) {
                v.remove(p);
                if (++changes > MAX_SINGLE_CHANGES) {
                    return changes;
                }
            }
            if (p < v.size() && v.get(p).id() == w.id()) {
                changes += v.get(p) != w ? 1 : 0;
            } else {
                v.add(p, w);
                changes++;
            }
            if (changes > MAX_SINGLE_CHANGES) {
                return changes;
            }
            p++;
        }
        return changes + (v.size() - p);
    }

    /** True when {@code listed} is wanted after {@code w} (so it must stay for now). */
    private static boolean listedLater(Map<Long, Integer> rank, ImageRecord listed, ImageRecord w) {
        Integer r = rank.get(listed.id());
        return r != null && r > rank.get(w.id());
    }

    private static Map<Long, Integer> rank(List<ImageRecord> wanted) {
        Map<Long, Integer> rank = new HashMap<>(wanted.size() * 2);
        for (int i = 0; i < wanted.size(); i++) {
            rank.putIfAbsent(wanted.get(i).id(), i);
        }
        return rank;
    }
}
