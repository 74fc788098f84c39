package io.detectionstudio.ui.browser;

import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.ui.ImageStatus;
import io.detectionstudio.ui.StudioViewModel;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;
import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;

/** One row of the image list: thumbnail, file name, a status dot with its name, and the number of annotations. */
final class ThumbnailCell extends ListCell<ImageRecord> {

    private final StudioViewModel vm;
    private final ThumbnailLoader<Image> thumbnails;
    private final Function<ImageRecord, Path> fileOf;
    private final ImageView image = new ImageView();
    private final Label name = new Label();
    private final Circle dot = new Circle(5);
    private final Label status = new Label();
    private final HBox row;
    private final Tooltip tooltip = new Tooltip();
    private final InvalidationListener statusChanged = o -> showStatus();
    private Path shown;
    private ThumbnailLoader.Request request;

    ThumbnailCell(StudioViewModel vm, BrowserModel model, ThumbnailLoader<Image> thumbnails,
                  Function<ImageRecord, Path> fileOf) {
        this.vm = vm;
        this.thumbnails = thumbnails;
        this.fileOf = fileOf;
        getStyleClass().add("thumbnail-cell");
        image.setFitWidth(ImageBrowser.THUMBNAIL_SIZE);
        image.setFitHeight(ImageBrowser.THUMBNAIL_SIZE);
        image.setPreserveRatio(true);
        StackPane frame = new StackPane(image);
        frame.setMinSize(ImageBrowser.THUMBNAIL_SIZE, ImageBrowser.THUMBNAIL_SIZE);
        frame.setPrefSize(ImageBrowser.THUMBNAIL_SIZE, ImageBrowser.THUMBNAIL_SIZE);
        frame.setMaxSize(ImageBrowser.THUMBNAIL_SIZE, ImageBrowser.THUMBNAIL_SIZE);
        frame.getStyleClass().add("thumbnail-frame");
        status.setGraphic(dot);
        status.getStyleClass().add("image-status");
        name.getStyleClass().add("image-name");
        name.getStyleClass().add("thumbnail-name");
        name.setMinWidth(0);
        status.setMinWidth(0);
        VBox text = new VBox(4, name, status);
        text.setAlignment(Pos.CENTER_LEFT);
        text.setMinWidth(0);
        setPrefWidth(0); // as wide as the list, never wider: long names are cut, not scrolled
        row = new HBox(8, frame, text);
        row.setAlignment(Pos.CENTER_LEFT);
        model.statusRevisionProperty().addListener(new WeakInvalidationListener(statusChanged));
        setText(null);
    }

    @Override
    protected void updateItem(ImageRecord im, boolean empty) {
        super.updateItem(im, empty);
        if (empty || im == null) {
            cancel();
            shown = null;
            image.setImage(null);
            setGraphic(null);
            setTooltip(null);
            return;
        }
        int slash = Math.max(im.fileName().lastIndexOf('/'), im.fileName().lastIndexOf('\\'));
        name.setText(im.fileName().substring(slash + 1));
        setTooltip(tooltip);
        showStatus();
        setGraphic(row);
        Path file = fileOf.apply(im);
        if (!Objects.equals(file, shown)) {
            cancel();
            shown = file;
            Image cached = file == null ? null : thumbnails.cached(file);
            image.setImage(cached);
            if (cached == null && file != null) {
                request = thumbnails.request(file, img -> {
                    if (file.equals(shown)) {
                        image.setImage(img);
                    }
                });
            }
        }
    }

    private void cancel() {
        if (request != null) {
            request.cancel();
            request = null;
        }
    }

    private void showStatus() {
        ImageRecord im = getItem();
        if (im == null || isEmpty() || vm.datasetProperty().get() == null) {
            return;
        }
        ImageStatus s = vm.statusOf(im);
        int n = vm.annotationsOf(im).size();
        dot.setFill(colorOf(s));
        status.setText(label(s) + (n > 0 ? " · " + n : ""));
        tooltip.setText(im.fileName() + "\n" + label(s) + ", " + n + (n == 1 ? " annotation" : " annotations"));
    }

    static String label(ImageStatus s) {
        return switch (s) {
            case UNLABELLED -> "Unlabelled";
            case PREDICTED -> "Predicted";
            case LABELLED -> "Labelled";
            case REVIEWED -> "Reviewed";
        };
    }

    static Color colorOf(ImageStatus s) {
        return switch (s) {
            case UNLABELLED -> Color.web("#9e9e9e");
            case PREDICTED -> Color.web("#fb8c00");
            case LABELLED -> Color.web("#1e88e5");
            case REVIEWED -> Color.web("#43a047");
        };
    }
}
