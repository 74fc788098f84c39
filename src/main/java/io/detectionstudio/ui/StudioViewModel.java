package io.detectionstudio.ui;

import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.data.DatasetOpener;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.ObjectAnnotation;
import io.detectionstudio.data.Problem;
import io.detectionstudio.data.image.ImageLoadException;
import io.detectionstudio.data.image.ImageLoader;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.Image;

/**
 * The studio window's state, testable without a window: the open dataset, its images, the selected image
 * with its decoded pixels, and a one-line status. Opening and decoding run on a background executor; results
 * come back through {@code fxThread} (the JavaFX thread in the app, the caller's thread in tests).
 */
public final class StudioViewModel {

    private final Executor background;
    private final Executor fxThread;
    private final ReadOnlyObjectWrapper<Dataset> dataset = new ReadOnlyObjectWrapper<>();
    private final ObservableList<ImageRecord> images = FXCollections.observableArrayList();
    private final ObjectProperty<ImageRecord> selected = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<Image> selectedImage = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Open a folder of images or a COCO file.");
    private final ReadOnlyObjectWrapper<Path> annotationsFile = new ReadOnlyObjectWrapper<>();

    public StudioViewModel() {
        this(daemonExecutor(), Platform::runLater);
    }

    public StudioViewModel(Executor background, Executor fxThread) {
        this.background = background;
        this.fxThread = fxThread;
        selected.addListener((obs, old, im) -> loadPixels(im));
    }

    /** Opens a folder, a project folder or a COCO file in the background. */
    public void open(Path path) {
        status.set("Opening " + path + " ...");
        run(() -> DatasetOpener.open(path), opened -> {
            Dataset d = opened.dataset();
            dataset.set(d);
            annotationsFile.set(opened.annotationsFile());
            images.setAll(d.images());
            List<Problem> problems = opened.problems();
            status.set(summary(d) + (problems.isEmpty() ? "" : " · " + problems.size() + " problem(s): " + problems.get(0)));
            if (!images.isEmpty()) {
                selected.set(images.get(0));
            }
        });
    }

    private void loadPixels(ImageRecord im) {
        Dataset d = dataset.get();
        if (im == null || d == null) {
            selectedImage.set(null);
            return;
        }
        Path file = d.resolve(im);
        run(() -> {
            BufferedImage img = ImageLoader.loadRgb(file);
            return SwingFXUtils.toFXImage(img, null);
        }, fx -> {
            if (im.equals(selected.get())) {
                selectedImage.set(fx);
            }
        });
    }

    /** Annotations of an image of the open dataset. */
    public List<ObjectAnnotation> annotationsOf(ImageRecord im) {
        Dataset d = dataset.get();
        return d == null || im == null ? List.of() : d.annotationsOf(im.id());
    }

    static String summary(Dataset d) {
        long labelled = d.images().stream().filter(im -> !d.annotationsOf(im.id()).isEmpty()).count();
        return d.images().size() + " images (" + labelled + " labelled) · " + d.annotations().size() + " annotations · "
                + d.categories().size() + (d.categories().size() == 1 ? " category" : " categories");
    }

    private interface Work<T> {
        T call() throws Exception;
    }

    /** Runs work in the background and hands the result (or a one-line error in the status) to the FX thread. */
    private <T> void run(Work<T> work, Consumer<T> onSuccess) {
        background.execute(() -> {
            try {
                T result = work.call();
                fxThread.execute(() -> onSuccess.accept(result));
            } catch (DatasetException | ImageLoadException e) {
                fxThread.execute(() -> status.set(e.getMessage()));
            } catch (Exception e) {
                fxThread.execute(() -> status.set("Error: " + e));
            }
        });
    }

    private static ExecutorService daemonExecutor() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "studio-background");
            t.setDaemon(true);
            return t;
        });
    }

    public ReadOnlyObjectProperty<Dataset> datasetProperty() {
        return dataset.getReadOnlyProperty();
    }

    public ObservableList<ImageRecord> images() {
        return images;
    }

    public ObjectProperty<ImageRecord> selectedProperty() {
        return selected;
    }

    public ReadOnlyObjectProperty<Image> selectedImageProperty() {
        return selectedImage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Path> annotationsFileProperty() {
        return annotationsFile.getReadOnlyProperty();
    }
}
