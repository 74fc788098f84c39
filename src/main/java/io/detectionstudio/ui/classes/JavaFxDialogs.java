package io.detectionstudio.ui.classes;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceDialog;
import javafx.scene.control.TextInputDialog;

/** {@link Dialogs} as JavaFX's own modal dialogs. */
final class JavaFxDialogs implements Dialogs {

    @Override
    public Optional<String> askText(String title, String message, String initial) {
        TextInputDialog d = new TextInputDialog(initial);
        d.setTitle(title);
        d.setHeaderText(null);
        d.setContentText(message);
        return d.showAndWait();
    }

    @Override
    public boolean confirm(String title, String message) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, message, ButtonType.OK, ButtonType.CANCEL);
        a.setTitle(title);
        a.setHeaderText(null);
        return a.showAndWait().filter(b -> b == ButtonType.OK).isPresent();
    }

    @Override
    public OptionalInt choose(String title, String message, List<String> choices) {
        if (choices.isEmpty()) {
            return OptionalInt.empty();
        }
        ChoiceDialog<String> d = new ChoiceDialog<>(choices.get(0), choices);
        d.setTitle(title);
        d.setHeaderText(null);
        d.setContentText(message);
        Optional<String> picked = d.showAndWait();
        return picked.map(p -> OptionalInt.of(choices.indexOf(p))).orElse(OptionalInt.empty());
    }
}
