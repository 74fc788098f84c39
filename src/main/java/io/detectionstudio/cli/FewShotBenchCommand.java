package io.detectionstudio.cli;

import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.data.formats.DatasetFormat;
import io.detectionstudio.engine.training.FewShotBenchmark;
import io.detectionstudio.engine.training.StartPoint;
import io.detectionstudio.engine.training.TrainingJob;
import io.detectionstudio.engine.training.TrainingListener;
import io.detectionstudio.model.ModelException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench fewshot}: few-shot accuracy against training time, per start, over seeds. */
@Command(name = "fewshot", mixinStandardHelpOptions = true,
        description = {"Train on N labelled photos drawn with each seed, score on the others (or on --eval-dataset)",
                "with the COCO evaluator, and print AP50, AP and training seconds for each start and seed, then the",
                "mean over seeds. Example: bench fewshot --dataset ../shared/datasets/raccoon/annotations --shots 10",
                "--seeds 3 --start mobilenet_v2_1.0_imagenet --start built-in"})
final class FewShotBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "DATASET", description = "A labelled dataset (any format convert reads).")
    Path dataset;

    @Option(names = "--eval-dataset", paramLabel = "DATASET",
            description = "Score on this labelled set instead of the photos not drawn (with it, --shots may take every photo).")
    Path evalDataset;

    @Option(names = "--eval-images", paramLabel = "DIR",
            description = "The folder the --eval-dataset's file names are relative to (default: the dataset's own).")
    Path evalImages;

    @Option(names = "--shots", defaultValue = "10", description = "Photos to train on (default: ${DEFAULT-VALUE}).")
    int shots;

    @Option(names = "--seeds", defaultValue = "3", description = "Seeds 1..N, one draw and run each (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--start", paramLabel = "START",
            description = "A start as train --start takes it; repeat to compare several (default: what train would use).")
    List<String> starts = new ArrayList<>();

    @Option(names = "--steps", description = "Training steps (default: train's).")
    Integer steps;

    @Option(names = "--max-seconds", description = "Time budget per run (default: train's).")
    Double maxSeconds;

    @Option(names = "--size", description = "Input side (default: train's).")
    Integer size;

    @Option(names = "--lr", description = "Peak learning rate (default: train's).")
    Double learningRate;

    @Option(names = "--backbone-lr-scale", description = "The backbone's learning rate as a share of the rest (default: the start's recipe).")
    Double backboneLrScale;

    @Option(names = "--frozen-blocks", description = "Leave MobileNetV2's first N blocks untrained (default: the start's recipe).")
    Integer frozenBlocks;

    @Option(names = "--paste", description = "Copy-paste augmentation: the chance of each of two pastes per sample (default: train's).")
    Double paste;

    @Option(names = "--zoom", arity = "2", paramLabel = "MIN MAX", description = "Random zoom range (default: train's).")
    double[] zoom;

    @Option(names = "--size-prior", negatable = true, description = "Start the box-size head at the mean box size (default: the recipe's).")
    Boolean sizePrior;

    @Option(names = "--train-bn", description = "Batch norm of the backbone in train mode, even for a pretrained start.")
    boolean trainBn;

    @Option(names = "--verbose", description = "Print the losses every 50 steps.")
    boolean verbose;

    @Option(names = "--out", paramLabel = "DIR", description = "Keep the runs here (default: a temporary folder, deleted after).")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        Dataset all = read(dataset);
        Dataset fixedEval = evalDataset == null ? null : read(evalDataset);
        if (fixedEval != null && evalImages != null) {
            fixedEval.setImageRoot(evalImages.toAbsolutePath().normalize());
        }
        if (all == null || evalDataset != null && fixedEval == null) {
            return 1;
        }
        if (seeds < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--seeds must be 1 or more");
        }
        List<String> names = starts.isEmpty() ? List.of(Starts.DEFAULT) : starts;
        Path root = out != null ? Files.createDirectories(out) : Files.createTempDirectory("detection-studio-fewshot");
        try {
            List<String> summary = new ArrayList<>();
            for (String name : names) {
                List<FewShotBenchmark.Result> results = new ArrayList<>();
                for (int seed = 1; seed <= seeds; seed++) {
                    Dataset[] split = fixedEval != null && shots >= all.images().size() ? new Dataset[] {all, fixedEval}
                            : FewShotBenchmark.draw(all, shots, seed);
                    Dataset eval = fixedEval != null ? fixedEval : split[1];
                    StartPoint start = Starts.resolve(name);
                    TrainingJob.Settings st = settings(start);
                    String label = Path.of(name).getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_").replaceFirst("^\\.+", "");
                    Path run = root.resolve(label + "-seed" + seed);
                    FewShotBenchmark.Result r = FewShotBenchmark.run(split[0], eval, seed, st, run, new TrainingListener() {
                        @Override
                        public void onStep(io.detectionstudio.engine.training.TrainingProgress p) {
                            if (verbose && (p.step() % 50 == 0 || p.step() == 1)) {
                                o.printf(Locale.ROOT, "  step %d  loss %s  %.1f img/s%n", p.step(), p.losses(), p.imagesPerSecond());
                                o.flush();
                            }
                        }
                    });
                    results.add(r);
                    o.printf(Locale.ROOT, "%-28s seed %d: AP50 %.3f  AP %.3f  %d steps in %.0f s (%s; %d photos trained, %d scored)%n",
                            name, seed, r.ap50(), r.ap(), r.steps(), r.trainSeconds(), r.ending().toLowerCase(Locale.ROOT),
                            split[0].images().size(), r.evalImages());
                    o.flush();
                }
                summary.add(String.format(Locale.ROOT, "%-28s AP50 %.3f ± %.3f  AP %.3f  train %.0f s  (mean of %d seeds)", name,
                        mean(results, FewShotBenchmark.Result::ap50), sd(results, FewShotBenchmark.Result::ap50),
                        mean(results, FewShotBenchmark.Result::ap), mean(results, FewShotBenchmark.Result::trainSeconds), results.size()));
            }
            o.println("Summary (" + shots + " shots, " + dataset + "):");
            summary.forEach(o::println);
            return 0;
        } finally {
            if (out == null) {
                io.detectionstudio.data.FileTrees.delete(root);
            }
        }
    }

    private TrainingJob.Settings settings(StartPoint start) throws ModelException {
        TrainingJob.Settings st = TrainingJob.Settings.defaults();
        if (size != null) {
            st = st.withInputSize(size);
        }
        st = start.fit(st, false);
        if (steps != null) {
            st = st.withSteps(steps);
        }
        if (maxSeconds != null) {
            st = st.withMaxSeconds(maxSeconds);
        }
        if (learningRate != null) {
            st = st.withLearningRate(learningRate);
        }
        if (paste != null || zoom != null) {
            io.detectionstudio.engine.training.Augmenter.Options a = st.augmentation();
            st = st.withAugmentation(new io.detectionstudio.engine.training.Augmenter.Options(a.size(), a.flip(),
                    zoom == null ? a.minZoom() : zoom[0], zoom == null ? a.maxZoom() : zoom[1], a.color(),
                    paste == null ? a.pasteProbability() : paste, a.minVisible()));
        }
        TrainingJob.Recipe recipe = st.recipe();
        if (backboneLrScale != null) {
            recipe = recipe.withBackboneLrScale(backboneLrScale);
        }
        if (frozenBlocks != null) {
            recipe = recipe.withFrozenBlocks(frozenBlocks);
        }
        if (sizePrior != null) {
            recipe = recipe.withSizePrior(sizePrior);
        }
        if (trainBn) {
            recipe = recipe.withFrozenBackboneBn(false);
        }
        return st.withRecipe(recipe);
    }

    private static double mean(List<FewShotBenchmark.Result> rs, java.util.function.ToDoubleFunction<FewShotBenchmark.Result> f) {
        return rs.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    private static double sd(List<FewShotBenchmark.Result> rs, java.util.function.ToDoubleFunction<FewShotBenchmark.Result> f) {
        double m = mean(rs, f);
        return Math.sqrt(rs.stream().mapToDouble(r -> (f.applyAsDouble(r) - m) * (f.applyAsDouble(r) - m)).average().orElse(0));
    }

    private Dataset read(Path file) throws DatasetException {
        DatasetFormat.ReadResult r = TrainCommand.readDataset(file, spec.commandLine().getOut(), "in " + file);
        return r == null ? null : r.dataset();
    }
}
