package io.detectionstudio.cli;

import io.detectionstudio.data.sample.SampleDatasets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code make-samples}: remakes the repository's {@code sample-datasets/} from their fixed seeds. */
@Command(name = "make-samples", mixinStandardHelpOptions = true,
        description = {"Generate the synthetic sample datasets (the repository's sample-datasets/) into a folder."})
final class MakeSamplesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write the datasets into.")
    Path out;

    @Override
    public Integer call() throws Exception {
        SampleDatasets.generate(out);
        spec.commandLine().getOut().println("Wrote the sample datasets under " + out);
        return 0;
    }
}
