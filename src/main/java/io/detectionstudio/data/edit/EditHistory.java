package io.detectionstudio.data.edit;

import io.detectionstudio.data.Dataset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Performs edits on a dataset and keeps them for undo and redo: one bounded history per image (an edit that changes
 * one image's annotations), and one for the dataset as a whole (class edits, edits across images). A new edit in a
 * scope clears that scope's redo list. Histories never contradict each other: an edit across images clears the
 * histories of the images it touched, and an image edit clears the dataset history when that history touched the
 * image.
 *
 * <p>Not thread-safe: the studio calls it on the FX thread only.
 */
public final class EditHistory {

    /** The scope of edits that are not about one image. */
    public static final long DATASET = Long.MIN_VALUE;

    private final Dataset dataset;
    private final int limit;
    private final Map<Long, Deque<Edit>> undo = new HashMap<>();
    private final Map<Long, Deque<Edit>> redo = new HashMap<>();
    private final List<Consumer<Edit>> listeners = new CopyOnWriteArrayList<>();
    private long changes;

    /** @param limit edits kept per scope; older ones are forgotten */
    public EditHistory(Dataset dataset, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        this.dataset = dataset;
        this.limit = limit;
    }

    public Dataset dataset() {
        return dataset;
    }

    /**
     * The scope an edit is kept in: its image when it changes exactly one and no class, otherwise {@link #DATASET}
     * (deleting a class whose annotations are all on one image is still a class change).
     */
    public static long scopeOf(Edit e) {
        return e.images().size() == 1 && !e.changesClasses() ? e.images().iterator().next() : DATASET;
    }

    /** Applies the edit and records it. */
    public void perform(Edit e) {
        e.apply(dataset);
        long scope = scopeOf(e);
        if (scope == DATASET) {
            e.images().forEach(im -> {
                undo.remove(im);
                redo.remove(im);
            });
        } else if (touches(undo.get(DATASET), scope) || touches(redo.get(DATASET), scope)) {
            undo.remove(DATASET);
            redo.remove(DATASET);
        }
        Deque<Edit> u = undo.computeIfAbsent(scope, k -> new ArrayDeque<>());
        u.push(e);
        while (u.size() > limit) {
            u.removeLast();
        }
        redo.remove(scope);
        fire(e);
    }

    /** Undoes the scope's last edit and returns it, or empty when there is none. */
    public Optional<Edit> undo(long scope) {
        Deque<Edit> u = undo.get(scope);
        if (u == null || u.isEmpty()) {
            return Optional.empty();
        }
        Edit e = u.pop();
        e.revert(dataset);
        redo.computeIfAbsent(scope, k -> new ArrayDeque<>()).push(e);
        fire(e);
        return Optional.of(e);
    }

    /** Redoes the scope's last undone edit and returns it, or empty when there is none. */
    public Optional<Edit> redo(long scope) {
        Deque<Edit> r = redo.get(scope);
        if (r == null || r.isEmpty()) {
            return Optional.empty();
        }
        Edit e = r.pop();
        e.apply(dataset);
        undo.computeIfAbsent(scope, k -> new ArrayDeque<>()).push(e);
        fire(e);
        return Optional.of(e);
    }

    public boolean canUndo(long scope) {
        Deque<Edit> u = undo.get(scope);
        return u != null && !u.isEmpty();
    }

    public boolean canRedo(long scope) {
        Deque<Edit> r = redo.get(scope);
        return r != null && !r.isEmpty();
    }

    /** The edit that {@link #undo} would revert, for a menu label. */
    public Optional<Edit> nextUndo(long scope) {
        Deque<Edit> u = undo.get(scope);
        return u == null ? Optional.empty() : Optional.ofNullable(u.peek());
    }

    /** The edit that {@link #redo} would apply again. */
    public Optional<Edit> nextRedo(long scope) {
        Deque<Edit> r = redo.get(scope);
        return r == null ? Optional.empty() : Optional.ofNullable(r.peek());
    }

    /** Edits performed, undone or redone so far. */
    public long changes() {
        return changes;
    }

    /** Called after every perform, undo and redo with the edit concerned (on the caller's thread). */
    public void addListener(Consumer<Edit> listener) {
        listeners.add(listener);
    }

    private void fire(Edit e) {
        changes++;
        listeners.forEach(l -> l.accept(e));
    }

    private static boolean touches(Deque<Edit> edits, long image) {
        return edits != null && edits.stream().anyMatch(e -> e.images().contains(image));
    }
}
