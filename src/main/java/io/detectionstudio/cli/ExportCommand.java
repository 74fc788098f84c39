package io.detectionstudio.cli;

import io.detectionstudio.config.ConfigException;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.data.Problem;
import io.detectionstudio.data.formats.DatasetFormat;
import io.detectionstudio.data.formats.DatasetFormats;
import io.detectionstudio.engine.OdApiExport;
import io.detectionstudio.model.ModelException;
import io.detectionstudio.model.centernet.CenterNetExport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code export}: a training run as a SavedModel (what the OD API's {@code exporter_main_v2.py} writes), or a
 * dataset as a ready-to-run job for the OD API's own trainer ({@code --for-odapi}).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export a dataset for the OD API's own trainer (--for-odapi DIR --dataset COCO.json): sharded TFRecords",
                "(train/val), label_map.pbtxt, a zoo pipeline.config with every path filled in, and a README with the",
                "model_main_tf2.py / exporter_main_v2.py commands for one GPU, several GPUs and a TPU.",
                "Export a training run as a SavedModel with the OD API exporter's serving_default signature",
                "(--model RUN_DIR --saved-model DIR)."})
final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    static final class What {
        @ArgGroup(exclusive = false)
        ModelExport model;

        @ArgGroup(exclusive = false)
        OdApi odapi;
    }

    static final class ModelExport {
        @Option(names = "--model", required = true, paramLabel = "RUN_DIR", description = "A training run folder.")
        Path model;

        @Option(names = "--saved-model", required = true, paramLabel = "DIR", description = "Where to write the SavedModel.")
        Path savedModel;
    }

    static final class OdApi {
        @Option(names = "--for-odapi", required = true, paramLabel = "DIR", description = "New folder to write the job into.")
        Path folder;

        @Option(names = "--dataset", required = true, paramLabel = "DATASET", description = "The dataset (any format convert reads).")
        Path dataset;

        @Option(names = "--architecture", paramLabel = "NAME", defaultValue = "ssd_mobilenet_v2_fpnlite_320x320",
                description = "Zoo architecture (default: ${DEFAULT-VALUE}).")
        String architecture;

        @Option(names = "--val-fraction", paramLabel = "F", defaultValue = "0.2",
                description = "Share of images held out for evaluation (default: ${DEFAULT-VALUE}).")
        double valFraction;

        @Option(names = "--batch-size", paramLabel = "N", defaultValue = "8",
                description = "Global batch size; the zoo's learning rate is scaled to it (default: ${DEFAULT-VALUE}).")
        int batchSize;

        @Option(names = "--steps", paramLabel = "N", defaultValue = "25000", description = "Training steps (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--shards", paramLabel = "N", defaultValue = "0",
                description = "TFRecord shards per split (default: one per ~100 MiB of images).")
        int shards;
    }

    @Override
    public Integer call() throws DatasetException, ConfigException, ModelException {
        if (what.model != null) {
            CenterNetExport.export(what.model.model, what.model.savedModel);
            spec.commandLine().getOut().println("Wrote " + what.model.savedModel + ": a SavedModel with the OD API's serving_default "
                    + "signature (input_tensor uint8 [1, H, W, 3] -> detection_boxes, detection_scores, detection_classes, "
                    + "num_detections) and its label_map.pbtxt");
            return 0;
        }
        OdApi o = what.odapi;
        PrintWriter out = spec.commandLine().getOut();
        DatasetFormat format = DatasetFormats.inferInput(o.dataset)
                .orElseThrow(() -> new DatasetException(o.dataset + ": cannot tell its format (known: " + DatasetFormats.names() + ")"));
        DatasetFormat.ReadResult read = format.read(o.dataset);
        if (!read.problems().isEmpty()) {
            read.problems().stream().map(Problem::toString).forEach(out::println);
            out.println(read.problems().size() + " problems in the dataset; nothing was written (see validate)");
            return 1;
        }
        OdApiExport.Options options;
        try {
            options = new OdApiExport.Options(o.architecture, o.valFraction, o.batchSize, o.steps, o.shards, 1);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("detection-studio export: " + e.getMessage());
            return 2;
        }
        OdApiExport.Result r = OdApiExport.export(read.dataset(), o.folder, options);
        out.println("Wrote " + r.folder() + ": " + r.trainImages() + " training and " + r.valImages() + " evaluation images in "
                + (r.trainShards().size() + r.valShards().size()) + " TFRecord files, label_map.pbtxt, pipeline.config ("
                + o.architecture + "), README.md");
        r.notes().forEach(n -> out.println("Note: " + n));
        out.println("Next: read " + r.folder().resolve("README.md"));
        return 0;
    }
}
