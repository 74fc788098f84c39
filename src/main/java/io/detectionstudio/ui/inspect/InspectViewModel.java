package io.detectionstudio.ui.inspect;

import io.detectionstudio.core.eval.CocoEvaluator;
import io.detectionstudio.data.Category;
import io.detectionstudio.data.CocoBox;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.DetectionsJson;
import io.detectionstudio.data.Evaluation;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.ObjectAnnotation;
import io.detectionstudio.data.Problem;
import io.detectionstudio.data.edit.Edit;
import io.detectionstudio.data.edit.EditHistory;
import io.detectionstudio.data.edit.Edits;
import io.detectionstudio.data.image.ImageLoader;
import io.detectionstudio.engine.Inference;
import io.detectionstudio.model.Detector;
import io.detectionstudio.model.Detectors;
import io.detectionstudio.model.ModelException;
import io.detectionstudio.ui.ImageStatus;
import io.detectionstudio.ui.StudioViewModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.collections.FXCollections;
import javafx.collections.MapChangeListener;
import javafx.collections.ObservableList;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.Image;

/**
 * The Inspect panel's state, testable without a window: runs the chosen run (or any model folder) over every image
 * of the open dataset in the background and fills the studio's predictions; judges them against the labels at the
 * chosen score (true positives, false positives, misses per image, the table sorted by errors); computes the COCO
 * metrics over the labelled images; and accepts predictions as annotations, one undoable edit each time.
 *
 * <p>An image counts as labelled (has ground truth) when it has annotations or the user marked it reviewed; the
 * metrics use only labelled images the model ran on, so predictions on unlabelled images are never false
 * positives. Call it on the FX thread; the model runs on {@code jobs}, decoding and metrics on the studio's
 * background executor.
 */
public final class InspectViewModel {

    /** The score the slider starts at. */
    public static final double DEFAULT_MIN_SCORE = 0.3;

    /** Opens a model folder as a detector ({@link Detectors#open} in the app; a fake in tests). */
    @FunctionalInterface
    public interface DetectorOpener {
        Detector open(Path model, Map<Integer, String> names) throws ModelException;
    }

    /** Asks the user a yes/no question (a dialog in the app). */
    @FunctionalInterface
    public interface Confirmer {
        boolean confirm(String question);
    }

    /**
     * One row of the image table.
     *
     * @param predictions predictions at or above the score
     * @param evaluated   the image has ground truth and predictions, so the three counts mean something
     */
    public record ImageRow(ImageRecord image, ImageStatus status, int predictions, boolean evaluated, int truePositives,
                           int falsePositives, int misses) {

        /** False positives plus misses. */
        public int errors() {
            return falsePositives + misses;
        }

        public String fileName() {
            return Path.of(image.fileName()).getFileName().toString();
        }
    }

    /** Rows by errors, most first, then by false positives, then by file name. */
    public static final Comparator<ImageRow> BY_ERRORS = Comparator.comparingInt(ImageRow::errors).reversed()
            .thenComparing(Comparator.comparingInt(ImageRow::falsePositives).reversed())
            .thenComparing(r -> r.image().fileName());

    /**
     * COCO metrics of the predictions on the labelled images.
     *
     * @param images      labelled images the model ran on
     * @param detections  predictions on them (all scores)
     */
    public record Metrics(Evaluation.Report report, int images, int detections) {
    }

    /** How long a run took: opening the model, then running it over the images. */
    public record RunTime(double openSeconds, double detectSeconds) {
    }

    private final StudioViewModel vm;
    private final Executor jobs;
    private final DetectorOpener opener;
    private Confirmer confirmer;

    private final DoubleProperty minScore = new SimpleDoubleProperty(DEFAULT_MIN_SCORE);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper();
    private final ReadOnlyStringWrapper source = new ReadOnlyStringWrapper("No predictions yet");
    private final ReadOnlyObjectWrapper<Metrics> metrics = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper metricsNote = new ReadOnlyStringWrapper("Run a model to see its metrics");
    private final ObservableList<ImageRow> rows = FXCollections.observableArrayList();
    private final ObservableList<ImageRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyObjectWrapper<ImageMarks> selectedMarks = new ReadOnlyObjectWrapper<>(ImageMarks.NONE);
    private final ReadOnlyObjectWrapper<Image> image = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper imageProblem = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper canUndoAccept = new ReadOnlyBooleanWrapper();
    private final BooleanProperty active = new SimpleBooleanProperty(true);

    private Map<Long, ImageMarks> marks = Map.of();
    private volatile boolean cancelled;
    private boolean quiet;
    private boolean recomputeScheduled;
    private boolean stale;
    private boolean metricsRunning;
    private boolean metricsDirty;
    private long loadedImageId = Long.MIN_VALUE;
    private Edit lastAccept;
    private long lastAcceptScope;
    private RunTime lastRunTime;

    /** The app's: the model runs on its own thread, detectors open with {@link Detectors#open}, no confirmation. */
    public InspectViewModel(StudioViewModel vm) {
        this(vm, io.detectionstudio.ui.task.Workers.single("inspect-run"), Detectors::open, question -> true);
    }

    /**
     * @param jobs      where models run (the studio's background executor stays free for decoding images)
     * @param opener    opens a model folder as a detector
     * @param confirmer asked before accepting predictions on many images
     */
    public InspectViewModel(StudioViewModel vm, Executor jobs, DetectorOpener opener, Confirmer confirmer) {
        this.vm = vm;
        this.jobs = jobs;
        this.opener = opener;
        this.confirmer = confirmer;
        vm.predictions().addListener((MapChangeListener<Long, List<DetectionsJson.Detection>>) c -> changed(true));
        vm.revisionProperty().addListener(o -> changed(true));
        vm.datasetProperty().addListener(o -> {
            lastAccept = null;
            source.set("No predictions yet");
            loadedImageId = Long.MIN_VALUE;
            changed(true);
            loadImage();
        });
        // One score for the whole studio: the slider here also decides which images the browser calls "predicted".
        minScore.bindBidirectional(vm.predictionScoreProperty());
        minScore.addListener(o -> changed(false));
        vm.selectedProperty().addListener(o -> {
            selectedMarks.set(marksOf(vm.selectedProperty().get()));
            loadImage();
        });
        active.addListener(o -> {
            if (active.get() && stale) {
                stale = false;
                changed(true);
            }
            loadImage();
        });
        changed(true);
        loadImage();
    }

    // ---------------------------------------------------------------- running a model

    /** Runs the studio's selected run (or chosen model folder) over every image. */
    public void runSelected() {
        run(vm.selectedRunProperty().get());
    }

    /**
     * Runs a model (a training run folder or a SavedModel folder) over a snapshot of every image in the background,
     * keeping every prediction (low scores too, for the metrics), then fills the studio's predictions. A model that
     * cannot be opened or run leaves a one-line message in the status and the predictions as they were.
     */
    public void run(Path model) {
        Dataset d = vm.datasetProperty().get();
        if (d == null) {
            vm.setStatus("Open a dataset first");
            return;
        }
        if (model == null) {
            vm.setStatus("No run to inspect: train one (Train tab) or choose a model folder");
            return;
        }
        if (running.get()) {
            return;
        }
        Dataset snapshot = d.copy();
        Map<Integer, String> names = new LinkedHashMap<>();
        snapshot.categories().forEach(c -> names.put(c.id(), c.name()));
        int total = snapshot.images().size();
        Executor fx = vm.fxThread();
        cancelled = false;
        running.set(true);
        progress.set(-1);
        vm.setStatus("Loading " + model.getFileName() + ", then running it on " + total + " images ...");
        jobs.execute(() -> {
            long start = System.nanoTime();
            try (Detector detector = opener.open(model, names)) {
                long opened = System.nanoTime();
                Inference.DatasetResult r = Inference.run(detector, snapshot, done -> {
                    if (cancelled) {
                        throw new CancellationException();
                    }
                    fx.execute(() -> progress.set(total == 0 ? 1 : done / (double) total));
                });
                RunTime time = new RunTime((opened - start) / 1e9, (System.nanoTime() - opened) / 1e9);
                fx.execute(() -> finishRun(d, snapshot, model, r, time));
            } catch (CancellationException e) {
                fx.execute(() -> {
                    running.set(false);
                    vm.setStatus("Stopped " + model.getFileName() + "; the predictions are as they were");
                });
            } catch (Exception | LinkageError e) {
                String msg = oneLine(e);
                fx.execute(() -> {
                    running.set(false);
                    vm.setStatus("Cannot run " + model.getFileName() + ": " + msg);
                });
            }
        });
    }

    /** Stops a run after the image it is on; the predictions stay as they were. */
    public void stop() {
        cancelled = true;
    }

    private void finishRun(Dataset d, Dataset snapshot, Path model, Inference.DatasetResult r, RunTime time) {
        running.set(false);
        progress.set(1);
        if (vm.datasetProperty().get() != d) {
            vm.setStatus("The run finished on a dataset that is no longer open; its predictions were dropped");
            return;
        }
        Set<String> unreadable = new HashSet<>();
        r.problems().forEach(p -> unreadable.add(p.file()));
        Map<Long, List<DetectionsJson.Detection>> byImage = new LinkedHashMap<>();
        for (ImageRecord im : snapshot.images()) {
            if (!unreadable.contains(snapshot.resolve(im).toString())) {
                byImage.put(im.id(), new ArrayList<>());
            }
        }
        for (DetectionsJson.Detection det : r.detections()) {
            byImage.computeIfAbsent(det.imageId(), k -> new ArrayList<>()).add(det);
        }
        quiet = true;
        try {
            vm.predictions().clear();
            byImage.forEach((id, list) -> vm.predictions().put(id, List.copyOf(list)));
        } finally {
            quiet = false;
        }
        lastAccept = null;
        lastRunTime = time;
        int images = byImage.size();
        long shown = r.detections().stream().filter(p -> p.score() >= minScore.get()).count();
        double seconds = time.openSeconds() + time.detectSeconds();
        source.set(model.getFileName() + " on " + images + " images in " + String.format(Locale.ROOT, "%.1f s", seconds));
        double msPerImage = 1000 * time.detectSeconds() / Math.max(1, snapshot.images().size());
        String msg = String.format(Locale.ROOT, "Ran %s on %d images in %.1f s (model loaded in %.1f s, then %.0f ms per image): "
                + "%d predictions at score %.2f or more", model.getFileName(), images, seconds, time.openSeconds(), msPerImage,
                shown, minScore.get());
        if (!r.problems().isEmpty()) {
            Problem first = r.problems().get(0);
            msg += " · " + r.problems().size() + " image(s) could not be read: " + first.file() + ": " + first.message();
        }
        changed(true);
        vm.setStatus(msg);
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m).strip();
    }

    // ---------------------------------------------------------------- judging the predictions

    /** Something the table, the overlay or the metrics depend on changed; recomputes once per burst of changes. */
    private void changed(boolean predictionsOrLabels) {
        if (quiet) {
            return;
        }
        if (predictionsOrLabels) {
            metricsDirty = true;
        }
        if (!active.get()) {
            stale = true;
            return;
        }
        if (recomputeScheduled) {
            return;
        }
        recomputeScheduled = true;
        vm.fxThread().execute(() -> {
            recomputeScheduled = false;
            recompute();
            if (metricsDirty) {
                refreshMetrics();
            }
        });
    }

    private void recompute() {
        Dataset d = vm.datasetProperty().get();
        if (d == null) {
            marks = Map.of();
            rows.clear();
            selectedMarks.set(ImageMarks.NONE);
            return;
        }
        Map<Long, List<ObjectAnnotation>> byImage = d.annotationsByImage();
        double min = minScore.get();
        Map<Long, ImageMarks> m = new HashMap<>();
        List<ImageRow> out = new ArrayList<>(d.images().size());
        for (ImageRecord im : d.images()) {
            List<ObjectAnnotation> gts = byImage.getOrDefault(im.id(), List.of());
            ImageMarks mk = ImageMarks.of(gts, hasGroundTruth(im, gts), vm.predictions().get(im.id()), min);
            m.put(im.id(), mk);
            int shown = mk.detections().size();
            out.add(new ImageRow(im, statusOf(im, gts, shown), shown, mk.evaluated(), mk.truePositives(),
                    mk.evaluated() ? mk.falsePositives() : 0, mk.misses()));
        }
        out.sort(BY_ERRORS);
        marks = m;
        rows.setAll(out);
        selectedMarks.set(marksOf(vm.selectedProperty().get()));
        canUndoAccept.set(lastAccept != null && vm.history() != null
                && vm.history().nextUndo(lastAcceptScope).filter(e -> e == lastAccept).isPresent());
    }

    /**
     * As {@link StudioViewModel#statusOf}, from the dataset itself (the studio's index lags during an undo), and
     * "predicted" only with predictions at or above the score.
     */
    private static ImageStatus statusOf(ImageRecord im, List<ObjectAnnotation> gts, int shown) {
        if (Boolean.TRUE.equals(im.extras().get(StudioViewModel.REVIEWED))) {
            return ImageStatus.REVIEWED;
        }
        if (!gts.isEmpty()) {
            return ImageStatus.LABELLED;
        }
        return shown > 0 ? ImageStatus.PREDICTED : ImageStatus.UNLABELLED;
    }

    /** Labelled: it has annotations, or the user marked it reviewed (an image with nothing on it). */
    static boolean hasGroundTruth(ImageRecord im, List<ObjectAnnotation> annotations) {
        return !annotations.isEmpty() || Boolean.TRUE.equals(im.extras().get(StudioViewModel.REVIEWED));
    }

    private ImageMarks marksOf(ImageRecord im) {
        return im == null ? ImageMarks.NONE : marks.getOrDefault(im.id(), ImageMarks.NONE);
    }

    /** The marks of an image at the current score. */
    public ImageMarks marks(long imageId) {
        return marks.getOrDefault(imageId, ImageMarks.NONE);
    }

    /** COCO metrics over the labelled images the model ran on, in the background; one job at a time. */
    private void refreshMetrics() {
        if (metricsRunning) {
            return;
        }
        metricsDirty = false;
        Dataset d = vm.datasetProperty().get();
        if (d == null || vm.predictions().isEmpty()) {
            metrics.set(null);
            metricsNote.set("Run a model to see its metrics");
            return;
        }
        Dataset labelled = d.copy();
        Map<Long, List<ObjectAnnotation>> byImage = labelled.annotationsByImage();
        labelled.images().removeIf(im -> !hasGroundTruth(im, byImage.getOrDefault(im.id(), List.of()))
                || !vm.predictions().containsKey(im.id()));
        if (labelled.images().isEmpty()) {
            metrics.set(null);
            metricsNote.set("No labelled image has predictions: label a few images to see metrics");
            return;
        }
        List<DetectionsJson.Detection> dets = new ArrayList<>();
        labelled.images().forEach(im -> dets.addAll(vm.predictions().get(im.id())));
        metricsRunning = true;
        vm.run(() -> new Metrics(Evaluation.evaluate(labelled, dets), labelled.images().size(), dets.size()), m -> {
            metricsRunning = false;
            metrics.set(m);
            metricsNote.set(m.images() + " labelled images · " + m.detections() + " predictions (all scores)");
            if (metricsDirty) {
                refreshMetrics();
            }
        }, msg -> {
            metricsRunning = false;
            metrics.set(null);
            metricsNote.set("No metrics: " + msg);
            if (metricsDirty) {
                refreshMetrics();
            }
        });
    }

    // ---------------------------------------------------------------- the selected image

    private void loadImage() {
        ImageRecord im = vm.selectedProperty().get();
        Dataset d = vm.datasetProperty().get();
        if (im == null || d == null) {
            loadedImageId = Long.MIN_VALUE;
            image.set(null);
            imageProblem.set(null);
            return;
        }
        if (!active.get() || im.id() == loadedImageId) {
            return;
        }
        loadedImageId = im.id();
        image.set(null);
        imageProblem.set(null);
        Path file = d.resolve(im);
        vm.run(() -> SwingFXUtils.toFXImage(ImageLoader.loadRgb(file), null), fx -> {
            if (isSelected(im)) {
                image.set(fx);
            }
        }, msg -> {
            if (isSelected(im)) {
                imageProblem.set(msg);
            }
        });
    }

    private boolean isSelected(ImageRecord im) {
        ImageRecord now = vm.selectedProperty().get();
        return now != null && now.id() == im.id();
    }

    // ---------------------------------------------------------------- accepting predictions

    /**
     * Adds the selected image's predictions at or above the score as annotations, one undoable edit (the image's
     * scope). On a labelled image only predictions that overlap no existing box (IoU below
     * {@value ImageMarks#MATCH_IOU}) are added, so nothing is labelled twice.
     *
     * @return the number of annotations added
     */
    public int acceptSelected() {
        Dataset d = vm.datasetProperty().get();
        ImageRecord im = vm.selectedProperty().get();
        if (d == null || im == null) {
            vm.setStatus("Select an image first");
            return 0;
        }
        List<DetectionsJson.Detection> preds = vm.predictions().get(im.id());
        if (preds == null) {
            vm.setStatus("No predictions on " + im.fileName() + ": run a model first");
            return 0;
        }
        Map<Long, List<DetectionsJson.Detection>> taken = Map.of(im.id(), preds);
        List<Edit> adds = new ArrayList<>();
        int[] skipped = new int[2];
        long next = d.nextAnnotationId();
        for (DetectionsJson.Detection p : acceptable(d, im, d.annotationsOf(im.id()), skipped)) {
            adds.add(Edits.add(annotation(next++, p, d, im)));
        }
        if (adds.isEmpty()) {
            vm.setStatus("Nothing to accept on " + im.fileName() + " at score " + score() + leftOut(skipped));
            return 0;
        }
        perform(new AcceptEdit(Edits.compound("Accept " + count(adds.size(), "prediction"), adds), taken, vm.predictions()));
        vm.setStatus("Accepted " + count(adds.size(), "prediction") + " on " + im.fileName() + leftOut(skipped)
                + " · they are annotations now (Label tab); undo takes them back");
        return adds.size();
    }

    /**
     * Adds the predictions at or above the score as annotations on every image that has no ground truth yet (never on
     * a labelled one), as one undoable edit, after asking the user with the count.
     *
     * @return the number of annotations added (0 when the user says no)
     */
    public int acceptAll() {
        Dataset d = vm.datasetProperty().get();
        if (d == null) {
            vm.setStatus("Open a dataset first");
            return 0;
        }
        Map<Long, List<ObjectAnnotation>> byImage = d.annotationsByImage();
        Map<Long, List<DetectionsJson.Detection>> taken = new LinkedHashMap<>();
        List<ObjectAnnotation> added = new ArrayList<>();
        int[] skipped = new int[2];
        long next = d.nextAnnotationId();
        for (ImageRecord im : d.images()) {
            List<DetectionsJson.Detection> preds = vm.predictions().get(im.id());
            if (preds == null || hasGroundTruth(im, byImage.getOrDefault(im.id(), List.of()))) {
                continue;
            }
            List<DetectionsJson.Detection> ok = acceptable(d, im, List.of(), skipped);
            if (ok.isEmpty()) {
                continue;
            }
            taken.put(im.id(), preds);
            for (DetectionsJson.Detection p : ok) {
                added.add(annotation(next++, p, d, im));
            }
        }
        if (added.isEmpty()) {
            vm.setStatus("No unlabelled image has predictions at score " + score() + " or more" + leftOut(skipped));
            return 0;
        }
        String what = count(added.size(), "prediction") + " on " + count(taken.size(), "unlabelled image");
        if (!confirmer.confirm("Accept " + what + " at score " + score() + " or more as annotations? "
                + "Labelled images are left as they are; undo takes them all back.")) {
            return 0;
        }
        List<Edit> adds = added.stream().map(Edits::add).toList();
        perform(new AcceptEdit(Edits.compound("Accept " + what, adds), taken, vm.predictions()));
        vm.setStatus("Accepted " + what + leftOut(skipped) + " · they are annotations now; undo takes them back");
        return added.size();
    }

    /** Undoes the last accept, when it is still the last edit of its scope. */
    public boolean undoAccept() {
        if (lastAccept == null || vm.history() == null
                || vm.history().nextUndo(lastAcceptScope).filter(e -> e == lastAccept).isEmpty()) {
            return false;
        }
        return vm.undo(lastAcceptScope);
    }

    /** The scope the last accept was recorded in (an image id, or {@link EditHistory#DATASET}). */
    public long lastAcceptScope() {
        return lastAcceptScope;
    }

    private void perform(AcceptEdit e) {
        lastAccept = e;
        lastAcceptScope = EditHistory.scopeOf(e);
        vm.perform(e);
        changed(true);
    }

    /**
     * The image's predictions at or above the score that may become annotations: of a class of the dataset
     * ({@code skipped[0]} counts the others), not overlapping an existing box ({@code skipped[1]}), best first.
     */
    private List<DetectionsJson.Detection> acceptable(Dataset d, ImageRecord im, List<ObjectAnnotation> existing, int[] skipped) {
        List<DetectionsJson.Detection> out = new ArrayList<>();
        List<DetectionsJson.Detection> preds = vm.predictions().getOrDefault(im.id(), List.of()).stream()
                .filter(p -> p.score() >= minScore.get()).sorted((a, b) -> Double.compare(b.score(), a.score())).toList();
        for (DetectionsJson.Detection p : preds) {
            if (d.category(p.categoryId()).isEmpty()) {
                skipped[0]++;
            } else if (existing.stream().anyMatch(a -> CocoEvaluator.boxIou(p.bbox().toArray(), a.bbox().toArray(), false)
                    >= ImageMarks.MATCH_IOU)) {
                skipped[1]++;
            } else if (clip(p.bbox(), im).area() > 0) {
                out.add(p);
            }
        }
        return out;
    }

    /** A prediction as an annotation: the box clipped to the image, keypoints when the class has that many. */
    static ObjectAnnotation annotation(long id, DetectionsJson.Detection p, Dataset d, ImageRecord im) {
        Category c = d.category(p.categoryId()).orElseThrow();
        double[] kp = p.keypoints();
        double[] keypoints = null;
        if (kp != null && c.hasKeypoints() && kp.length == 3 * c.keypoints().size()) {
            keypoints = kp.clone();
            for (int i = 0; i + 2 < keypoints.length; i += 3) {
                boolean inside = im.width() <= 0 || (keypoints[i] >= 0 && keypoints[i] <= im.width()
                        && keypoints[i + 1] >= 0 && keypoints[i + 1] <= im.height());
                if (keypoints[i + 2] <= 0 || !inside) {
                    keypoints[i] = 0;
                    keypoints[i + 1] = 0;
                    keypoints[i + 2] = 0;
                }
            }
        }
        return new ObjectAnnotation(id, im.id(), c.id(), clip(p.bbox(), im), null, false, false, keypoints, List.of(), null,
                Map.of());
    }

    private static CocoBox clip(CocoBox b, ImageRecord im) {
        if (im.width() <= 0 || im.height() <= 0) {
            return b;
        }
        double x0 = Math.max(0, b.x());
        double y0 = Math.max(0, b.y());
        double x1 = Math.min(im.width(), b.right());
        double y1 = Math.min(im.height(), b.bottom());
        return new CocoBox(x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
    }

    private String score() {
        return String.format(Locale.ROOT, "%.2f", minScore.get());
    }

    private static String leftOut(int[] skipped) {
        String s = "";
        if (skipped[0] > 0) {
            s += " · " + count(skipped[0], "prediction") + " of classes not in the dataset left out";
        }
        if (skipped[1] > 0) {
            s += " · " + count(skipped[1], "prediction") + " on boxes already labelled left out";
        }
        return s;
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    // ---------------------------------------------------------------- properties

    /** Predictions below this score are not drawn, counted or accepted (the metrics use every score). */
    public DoubleProperty minScoreProperty() {
        return minScore;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** 0 to 1 while a run goes; -1 (indeterminate) while the model loads. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Which model made the predictions shown, on how many images, how fast. */
    public ReadOnlyStringProperty sourceProperty() {
        return source.getReadOnlyProperty();
    }

    /** The metrics, or null (see {@link #metricsNoteProperty()} for why). */
    public ReadOnlyObjectProperty<Metrics> metricsProperty() {
        return metrics.getReadOnlyProperty();
    }

    /** What the metrics are over, or why there are none. */
    public ReadOnlyStringProperty metricsNoteProperty() {
        return metricsNote.getReadOnlyProperty();
    }

    /** One row per image, sorted by errors (most first); updated when predictions, labels or the score change. */
    public ObservableList<ImageRow> rows() {
        return rowsView;
    }

    /** The marks of the selected image. */
    public ReadOnlyObjectProperty<ImageMarks> selectedMarksProperty() {
        return selectedMarks.getReadOnlyProperty();
    }

    /** The selected image's pixels, or null while loading or when it cannot be read. */
    public ReadOnlyObjectProperty<Image> imageProperty() {
        return image.getReadOnlyProperty();
    }

    /** Why the selected image cannot be shown (one line), or null. */
    public ReadOnlyStringProperty imageProblemProperty() {
        return imageProblem.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canUndoAcceptProperty() {
        return canUndoAccept.getReadOnlyProperty();
    }

    /**
     * Whether the panel is showing: the selected image is decoded, and the table and metrics follow the edits, only
     * then (they catch up when it shows again).
     */
    public BooleanProperty activeProperty() {
        return active;
    }

    public void setConfirmer(Confirmer confirmer) {
        this.confirmer = confirmer;
    }

    /** How long the last finished run took, or null. */
    public RunTime lastRunTime() {
        return lastRunTime;
    }

    public StudioViewModel studio() {
        return vm;
    }
}
