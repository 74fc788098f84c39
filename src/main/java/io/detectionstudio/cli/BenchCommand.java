package io.detectionstudio.cli;

import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.image.ImageLoader;
import io.detectionstudio.data.sample.SampleDatasets;
import io.detectionstudio.engine.training.Augmenter;
import io.detectionstudio.engine.training.TrainingJob;
import io.detectionstudio.engine.training.TrainingListener;
import io.detectionstudio.engine.training.TrainingProgress;
import io.detectionstudio.model.Detector;
import io.detectionstudio.model.Detectors;
import io.detectionstudio.model.centernet.CenterNetNet;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: the speed and memory figures the README quotes, measured on this machine with generated images
 * (nothing to download): training images/s and ms/step, detection ms/image, peak resident memory.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = FewShotBenchCommand.class,
        description = {"Measure training throughput (images/s, ms/step), detection time per image and peak memory",
                "on generated images. Training steps after the first " + BenchCommand.WARMUP + " are timed."})
final class BenchCommand implements Callable<Integer> {

    static final int WARMUP = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--batch", defaultValue = "8", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--size", defaultValue = "320", description = "Input side in pixels (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--steps", defaultValue = "15", description = "Training steps to run (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--depth-multiplier", defaultValue = "0.5",
            description = "MobileNetV2 width; 0.5 is the train verb's default (default: ${DEFAULT-VALUE}).")
    float depthMultiplier;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        if (steps <= WARMUP) {
            spec.commandLine().getErr().println("detection-studio bench: --steps must be more than " + WARMUP);
            return 2;
        }
        Path dir = Files.createTempDirectory("detection-studio-bench");
        try {
            Dataset data = SampleDatasets.generateToyDucks(dir.resolve("data"), 16);
            TrainingJob.Settings st = new TrainingJob.Settings(size, batch, steps, 0, 1e-3,
                    new CenterNetNet.Config(depthMultiplier, CenterNetNet.Config.defaults().headFilters()), false, 0, 1,
                    Augmenter.Options.defaults(size));
            List<Double> stepSeconds = new ArrayList<>();
            long[] last = {System.nanoTime()};
            new TrainingJob().run(data, dir.resolve("run"), st, new TrainingListener() {
                @Override
                public void onStep(TrainingProgress p) {
                    long now = System.nanoTime();
                    stepSeconds.add((now - last[0]) / 1e9);
                    last[0] = now;
                }
            });
            List<Double> timed = stepSeconds.subList(Math.min(WARMUP, stepSeconds.size()), stepSeconds.size());
            double msPerStep = 1000 * timed.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            o.printf(Locale.ROOT, "train   batch %d, %dx%d, depth multiplier %.2f: %.0f ms/step, %.1f images/s (%d steps timed)%n",
                    batch, size, size, depthMultiplier, msPerStep, batch * 1000 / msPerStep, timed.size());

            List<BufferedImage> images = new ArrayList<>();
            for (ImageRecord im : data.images()) {
                images.add(ImageLoader.loadRgb(data.resolve(im)));
            }
            try (Detector d = Detectors.open(dir.resolve("run"), Map.of())) {
                d.detect(images.get(0));
                long t = System.nanoTime();
                for (BufferedImage img : images) {
                    d.detect(img);
                }
                o.printf(Locale.ROOT, "detect  %.1f ms/image (%d images of %dx%d, after one warm-up)%n",
                        (System.nanoTime() - t) / 1e6 / images.size(), images.size(), images.get(0).getWidth(),
                        images.get(0).getHeight());
            }
            o.printf(Locale.ROOT, "memory  peak resident %s%n", peakRss());
            return 0;
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** VmHWM from /proc/self/status (Linux), or "unknown". */
    static String peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D+", ""));
                    return String.format(Locale.ROOT, "%.2f GB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // not Linux
        }
        return "unknown";
    }
}
