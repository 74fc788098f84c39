package io.detectionstudio.cli;

import io.detectionstudio.data.DatasetException;
import io.detectionstudio.data.DatasetValidator;
import io.detectionstudio.data.Problem;
import io.detectionstudio.data.formats.DatasetFormat;
import io.detectionstudio.data.formats.DatasetFormats;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code convert}: any dataset format this build knows to any other, through the one dataset model. Input
 * with problems is reported one line each and nothing is written.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert a dataset between formats (inferred from the path when --from/--to are not given).",
                "Formats: coco (.json), createml (.json; write with --to createml), tfrecord (.record, shards, folder),",
                "voc (folder of Pascal VOC .xml), yolo (folder with data.yaml; detect and pose).",
                "Problems in the input are printed one line each (exit 1) and nothing is written."})
final class ConvertCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "PATH", description = "The dataset to read.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "PATH", description = "Where to write the result.")
    Path output;

    @Option(names = "--from", paramLabel = "FMT", description = "Input format.")
    String from;

    @Option(names = "--to", paramLabel = "FMT", description = "Output format.")
    String to;

    @Override
    public Integer call() throws DatasetException {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.exists(input)) {
            throw new DatasetException(input + ": no such file or folder");
        }
        Optional<DatasetFormat> in = from != null ? DatasetFormats.byName(from) : DatasetFormats.inferInput(input);
        Optional<DatasetFormat> outFormat = to != null ? DatasetFormats.byName(to) : DatasetFormats.inferOutput(output);
        if (in.isEmpty() || outFormat.isEmpty()) {
            String what = in.isEmpty() ? (from != null ? "unknown format \"" + from + "\"" : "cannot tell the format of " + input)
                    : (to != null ? "unknown format \"" + to + "\"" : "cannot tell the format to write " + output + " in");
            spec.commandLine().getErr().println("detection-studio convert: " + what + " (this build reads and writes: "
                    + DatasetFormats.names() + "; give --from/--to)");
            return 2;
        }
        DatasetFormat.ReadResult read = in.get().read(input);
        List<Problem> problems = new ArrayList<>(read.problems());
        if (problems.isEmpty()) {
            // What is written must pass validate's rules (issue 11, F11): a box with no area, outside its image, a
            // repeated file name or a damaged image is refused here, not written for the next reader to refuse.
            // Formats that embed the image bytes (TFRecord) decode each image; the others read headers.
            problems.addAll(DatasetValidator.validate(read.dataset(), input.toString(),
                    outFormat.get().name().equals("tfrecord") ? DatasetValidator.ImageCheck.DECODE : DatasetValidator.ImageCheck.HEADERS));
        }
        if (!problems.isEmpty()) {
            for (Problem p : problems) {
                out.println(p);
            }
            out.println(problems.size() + (problems.size() == 1 ? " problem" : " problems")
                    + " in the input; nothing was written (see validate)");
            return 1;
        }
        outFormat.get().write(read.dataset(), output);
        out.println("Wrote " + output + " (" + outFormat.get().name() + "): " + read.dataset().images().size() + " images, "
                + read.dataset().annotations().size() + " annotations");
        return 0;
    }
}
