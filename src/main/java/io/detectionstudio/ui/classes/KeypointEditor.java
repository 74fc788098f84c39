package io.detectionstudio.ui.classes;

import io.detectionstudio.data.Category;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Edits the keypoint schema of one class ({@code #keypointEditor}): the keypoint names in order (add, rename, remove,
 * move up and down), the skeleton edges and the left/right flip pairs. Nothing changes in the dataset until
 * "Save keypoints", which hands the draft to {@code onSave} (one undoable edit); "Revert" starts again from the class.
 * Problems show in one line under the lists ({@code #schemaError}).
 */
final class KeypointEditor extends VBox {

    private final Label title = new Label();
    private final ListView<KeypointSchemaDraft.Point> points = new ListView<>();
    private final TextField name = new TextField();
    private KeypointSchemaDraft draft = new KeypointSchemaDraft();
    private final LinkSection skeleton = new LinkSection(
            new String[] {"edgeFrom", "edgeTo", "addEdgeButton", "skeletonList", "removeEdgeButton"},
            "Add edge", "Remove edge", (a, b) -> draft.addEdge(a, b), () -> draft.skeleton());
    private final LinkSection flips = new LinkSection(
            new String[] {"flipLeft", "flipRight", "addFlipButton", "flipList", "removeFlipButton"},
            "Add pair", "Remove pair", (a, b) -> draft.addFlipPair(a, b), () -> draft.flipPairs());
    private final Label error = new Label();
    private final Consumer<KeypointSchemaDraft> onSave;
    private Category category;

    KeypointEditor(Consumer<KeypointSchemaDraft> onSave) {
        super(4);
        this.onSave = onSave;
        setId("keypointEditor");
        setPadding(new Insets(4));
        title.getStyleClass().add("section-title");

        points.setId("keypointList");
        points.setPrefHeight(110);
        points.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(KeypointSchemaDraft.Point p, boolean empty) {
                super.updateItem(p, empty);
                setText(empty || p == null ? null : (getIndex() + 1) + ". " + p.name());
            }
        });
        points.getSelectionModel().selectedItemProperty().addListener((o, old, p) -> {
            if (p != null) {
                name.setText(p.name());
            }
        });
        name.setId("keypointName");
        name.setPromptText("Keypoint name");
        name.setOnAction(e -> addPoint());
        Button add = button("Add", "addKeypointButton", this::addPoint);
        Button rename = button("Rename", "renameKeypointButton", () -> {
            KeypointSchemaDraft.Point p = points.getSelectionModel().getSelectedItem();
            if (p != null) {
                report(draft.rename(p, name.getText()));
            }
        });
        Button remove = button("Remove", "removeKeypointButton", () -> {
            KeypointSchemaDraft.Point p = points.getSelectionModel().getSelectedItem();
            if (p != null) {
                draft.remove(p);
                report(Optional.empty());
            }
        });
        Button up = button("Up", "keypointUpButton", () -> move(-1));
        Button down = button("Down", "keypointDownButton", () -> move(1));
        HBox.setHgrow(name, Priority.ALWAYS);
        add.setMinWidth(Region.USE_PREF_SIZE);

        error.setId("schemaError");
        error.setWrapText(true);
        error.getStyleClass().add("error-text");
        Button save = button("Save keypoints", "saveKeypointsButton", () -> {
            Optional<String> bad = draft.validate();
            report(bad);
            if (bad.isEmpty() && category != null) {
                onSave.accept(draft);
            }
        });
        Button revert = button("Revert", "revertKeypointsButton", () -> show(category));

        getChildren().addAll(title, points, new HBox(4, name, add), row(rename, remove, up, down),
                new Label("Skeleton"), skeleton.pickers, skeleton.list, skeleton.remove,
                new Label("Flip pairs (left, right)"), flips.pickers, flips.list, flips.remove,
                error, row(save, revert));
        show(null);
    }

    /** Starts editing the keypoints of {@code c} (nothing when null), dropping unsaved changes. */
    void show(Category c) {
        category = c;
        draft = KeypointSchemaDraft.of(c == null ? null : c.keypoints());
        title.setText(c == null ? "Keypoints" : "Keypoints of " + c.name());
        points.setItems(draft.points());
        skeleton.reset();
        flips.reset();
        name.clear();
        error.setText("");
        setDisable(c == null);
    }

    /** The class being edited, or null. */
    Category category() {
        return category;
    }

    /** The draft being edited (for tests). */
    KeypointSchemaDraft draft() {
        return draft;
    }

    /** Shows a one-line problem, or clears it. */
    void report(Optional<String> problem) {
        error.setText(problem.orElse(""));
    }

    private void addPoint() {
        Optional<String> bad = draft.add(name.getText());
        report(bad);
        if (bad.isEmpty()) {
            name.clear();
            points.getSelectionModel().clearSelection();
        }
    }

    private void move(int delta) {
        KeypointSchemaDraft.Point p = points.getSelectionModel().getSelectedItem();
        if (p != null) {
            draft.move(p, delta);
            points.getSelectionModel().select(p);
        }
    }

    /**
     * Skeleton edges or flip pairs: two keypoint pickers with an add button, the list of links, and a remove button
     * for the selected link. {@code ids}: the pickers, the add button, the list and the remove button.
     */
    private final class LinkSection {
        final ComboBox<KeypointSchemaDraft.Point> first = new ComboBox<>();
        final ComboBox<KeypointSchemaDraft.Point> second = new ComboBox<>();
        final ListView<KeypointSchemaDraft.Link> list = new ListView<>();
        final FlowPane pickers;
        final Button remove;
        private final Supplier<ObservableList<KeypointSchemaDraft.Link>> links;

        LinkSection(String[] ids, String addText, String removeText,
                    BiFunction<KeypointSchemaDraft.Point, KeypointSchemaDraft.Point, Optional<String>> add,
                    Supplier<ObservableList<KeypointSchemaDraft.Link>> links) {
            this.links = links;
            first.setId(ids[0]);
            second.setId(ids[1]);
            first.setPrefWidth(110);
            second.setPrefWidth(110);
            Button addButton = button(addText, ids[2], () -> report(add.apply(first.getValue(), second.getValue())));
            pickers = row(first, second, addButton);
            list.setId(ids[3]);
            list.setPrefHeight(70);
            remove = button(removeText, ids[4], () -> {
                KeypointSchemaDraft.Link l = list.getSelectionModel().getSelectedItem();
                if (l != null) {
                    links.get().remove(l);
                }
            });
        }

        /** Shows the current draft's points and links, nothing picked. */
        void reset() {
            for (ComboBox<KeypointSchemaDraft.Point> box : List.of(first, second)) {
                box.setItems(draft.points());
                box.setValue(null);
            }
            list.setItems(links.get());
        }
    }

    /** Controls side by side, wrapping when the panel is narrow. */
    private static FlowPane row(Node... nodes) {
        return new FlowPane(4, 4, nodes);
    }

    private static Button button(String text, String id, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(e -> action.run());
        return b;
    }
}
