package io.detectionstudio.ui.browser;

import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.image.ImageLoader;
import io.detectionstudio.ui.StudioViewModel;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Label tab's image list: a thumbnail, the file name, the status (unlabelled, predicted, labelled, reviewed) and
 * the annotation count of each image, a status filter ({@code #browserFilter}) and a file-name search
 * ({@code #browserSearch}), and a "Reviewed" toggle for the selected image (key R in the list).
 *
 * <p>The list ({@code #imageList}) is virtual: only the rows on screen exist, and only their thumbnails are decoded,
 * in the background, newest request first, with an LRU cache; a row scrolled away drops its request. Selecting a row
 * selects the image in the studio, and the studio's selection (from any view) is shown here.
 */
public final class ImageBrowser extends BorderPane {

    /** The longest side of a thumbnail, in pixels. */
    public static final int THUMBNAIL_SIZE = 96;
    /** Thumbnails kept decoded (about 37 kB each). */
    static final int CACHE_SIZE = 800;
    /** Half the cores (one on a two-core laptop, so the window stays responsive), at most four. */
    static final int DECODING_THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));

    private final StudioViewModel vm;
    private final BrowserModel model;
    private final ThumbnailLoader<Image> thumbnails;
    private final ListView<ImageRecord> list = new ListView<>();
    private final ToggleButton reviewed = new ToggleButton("Reviewed");
    private boolean syncing;

    public ImageBrowser(StudioViewModel vm) {
        this.vm = vm;
        this.model = new BrowserModel(vm);
        Image broken = SwingFXUtils.toFXImage(brokenPlaceholder(THUMBNAIL_SIZE), null);
        this.thumbnails = new ThumbnailLoader<>(THUMBNAIL_SIZE, CACHE_SIZE, DECODING_THREADS, ImageLoader::loadThumbnail,
                img -> SwingFXUtils.toFXImage(img, null), broken, vm.fxThread());

        TextField search = new TextField();
        search.setId("browserSearch");
        search.setPromptText("Search file names");
        search.textProperty().bindBidirectional(model.searchProperty());
        ComboBox<BrowserModel.Filter> filter = new ComboBox<>();
        filter.setId("browserFilter");
        filter.getItems().setAll(BrowserModel.Filter.values());
        filter.valueProperty().bindBidirectional(model.filterProperty());
        filter.setMaxWidth(Double.MAX_VALUE);
        Label count = new Label();
        count.setId("browserCount");
        count.textProperty().bind(model.summaryProperty());
        HBox.setHgrow(filter, Priority.ALWAYS);
        HBox filterRow = new HBox(6, filter, count);
        filterRow.setAlignment(Pos.CENTER_LEFT);
        VBox top = new VBox(4, search, filterRow);
        top.setPadding(new Insets(4));
        setTop(top);

        list.setId("imageList");
        list.setItems(model.visible());
        list.setFixedCellSize(THUMBNAIL_SIZE + 10);
        list.setCellFactory(l -> new ThumbnailCell(vm, model, thumbnails, this::fileOf));
        list.setPlaceholder(new Label("No images"));
        list.getSelectionModel().selectedItemProperty().addListener((o, old, im) -> {
            if (!syncing && im != null && !im.equals(vm.selectedProperty().get())) {
                vm.selectedProperty().set(im);
            }
        });
        list.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.R && !e.isShortcutDown() && !e.isAltDown() && !e.isShiftDown()) {
                model.toggleReviewed();
                e.consume();
            }
        });
        setCenter(list);

        reviewed.setId("reviewedToggle");
        reviewed.setTooltip(new Tooltip("Mark the selected image reviewed (R)"));
        reviewed.setMaxWidth(Double.MAX_VALUE);
        reviewed.setOnAction(e -> {
            ImageRecord im = vm.selectedProperty().get();
            if (im != null) {
                model.setReviewed(im, reviewed.isSelected());
            }
            reviewed.setSelected(BrowserModel.isReviewed(vm.selectedProperty().get()));
        });
        BorderPane.setMargin(reviewed, new Insets(4));
        setBottom(reviewed);

        vm.selectedProperty().addListener((o, old, im) -> showSelected());
        model.visible().addListener((javafx.collections.ListChangeListener<ImageRecord>) c -> showSelected());
        showSelected();
    }

    /** The browser's state (filter, search, visible images). */
    public BrowserModel model() {
        return model;
    }

    /** The thumbnail loader (for tests). */
    ThumbnailLoader<Image> thumbnails() {
        return thumbnails;
    }

    private Path fileOf(ImageRecord im) {
        Dataset d = vm.datasetProperty().get();
        return d == null ? null : d.resolve(im).toAbsolutePath();
    }

    /** Shows the studio's selected image as the list's selection, scrolling it into view when it is not. */
    private void showSelected() {
        ImageRecord im = vm.selectedProperty().get();
        reviewed.setSelected(BrowserModel.isReviewed(im));
        reviewed.setDisable(im == null);
        int index = -1;
        if (im != null) {
            for (int i = 0; i < list.getItems().size(); i++) {
                if (list.getItems().get(i).id() == im.id()) {
                    index = i;
                    break;
                }
            }
        }
        syncing = true;
        try {
            if (index < 0) {
                list.getSelectionModel().clearSelection();
            } else if (list.getSelectionModel().getSelectedIndex() != index
                    || list.getSelectionModel().getSelectedItem() != list.getItems().get(index)) {
                list.getSelectionModel().clearAndSelect(index);
                scrollIntoView(index);
            }
        } finally {
            syncing = false;
        }
    }

    private void scrollIntoView(int index) {
        if (list.lookup(".virtual-flow") instanceof VirtualFlow<?> flow) {
            IndexedCell<?> first = flow.getFirstVisibleCell();
            IndexedCell<?> last = flow.getLastVisibleCell();
            if (first == null || last == null || index <= first.getIndex() || index >= last.getIndex()) {
                flow.scrollTo(index);
            }
        } else {
            list.scrollTo(index);
        }
    }

    /** A grey square with a red cross: the thumbnail of a file that cannot be decoded. */
    static BufferedImage brokenPlaceholder(int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(new Color(0xE0E0E0));
            g.fillRect(0, 0, size, size);
            g.setColor(new Color(0xC62828));
            g.setStroke(new BasicStroke(Math.max(2f, size / 24f)));
            int m = size / 3;
            g.drawLine(m, m, size - m, size - m);
            g.drawLine(size - m, m, m, size - m);
        } finally {
            g.dispose();
        }
        return img;
    }
}
