package io.detectionstudio.cli;

import io.detectionstudio.data.CocoJson;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.data.DetectionsJson;
import io.detectionstudio.data.Evaluation;
import io.detectionstudio.data.Problem;
import io.detectionstudio.engine.Inference;
import io.detectionstudio.model.Detector;
import io.detectionstudio.model.Detectors;
import io.detectionstudio.model.ModelException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code eval}: the COCO metrics of detections against a labelled dataset. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Print the COCO detection metrics (and keypoint OKS metrics for keypoint classes) of detections",
                "against a labelled COCO dataset. Detections come from a JSON file (COCO results format, or",
                "the detect verb's output), or from running a model (--model) on the dataset's images."})
final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "COCO.json", description = "The labelled dataset.")
    Path dataset;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--detections", paramLabel = "DETECTIONS.json",
                description = "Detections: a JSON array of {image_id or file_name, category_id, bbox, score[, keypoints]}.")
        Path detections;

        @Option(names = "--model", paramLabel = "MODEL",
                description = "A training run folder, or a SavedModel with the OD API's serving_default signature, run on every image.")
        Path model;
    }

    @Override
    public Integer call() throws DatasetException, ModelException {
        PrintWriter out = spec.commandLine().getOut();
        CocoJson.Result gt = CocoJson.read(dataset);
        List<Problem> problems = new ArrayList<>(gt.problems());
        List<DetectionsJson.Detection> detections;
        if (source.model != null) {
            Map<Integer, String> names = new LinkedHashMap<>();
            gt.dataset().categories().forEach(c -> names.put(c.id(), c.name()));
            try (Detector detector = Detectors.open(source.model, names)) {
                Inference.DatasetResult r = Inference.run(detector, gt.dataset(), done -> { });
                detections = r.detections();
                problems.addAll(r.problems());
            }
        } else {
            DetectionsJson.Result dts = DetectionsJson.read(source.detections, gt.dataset());
            detections = dts.detections();
            problems.addAll(dts.problems());
        }
        for (Problem p : problems) {
            out.println(p);
        }
        if (!problems.isEmpty()) {
            out.println(problems.size() + " entries cannot be read; no metrics computed (see validate)");
            return 1;
        }
        Evaluation.Report report = Evaluation.evaluate(gt.dataset(), detections);
        out.println("Boxes (" + detections.size() + " detections, " + gt.dataset().annotations().size() + " annotations):");
        report.boxes().summaryLines().forEach(out::println);
        if (report.keypoints() != null) {
            out.println("Keypoints (OKS):");
            report.keypoints().summaryLines().forEach(out::println);
        }
        return 0;
    }
}
