package io.detectionstudio.ui;

import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.data.DatasetOpener;
import io.detectionstudio.data.DetectionsJson;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.ObjectAnnotation;
import io.detectionstudio.data.Problem;
import io.detectionstudio.data.edit.Autosaver;
import io.detectionstudio.data.edit.Edit;
import io.detectionstudio.data.edit.EditHistory;
import io.detectionstudio.data.image.ImageLoadException;
import io.detectionstudio.data.image.ImageLoader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.detectionstudio.core.Messages;
import io.detectionstudio.ui.task.BackgroundTask;
import io.detectionstudio.ui.task.TaskExecutor;
import io.detectionstudio.ui.task.Workers;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.Image;

/**
 * The studio window's state, testable without a window: the open project (dataset, annotations file, runs), its
 * images, the selected image with its decoded pixels, the edit history and autosave, predictions of the chosen run,
 * and a one-line status. Opening, decoding and saving run in the background; results come back through
 * {@code fxThread} (the JavaFX thread in the app, the caller's thread in tests).
 *
 * <p>Every change to the dataset goes through {@link #perform(Edit)} (undoable, autosaved within a second);
 * {@link #revisionProperty()} ticks after each one so views redraw.
 */
public final class StudioViewModel {

    /** How soon after an edit it is on disk. */
    public static final long AUTOSAVE_DELAY_MILLIS = 500;
    /** Edits kept per image for undo. */
    public static final int HISTORY_LIMIT = 200;
    /** An image's extras key for "the user marked it reviewed". */
    public static final String REVIEWED = "reviewed";

    private final Executor background;
    private final Executor fxThread;
    private final TaskExecutor tasks;
    private final ReadOnlyObjectWrapper<Dataset> dataset = new ReadOnlyObjectWrapper<>();
    private final ObservableList<ImageRecord> images = FXCollections.observableArrayList();
    private final ObjectProperty<ImageRecord> selected = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<Image> selectedImage = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Open a folder of images or a COCO file.");
    private final ReadOnlyObjectWrapper<Path> annotationsFile = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyLongWrapper revision = new ReadOnlyLongWrapper();
    private final ObservableList<Path> runs = FXCollections.observableArrayList();
    private final ObjectProperty<Path> selectedRun = new SimpleObjectProperty<>();
    private final ObservableMap<Long, List<DetectionsJson.Detection>> predictions = FXCollections.observableHashMap();
    private final javafx.beans.property.IntegerProperty currentCategory = new javafx.beans.property.SimpleIntegerProperty(-1);
    private final javafx.beans.property.DoubleProperty predictionScore = new javafx.beans.property.SimpleDoubleProperty(0.3);
    private EditHistory history;
    private Autosaver autosaver;
    private Map<Long, List<ObjectAnnotation>> byImage = Map.of();

    public StudioViewModel() {
        this(Workers.single("studio-background"), Platform::runLater);
    }

    public StudioViewModel(Executor background, Executor fxThread) {
        this.background = background;
        this.fxThread = fxThread;
        this.tasks = new TaskExecutor(background, fxThread);
        selected.addListener((obs, old, im) -> loadPixels(im));
    }

    /** Opens a folder, a project folder or a COCO file in the background; what was open is saved first. */
    public void open(Path path) {
        status.set("Opening " + path + " ...");
        run(() -> DatasetOpener.open(path), opened -> {
            close();
            Dataset d = opened.dataset();
            history = new EditHistory(d, HISTORY_LIMIT);
            autosaver = new Autosaver(d, opened.annotationsFile(), AUTOSAVE_DELAY_MILLIS,
                    msg -> fxThread.execute(() -> status.set(msg)), f -> { });
            history.addListener(e -> {
                reindex();
                autosaver.changed();
                revision.set(revision.get() + 1);
            });
            reindex();
            dataset.set(d);
            annotationsFile.set(opened.annotationsFile());
            predictions.clear();
            currentCategory.set(d.categories().isEmpty() ? -1 : d.categories().get(0).id());
            images.setAll(d.images());
            refreshRuns();
            List<Problem> problems = opened.problems();
            status.set(summary(d) + (problems.isEmpty() ? "" : " · " + problems.size() + " problem(s): " + problems.get(0)));
            revision.set(revision.get() + 1);
            if (!images.isEmpty()) {
                selected.set(images.get(0));
            }
        });
    }

    /** Writes any unsaved change now and stops autosaving the open project (before opening another, or on exit). */
    public void close() {
        if (autosaver != null) {
            autosaver.close();
            autosaver = null;
        }
    }

    /** Performs an edit on the open dataset: recorded for undo, autosaved, views told through the revision. */
    public void perform(Edit e) {
        if (history == null) {
            return;
        }
        history.perform(e);
        refreshImageRecords();
        status.set(e.description());
    }

    /** Undoes the last edit of the selected image (or of the dataset when {@code scope} is {@link EditHistory#DATASET}). */
    public boolean undo(long scope) {
        if (history == null) {
            return false;
        }
        return history.undo(scope).map(e -> {
            refreshImageRecords();
            status.set("Undid: " + e.description());
            return true;
        }).orElse(false);
    }

    public boolean redo(long scope) {
        if (history == null) {
            return false;
        }
        return history.redo(scope).map(e -> {
            refreshImageRecords();
            status.set("Redid: " + e.description());
            return true;
        }).orElse(false);
    }

    /** The undo scope of the selected image, or the dataset's when none is selected. */
    public long selectedScope() {
        ImageRecord im = selected.get();
        return im == null ? EditHistory.DATASET : im.id();
    }

    /** The edit history of the open dataset, or null. */
    public EditHistory history() {
        return history;
    }

    /** Writes any pending autosave now; true when everything is on disk. */
    public boolean saveNow() {
        return autosaver == null || autosaver.flush();
    }

    /** Image records may be replaced by edits (e.g. the review flag); keeps the list's items current. */
    private void refreshImageRecords() {
        Dataset d = dataset.get();
        if (d == null) {
            return;
        }
        Map<Long, ImageRecord> current = new HashMap<>();
        d.images().forEach(im -> current.put(im.id(), im));
        for (int i = 0; i < images.size(); i++) {
            ImageRecord now = current.get(images.get(i).id());
            if (now != null && now != images.get(i)) {
                boolean wasSelected = images.get(i).equals(selected.get());
                images.set(i, now);
                if (wasSelected) {
                    selected.set(now);
                }
            }
        }
    }

    private void reindex() {
        byImage = history.dataset().annotationsByImage();
    }

    /** Lists the project's runs (folders under {@code runs/} with a pipeline.config), newest first. */
    public void refreshRuns() {
        Path dir = runsFolder();
        run(() -> {
            if (dir == null || !Files.isDirectory(dir)) {
                return List.<Path>of();
            }
            try (Stream<Path> s = Files.list(dir)) {
                return s.filter(p -> Files.isRegularFile(p.resolve("pipeline.config")))
                        .sorted((a, b) -> Long.compare(modified(b), modified(a))).toList();
            }
        }, list -> {
            Path keep = selectedRun.get();
            runs.setAll(list);
            selectedRun.set(keep != null && list.contains(keep) ? keep : list.isEmpty() ? null : list.get(0));
        });
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The project folder: where the annotations file lives. */
    public Path projectFolder() {
        Path f = annotationsFile.get();
        return f == null ? null : f.toAbsolutePath().getParent();
    }

    /** Where training runs of this project go: {@code runs/} in the project folder. */
    public Path runsFolder() {
        Path p = projectFolder();
        return p == null ? null : p.resolve("runs");
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
        }, msg -> {
            if (im.equals(selected.get())) {
                selectedImage.set(null);
            }
        });
    }

    /** Annotations of an image of the open dataset, in file order. */
    public List<ObjectAnnotation> annotationsOf(ImageRecord im) {
        return im == null ? List.of() : byImage.getOrDefault(im.id(), List.of());
    }

    /** Where the image is in the labelling loop. */
    public ImageStatus statusOf(ImageRecord im) {
        if (Boolean.TRUE.equals(im.extras().get(REVIEWED))) {
            return ImageStatus.REVIEWED;
        }
        if (!annotationsOf(im).isEmpty()) {
            return ImageStatus.LABELLED;
        }
        List<DetectionsJson.Detection> p = predictions.get(im.id());
        double min = predictionScore.get();
        return p != null && p.stream().anyMatch(x -> x.score() >= min) ? ImageStatus.PREDICTED : ImageStatus.UNLABELLED;
    }

    static String summary(Dataset d) {
        long labelled = d.images().stream().filter(im -> !d.annotationsOf(im.id()).isEmpty()).count();
        return d.images().size() + " images (" + labelled + " labelled) · " + d.annotations().size() + " annotations · "
                + d.categories().size() + (d.categories().size() == 1 ? " category" : " categories");
    }

    /** Work that may throw; see {@link #run}. */
    public interface Work<T> {
        T call() throws Exception;
    }

    /** Runs work in the background and hands the result (or a one-line error in the status) to the FX thread. */
    public <T> void run(Work<T> work, Consumer<T> onSuccess) {
        run(work, onSuccess, msg -> { });
    }

    /** As {@link #run(Work, Consumer)}, also telling {@code onError} the one-line message. */
    public <T> void run(Work<T> work, Consumer<T> onSuccess, Consumer<String> onError) {
        tasks.execute(BackgroundTask.of("", c -> work.call()).onSuccess(onSuccess).onFailure(e -> {
            String msg = e instanceof DatasetException || e instanceof ImageLoadException ? e.getMessage() : Messages.firstLine(e);
            status.set(msg);
            onError.accept(msg);
        }));
    }

    /** Shows a one-line message in the status bar. */
    public void setStatus(String message) {
        status.set(message);
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

    /** Ticks after every edit, undo and redo, and when a dataset is opened. */
    public ReadOnlyLongProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    /** The score from which a prediction counts (Inspect's slider): images with one are "predicted". */
    public javafx.beans.property.DoubleProperty predictionScoreProperty() {
        return predictionScore;
    }

    /** The category id new annotations get (the classes panel and the number keys set it); -1 when none. */
    public javafx.beans.property.IntegerProperty currentCategoryProperty() {
        return currentCategory;
    }

    /** The project's training runs, newest first (see {@link #refreshRuns()}). */
    public ObservableList<Path> runs() {
        return runs;
    }

    /** The run whose predictions are shown (Inspect, the browser's "predicted" status). */
    public ObjectProperty<Path> selectedRunProperty() {
        return selectedRun;
    }

    /** Predictions of the selected run per image id (pixel boxes), filled by the Inspect panel. */
    public ObservableMap<Long, List<DetectionsJson.Detection>> predictions() {
        return predictions;
    }

    /** The executor results come back on (the FX thread in the app). */
    public Executor fxThread() {
        return fxThread;
    }

    /** Where the studio's background tasks run (the work on {@link #background()}, results on {@link #fxThread()}). */
    public TaskExecutor tasks() {
        return tasks;
    }

    /** The executor for background work. */
    public Executor background() {
        return background;
    }
}
