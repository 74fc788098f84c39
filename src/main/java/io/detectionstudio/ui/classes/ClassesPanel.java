package io.detectionstudio.ui.classes;

import io.detectionstudio.data.Category;
import io.detectionstudio.ui.StudioViewModel;
import io.detectionstudio.viz.Palette;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ColorPicker;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;

/**
 * The Label tab's classes: each class with its color, name and number of annotations ({@code #classList}); selecting
 * one makes it the class new annotations get (and the list follows when the number keys change it elsewhere).
 * Add ({@code #addClassButton}), Rename, Color, Merge into... and Delete (which says how many annotations go) act on
 * the selected class, and the keypoint editor below ({@code #keypointEditor}) edits its keypoints, skeleton and flip
 * pairs. Every change is one undoable edit of the dataset (Edit > Undo Class Change), saved automatically.
 */
public final class ClassesPanel extends BorderPane {

    private final StudioViewModel vm;
    private final ClassesModel model;
    private final Dialogs dialogs;
    private final ListView<Category> list = new ListView<>();
    private final ColorPicker color = new ColorPicker();
    private final KeypointEditor keypoints;
    private boolean syncing;

    public ClassesPanel(StudioViewModel vm) {
        this(vm, new JavaFxDialogs());
    }

    /** A panel asking its questions through {@code dialogs} (tests answer them). */
    public ClassesPanel(StudioViewModel vm, Dialogs dialogs) {
        this.vm = vm;
        this.model = new ClassesModel(vm);
        this.dialogs = dialogs;
        this.keypoints = new KeypointEditor(this::saveKeypoints);

        Label header = new Label("Classes");
        header.getStyleClass().add("section-title");
        list.setId("classList");
        list.setItems(model.categories());
        list.setPrefHeight(180);
        list.setCellFactory(l -> new CategoryCell());
        list.setPlaceholder(new Label("No classes: Add one"));
        list.getSelectionModel().selectedItemProperty().addListener((o, old, c) -> {
            if (!syncing && c != null) {
                vm.currentCategoryProperty().set(c.id());
            }
            showSelected();
        });
        list.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DELETE || e.getCode() == KeyCode.BACK_SPACE) {
                delete();
                e.consume();
            } else if (e.getCode() == KeyCode.F2) {
                rename();
                e.consume();
            }
        });

        Button add = button("Add", "addClassButton", "Add a class", this::add);
        Button rename = button("Rename", "renameClassButton", "Rename the selected class (F2)", this::rename);
        Button merge = button("Merge into...", "mergeClassButton", "Move its annotations to another class and delete it", this::merge);
        Button delete = button("Delete", "deleteClassButton", "Delete the selected class and its annotations", this::delete);
        color.setId("classColor");
        color.setTooltip(new Tooltip("The selected class's color"));
        color.setOnAction(e -> {
            Category c = list.getSelectionModel().getSelectedItem();
            if (!syncing && c != null) {
                model.recolor(c, rgb(color.getValue()));
            }
        });
        for (var b : List.of(rename, merge, delete, color)) {
            b.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        }
        add.disableProperty().bind(vm.datasetProperty().isNull());
        FlowPane buttons = new FlowPane(4, 4, add, rename, color, merge, delete);

        VBox top = new VBox(4, header, list, buttons);
        top.setPadding(new Insets(4));
        setTop(top);
        TitledPane schema = new TitledPane("Keypoints", keypoints);
        schema.setCollapsible(true);
        ScrollPane scroll = new ScrollPane(schema);
        scroll.setFitToWidth(true);
        setCenter(scroll);

        vm.currentCategoryProperty().addListener((o, old, id) -> selectCurrent());
        model.categories().addListener((javafx.collections.ListChangeListener<Category>) c -> selectCurrent());
        model.revisionProperty().addListener((o, old, r) -> {
            list.refresh();
            Category shown = keypoints.category();
            Category now = list.getSelectionModel().getSelectedItem();
            if (shown != now) {
                keypoints.show(now);
            }
        });
        selectCurrent();
    }

    /** The panel's state and actions. */
    public ClassesModel model() {
        return model;
    }

    private void add() {
        Optional<String> name = dialogs.askText("Add class", "Name of the new class:", "");
        name.flatMap(model::add).ifPresent(vm::setStatus);
    }

    private void rename() {
        Category c = list.getSelectionModel().getSelectedItem();
        if (c == null) {
            return;
        }
        dialogs.askText("Rename class", "New name of " + c.name() + ":", c.name())
                .flatMap(n -> model.rename(c, n)).ifPresent(vm::setStatus);
    }

    private void merge() {
        Category from = list.getSelectionModel().getSelectedItem();
        if (from == null) {
            return;
        }
        List<Category> others = model.categories().stream().filter(c -> c.id() != from.id()).toList();
        if (others.isEmpty()) {
            vm.setStatus("There is no other class to merge " + from.name() + " into");
            return;
        }
        OptionalInt pick = dialogs.choose("Merge class", "Merge " + from.name() + " into:",
                others.stream().map(c -> c.name() + " (id " + c.id() + ")").toList());
        if (pick.isEmpty()) {
            return;
        }
        Category into = others.get(pick.getAsInt());
        Optional<String> bad = model.mergeProblem(from, into);
        if (bad.isPresent()) {
            vm.setStatus(bad.get());
            return;
        }
        if (dialogs.confirm("Merge class", model.mergeQuestion(from, into))) {
            model.merge(from, into).ifPresent(vm::setStatus);
        }
    }

    private void delete() {
        Category c = list.getSelectionModel().getSelectedItem();
        if (c != null && dialogs.confirm("Delete class", model.deleteQuestion(c))) {
            model.delete(c);
        }
    }

    private void saveKeypoints(KeypointSchemaDraft draft) {
        Category c = keypoints.category();
        ClassesModel.SchemaChange change = model.planSchema(c, draft);
        if (change.refused()) {
            keypoints.report(Optional.of(change.error()));
            return;
        }
        if (change.question() == null || dialogs.confirm("Change keypoints", change.question())) {
            model.apply(change);
        }
    }

    /** Selects the studio's current class in the list. */
    private void selectCurrent() {
        int id = vm.currentCategoryProperty().get();
        syncing = true;
        try {
            int index = -1;
            for (int i = 0; i < list.getItems().size(); i++) {
                if (list.getItems().get(i).id() == id) {
                    index = i;
                    break;
                }
            }
            if (index < 0) {
                list.getSelectionModel().clearSelection();
            } else if (list.getSelectionModel().getSelectedItem() != list.getItems().get(index)) {
                list.getSelectionModel().clearAndSelect(index);
                list.scrollTo(index);
            }
        } finally {
            syncing = false;
        }
        showSelected();
    }

    /** Shows the selected class in the color picker and the keypoint editor. */
    private void showSelected() {
        Category c = list.getSelectionModel().getSelectedItem();
        boolean was = syncing;
        syncing = true;
        try {
            color.setValue(c == null ? Color.WHITE : fx(Palette.colorOf(c)));
        } finally {
            syncing = was;
        }
        if (keypoints.category() != c) {
            keypoints.show(c);
        }
    }

    static Color fx(int rgb) {
        return Color.rgb((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF);
    }

    static int rgb(Color c) {
        return ((int) Math.round(c.getRed() * 255) << 16) | ((int) Math.round(c.getGreen() * 255) << 8)
                | (int) Math.round(c.getBlue() * 255);
    }

    private static Button button(String text, String id, String tip, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        return b;
    }

    /** A class: color swatch, name, keypoint count when it has keypoints, and its number of annotations. */
    private final class CategoryCell extends ListCell<Category> {
        private final Rectangle swatch = new Rectangle(14, 14);
        private final Label name = new Label();
        private final Label count = new Label();
        private final HBox row;

        CategoryCell() {
            Region gap = new Region();
            HBox.setHgrow(gap, Priority.ALWAYS);
            swatch.setArcWidth(4);
            swatch.setArcHeight(4);
            count.getStyleClass().add("hint");
            name.setMinWidth(0);
            count.setMinWidth(Region.USE_PREF_SIZE);
            row = new HBox(6, swatch, name, gap, count);
            row.setAlignment(Pos.CENTER_LEFT);
            setPrefWidth(0); // as wide as the list: long names are cut, not scrolled
        }

        @Override
        protected void updateItem(Category c, boolean empty) {
            super.updateItem(c, empty);
            setText(null);
            if (empty || c == null) {
                setGraphic(null);
                return;
            }
            swatch.setFill(fx(Palette.colorOf(c)));
            name.setText(c.name() + (c.hasKeypoints() ? " (" + c.keypoints().size() + " keypoints)" : ""));
            count.setText(Integer.toString(model.count(c.id())));
            setGraphic(row);
        }
    }
}
