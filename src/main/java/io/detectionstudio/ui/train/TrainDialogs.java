package io.detectionstudio.ui.train;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;

/** The Train panel's dialogs, behind an interface so tests answer them without a window blocking. */
public interface TrainDialogs {

    /** A failed run: its one-line message, details in an expandable area. */
    void showError(TrainViewModel.TrainingError error);

    /** Asks before something that cannot be undone; true to go ahead. */
    boolean confirm(String header, String content);

    /** Modal alerts. */
    static TrainDialogs alerts() {
        return new TrainDialogs() {
            @Override
            public void showError(TrainViewModel.TrainingError error) {
                Alert a = new Alert(Alert.AlertType.ERROR);
                a.setTitle("Training failed");
                a.setHeaderText(error.message());
                a.setContentText("The studio is still usable: change the settings or the labels and train again.");
                TextArea details = new TextArea(error.details());
                details.setEditable(false);
                details.setWrapText(false);
                details.setMaxWidth(Double.MAX_VALUE);
                details.setMaxHeight(Double.MAX_VALUE);
                GridPane.setVgrow(details, Priority.ALWAYS);
                GridPane.setHgrow(details, Priority.ALWAYS);
                GridPane content = new GridPane();
                content.setMaxWidth(Double.MAX_VALUE);
                content.add(new Label("Details:"), 0, 0);
                content.add(details, 0, 1);
                a.getDialogPane().setExpandableContent(content);
                a.showAndWait();
            }

            @Override
            public boolean confirm(String header, String content) {
                Alert a = new Alert(Alert.AlertType.CONFIRMATION, content, ButtonType.CANCEL, ButtonType.OK);
                a.setTitle("Detection Studio");
                a.setHeaderText(header);
                return a.showAndWait().filter(b -> b == ButtonType.OK).isPresent();
            }
        };
    }
}
