package io.detectionstudio.ui.classes;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The questions the classes panel asks the user; tests answer them without windows. */
public interface Dialogs {

    /** Asks for a line of text; empty when cancelled. */
    Optional<String> askText(String title, String message, String initial);

    /** Asks to confirm an action described in {@code message}; false when cancelled. */
    boolean confirm(String title, String message);

    /** Asks to pick one of {@code choices}; the index picked, empty when cancelled. */
    OptionalInt choose(String title, String message, List<String> choices);
}
