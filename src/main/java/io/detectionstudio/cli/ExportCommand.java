package io.detectionstudio.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code export}: the OD API's {@code exporter_main_v2.py}. Needs the training engine, not in this build yet. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export a trained model as a SavedModel (not available yet in this build: exits with code 3)."})
final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "RUN_DIR", description = "A training run folder.")
    Path model;

    @Option(names = "--saved-model", required = true, paramLabel = "DIR", description = "Where to write the SavedModel.")
    Path savedModel;

    @Override
    public Integer call() {
        return NotAvailable.report(spec, "model export (training engine)");
    }
}
