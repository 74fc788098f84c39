package io.detectionstudio.ui.train;

import io.detectionstudio.engine.training.RunSummary;
import io.detectionstudio.ui.StudioViewModel;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The Train tab: one Train button with good defaults and an Advanced section for the run's settings (with the
 * {@code pipeline.config} they make, read-only); while training a progress bar with ETA and images/s, a live chart
 * per loss term (and validation AP when the run validates), Cancel, and detections on a few unlabelled images
 * redrawn at each checkpoint; below, the project's runs with their metrics, to open, compare or delete.
 */
public final class TrainPanel extends BorderPane {

    private static final javafx.css.PseudoClass USED = javafx.css.PseudoClass.getPseudoClass("used");

    private final TrainViewModel vm;
    private Runnable onOpenRun = () -> { };
    private final StudioViewModel studio;
    private final TrainDialogs dialogs;
    private final TableView<RunEntry> table = new TableView<>();
    private final HBox previewPane = new HBox(8);
    private final VBox comparePane = new VBox(4);

    public TrainPanel(StudioViewModel vm) {
        this(vm, TrainDialogs.alerts());
    }

    /** With other dialogs (tests answer them without a window). */
    public TrainPanel(StudioViewModel studio, TrainDialogs dialogs) {
        this.studio = studio;
        this.vm = new TrainViewModel(studio);
        this.dialogs = dialogs;
        vm.setOnError(dialogs::showError);
        setTop(new VBox(controls(), advanced()));
        SplitPane split = new SplitPane(live(), runs());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.6);
        setCenter(split);
    }

    public TrainViewModel viewModel() {
        return vm;
    }

    // ---- Train, Cancel, progress ----

    private Node controls() {
        Button train = new Button("Train");
        train.setId("trainButton");
        train.getStyleClass().addAll("accent", "primary-action");
        train.setTooltip(new Tooltip("Train a detector on the labelled and reviewed images with the settings under Advanced"));
        train.disableProperty().bind(vm.runningProperty());
        train.setOnAction(e -> vm.train());
        Button cancel = new Button("Cancel");
        cancel.setId("cancelButton");
        cancel.disableProperty().bind(vm.runningProperty().not());
        cancel.setOnAction(e -> vm.cancel());
        ProgressBar bar = new ProgressBar(0);
        bar.setId("trainProgress");
        bar.setPrefWidth(220);
        bar.progressProperty().bind(vm.progressProperty());
        Label eta = new Label();
        eta.setId("eta");
        eta.textProperty().bind(vm.etaProperty());
        Label ips = new Label();
        ips.setId("imagesPerSecond");
        ips.textProperty().bind(Bindings.createStringBinding(() -> vm.imagesPerSecondProperty().get() <= 0 ? ""
                : String.format(Locale.ROOT, "%.1f img/s", vm.imagesPerSecondProperty().get()), vm.imagesPerSecondProperty()));
        Label message = new Label();
        message.setId("trainMessage");
        message.textProperty().bind(vm.messageProperty());
        message.setMinWidth(0);
        Tooltip full = new Tooltip();
        full.textProperty().bind(vm.messageProperty());
        message.setTooltip(full);
        HBox.setHgrow(message, Priority.ALWAYS);
        HBox row = new HBox(10, train, cancel, bar, eta, ips, message);
        row.setAlignment(Pos.CENTER_LEFT);
        row.setPadding(new Insets(8));
        return row;
    }

    // ---- Advanced ----

    /** The catalogue's starts not installed yet: pick one, Download (progress, Cancel); installed ones join "Start from". */
    private Node downloadRow() {
        ComboBox<io.detectionstudio.engine.weights.KnownStart> pick = new ComboBox<>(vm.downloadable());
        pick.setId("downloadStart");
        pick.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(io.detectionstudio.engine.weights.KnownStart k) {
                return k == null ? "" : k.name() + " (" + Math.round(k.size() / 1e5) / 10.0 + " MB)";
            }

            @Override
            public io.detectionstudio.engine.weights.KnownStart fromString(String s) {
                return null;
            }
        });
        pick.setPromptText("all installed");
        vm.downloadable().addListener((javafx.collections.ListChangeListener<io.detectionstudio.engine.weights.KnownStart>) c -> {
            if (!vm.downloadable().contains(pick.getValue())) {
                pick.setValue(vm.downloadable().isEmpty() ? null : vm.downloadable().get(0));
            }
        });
        if (!vm.downloadable().isEmpty()) {
            pick.setValue(vm.downloadable().get(0));
        }
        javafx.scene.control.Button get = new javafx.scene.control.Button("Download");
        get.setId("downloadButton");
        get.disableProperty().bind(pick.valueProperty().isNull().or(vm.downloadingProperty()));
        get.setOnAction(e -> vm.download(pick.getValue()));
        javafx.scene.control.ProgressBar bar = new javafx.scene.control.ProgressBar();
        bar.setId("downloadProgress");
        bar.progressProperty().bind(vm.downloadProgressProperty());
        bar.visibleProperty().bind(vm.downloadingProperty());
        javafx.scene.control.Button stop = new javafx.scene.control.Button("Cancel");
        stop.setId("cancelDownload");
        stop.visibleProperty().bind(vm.downloadingProperty());
        stop.setOnAction(e -> vm.cancelDownload());
        javafx.scene.layout.HBox row = new javafx.scene.layout.HBox(6, pick, get, bar, stop);
        row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return row;
    }

    private Node advanced() {
        TrainOptions o = vm.options();
        GridPane form = grid();
        int r = 0;
        form.addRow(r++, label("Model (CenterNet)"), combo("depthMultiplier", TrainOptions.DEPTH_MULTIPLIERS,
                o.depthMultiplierProperty(), d -> "MobileNetV2-FPN, width " + d));
        form.addRow(r++, label("Input size"), combo("inputSize", TrainOptions.INPUT_SIZES, o.inputSizeProperty(), s -> s + " px"));
        ComboBox<TrainOptions.Start> start = new ComboBox<>(vm.starts());
        start.setId("startFrom");
        start.valueProperty().bindBidirectional(o.startProperty());
        start.setMinWidth(Region.USE_PREF_SIZE);
        form.addRow(r++, label("Start from"), start);
        form.addRow(r++, label("Pretrained weights"), downloadRow());
        form.addRow(r++, label("Train"), checkBox("headsOnly", "Heads only (backbone, FPN frozen)", o.headsOnlyProperty()));
        form.addRow(r++, label("Steps"), intSpinner("steps", 1, 1_000_000, 50, o.stepsProperty()));
        form.addRow(r++, label("Time budget (s, 0: none)"), intSpinner("maxSeconds", 0, 1_000_000, 30, o.maxSecondsProperty()));
        form.addRow(r++, label("Batch"), intSpinner("batchSize", 1, 256, 1, o.batchSizeProperty()));
        form.addRow(r++, label("Learning rate (Adam, cosine)"), doubleSpinner("learningRate", 1e-6, 0.5, 1e-4, o.learningRateProperty()));

        GridPane aug = grid();
        int a = 0;
        aug.addRow(a++, label("Augmentation"), checkBox("flip", "Random horizontal flip", o.flipProperty()));
        aug.addRow(a++, label("Zoom from"), doubleSpinner("minZoom", 0.1, 4, 0.1, o.minZoomProperty()));
        aug.addRow(a++, label("Zoom to"), doubleSpinner("maxZoom", 0.1, 4, 0.1, o.maxZoomProperty()));
        aug.addRow(a++, label("Colour jitter"), doubleSpinner("colorJitter", 0, 0.8, 0.05, o.colorJitterProperty()));
        aug.addRow(a++, label("Copy-paste chance"), doubleSpinner("pasteProbability", 0, 1, 0.1, o.pasteProbabilityProperty()));
        aug.addRow(a++, label("Validation"), combo("validationFraction", TrainOptions.VALIDATION_FRACTIONS,
                o.validationFractionProperty(), f -> f < 0 ? "auto (15% if 20+ labelled)"
                        : f == 0 ? "none" : String.format(Locale.ROOT, "hold out %.0f%%", 100 * f)));
        aug.addRow(a++, label("Early stop patience (0: off)"), intSpinner("patience", 0, 100, 1, o.patienceProperty()));
        CheckBox preview = checkBox("preview", "Live preview every", o.previewProperty());
        Spinner<Integer> every = intSpinner("previewEvery", 5, 10_000, 5, o.previewEveryProperty());
        every.disableProperty().bind(preview.selectedProperty().not());
        aug.addRow(a++, preview, new HBox(6, every, new Label("steps")));

        Button reset = new Button("Defaults");
        reset.setId("resetOptions");
        reset.setOnAction(e -> o.reset());
        form.add(reset, 1, r);

        TextArea config = new TextArea();
        config.setId("pipelineConfig");
        config.setEditable(false);
        config.getStyleClass().add("config-text");
        config.textProperty().bind(vm.configTextProperty());
        config.setPrefRowCount(14);
        config.setPrefColumnCount(48);
        VBox configBox = new VBox(4, new Label("pipeline.config (read-only)"), config);
        VBox.setVgrow(config, Priority.ALWAYS);
        HBox.setHgrow(configBox, Priority.ALWAYS);
        configBox.setMinWidth(280);

        HBox content = new HBox(16, form, aug, configBox);
        content.disableProperty().bind(vm.runningProperty());
        TitledPane pane = new TitledPane("Advanced", content);
        pane.setId("advancedPane");
        pane.setExpanded(false);
        pane.setAnimated(false);
        return pane;
    }

    private static GridPane grid() {
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(6);
        g.setPadding(new Insets(4));
        g.setMinWidth(Region.USE_PREF_SIZE);
        return g;
    }

    private static CheckBox checkBox(String id, String text, BooleanProperty value) {
        CheckBox c = new CheckBox(text);
        c.setId(id);
        c.selectedProperty().bindBidirectional(value);
        c.setMinWidth(Region.USE_PREF_SIZE);
        return c;
    }

    private static Label label(String text) {
        Label l = new Label(text);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private static <T> ComboBox<T> combo(String id, List<T> items, ObjectProperty<T> value, Function<T, String> text) {
        ComboBox<T> c = new ComboBox<>();
        c.getItems().setAll(items);
        c.setId(id);
        c.setConverter(new StringConverter<>() {
            @Override
            public String toString(T t) {
                return t == null ? "" : text.apply(t);
            }

            @Override
            public T fromString(String s) {
                return null;
            }
        });
        c.valueProperty().bindBidirectional(value);
        c.setMinWidth(Region.USE_PREF_SIZE);
        return c;
    }

    private static Spinner<Integer> intSpinner(String id, int min, int max, int step, ObjectProperty<Integer> value) {
        Spinner<Integer> s = new Spinner<>();
        SpinnerValueFactory.IntegerSpinnerValueFactory f = new SpinnerValueFactory.IntegerSpinnerValueFactory(min, max, value.get(), step);
        s.setValueFactory(f);
        f.valueProperty().bindBidirectional(value);
        editable(s, id);
        return s;
    }

    private static Spinner<Double> doubleSpinner(String id, double min, double max, double step, ObjectProperty<Double> value) {
        Spinner<Double> s = new Spinner<>();
        SpinnerValueFactory.DoubleSpinnerValueFactory f = new SpinnerValueFactory.DoubleSpinnerValueFactory(min, max, value.get(), step);
        f.setConverter(new StringConverter<>() {
            @Override
            public String toString(Double d) {
                return d == null ? "" : new BigDecimal(String.format(Locale.ROOT, "%.4g", d)).stripTrailingZeros().toPlainString();
            }

            @Override
            public Double fromString(String text) {
                try {
                    return Double.parseDouble(text.strip());
                } catch (NumberFormatException e) {
                    return f.getValue();
                }
            }
        });
        s.setValueFactory(f);
        f.valueProperty().bindBidirectional(value);
        editable(s, id);
        return s;
    }

    /** An editable spinner that takes typed text when it loses the focus, not only on Enter. */
    private static void editable(Spinner<?> s, String id) {
        s.setEditable(true);
        s.setId(id);
        s.setPrefWidth(110);
        s.focusedProperty().addListener((o, was, is) -> {
            if (!is) {
                s.increment(0);
            }
        });
    }

    // ---- live chart and preview ----

    private Node live() {
        LineChart<Number, Number> losses = chart("step", "loss");
        losses.setId("lossChart");
        losses.setTitle("Loss");
        losses.setData(vm.chart().lossSeries());
        LineChart<Number, Number> validation = chart("step", "AP");
        validation.setId("validationChart");
        validation.setTitle("Validation");
        ((NumberAxis) validation.getYAxis()).setAutoRanging(false);
        ((NumberAxis) validation.getYAxis()).setLowerBound(0);
        ((NumberAxis) validation.getYAxis()).setUpperBound(1);
        ((NumberAxis) validation.getYAxis()).setTickUnit(0.2);
        validation.setData(vm.chart().validationSeries());
        validation.setPrefWidth(300);
        validation.visibleProperty().bind(Bindings.isNotEmpty(vm.chart().validationSeries()));
        validation.managedProperty().bind(validation.visibleProperty());
        HBox.setHgrow(losses, Priority.ALWAYS);
        HBox charts = new HBox(losses, validation);
        VBox.setVgrow(charts, Priority.ALWAYS);

        Label best = new Label();
        best.setId("bestValidation");
        best.textProperty().bind(vm.chart().bestValidationProperty());

        previewPane.setId("previewPane");
        previewPane.setPadding(new Insets(4, 8, 4, 8));
        previewPane.setMinHeight(120);
        vm.previews().addListener((ListChangeListener<PreviewFrame>) c -> showPreviews());
        showPreviews();
        ScrollPane previewScroll = new ScrollPane(previewPane);
        previewScroll.setFitToHeight(true);
        previewScroll.setMinHeight(195);
        previewScroll.setPrefHeight(195);
        VBox box = new VBox(4, charts, best, previewScroll);
        box.setPadding(new Insets(0, 8, 0, 8));
        return box;
    }

    private static LineChart<Number, Number> chart(String x, String y) {
        NumberAxis xAxis = new NumberAxis();
        xAxis.setLabel(x);
        xAxis.setForceZeroInRange(false);
        NumberAxis yAxis = new NumberAxis();
        yAxis.setLabel(y);
        LineChart<Number, Number> c = new LineChart<>(xAxis, yAxis);
        c.setCreateSymbols(false);
        c.setAnimated(false);
        c.setMinHeight(160);
        return c;
    }

    private void showPreviews() {
        previewPane.getChildren().clear();
        if (vm.previews().isEmpty()) {
            Label hint = new Label("Detections of the model being trained, on up to " + LivePreview.MAX_IMAGES
                    + " unlabelled images, appear here at each checkpoint.");
            hint.getStyleClass().add("hint");
            previewPane.getChildren().add(hint);
            return;
        }
        for (PreviewFrame f : vm.previews()) {
            ImageView view = new ImageView(SwingFXUtils.toFXImage(f.image(), null));
            view.setPreserveRatio(true);
            view.setFitHeight(150);
            Label caption = new Label(f.caption());
            caption.getStyleClass().add("caption");
            previewPane.getChildren().add(new VBox(2, view, caption));
        }
    }

    // ---- runs ----

    private Node runs() {
        table.setId("runsTable");
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setItems(vm.runs().runs());
        table.setPlaceholder(new Label("No runs yet: press Train."));
        table.getColumns().add(column("Run", 170, RunEntry::name));
        table.getColumns().add(column("Started", 130, RunEntry::date));
        table.getColumns().add(column("Steps", 60, e -> e.steps() == null ? "" : e.steps().toString()));
        table.getColumns().add(column("Time", 60, e -> e.seconds() == null ? "" : TrainViewModel.clock(e.seconds())));
        table.getColumns().add(column("Final loss", 80, e -> number(e.finalLoss())));
        table.getColumns().add(column("AP50 (validation)", 120, e -> number(e.ap50())));
        table.getColumns().add(column("Ended", 100, RunEntry::ended));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setRowFactory(t -> {
            TableRow<RunEntry> row = new TableRow<>() {
                @Override
                protected void updateItem(RunEntry item, boolean empty) {
                    super.updateItem(item, empty);
                    boolean used = !empty && item != null && item.folder().equals(studio.selectedRunProperty().get());
                    pseudoClassStateChanged(USED, used);
                    setTooltip(used ? new Tooltip("Inspect uses this run") : null);
                }
            };
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    vm.runs().open(row.getItem());
                    onOpenRun.run();
                }
            });
            return row;
        });
        studio.selectedRunProperty().addListener((o, old, now) -> table.refresh());

        var selection = table.getSelectionModel().getSelectedItems();
        Button open = new Button("Open");
        open.setId("openRunButton");
        open.setTooltip(new Tooltip("Use this run in Inspect"));
        open.disableProperty().bind(Bindings.size(selection).isNotEqualTo(1));
        open.setOnAction(e -> {
            vm.runs().open(table.getSelectionModel().getSelectedItem());
            onOpenRun.run();
        });
        Button compare = new Button("Compare");
        compare.setId("compareRunsButton");
        compare.setTooltip(new Tooltip("Loss curves and metrics of the selected runs side by side (Ctrl+click to select several)"));
        compare.disableProperty().bind(Bindings.size(selection).lessThan(2));
        compare.setOnAction(e -> vm.runs().compare(List.copyOf(selection)));
        Button delete = new Button("Delete...");
        delete.setId("deleteRunButton");
        delete.disableProperty().bind(Bindings.isEmpty(selection));
        delete.setOnAction(e -> deleteSelected());
        Label title = new Label("Runs");
        title.getStyleClass().add("section-title");
        HBox bar = new HBox(8, title, open, compare, delete);
        bar.setAlignment(Pos.CENTER_LEFT);

        comparePane.setId("comparePane");
        comparePane.visibleProperty().bind(vm.runs().comparisonProperty().isNotNull());
        comparePane.managedProperty().bind(comparePane.visibleProperty());
        vm.runs().comparisonProperty().addListener((o, old, c) -> showComparison(c));

        VBox.setVgrow(table, Priority.ALWAYS);
        VBox box = new VBox(6, bar, table, comparePane);
        box.setPadding(new Insets(8));
        return box;
    }

    private void deleteSelected() {
        List<RunEntry> chosen = List.copyOf(table.getSelectionModel().getSelectedItems());
        if (chosen.isEmpty()) {
            return;
        }
        String what = chosen.size() == 1 ? "run " + chosen.get(0).name() : chosen.size() + " runs";
        StringBuilder folders = new StringBuilder();
        chosen.forEach(c -> folders.append('\n').append(c.folder()));
        if (dialogs.confirm("Delete " + what + "?", "Its model, config and logs are deleted from disk; this cannot be undone."
                + folders)) {
            vm.delete(chosen);
        }
    }

    private void showComparison(RunsViewModel.Comparison c) {
        comparePane.getChildren().clear();
        if (c == null) {
            return;
        }
        LineChart<Number, Number> chart = chart("step", "total loss");
        chart.setId("compareChart");
        chart.setTitle("Total loss");
        for (RunsViewModel.Compared run : c.runs()) {
            XYChart.Series<Number, Number> s = new XYChart.Series<>();
            s.setName(run.run().name() + (run.totalLoss().isEmpty() ? " (no loss log)" : ""));
            run.totalLoss().forEach(p -> s.getData().add(new XYChart.Data<>(p.step(), p.value())));
            chart.getData().add(s);
        }
        TableView<RunsViewModel.Compared> t = new TableView<>();
        t.setId("compareTable");
        t.getItems().setAll(c.runs());
        t.getColumns().add(column("Run", 150, x -> x.run().name()));
        t.getColumns().add(column("Steps", 50, x -> x.run().steps() == null ? "" : x.run().steps().toString()));
        t.getColumns().add(column("Time", 50, x -> x.run().seconds() == null ? "" : TrainViewModel.clock(x.run().seconds())));
        t.getColumns().add(column("Final loss", 70, x -> number(x.run().finalLoss())));
        t.getColumns().add(column("AP50", 50, x -> number(x.run().ap50())));
        t.getColumns().add(column("ms/step", 60, x -> x.run().summary() == null || x.run().summary().msPerStep() == null ? ""
                : String.format(Locale.ROOT, "%.0f", x.run().summary().msPerStep())));
        t.getColumns().add(column("Settings", 260, x -> settings(x.run().summary())));
        t.setPrefHeight(160);
        HBox.setHgrow(chart, Priority.ALWAYS);
        HBox.setHgrow(t, Priority.ALWAYS);
        chart.setPrefHeight(220);
        Button close = new Button("Close comparison");
        close.setOnAction(e -> vm.runs().closeComparison());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        comparePane.getChildren().addAll(new HBox(new Label("Comparing " + c.runs().size() + " runs"), spacer, close),
                new HBox(8, chart, t));
    }

    private static String settings(RunSummary s) {
        if (s == null || s.settings() == null) {
            return "";
        }
        RunSummary.SettingsRecord st = s.settings();
        return String.format(Locale.ROOT, "%d px, width %s, batch %d, lr %.4g%s%s", st.inputSize(), st.depthMultiplier(),
                st.batchSize(), st.learningRate(), st.headsOnly() ? ", heads only" : "", st.initFrom() == null ? ", from scratch" : "");
    }

    private static String number(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static <S> TableColumn<S, String> column(String title, double width, Function<S, String> value) {
        TableColumn<S, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        return c;
    }

    /** Called after a run is opened (the studio then shows Inspect). */
    public void setOnOpenRun(Runnable action) {
        this.onOpenRun = action == null ? () -> { } : action;
    }
}
