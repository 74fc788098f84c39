package io.detectionstudio.cli;

import io.detectionstudio.data.CocoJson;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.Problem;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code convert}: between dataset formats. This build reads and writes COCO JSON only; TFRecord, VOC,
 * YOLO and CreateML are answered with exit code 3.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert a dataset between formats (formats inferred from the file extension when not given).",
                "This build reads and writes: coco. Other formats exit with code 3."})
final class ConvertCommand implements Callable<Integer> {

    static final String SUPPORTED = "coco";

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "PATH", description = "The dataset to read.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "PATH", description = "Where to write the result.")
    Path output;

    @Option(names = "--from", paramLabel = "FMT", description = "Input format (coco).")
    String from;

    @Option(names = "--to", paramLabel = "FMT", description = "Output format (coco).")
    String to;

    @Override
    public Integer call() throws DatasetException {
        String inFormat = from != null ? from.toLowerCase(Locale.ROOT) : infer(input);
        String outFormat = to != null ? to.toLowerCase(Locale.ROOT) : infer(output);
        for (String f : new String[] {inFormat, outFormat}) {
            if (!SUPPORTED.equals(f)) {
                return NotAvailable.report(spec, "the dataset format \"" + f + "\" (this build reads and writes: " + SUPPORTED + ")");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        CocoJson.Result read = CocoJson.read(input);
        if (!read.problems().isEmpty()) {
            for (Problem p : read.problems()) {
                out.println(p);
            }
            out.println(read.problems().size() + " entries cannot be read; nothing was written (fix them, or see validate)");
            return 1;
        }
        if (Files.isDirectory(output)) {
            throw new DatasetException(output + ": is a folder; give the output file's name");
        }
        // Relative image file names must still point at the images from the output's folder.
        Path outDir = output.toAbsolutePath().normalize().getParent();
        Path inDir = read.dataset().imageRoot();
        if (!outDir.equals(inDir)) {
            List<ImageRecord> images = read.dataset().images();
            for (int i = 0; i < images.size(); i++) {
                ImageRecord im = images.get(i);
                Path p = Path.of(im.fileName());
                if (!p.isAbsolute()) {
                    String rel = outDir.relativize(inDir.resolve(p).normalize()).toString();
                    images.set(i, new ImageRecord(im.id(), rel, im.width(), im.height(), im.extras()));
                }
            }
        }
        CocoJson.write(read.dataset(), output);
        out.println("Wrote " + output + ": " + read.dataset().images().size() + " images, "
                + read.dataset().annotations().size() + " annotations");
        return 0;
    }

    private static String infer(Path p) {
        String name = p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            return "coco";
        }
        if (name.endsWith(".tfrecord") || name.contains(".tfrecord-") || name.endsWith(".record")) {
            return "tfrecord";
        }
        if (name.endsWith(".xml")) {
            return "voc";
        }
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return "yolo";
        }
        return "unknown (give --from/--to)";
    }
}
