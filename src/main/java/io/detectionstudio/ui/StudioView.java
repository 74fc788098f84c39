package io.detectionstudio.ui;

import io.detectionstudio.data.ImageRecord;
import java.io.File;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;

/** The studio window's content: menu, image list, image view and status bar. */
final class StudioView extends BorderPane {

    private final StudioViewModel vm;

    StudioView(StudioViewModel vm) {
        this.vm = vm;
        setTop(menu());

        ListView<ImageRecord> list = new ListView<>(vm.images());
        list.setId("imageList");
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(ImageRecord im, boolean empty) {
                super.updateItem(im, empty);
                setText(empty || im == null ? null : im.fileName() + "  (" + vm.annotationsOf(im).size() + ")");
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((o, old, im) -> vm.selectedProperty().set(im));
        vm.selectedProperty().addListener((o, old, im) -> list.getSelectionModel().select(im));

        ImageCanvas canvas = new ImageCanvas();
        canvas.setId("imageCanvas");
        vm.selectedImageProperty().addListener((o, old, img) ->
                canvas.show(img, vm.datasetProperty().get(), vm.annotationsOf(vm.selectedProperty().get())));

        SplitPane split = new SplitPane(list, canvas);
        split.setDividerPositions(0.25);
        setCenter(split);

        Label status = new Label();
        status.setId("status");
        status.textProperty().bind(vm.statusProperty());
        status.setStyle("-fx-padding: 4 8 4 8;");
        setBottom(status);

        setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles() && !e.getDragboard().getFiles().isEmpty();
            if (ok) {
                vm.open(e.getDragboard().getFiles().get(0).toPath());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    StudioViewModel viewModel() {
        return vm;
    }

    private MenuBar menu() {
        MenuItem openFolder = new MenuItem("Open Folder...");
        openFolder.setAccelerator(KeyCombination.keyCombination("Shortcut+O"));
        openFolder.setOnAction(e -> {
            File dir = new DirectoryChooser().showDialog(getScene().getWindow());
            if (dir != null) {
                vm.open(dir.toPath());
            }
        });
        MenuItem openCoco = new MenuItem("Open COCO File...");
        openCoco.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("COCO JSON", "*.json"));
            File f = fc.showOpenDialog(getScene().getWindow());
            if (f != null) {
                vm.open(f.toPath());
            }
        });
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(KeyCombination.keyCombination("Shortcut+Q"));
        quit.setOnAction(e -> getScene().getWindow().hide());
        return new MenuBar(new Menu("File", null, openFolder, openCoco, quit));
    }
}
