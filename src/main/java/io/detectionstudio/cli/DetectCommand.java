package io.detectionstudio.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code detect}: run a trained model on images. Needs the training engine, not in this build yet. */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = {"Run a trained model on images (not available yet in this build: exits with code 3)."})
final class DetectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "RUN_DIR", description = "A training run folder.")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "detections.json", description = "Where to write detections.")
    Path out;

    @Option(names = "--draw", paramLabel = "DIR", description = "Also draw the detections onto PNG copies here.")
    Path draw;

    @Option(names = "--min-score", paramLabel = "S", description = "Drop detections below this score.")
    Double minScore;

    @Parameters(arity = "1..*", paramLabel = "IMAGE_OR_DIR", description = "Images or folders of images.")
    List<Path> inputs;

    @Override
    public Integer call() {
        return NotAvailable.report(spec, "the detection model (training engine)");
    }
}
