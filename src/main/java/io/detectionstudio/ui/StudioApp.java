package io.detectionstudio.ui;

import java.nio.file.Path;
import java.util.Locale;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** The studio's JavaFX application: one window, opened on a path given on the command line. */
public final class StudioApp extends Application {

    private static volatile String initialPath;
    private static volatile Path screenshotsTo;

    /**
     * JavaFX warns at every start that it was loaded from the class path; that is how this jar is meant to run
     * (see the Launcher), so the warning only alarms users. Held here so the logger is not collected.
     */
    private static final java.util.logging.Logger JAVAFX_LOGGER = java.util.logging.Logger.getLogger("javafx");

    /**
     * Opens the window on a project, shows each panel in turn and writes screenshots of them into {@code out}
     * (see {@link ScreenshotTour}); returns when done.
     */
    public static void screenshots(Path out, Path project) {
        screenshotsTo = out;
        open(project.toString());
    }

    /** Opens the studio window on {@code path} (a folder, a COCO file, or null) and returns when it closes. */
    public static void open(String path) {
        initialPath = path;
        JAVAFX_LOGGER.setLevel(java.util.logging.Level.SEVERE);
        Application.launch(StudioApp.class);
    }

    /**
     * Why no window can be shown here, or null when one can: on Linux a window needs an X11 or Wayland
     * display, unless the headless Monocle platform was chosen.
     */
    public static String displayProblem() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if ("Monocle".equals(System.getProperty("glass.platform")) || !os.contains("linux")) {
            return null;
        }
        if (System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null) {
            return "no display (neither DISPLAY nor WAYLAND_DISPLAY is set)";
        }
        return null;
    }

    @Override
    public void start(Stage stage) {
        Theme.apply(Theme.isDark());
        StudioView view = new StudioView(new StudioViewModel());
        stage.setTitle("Detection Studio");
        // Whatever autosave has pending is written before the window goes.
        stage.setOnHidden(e -> view.viewModel().close());
        stage.setScene(new Scene(view, 1100, 720));
        stage.show();
        if (screenshotsTo != null) {
            ScreenshotTour.start(screenshotsTo, Path.of(initialPath), view);
        } else if (initialPath != null) {
            Path p = Path.of(initialPath).toAbsolutePath().normalize();
            // A shipped sample opens from the user's copy, so labelling it never writes into the installation.
            if (SampleLocator.samples().stream().anyMatch(sample -> sample.toAbsolutePath().normalize().equals(p))) {
                view.openSample(p);
            } else {
                view.viewModel().open(p);
            }
        }
    }
}
