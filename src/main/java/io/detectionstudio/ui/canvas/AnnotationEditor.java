package io.detectionstudio.ui.canvas;

import io.detectionstudio.data.Category;
import io.detectionstudio.data.CocoBox;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.ObjectAnnotation;
import io.detectionstudio.ui.StudioViewModel;
import io.detectionstudio.viz.Overlay;
import io.detectionstudio.viz.Overlays;
import io.detectionstudio.viz.Palette;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.Cursor;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

/**
 * The Label tab's centre: a toolbar (tools, class, zoom, undo/redo) over the canvas that shows the selected image with
 * its annotations and edits them. Keys: V/B/K/P tools; 1-9 class; arrows nudge the selection (Shift: 10 px) or, with
 * nothing selected, go to the previous/next image, as A/D do; Delete removes; Ctrl+C/Ctrl+V copy and paste (e.g. onto
 * the next image); +/- zoom, F fits; Space-drag or middle-drag pans; Escape cancels; in the keypoint tool S skips a
 * keypoint and Backspace takes one back; Enter closes a polygon; R marks the image reviewed. Undo and redo are the Edit menu's (Ctrl+Z,
 * Ctrl+Shift+Z).
 */
public final class AnnotationEditor extends BorderPane {

    /** The editor's keys, for the Help menu (the README has the same table). */
    public static final String KEYS = String.join("\n",
            "V, B, K, P\ttools: select, box, keypoints, polygon",
            "1-9\tthe class for new annotations, and for the selected one",
            "arrows\tnudge the selection 1 px (Shift: 10 px); with nothing selected, previous/next image",
            "A, D\tprevious/next image (also PageUp, PageDown)",
            "Delete\tdelete the selection",
            "Ctrl+C, Ctrl+V\tcopy the selection (or all annotations of the image), paste onto this image",
            "Ctrl+Z, Ctrl+Shift+Z\tundo, redo (this image's edits)",
            "+, -, F, wheel\tzoom in, out, fit; the wheel zooms around the pointer",
            "Space-drag, middle-drag\tpan",
            "keypoint tool\tclick the keypoints in order; Shift+click: occluded; S or right-click: skip; Backspace: back",
            "select tool\tdrag a box, a corner handle or a keypoint; double-click a keypoint: visible/occluded",
            "polygon tool\tclick the vertices; Enter or double-click closes",
            "R\tmark the image reviewed (or not)",
            "Escape\tcancel what is under way");

    private final StudioViewModel vm;
    private final EditorModel model;
    private final Surface surface = new Surface();
    private final ToggleGroup tools = new ToggleGroup();
    private final ComboBox<Category> classBox = new ComboBox<>();
    private final Map<Tool, ToggleButton> toolButtons = new LinkedHashMap<>();
    private Image image;
    private double zoom = 1;
    private boolean fit = true;
    private double panX;
    private double panY;
    private boolean spaceDown;
    private double panStartX = Double.NaN;
    private double panStartY;
    private double mouseX;
    private double mouseY;

    public AnnotationEditor(StudioViewModel vm) {
        this.vm = vm;
        this.model = new EditorModel(vm);
        setId("annotationEditor");
        setTop(toolbar());
        setCenter(surface);
        setFocusTraversable(true);

        vm.selectedImageProperty().addListener((o, old, img) -> {
            image = img;
            fit = true;
            surface.redraw();
        });
        vm.selectedProperty().addListener((o, old, im) -> {
            model.select(-1);
            if (im == null || vm.selectedImageProperty().get() == null) {
                image = null;
            }
            surface.redraw();
        });
        vm.revisionProperty().addListener((o, old, r) -> {
            refreshClasses();
            surface.redraw();
        });
        vm.currentCategoryProperty().addListener((o, old, id) -> {
            Dataset d = vm.datasetProperty().get();
            Category c = d == null ? null : d.category(id.intValue()).orElse(null);
            if (c != null && !c.equals(classBox.getValue())) {
                classBox.setValue(c);
            }
        });
        addEventFilter(KeyEvent.KEY_PRESSED, this::keyPressed);
        addEventFilter(KeyEvent.KEY_RELEASED, e -> {
            if (e.getCode() == KeyCode.SPACE) {
                spaceDown = false;
                surface.setCursor(Cursor.DEFAULT);
            }
        });
    }

    /** The editing logic, for tests and other panels. */
    public EditorModel model() {
        return model;
    }

    /** Screen point (in this editor's surface) of an image point, for tests that drive the mouse. */
    public javafx.geometry.Point2D surfaceToScreen(double imageX, double imageY) {
        double[] t = surface.transform();
        return surface.localToScreen(t[1] + imageX * t[0], t[2] + imageY * t[0]);
    }

    private ToolBar toolbar() {
        ToolBar bar = new ToolBar();
        for (Tool t : Tool.values()) {
            String name = switch (t) {
                case SELECT -> "Select (V)";
                case BOX -> "Box (B)";
                case KEYPOINT -> "Keypoints (K)";
                case POLYGON -> "Polygon (P)";
            };
            ToggleButton b = new ToggleButton(name);
            b.setId("tool-" + t.name().toLowerCase(java.util.Locale.ROOT));
            b.setToggleGroup(tools);
            b.setUserData(t);
            b.setFocusTraversable(false);
            toolButtons.put(t, b);
            bar.getItems().add(b);
        }
        toolButtons.get(model.tool()).setSelected(true);
        tools.selectedToggleProperty().addListener((o, old, t) -> {
            if (t == null) {
                old.setSelected(true);
            } else {
                model.setTool((Tool) t.getUserData());
                surface.redraw();
            }
        });
        classBox.setId("classPicker");
        classBox.setFocusTraversable(false);
        classBox.setCellFactory(v -> new ClassCell());
        classBox.setButtonCell(new ClassCell());
        classBox.valueProperty().addListener((o, old, c) -> {
            if (c != null) {
                vm.currentCategoryProperty().set(c.id());
            }
        });
        Button fitButton = new Button("Fit (F)");
        fitButton.setFocusTraversable(false);
        fitButton.setOnAction(e -> {
            fit = true;
            surface.redraw();
        });
        Button undo = new Button("Undo");
        undo.setId("undoButton");
        undo.setFocusTraversable(false);
        undo.setTooltip(new Tooltip("Undo the last edit of this image (Ctrl+Z)"));
        undo.setOnAction(e -> vm.undo(vm.selectedScope()));
        Button redo = new Button("Redo");
        redo.setId("redoButton");
        redo.setFocusTraversable(false);
        redo.setTooltip(new Tooltip("Redo (Ctrl+Shift+Z)"));
        redo.setOnAction(e -> vm.redo(vm.selectedScope()));
        bar.getItems().addAll(new Label("  Class:"), classBox, fitButton, undo, redo);
        return bar;
    }

    private void refreshClasses() {
        Dataset d = vm.datasetProperty().get();
        List<Category> cats = d == null ? List.of() : new ArrayList<>(d.categories());
        if (!cats.equals(classBox.getItems())) {
            classBox.getItems().setAll(cats);
        }
        Category current = d == null ? null : d.category(vm.currentCategoryProperty().get()).orElse(null);
        classBox.setValue(current);
    }

    private static final class ClassCell extends ListCell<Category> {
        @Override
        protected void updateItem(Category c, boolean empty) {
            super.updateItem(c, empty);
            if (empty || c == null) {
                setText(null);
                setGraphic(null);
            } else {
                setText(c.name());
                javafx.scene.shape.Rectangle swatch = new javafx.scene.shape.Rectangle(10, 10, FxOverlayPainter.fx(colorOf(c)));
                setGraphic(swatch);
            }
        }
    }

    static int colorOf(Category c) {
        return Palette.colorOf(c);
    }

    private int colorOfId(int categoryId) {
        Dataset d = vm.datasetProperty().get();
        return d == null ? Palette.colorOf(categoryId) : d.category(categoryId).map(AnnotationEditor::colorOf)
                .orElse(Palette.colorOf(categoryId));
    }

    private void keyPressed(KeyEvent e) {
        if (e.isShortcutDown()) {
            if (e.getCode() == KeyCode.C) {
                model.copy();
                e.consume();
            } else if (e.getCode() == KeyCode.V) {
                model.paste();
                e.consume();
            } else if (e.getCode() == KeyCode.Y) {
                vm.redo(vm.selectedScope());
                e.consume();
            }
            return;
        }
        double step = e.isShiftDown() ? 10 : 1;
        boolean handled = true;
        switch (e.getCode()) {
            case V -> selectTool(Tool.SELECT);
            case B -> selectTool(Tool.BOX);
            case K -> selectTool(Tool.KEYPOINT);
            case P -> selectTool(Tool.POLYGON);
            case DIGIT1, DIGIT2, DIGIT3, DIGIT4, DIGIT5, DIGIT6, DIGIT7, DIGIT8, DIGIT9 ->
                    model.chooseClass(e.getCode().ordinal() - KeyCode.DIGIT1.ordinal() + 1);
            case LEFT -> {
                if (model.selected().isPresent()) {
                    model.nudge(-step, 0);
                } else {
                    go(-1);
                }
            }
            case RIGHT -> {
                if (model.selected().isPresent()) {
                    model.nudge(step, 0);
                } else {
                    go(1);
                }
            }
            case UP -> model.nudge(0, -step);
            case DOWN -> model.nudge(0, step);
            case A, PAGE_UP -> go(-1);
            case D, PAGE_DOWN -> go(1);
            case DELETE -> model.deleteSelected();
            case BACK_SPACE -> {
                if (model.tool() == Tool.KEYPOINT || model.tool() == Tool.POLYGON) {
                    model.removeLastPoint();
                } else {
                    model.deleteSelected();
                }
            }
            case S -> model.skipKeypoint();
            case R -> model.toggleReviewed();
            case ENTER -> model.finishPolygon();
            case ESCAPE -> {
                model.cancelGesture();
                model.select(-1);
            }
            case PLUS, EQUALS, ADD -> zoomBy(1.25, surface.getWidth() / 2, surface.getHeight() / 2);
            case MINUS, SUBTRACT -> zoomBy(0.8, surface.getWidth() / 2, surface.getHeight() / 2);
            case F, DIGIT0 -> fit = true;
            case SPACE -> {
                spaceDown = true;
                surface.setCursor(Cursor.MOVE);
            }
            default -> handled = false;
        }
        if (handled) {
            e.consume();
            surface.redraw();
        }
    }

    private void selectTool(Tool t) {
        toolButtons.get(t).setSelected(true);
    }

    /** Goes to the image {@code delta} places away in the project's list. */
    public void go(int delta) {
        List<ImageRecord> list = vm.images();
        if (list.isEmpty()) {
            return;
        }
        int i = list.indexOf(vm.selectedProperty().get());
        int j = Math.max(0, Math.min(list.size() - 1, i + delta));
        if (j != i) {
            vm.selectedProperty().set(list.get(j));
        }
    }

    private void zoomBy(double factor, double sx, double sy) {
        double[] t = surface.transform();
        double ix = (sx - t[1]) / t[0];
        double iy = (sy - t[2]) / t[0];
        zoom = Math.max(0.05, Math.min(40, t[0] * factor));
        fit = false;
        panX = sx - ix * zoom;
        panY = sy - iy * zoom;
        surface.redraw();
    }

    /** The drawing surface: a canvas that fills the space, with the mouse handlers. */
    private final class Surface extends Region {

        private final Canvas canvas = new Canvas();

        Surface() {
            getChildren().add(canvas);
            setId("imageCanvas");
            getStyleClass().add("canvas-backdrop");
            setMinSize(100, 100);
            setOnScroll(this::scrolled);
            setOnMousePressed(this::pressed);
            setOnMouseDragged(this::dragged);
            setOnMouseReleased(this::released);
            setOnMouseMoved(e -> {
                mouseX = e.getX();
                mouseY = e.getY();
                if (model.tool() == Tool.POLYGON || model.tool() == Tool.KEYPOINT) {
                    redraw();
                }
            });
            setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                    double[] t = transform();
                    model.doubleClick((e.getX() - t[1]) / t[0], (e.getY() - t[2]) / t[0], 6 / t[0]);
                    redraw();
                }
            });
        }

        @Override
        protected void layoutChildren() {
            canvas.setWidth(getWidth());
            canvas.setHeight(getHeight());
            redraw();
        }

        /** {scale, offsetX, offsetY}: screen = image * scale + offset. */
        double[] transform() {
            ImageRecord im = vm.selectedProperty().get();
            double iw = image != null ? image.getWidth() : im != null ? im.width() : 1;
            double ih = image != null ? image.getHeight() : im != null ? im.height() : 1;
            if (fit || zoom <= 0) {
                double s = Math.min(getWidth() / Math.max(1, iw), getHeight() / Math.max(1, ih));
                s = s > 0 ? s : 1;
                return new double[] {s, (getWidth() - iw * s) / 2, (getHeight() - ih * s) / 2};
            }
            return new double[] {zoom, panX, panY};
        }

        private void scrolled(ScrollEvent e) {
            if (e.getDeltaY() != 0) {
                zoomBy(e.getDeltaY() > 0 ? 1.15 : 1 / 1.15, e.getX(), e.getY());
            }
            e.consume();
        }

        private void pressed(MouseEvent e) {
            AnnotationEditor.this.requestFocus();
            if (e.getButton() == MouseButton.MIDDLE || (spaceDown && e.getButton() == MouseButton.PRIMARY)) {
                double[] t = transform();
                zoom = t[0];
                panX = t[1];
                panY = t[2];
                fit = false;
                panStartX = e.getX() - panX;
                panStartY = e.getY() - panY;
                return;
            }
            if (e.getButton() == MouseButton.SECONDARY && model.tool() == Tool.KEYPOINT) {
                model.skipKeypoint();
            } else if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 1) {
                double[] t = transform();
                model.press((e.getX() - t[1]) / t[0], (e.getY() - t[2]) / t[0], 6 / t[0], e.isShiftDown());
            }
            redraw();
        }

        private void dragged(MouseEvent e) {
            mouseX = e.getX();
            mouseY = e.getY();
            if (!Double.isNaN(panStartX)) {
                panX = e.getX() - panStartX;
                panY = e.getY() - panStartY;
                redraw();
                return;
            }
            double[] t = transform();
            model.drag((e.getX() - t[1]) / t[0], (e.getY() - t[2]) / t[0]);
            redraw();
        }

        private void released(MouseEvent e) {
            if (!Double.isNaN(panStartX)) {
                panStartX = Double.NaN;
                return;
            }
            double[] t = transform();
            model.release((e.getX() - t[1]) / t[0], (e.getY() - t[2]) / t[0]);
            redraw();
        }

        void redraw() {
            GraphicsContext g = canvas.getGraphicsContext2D();
            g.setFill(Color.web("#2b2b2b"));
            g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
            ImageRecord im = vm.selectedProperty().get();
            Dataset d = vm.datasetProperty().get();
            if (im == null || d == null) {
                return;
            }
            double[] t = transform();
            double s = t[0];
            if (image != null && image.getWidth() > 0) {
                g.drawImage(image, t[1], t[2], image.getWidth() * s, image.getHeight() * s);
            } else {
                g.setFill(Color.web("#444"));
                g.fillRect(t[1], t[2], im.width() * s, im.height() * s);
                g.setFill(Color.LIGHTGRAY);
                g.fillText("cannot show " + im.fileName() + " (see the status bar)", t[1] + 10, t[2] + 20);
            }
            Map<Integer, Category> cats = new LinkedHashMap<>();
            d.categories().forEach(c -> cats.put(c.id(), c));
            FxOverlayPainter.paint(g, Overlays.annotations(model.visibleAnnotations(), cats, AnnotationEditor.this::colorOfId),
                    s, t[1], t[2]);
            model.selected().ifPresent(a -> drawSelection(g, a, t));
            drawPending(g, t, cats);
        }

        private void drawSelection(GraphicsContext g, ObjectAnnotation sel, double[] t) {
            ObjectAnnotation a = model.visibleAnnotations().stream().filter(x -> x.id() == sel.id()).findFirst().orElse(sel);
            CocoBox b = a.bbox();
            double s = t[0];
            g.setStroke(Color.WHITE);
            g.setLineWidth(1);
            g.setLineDashes(4, 3);
            g.strokeRect(t[1] + b.x() * s - 2, t[2] + b.y() * s - 2, b.width() * s + 4, b.height() * s + 4);
            g.setLineDashes((double[]) null);
            g.setFill(Color.WHITE);
            for (double[] c : new double[][] {{b.x(), b.y()}, {b.right(), b.y()}, {b.right(), b.bottom()}, {b.x(), b.bottom()}}) {
                g.fillRect(t[1] + c[0] * s - 4, t[2] + c[1] * s - 4, 8, 8);
            }
        }

        private void drawPending(GraphicsContext g, double[] t, Map<Integer, Category> cats) {
            Category c = model.currentCategory();
            int color = c == null ? 0xffffff : colorOfId(c.id());
            double[] box = model.pendingBox();
            List<Overlay.Item> items = new ArrayList<>();
            if (box != null) {
                items.add(new Overlay.Rect(box[0], box[1], box[2], box[3], color, 1, true));
            }
            double[] kp = model.pendingKeypoints();
            if (kp.length > 0 && c != null) {
                Overlays.keypoints(items, kp, c.keypoints(), color);
            }
            FxOverlayPainter.paint(g, new Overlay(items), t[0], t[1], t[2]);
            double[] poly = model.pendingPolygon();
            if (poly.length >= 2) {
                g.setStroke(FxOverlayPainter.fx(color));
                g.setLineWidth(2);
                for (int i = 0; i + 3 < poly.length; i += 2) {
                    g.strokeLine(t[1] + poly[i] * t[0], t[2] + poly[i + 1] * t[0], t[1] + poly[i + 2] * t[0],
                            t[2] + poly[i + 3] * t[0]);
                }
                g.setLineDashes(4, 4);
                g.strokeLine(t[1] + poly[poly.length - 2] * t[0], t[2] + poly[poly.length - 1] * t[0], mouseX, mouseY);
                g.setLineDashes((double[]) null);
            }
            if (model.tool() == Tool.KEYPOINT && c != null && c.hasKeypoints()) {
                int next = kp.length / 3;
                if (next < c.keypoints().size()) {
                    g.setFill(Color.WHITE);
                    g.fillText(c.keypoints().names().get(next), mouseX + 10, mouseY - 10);
                }
            }
        }
    }
}
