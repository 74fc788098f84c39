package io.detectionstudio.cli;

import io.detectionstudio.core.Detection;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.data.DatasetOpener;
import io.detectionstudio.data.DetectionsJson;
import io.detectionstudio.data.image.ImageLoadException;
import io.detectionstudio.data.image.ImageLoader;
import io.detectionstudio.model.Detector;
import io.detectionstudio.model.Detectors;
import io.detectionstudio.model.ModelException;
import io.detectionstudio.viz.DetectionRenderer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code detect}: run a model on images and write what it finds as JSON (and, optionally, drawn PNGs). */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = {"Run a model on images; write a JSON array with one object per detection:",
                "{file_name, category_id, category, bbox [x, y, width, height] in pixels, score[, keypoints]}.",
                "MODEL: a training run folder (train --out), or a SavedModel with the OD API's serving_default signature",
                "(as exporter_main_v2.py writes).",
                "An image that cannot be read is reported on one line; the others still run (exit 1 at the end)."})
final class DetectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "A training run folder or a SavedModel folder.")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "detections.json", description = "Where to write detections.")
    Path out;

    @Option(names = "--draw", paramLabel = "DIR", description = "Also draw the detections onto PNG copies here.")
    Path draw;

    @Option(names = "--min-score", paramLabel = "S", defaultValue = "0.3",
            description = "Drop detections below this score (default: ${DEFAULT-VALUE}).")
    double minScore;

    @Parameters(arity = "1..*", paramLabel = "IMAGE_OR_DIR", description = "Images or folders of images.")
    List<Path> inputs;

    @Override
    public Integer call() throws ModelException, DatasetException, IOException {
        if (!(minScore >= 0 && minScore <= 1)) { // NaN too (issue 11, F14)
            throw new ParameterException(spec.commandLine(), "--min-score " + minScore + " is not a score from 0 to 1");
        }
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path[]> images = new ArrayList<>();
        int failures = 0;
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                try (Stream<Path> s = Files.list(in)) {
                    s.filter(Files::isRegularFile).filter(DatasetOpener::isImageFile).sorted()
                            .forEach(p -> images.add(new Path[] {p, in.relativize(p)}));
                }
            } else if (Files.isRegularFile(in)) {
                images.add(new Path[] {in, in});
            } else {
                err.println(in + ": no such file or folder");
                failures++;
            }
        }
        if (draw != null) {
            Files.createDirectories(draw);
        }
        List<DetectionsJson.ImageDetections> results = new ArrayList<>();
        long start = System.nanoTime();
        int boxes = 0;
        try (Detector detector = Detectors.open(model, Map.of())) {
            for (Path[] im : images) {
                BufferedImage img;
                try {
                    img = ImageLoader.loadRgb(im[0]);
                } catch (ImageLoadException e) {
                    err.println(e.getMessage());
                    failures++;
                    continue;
                }
                List<Detection> found = detector.detect(img).stream().filter(d -> d.score() >= minScore).toList();
                boxes += found.size();
                results.add(new DetectionsJson.ImageDetections(im[1].toString(), img.getWidth(), img.getHeight(), found));
                if (draw != null) {
                    String name = im[0].getFileName().toString().replaceFirst("\\.[^.]+$", "") + ".png";
                    ImageIO.write(DetectionRenderer.draw(img, found, detector.categoryNames(), Map.of()), "png",
                            draw.resolve(name).toFile());
                }
            }
            DetectionsJson.write(out, results, detector.categoryNames());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        o.printf("%d images, %d detections (score >= %.2f), %.0f ms/image; wrote %s%s%n", results.size(), boxes, minScore,
                results.isEmpty() ? 0 : 1000 * seconds / results.size(), out, draw == null ? "" : " and drawings in " + draw);
        return failures == 0 ? 0 : 1;
    }
}
