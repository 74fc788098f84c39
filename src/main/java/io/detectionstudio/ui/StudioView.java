package io.detectionstudio.ui;

import io.detectionstudio.data.edit.EditHistory;
import io.detectionstudio.data.formats.DatasetFormat;
import io.detectionstudio.data.formats.DatasetFormats;
import io.detectionstudio.ui.browser.ImageBrowser;
import io.detectionstudio.ui.canvas.AnnotationEditor;
import io.detectionstudio.ui.classes.ClassesPanel;
import io.detectionstudio.ui.inspect.InspectPanel;
import io.detectionstudio.ui.train.TrainPanel;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import org.controlsfx.control.StatusBar;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;

/**
 * The studio window's content: menus, the start screen until a project is open, then three tabs — Label (image
 * browser, annotation editor, classes), Train and Inspect — and a status bar.
 */
public final class StudioView extends BorderPane {

    private final StudioViewModel vm;
    private final RecentProjects recent;
    private final TabPane tabs = new TabPane();
    private final AnnotationEditor editor;
    /** The studio's stylesheet, over the AtlantaFX theme ({@link Theme}). */
    public static final String STYLESHEET = StudioView.class.getResource("studio.css").toExternalForm();

    private final Menu recentMenu = new Menu("Open Recent");

    public StudioView(StudioViewModel vm) {
        this(vm, RecentProjects.forUser());
    }

    public StudioView(StudioViewModel vm, RecentProjects recent) {
        this(vm, recent, null);
    }

    /** @param classDialogs how the classes panel asks (null: JavaFX dialogs); tests answer them in code */
    public StudioView(StudioViewModel vm, RecentProjects recent, io.detectionstudio.ui.classes.Dialogs classDialogs) {
        this.vm = vm;
        this.recent = recent;
        setTop(menu());

        ImageBrowser browser = new ImageBrowser(vm);
        editor = new AnnotationEditor(vm);
        ClassesPanel classes = classDialogs == null ? new ClassesPanel(vm) : new ClassesPanel(vm, classDialogs);
        SplitPane label = new SplitPane(browser, editor, classes);
        label.setDividerPositions(0.2, 0.8);
        SplitPane.setResizableWithParent(browser, false);
        SplitPane.setResizableWithParent(classes, false);

        Tab labelTab = new Tab("Label", label);
        labelTab.setId("labelTab");
        TrainPanel train = new TrainPanel(vm);
        Tab trainTab = new Tab("Train", train);
        trainTab.setId("trainTab");
        Tab inspectTab = new Tab("Inspect", new InspectPanel(vm));
        inspectTab.setId("inspectTab");
        tabs.getTabs().addAll(labelTab, trainTab, inspectTab);
        train.setOnOpenRun(() -> tabs.getSelectionModel().select(inspectTab));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("tabs");

        showStart();
        vm.datasetProperty().addListener((o, old, d) -> {
            if (d != null) {
                setCenter(tabs);
                Path f = vm.annotationsFileProperty().get();
                if (f != null) {
                    recent.add(Files.isDirectory(f.getParent()) && f.getFileName().toString().equals("annotations.coco.json")
                            ? f.getParent() : f);
                }
                refreshRecentMenu();
            }
        });

        StatusBar status = new StatusBar();
        status.setId("status");
        status.textProperty().bind(vm.statusProperty());
        // Busy while the studio's background tasks run (opening, saving, reading runs).
        status.progressProperty().bind(javafx.beans.binding.Bindings.when(javafx.beans.binding.Bindings.isEmpty(vm.tasks().running()))
                .then(0.0).otherwise(-1.0));
        setBottom(status);
        getStylesheets().add(STYLESHEET);

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

    public StudioViewModel viewModel() {
        return vm;
    }

    /** The tab pane (Label, Train, Inspect). */
    public TabPane tabs() {
        return tabs;
    }

    public AnnotationEditor editor() {
        return editor;
    }

    private void showStart() {
        setCenter(new StartPane(this::chooseFolder, this::chooseCoco, SampleLocator.samples(), recent.list(),
                this::openSample, vm::open));
    }

    /**
     * Opens a shipped sample from a copy in the user's settings folder, so labelling it never writes into the
     * installation (or the repository).
     */
    public void openSample(Path sample) {
        Path copies = RecentProjects.settingsFolder().resolve("samples");
        Path target = copies.resolve(sample.getFileName().toString());
        vm.run(() -> {
            if (!Files.isRegularFile(target.resolve("annotations.coco.json"))) {
                copyTree(sample, target);
            }
            return target;
        }, vm::open);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private void chooseFolder() {
        File dir = new DirectoryChooser().showDialog(getScene().getWindow());
        if (dir != null) {
            vm.open(dir.toPath());
        }
    }

    private void chooseCoco() {
        FileChooser fc = new FileChooser();
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("COCO JSON", "*.json"));
        File f = fc.showOpenDialog(getScene().getWindow());
        if (f != null) {
            vm.open(f.toPath());
        }
    }

    private void refreshRecentMenu() {
        recentMenu.getItems().clear();
        for (Path p : recent.list()) {
            MenuItem item = new MenuItem(p.toString());
            item.setOnAction(e -> vm.open(p));
            recentMenu.getItems().add(item);
        }
    }

    private MenuBar menu() {
        MenuItem openFolder = new MenuItem("Open Folder...");
        openFolder.setAccelerator(KeyCombination.keyCombination("Shortcut+O"));
        openFolder.setOnAction(e -> chooseFolder());
        MenuItem openCoco = new MenuItem("Open COCO File...");
        openCoco.setOnAction(e -> chooseCoco());
        Menu samples = new Menu("Open Sample");
        for (Path s : SampleLocator.samples()) {
            MenuItem item = new MenuItem(s.getFileName().toString());
            item.setOnAction(e -> openSample(s));
            samples.getItems().add(item);
        }
        refreshRecentMenu();
        MenuItem save = new MenuItem("Save Now");
        save.setAccelerator(KeyCombination.keyCombination("Shortcut+S"));
        save.setOnAction(e -> vm.setStatus(vm.saveNow() ? "Saved " + vm.annotationsFileProperty().get() : "Could not save"));
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(KeyCombination.keyCombination("Shortcut+Q"));
        quit.setOnAction(e -> {
            vm.close();
            getScene().getWindow().hide();
        });
        Menu file = new Menu("File", null, openFolder, openCoco, samples, recentMenu, new SeparatorMenuItem(), save,
                new SeparatorMenuItem(), quit);

        MenuItem undo = new MenuItem("Undo");
        undo.setAccelerator(KeyCombination.keyCombination("Shortcut+Z"));
        undo.setOnAction(e -> vm.undo(vm.selectedScope()));
        MenuItem redo = new MenuItem("Redo");
        redo.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+Z"));
        redo.setOnAction(e -> vm.redo(vm.selectedScope()));
        MenuItem undoClasses = new MenuItem("Undo Class Change");
        undoClasses.setOnAction(e -> vm.undo(EditHistory.DATASET));
        MenuItem redoClasses = new MenuItem("Redo Class Change");
        redoClasses.setOnAction(e -> vm.redo(EditHistory.DATASET));
        Menu edit = new Menu("Edit", null, undo, redo, new SeparatorMenuItem(), undoClasses, redoClasses);
        edit.setOnShowing(e -> {
            undo.setText(vm.history() == null ? "Undo" : vm.history().nextUndo(vm.selectedScope())
                    .map(x -> "Undo " + x.description()).orElse("Undo"));
            redo.setText(vm.history() == null ? "Redo" : vm.history().nextRedo(vm.selectedScope())
                    .map(x -> "Redo " + x.description()).orElse("Redo"));
        });

        MenuItem keys = new MenuItem("Keyboard Shortcuts");
        keys.setAccelerator(KeyCombination.keyCombination("F1"));
        keys.setOnAction(e -> {
            javafx.scene.control.Alert a = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.INFORMATION);
            a.initOwner(getScene().getWindow());
            a.setTitle("Keyboard shortcuts");
            a.setHeaderText("The Label tab's editor");
            javafx.scene.control.TextArea text = new javafx.scene.control.TextArea(AnnotationEditor.KEYS.replace("\t", "  —  "));
            text.setEditable(false);
            text.setPrefSize(720, 360);
            a.getDialogPane().setContent(text);
            a.show();
        });
        CheckMenuItem dark = new CheckMenuItem("Dark Theme");
        dark.setId("darkTheme");
        dark.setSelected(Theme.isDark());
        dark.setOnAction(e -> Theme.apply(dark.isSelected()));
        return new MenuBar(file, edit, new Menu("View", null, dark), exportMenu(), new Menu("Help", null, keys));
    }

    private Menu exportMenu() {
        ExportActions export = new ExportActions(vm);
        Menu menu = new Menu("Export");
        MenuItem coco = new MenuItem("COCO JSON...");
        coco.setOnAction(e -> saveFile("annotations.coco.json", export::coco));
        menu.getItems().add(coco);
        for (DatasetFormat f : DatasetFormats.all()) {
            if (f.name().equals("coco")) {
                continue;
            }
            MenuItem item = new MenuItem(f.name() + "...  (" + f.description() + ")");
            item.setOnAction(e -> chooseDirectory("Export " + f.name() + " into a new folder",
                    dir -> export.format(f, dir.resolve(defaultName(f)))));
            menu.getItems().add(item);
        }
        MenuItem odapi = new MenuItem("OD API Training Job...");
        odapi.setOnAction(e -> chooseDirectory("Folder for the OD API job", dir -> export.odApiJob(dir.resolve("odapi-job"))));
        MenuItem savedModel = new MenuItem("Selected Run as SavedModel...");
        savedModel.setOnAction(e -> {
            Path run = vm.selectedRunProperty().get();
            if (run == null) {
                vm.setStatus("No run to export: train one first (Train tab)");
                return;
            }
            chooseDirectory("Folder for the SavedModel", dir -> export.savedModel(run, dir.resolve(run.getFileName() + "-saved_model")));
        });
        menu.getItems().addAll(new SeparatorMenuItem(), odapi, savedModel);
        menu.setOnShowing(e -> menu.getItems().forEach(i -> i.setDisable(vm.datasetProperty().get() == null)));
        return menu;
    }

    private static String defaultName(DatasetFormat f) {
        return switch (f.name()) {
            case "tfrecord" -> "dataset.record";
            case "createml" -> "annotations.createml.json";
            default -> "dataset-" + f.name();
        };
    }

    private void saveFile(String initialName, Consumer<Path> action) {
        FileChooser fc = new FileChooser();
        fc.setInitialFileName(initialName);
        File f = fc.showSaveDialog(getScene().getWindow());
        if (f != null) {
            action.accept(f.toPath());
        }
    }

    private void chooseDirectory(String title, Consumer<Path> action) {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle(title);
        File dir = dc.showDialog(getScene().getWindow());
        if (dir != null) {
            action.accept(dir.toPath());
        }
    }
}
