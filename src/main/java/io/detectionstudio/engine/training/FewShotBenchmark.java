package io.detectionstudio.engine.training;

import io.detectionstudio.data.Category;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.DetectionsJson;
import io.detectionstudio.data.Evaluation;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.engine.Inference;
import io.detectionstudio.model.Detector;
import io.detectionstudio.model.Detectors;
import io.detectionstudio.model.ModelException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * The few-shot benchmark: train on N labelled photos drawn with a seed, score the model on the others (or on a
 * separate labelled set) with our COCO evaluator. What {@code bench fewshot} prints and the README's table quotes.
 *
 * <p>The draw: the labelled images sorted by file name, shuffled with {@code SplittableRandom(seed)}
 * (Fisher-Yates), the first N taken; so seed s picks the same photos on every machine.
 */
public final class FewShotBenchmark {

    /**
     * One trained and scored run.
     *
     * @param trainImages   the file names trained on
     * @param evalImages    how many images it was scored on
     * @param trainSeconds  the training job's own time (loading, graph, steps), without scoring
     */
    public record Result(long seed, List<String> trainImages, int evalImages, int steps, double trainSeconds, double ap50,
                         double ap, String ending) {
    }

    private FewShotBenchmark() {
    }

    /** The N training photos of a seed, and the rest; {@code shots} must be below the number of labelled images. */
    public static Dataset[] draw(Dataset all, int shots, long seed) throws ModelException {
        Set<Long> labelled = ValidationSplit.labelled(all);
        List<ImageRecord> pool = new ArrayList<>(all.images().stream().filter(im -> labelled.contains(im.id()))
                .sorted(Comparator.comparing(ImageRecord::fileName)).toList());
        if (shots < 1 || shots >= pool.size()) {
            throw new ModelException("want 1 to " + (pool.size() - 1) + " shots from " + pool.size() + " labelled images; got " + shots);
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = pool.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            ImageRecord t = pool.get(i);
            pool.set(i, pool.get(j));
            pool.set(j, t);
        }
        Set<Long> chosen = pool.subList(0, shots).stream().map(ImageRecord::id).collect(Collectors.toSet());
        return new Dataset[] {ValidationSplit.subset(all, im -> chosen.contains(im.id())),
                ValidationSplit.subset(all, im -> !chosen.contains(im.id()))};
    }

    /**
     * Trains on {@code train} into {@code runFolder} with {@code settings} (no validation split) and scores the run
     * on {@code eval}.
     */
    public static Result run(Dataset train, Dataset eval, long seed, TrainingJob.Settings settings, Path runFolder,
                             TrainingListener listener) throws ModelException {
        TrainingJob.Settings st = settings.withValidation(TrainingJob.Validation.NONE.withFraction(0)).withSeed(seed);
        TrainingOutcome outcome = new TrainingJob().run(train, runFolder, st, listener);
        if (outcome.reason() == TrainingOutcome.Reason.FAILED) {
            throw new ModelException(runFolder + ": training failed: " + outcome.error());
        }
        Map<Integer, String> names = new LinkedHashMap<>();
        for (Category c : eval.categories()) {
            names.put(c.id(), c.name());
        }
        List<DetectionsJson.Detection> found;
        try (Detector detector = Detectors.open(runFolder, names)) {
            Inference.DatasetResult r = Inference.run(detector, eval, done -> { });
            if (!r.problems().isEmpty()) {
                throw new ModelException(r.problems().get(0).toString());
            }
            found = r.detections();
        }
        Evaluation.Report report = Evaluation.evaluate(eval, found);
        return new Result(seed, train.images().stream().map(ImageRecord::fileName).toList(), eval.images().size(),
                outcome.steps(), outcome.seconds(), report.boxes().ap50(), report.boxes().ap(), outcome.reason().name());
    }
}
