package io.detectionstudio;

import io.detectionstudio.cli.Cli;

/**
 * The jar's main class. {@code detection-studio VERB ...} runs the command line; no verb (nothing, or a
 * path) opens the studio window on that path. It is a separate class from the JavaFX application so that
 * the JavaFX jars can sit on the class path (a main class that extends {@code Application} would demand
 * them on the module path).
 */
public final class Launcher {

    private Launcher() {
    }

    /** {@code --screenshots OUT_DIR DATASET.json [UNLABELLED_DIR]}: the README's screenshots, taken by the studio. */
    private static int screenshots(String[] args) {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: detection-studio --screenshots OUT_DIR DATASET.json [UNLABELLED_DIR]");
            return 2;
        }
        String problem = io.detectionstudio.ui.StudioApp.displayProblem();
        if (problem != null) {
            System.err.println("detection-studio: cannot take screenshots: " + problem);
            return 1;
        }
        try {
            java.nio.file.Path project = java.nio.file.Files.createTempDirectory("detection-studio-tour");
            io.detectionstudio.ui.ScreenshotTour.makeProject(java.nio.file.Path.of(args[2]),
                    args.length == 4 ? java.nio.file.Path.of(args[3]) : null, project);
            io.detectionstudio.ui.StudioApp.screenshots(java.nio.file.Path.of(args[1]), project);
            return 0;
        } catch (io.detectionstudio.data.DatasetException | java.io.IOException e) {
            System.err.println("detection-studio: " + e.getMessage());
            return 1;
        }
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("--screenshots")) {
            System.exit(screenshots(args));
        }
        if (Cli.isCommandLine(args)) {
            System.exit(Cli.run(args));
        }
        String path = args.length == 0 ? null : args[0];
        if (args.length > 1) {
            System.err.println("detection-studio: the studio opens one path, got " + args.length
                    + " arguments; for the command line start with a verb (see --help)");
            System.exit(2);
        }
        String problem = io.detectionstudio.ui.StudioApp.displayProblem();
        if (problem != null) {
            System.err.println("detection-studio: cannot open the studio window: " + problem
                    + ". The command line works without a display: detection-studio --help");
            System.exit(1);
        }
        try {
            io.detectionstudio.ui.StudioApp.open(path);
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            System.err.println("detection-studio: cannot open the studio window: " + why.lines().findFirst().orElse("")
                    + (why.contains("GTK") ? " (install GTK 3, e.g. apt-get install libgtk-3-0)" : ""));
            System.exit(1);
        }
    }
}
