package io.detectionstudio.data.edit;

import io.detectionstudio.data.Dataset;
import java.util.Set;

/**
 * One undoable change to a dataset. {@link #apply} and {@link #revert} are exact inverses: applying then reverting
 * leaves the dataset's lists equal to what they were, in the same order. Make edits with {@link Edits}.
 */
public interface Edit {

    void apply(Dataset d);

    void revert(Dataset d);

    /** What the edit did, for menus and the status bar ("Add box", "Rename class"). */
    String description();

    /** Ids of the images whose annotations the edit changes (empty for a change to classes only). */
    Set<Long> images();

    /** True when the edit changes the classes: its undo belongs to the dataset, whatever images it touches. */
    default boolean changesClasses() {
        return false;
    }
}
