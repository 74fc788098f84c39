package io.detectionstudio.cli;

import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.sample.SampleDatasets;
import io.detectionstudio.engine.training.Pretrained;
import io.detectionstudio.engine.training.TrainingJob;
import io.detectionstudio.engine.training.TrainingListener;
import io.detectionstudio.engine.training.TrainingOutcome;
import io.detectionstudio.engine.training.TrainingProgress;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pretrain}: remakes the pretrained start that ships in {@code assets/}: the toy-duck sample generated
 * afresh (the same images as {@code sample-datasets/toy-ducks}), trained from scratch with the train defaults.
 */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = {"Remake the shipped pretrained start (" + Pretrained.RUN + "): generate the toy-duck sample and",
                "train on it from scratch with the train defaults (about 2 minutes on 2 cores)."})
final class PretrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = Pretrained.RUN, paramLabel = "RUN_DIR",
            description = "Where to write the run (default: ${DEFAULT-VALUE}); must not exist yet.")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        if (Files.exists(out)) {
            spec.commandLine().getErr().println("detection-studio pretrain: " + out + " exists; remove it first (it is replaced whole)");
            return 1;
        }
        Path tmp = Files.createTempDirectory("detection-studio-pretrain");
        try {
            Dataset ducks = SampleDatasets.generateToyDucks(tmp, SampleDatasets.TOY_DUCKS_COUNT);
            // All 40 images, as the shipped run was trained: no validation split.
            TrainingJob.Settings st = TrainingJob.Settings.defaults().withValidation(TrainingJob.Validation.NONE);
            TrainingOutcome r = new TrainingJob().run(ducks, out, st, new TrainingListener() {
                @Override
                public void onStep(TrainingProgress p) {
                    if (p.step() % 50 == 0 || p.step() == p.totalSteps()) {
                        o.printf(Locale.ROOT, "step %d/%d  loss %.3f  %.1f img/s%n", p.step(), p.totalSteps(), p.losses().get("total"),
                                p.imagesPerSecond());
                        o.flush();
                    }
                }
            });
            if (r.reason() == TrainingOutcome.Reason.FAILED) {
                spec.commandLine().getErr().println("detection-studio pretrain: " + r.error());
                return 1;
            }
            o.printf(Locale.ROOT, "Wrote %s after %d steps in %.0f s%n", out, r.steps(), r.seconds());
            return 0;
        } finally {
            try (Stream<Path> s = Files.walk(tmp)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
