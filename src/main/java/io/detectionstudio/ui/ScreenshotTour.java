package io.detectionstudio.ui;

import io.detectionstudio.data.CocoJson;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.data.DatasetOpener;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.image.ImageInfo;
import io.detectionstudio.data.image.ImageLoadException;
import io.detectionstudio.data.image.ImageLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import io.detectionstudio.ui.task.BackgroundTask;
import io.detectionstudio.ui.task.TaskExecutor;
import io.detectionstudio.ui.task.Workers;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Tab;
import javax.imageio.ImageIO;

/**
 * Takes the README's screenshots with the app itself: opens a project made of a labelled dataset plus a folder of
 * unlabelled photos, then shows each panel in turn — Label, Train (while a run trains), Inspect (the run's predictions)
 * — and writes {@code scene.snapshot} of the window to PNG files. Run it through the launcher:
 * {@code detection-studio --screenshots OUT_DIR DATASET.json [UNLABELLED_DIR]} (needs a display, e.g. Xvfb).
 */
public final class ScreenshotTour {

    private final Path out;
    private final StudioView view;

    private ScreenshotTour(Path out, StudioView view) {
        this.out = out;
        this.view = view;
    }

    /**
     * A project folder (in {@code projectDir}) whose annotations file lists the dataset's images and the unlabelled
     * photos by absolute path: the photos stay where they are.
     */
    public static Path makeProject(Path dataset, Path unlabelled, Path projectDir) throws DatasetException, IOException {
        Dataset d = CocoJson.read(dataset).dataset();
        List<ImageRecord> labelled = List.copyOf(d.images());
        d.images().clear();
        for (ImageRecord im : labelled) {
            d.images().add(new ImageRecord(im.id(), d.resolve(im).toAbsolutePath().normalize().toString(), im.width(), im.height(),
                    im.extras()));
        }
        if (unlabelled != null) {
            long id = d.nextImageId();
            List<Path> files;
            try (Stream<Path> s = Files.list(unlabelled)) {
                files = s.filter(DatasetOpener::isImageFile).sorted().toList();
            }
            for (Path f : files) {
                try {
                    ImageInfo info = ImageLoader.readInfo(f);
                    d.images().add(new ImageRecord(id++, f.toAbsolutePath().normalize().toString(), info.width(), info.height()));
                } catch (ImageLoadException e) {
                    System.err.println(e.getMessage());
                }
            }
        }
        d.setImageRoot(projectDir);
        CocoJson.write(d, projectDir.resolve(DatasetOpener.ANNOTATIONS_FILE));
        return projectDir;
    }

    /** Drives the tour on its own thread; the window closes at the end. */
    static void start(Path out, Path project, StudioView view) {
        ScreenshotTour tour = new ScreenshotTour(out, view);
        TaskExecutor tasks = new TaskExecutor(Workers.single("screenshot-tour"), Platform::runLater);
        tasks.execute(BackgroundTask.of("Screenshots", c -> {
            tour.run(project);
            return null;
        }).onFailure(e -> System.err.println("screenshots: " + e.getMessage())).onFinished(() -> {
            view.viewModel().close();
            Platform.exit();
        }));
    }

    private void run(Path project) throws Exception {
        Files.createDirectories(out);
        StudioViewModel vm = view.viewModel();
        fx(() -> vm.open(project));
        await("the project to open", 60, () -> vm.selectedImageProperty().get() != null);
        // The labelled photo with the most annotations, zoomed to fit.
        fx(() -> vm.images().stream().max((a, b) -> vm.annotationsOf(a).size() - vm.annotationsOf(b).size())
                .ifPresent(im -> vm.selectedProperty().set(im)));
        await("the photo to load", 30, () -> vm.selectedImageProperty().get() != null);
        pause(1500);
        snap("label.png");

        selectTab("trainTab");
        click("#trainButton");
        await("training to draw its chart", 240, () -> vm.statusProperty().get() != null && countPoints() >= 60);
        pause(1000);
        snap("train.png");
        await("training to finish", 600, () -> !lookup("#cancelButton").map(Node::isDisabled).map(b -> !b).orElse(false)
                && !vm.runs().isEmpty());
        pause(1500);

        selectTab("inspectTab");
        click("#runInspectButton");
        await("predictions on every image", 600, () -> vm.predictions().size() >= vm.images().size());
        // A photo from the new room, which the model never saw labelled.
        fx(() -> vm.images().stream().filter(im -> vm.annotationsOf(im).isEmpty()).skip(9).findFirst()
                .ifPresent(im -> vm.selectedProperty().set(im)));
        pause(3000);
        snap("inspect.png");
    }

    private int countPoints() {
        return lookup("#lossChart").map(n -> n instanceof javafx.scene.chart.XYChart<?, ?> c
                ? c.getData().stream().mapToInt(s -> s.getData().size()).max().orElse(0) : 0).orElse(0);
    }

    private void selectTab(String id) throws Exception {
        fx(() -> {
            for (Tab t : view.tabs().getTabs()) {
                if (id.equals(t.getId())) {
                    view.tabs().getSelectionModel().select(t);
                }
            }
        });
        pause(800);
    }

    private void click(String selector) throws Exception {
        fx(() -> lookup(selector).filter(n -> n instanceof ButtonBase).map(n -> (ButtonBase) n).orElseThrow(
                () -> new IllegalStateException("no " + selector + " in the window")).fire());
    }

    private java.util.Optional<Node> lookup(String selector) {
        return java.util.Optional.ofNullable(view.getScene().lookup(selector));
    }

    private void snap(String name) throws Exception {
        CompletableFuture<java.awt.image.BufferedImage> img = new CompletableFuture<>();
        Platform.runLater(() -> img.complete(SwingFXUtils.fromFXImage(view.getScene().snapshot(null), null)));
        Path file = out.resolve(name);
        ImageIO.write(img.get(30, TimeUnit.SECONDS), "png", file.toFile());
        System.out.println("wrote " + file);
    }

    private static void fx(Runnable r) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                r.run();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        done.get(30, TimeUnit.SECONDS);
    }

    private static void await(String what, int seconds, BooleanSupplier condition) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            CompletableFuture<Boolean> ok = new CompletableFuture<>();
            Platform.runLater(() -> {
                try {
                    ok.complete(condition.getAsBoolean());
                } catch (RuntimeException e) {
                    ok.complete(false);
                }
            });
            if (ok.get(30, TimeUnit.SECONDS)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("gave up waiting for " + what + " after " + seconds + " s");
    }

    private static void pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }
}
