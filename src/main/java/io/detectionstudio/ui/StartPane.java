package io.detectionstudio.ui;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** What the window shows before a project is open: open buttons, the sample datasets, recent projects. */
final class StartPane extends VBox {

    StartPane(Runnable openFolder, Runnable openCoco, List<Path> samples, List<Path> recent, Consumer<Path> openSample,
              Consumer<Path> open) {
        setId("startPane");
        setSpacing(14);
        setPadding(new Insets(40));
        setAlignment(Pos.TOP_LEFT);
        Label title = new Label("Detection Studio");
        title.getStyleClass().add("start-title");
        Label hint = new Label("Open a folder of photos (or drop it here), label a few, press Train.");
        Button folder = new Button("Open Folder...");
        folder.setId("openFolderButton");
        folder.setOnAction(e -> openFolder.run());
        Button coco = new Button("Open COCO File...");
        coco.setOnAction(e -> openCoco.run());
        getChildren().addAll(title, hint, new HBox(10, folder, coco));
        if (!samples.isEmpty()) {
            getChildren().add(heading("Sample datasets"));
            for (Path s : samples) {
                Hyperlink link = new Hyperlink(s.getFileName().toString());
                link.setId("sample-" + s.getFileName());
                link.setOnAction(e -> openSample.accept(s));
                getChildren().add(link);
            }
        }
        if (!recent.isEmpty()) {
            getChildren().add(heading("Recent projects"));
            for (Path r : recent) {
                Hyperlink link = new Hyperlink(r.toString());
                link.setOnAction(e -> open.accept(r));
                getChildren().add(link);
            }
        }
    }

    private static Label heading(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("start-heading");
        return l;
    }
}
