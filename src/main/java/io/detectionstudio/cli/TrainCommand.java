package io.detectionstudio.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code train}: the OD API's {@code model_main_tf2.py} on a laptop. The engine is not in this build yet. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a detector on a COCO dataset (not available yet in this build: exits with code 3)."})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "COCO.json", description = "Training dataset.")
    Path dataset;

    @Option(names = "--out", required = true, paramLabel = "RUN_DIR", description = "Run folder for checkpoints and logs.")
    Path out;

    @Option(names = "--config", paramLabel = "pipeline.config", description = "OD API pipeline config.")
    Path config;

    @Option(names = "--max-seconds", paramLabel = "N", description = "Time budget in seconds.")
    Integer maxSeconds;

    @Option(names = "--steps", paramLabel = "N", description = "Number of training steps.")
    Integer steps;

    @Override
    public Integer call() {
        return NotAvailable.report(spec, "the training engine");
    }
}
