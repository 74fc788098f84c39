package io.detectionstudio.ui.inspect;

import io.detectionstudio.core.eval.CocoMetrics;
import io.detectionstudio.core.eval.KeypointMetrics;
import io.detectionstudio.core.eval.PrecisionRecallCurve;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.ui.StudioViewModel;
import io.detectionstudio.ui.inspect.InspectViewModel.ImageRow;
import io.detectionstudio.viz.Palette;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.stage.DirectoryChooser;
import javafx.util.StringConverter;

/**
 * The Inspect tab: run the chosen run over every image; see its predictions on the selected image at a score
 * (true positives, false positives and misses in distinct colors where there are labels), every image's errors in
 * a sortable table (most errors first), the COCO metrics and a precision-recall chart; accept predictions as
 * annotations on one image or on every unlabelled image — the model-assisted labelling loop. The state lives in
 * {@link InspectViewModel}.
 */
public final class InspectPanel extends BorderPane {

    private final InspectViewModel model;
    private final StudioViewModel vm;
    private final TableView<ImageRow> table = new TableView<>();
    private final SortedList<ImageRow> sorted;
    private final OverlayView overlay = new OverlayView();
    private final GridPane metricsGrid = new GridPane();
    private final LineChart<Number, Number> prChart;
    private boolean syncing;

    public InspectPanel(StudioViewModel vm) {
        this(new InspectViewModel(vm));
        model.setConfirmer(this::confirm);
    }

    /** A panel over a given view model (tests inject its detector opener and confirmation). */
    public InspectPanel(InspectViewModel model) {
        this.model = model;
        this.vm = model.studio();
        sorted = new SortedList<>(model.rows());
        NumberAxis recall = new NumberAxis("recall", 0, 1, 0.2);
        NumberAxis precision = new NumberAxis("precision", 0, 1.05, 0.2);
        prChart = new LineChart<>(recall, precision);

        setTop(toolbar());
        SplitPane split = new SplitPane(imageTable(), imageArea(), metricsArea());
        split.setDividerPositions(0.33, 0.72);
        SplitPane.setResizableWithParent(table, false);
        setCenter(split);

        vm.selectedProperty().addListener(o -> {
            selectRow(true);
            refreshOverlay();
        });
        model.imageProperty().addListener(o -> refreshOverlay());
        model.imageProblemProperty().addListener(o -> refreshOverlay());
        model.selectedMarksProperty().addListener(o -> refreshOverlay());
        vm.datasetProperty().addListener(o -> refreshOverlay());
        model.metricsProperty().addListener((o, old, m) -> showMetrics(m));
        parentProperty().addListener((o, old, p) -> followVisibility(p));
        showMetrics(model.metricsProperty().get());
        refreshOverlay();
    }

    /** The view model, for tests and for the shell. */
    public InspectViewModel model() {
        return model;
    }

    OverlayView overlay() {
        return overlay;
    }

    private Node toolbar() {
        ComboBox<Path> runs = new ComboBox<>(vm.runs());
        runs.setId("runChoice");
        runs.setPromptText("No run yet");
        runs.valueProperty().bindBidirectional(vm.selectedRunProperty());
        runs.setConverter(new StringConverter<>() {
            @Override
            public String toString(Path p) {
                return p == null ? "" : p.getFileName().toString();
            }

            @Override
            public Path fromString(String s) {
                return null;
            }
        });
        runs.setTooltip(new Tooltip("The run to inspect (runs/ of the project), or a model folder you chose"));

        Button choose = new Button("Model Folder...");
        choose.setId("chooseModelButton");
        choose.setTooltip(new Tooltip("Inspect any training run or SavedModel folder (e.g. one exported by the OD API)"));
        choose.setOnAction(e -> chooseModel());

        Button run = new Button("Run on All Images");
        run.setId("runInspectButton");
        run.setDefaultButton(false);
        run.disableProperty().bind(model.runningProperty().or(vm.datasetProperty().isNull()));
        run.setOnAction(e -> model.runSelected());

        Button stop = new Button("Stop");
        stop.setId("stopInspectButton");
        stop.visibleProperty().bind(model.runningProperty());
        stop.managedProperty().bind(stop.visibleProperty());
        stop.setOnAction(e -> model.stop());

        ProgressBar progress = new ProgressBar();
        progress.setId("inspectProgress");
        progress.progressProperty().bind(model.progressProperty());
        progress.visibleProperty().bind(model.runningProperty());
        progress.managedProperty().bind(progress.visibleProperty());

        Label source = new Label();
        source.setId("inspectSource");
        source.textProperty().bind(model.sourceProperty());
        source.setTextFill(Color.gray(0.4));

        HBox bar = new HBox(8, new Label("Run:"), runs, choose, run, stop, progress, source);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 6, 8));
        return bar;
    }

    private void chooseModel() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("A training run or SavedModel folder");
        Path runsFolder = vm.runsFolder();
        if (runsFolder != null && Files.isDirectory(runsFolder)) {
            dc.setInitialDirectory(runsFolder.toFile());
        }
        File dir = dc.showDialog(getScene() == null ? null : getScene().getWindow());
        if (dir != null) {
            vm.selectedRunProperty().set(dir.toPath());
            vm.setStatus("Model folder " + dir + ": press Run on All Images");
        }
    }

    private Node imageTable() {
        table.setId("inspectImages");
        table.setPlaceholder(new Label("No images"));
        TableColumn<ImageRow, String> name = column("Image", "File name", ImageRow::fileName);
        name.setPrefWidth(130);
        TableColumn<ImageRow, String> status = column("Status", "Labelled, reviewed, predicted or unlabelled",
                r -> r.status().name().toLowerCase(Locale.ROOT));
        status.setPrefWidth(72);
        TableColumn<ImageRow, Integer> predictions = column("Pred", "Predictions at or above the score",
                ImageRow::predictions);
        TableColumn<ImageRow, Integer> tp = column("TP", "True positives (labelled images)",
                r -> r.evaluated() ? r.truePositives() : null);
        TableColumn<ImageRow, Integer> fp = column("FP", "False positives (labelled images)",
                r -> r.evaluated() ? r.falsePositives() : null);
        TableColumn<ImageRow, Integer> missed = column("Miss", "Labelled objects no prediction found",
                r -> r.evaluated() ? r.misses() : null);
        TableColumn<ImageRow, Integer> errors = column("Err", "Errors: false positives plus misses",
                r -> r.evaluated() ? r.errors() : null);
        errors.setId("errorsColumn");
        tp.getStyleClass().add("true-positive");
        table.getColumns().setAll(java.util.List.of(name, status, predictions, tp, fp, missed, errors));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        errors.setSortType(TableColumn.SortType.DESCENDING);
        table.getSortOrder().add(errors);
        table.getSelectionModel().selectedItemProperty().addListener((o, old, row) -> {
            if (!syncing && row != null) {
                vm.selectedProperty().set(row.image());
            }
        });
        sorted.addListener((ListChangeListener<ImageRow>) c -> selectRow(false));
        table.setMinWidth(200);
        return table;
    }

    private static <T> TableColumn<ImageRow, T> column(String title, String tip, Function<ImageRow, T> value) {
        TableColumn<ImageRow, T> c = new TableColumn<>(title);
        Label header = new Label(title);
        header.setTooltip(new Tooltip(tip));
        c.setText(null);
        c.setGraphic(header);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(value.apply(cd.getValue())));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item == null ? "—" : item.toString());
            }
        });
        c.setPrefWidth(42);
        return c;
    }

    /** Selects the studio's selected image in the table (after the rows changed, or the selection did). */
    private void selectRow(boolean scroll) {
        ImageRecord im = vm.selectedProperty().get();
        syncing = true;
        try {
            if (im == null) {
                table.getSelectionModel().clearSelection();
                return;
            }
            for (int i = 0; i < sorted.size(); i++) {
                if (sorted.get(i).image().id() == im.id()) {
                    if (table.getSelectionModel().getSelectedIndex() != i) {
                        table.getSelectionModel().clearAndSelect(i);
                    }
                    if (scroll) {
                        table.scrollTo(Math.max(0, i - 3));
                    }
                    return;
                }
            }
            table.getSelectionModel().clearSelection();
        } finally {
            syncing = false;
        }
    }

    private Node imageArea() {
        overlay.setId("inspectCanvas");
        VBox.setVgrow(overlay, Priority.ALWAYS);

        Slider slider = new Slider(0, 1, InspectViewModel.DEFAULT_MIN_SCORE);
        slider.setId("scoreSlider");
        slider.setBlockIncrement(0.05);
        slider.setMajorTickUnit(0.25);
        slider.setShowTickMarks(true);
        slider.valueProperty().bindBidirectional(model.minScoreProperty());
        HBox.setHgrow(slider, Priority.ALWAYS);
        Label score = new Label();
        score.setId("scoreLabel");
        score.setMinWidth(36);
        score.textProperty().bind(model.minScoreProperty().asString(Locale.ROOT, "%.2f"));
        HBox scoreRow = new HBox(8, new Label("Score at least"), slider, score);
        scoreRow.setAlignment(Pos.CENTER_LEFT);

        Button accept = new Button("Accept Here");
        accept.setId("acceptButton");
        accept.setTooltip(new Tooltip("The predictions shown become annotations of this image (undoable); "
                + "on a labelled image, only those that overlap no box"));
        accept.setOnAction(e -> model.acceptSelected());
        accept.disableProperty().bind(vm.selectedProperty().isNull());
        Button acceptAll = new Button("Accept on All Unlabelled...");
        acceptAll.setId("acceptAllButton");
        acceptAll.setTooltip(new Tooltip("Every unlabelled image gets the predictions at or above the score as annotations "
                + "(one undoable edit); labelled images are left alone"));
        acceptAll.setOnAction(e -> model.acceptAll());
        Button undo = new Button("Undo Accept");
        undo.setId("undoAcceptButton");
        undo.disableProperty().bind(model.canUndoAcceptProperty().not());
        undo.setOnAction(e -> model.undoAccept());
        HBox actions = new HBox(8, accept, acceptAll, undo);
        actions.setAlignment(Pos.CENTER_LEFT);

        VBox box = new VBox(6, overlay, scoreRow, legend(), actions);
        box.setPadding(new Insets(6));
        return box;
    }

    private static Node legend() {
        FlowPane legend = new FlowPane(12, 4);
        legend.setId("inspectLegend");
        legend.getChildren().addAll(
                swatch(OverlayView.TRUE_POSITIVE, "true positive"),
                swatch(OverlayView.FALSE_POSITIVE, "false positive"),
                swatch(OverlayView.MISSED, "missed (dashed)"),
                swatch(OverlayView.IGNORED, "crowd or difficult"),
                swatch(OverlayView.fx(Palette.colorOf(1)), "unlabelled image: class color"));
        return legend;
    }

    private static Node swatch(Color c, String text) {
        Rectangle r = new Rectangle(12, 12, Color.TRANSPARENT);
        r.setStroke(c);
        r.setStrokeWidth(3);
        HBox h = new HBox(4, r, new Label(text));
        h.setAlignment(Pos.CENTER_LEFT);
        return h;
    }

    private Node metricsArea() {
        Label title = new Label("COCO box metrics (S, M, L: small, medium, large objects)");
        title.setWrapText(true);
        title.getStyleClass().add("section-title");
        Label note = new Label();
        note.setId("metricsNote");
        note.setWrapText(true);
        note.textProperty().bind(model.metricsNoteProperty());
        metricsGrid.setId("metricsGrid");
        metricsGrid.setHgap(6);
        metricsGrid.setVgap(3);

        prChart.setId("prChart");
        prChart.setTitle("Precision-recall at IoU 0.5");
        prChart.setCreateSymbols(false);
        prChart.setAnimated(false);
        prChart.setMinHeight(220);
        VBox.setVgrow(prChart, Priority.ALWAYS);

        VBox box = new VBox(6, title, note, metricsGrid, new Separator(Orientation.HORIZONTAL), prChart);
        box.setPadding(new Insets(6));
        box.setMinWidth(220);
        return box;
    }

    private void showMetrics(InspectViewModel.Metrics m) {
        metricsGrid.getChildren().clear();
        prChart.getData().clear();
        if (m == null) {
            return;
        }
        CocoMetrics b = m.report().boxes();
        String[] names = {"AP", "AP50", "AP75", "AP S", "AP M", "AP L", "AR@1", "AR@10", "AR@100"};
        double[] values = {b.ap(), b.ap50(), b.ap75(), b.apSmall(), b.apMedium(), b.apLarge(), b.ar1(), b.ar10(), b.ar100()};
        for (int i = 0; i < names.length; i++) {
            addMetric(names[i], values[i], i);
        }
        KeypointMetrics k = m.report().keypoints();
        if (k != null) {
            addMetric("keypoint AP", k.ap(), names.length);
            addMetric("keypoint AP50", k.ap50(), names.length + 1);
        }
        Dataset d = vm.datasetProperty().get();
        double[] thresholds = PrecisionRecallCurve.recallThresholds();
        for (Map.Entry<Integer, PrecisionRecallCurve> e : b.prCurves().entrySet()) {
            double[] p = e.getValue().precision();
            if (p[0] < 0) {
                continue; // no labelled object of this class
            }
            double ap50 = 0;
            XYChart.Series<Number, Number> s = new XYChart.Series<>();
            for (int r = 0; r < p.length; r++) {
                s.getData().add(new XYChart.Data<>(thresholds[r], p[r]));
                ap50 += p[r] / p.length;
            }
            String name = d == null ? null : d.category(e.getKey()).map(c -> c.name()).orElse(null);
            s.setName((name == null ? "class " + e.getKey() : name) + String.format(Locale.ROOT, " (AP50 %.3f)", ap50));
            prChart.getData().add(s);
        }
    }

    private void addMetric(String name, double value, int index) {
        Label n = new Label(name);
        n.setTextFill(Color.gray(0.4));
        n.setMinWidth(Region.USE_PREF_SIZE);
        Label v = new Label(value < 0 ? "—" : String.format(Locale.ROOT, "%.3f", value));
        v.setMinWidth(Region.USE_PREF_SIZE);
        v.setId("metric-" + name.replace(' ', '-').replace("@", ""));
        v.getStyleClass().add("metric-value");
        metricsGrid.add(n, 2 * (index % 3), index / 3);
        metricsGrid.add(v, 2 * (index % 3) + 1, index / 3);
    }

    private void refreshOverlay() {
        ImageRecord im = vm.selectedProperty().get();
        String empty = vm.datasetProperty().get() == null ? "Open a dataset" : im == null ? "Select an image" : "Loading ...";
        overlay.show(model.imageProperty().get(), model.imageProblemProperty().get(), empty,
                model.selectedMarksProperty().get(), vm.datasetProperty().get());
    }

    /** Decodes the selected image only while the panel shows: a tab's content is hidden through its parent. */
    private void followVisibility(Parent p) {
        model.activeProperty().unbind();
        if (p == null) {
            model.activeProperty().set(true);
        } else {
            model.activeProperty().bind(p.visibleProperty());
        }
    }

    private boolean confirm(String question) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, question, ButtonType.OK, ButtonType.CANCEL);
        a.setHeaderText("Accept predictions");
        if (getScene() != null) {
            a.initOwner(getScene().getWindow());
        }
        return a.showAndWait().filter(b -> b == ButtonType.OK).isPresent();
    }
}
