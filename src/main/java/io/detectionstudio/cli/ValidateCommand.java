package io.detectionstudio.cli;

import io.detectionstudio.data.Category;
import io.detectionstudio.data.CocoJson;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.data.DatasetValidator;
import io.detectionstudio.data.ObjectAnnotation;
import io.detectionstudio.data.Problem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code validate}: summarize a COCO dataset and list every problem in it, one line each. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a COCO dataset: print a summary and every problem, one line each, with file and field.",
                "Image files are resolved relative to the JSON file. Exit code 1 when there is any problem."})
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "COCO.json", description = "The dataset's COCO JSON file.")
    Path dataset;

    @Option(names = "--images", paramLabel = "CHECK", defaultValue = "DECODE",
            description = "How to check image files: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; "
                    + "HEADERS is faster and finds missing files and wrong sizes, DECODE also finds damaged data).")
    DatasetValidator.ImageCheck images;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        CocoJson.Result read;
        try {
            read = CocoJson.read(dataset);
        } catch (DatasetException e) {
            out.println(e.getMessage());
            out.println("1 problem");
            return 1;
        }
        Dataset d = read.dataset();
        List<Problem> problems = new ArrayList<>(read.problems());
        problems.addAll(DatasetValidator.validate(d, dataset.toString(), images));
        printSummary(out, d);
        for (Problem p : problems) {
            out.println(p);
        }
        out.println(problems.isEmpty() ? "No problems found." : problems.size() + (problems.size() == 1 ? " problem" : " problems"));
        return problems.isEmpty() ? 0 : 1;
    }

    private void printSummary(PrintWriter out, Dataset d) {
        Map<Long, List<ObjectAnnotation>> byImage = d.annotationsByImage();
        long labelled = d.images().stream().filter(im -> byImage.containsKey(im.id())).count();
        out.println("Dataset:     " + dataset);
        out.println("Images:      " + d.images().size() + " (" + labelled + " with annotations, "
                + (d.images().size() - labelled) + " without)");
        out.println("Annotations: " + d.annotations().size());
        Map<Integer, int[]> perCategory = new LinkedHashMap<>();
        for (Category c : d.categories()) {
            perCategory.putIfAbsent(c.id(), new int[2]);
        }
        for (ObjectAnnotation a : d.annotations()) {
            int[] n = perCategory.computeIfAbsent(a.categoryId(), k -> new int[2]);
            n[0]++;
            n[1] += a.keypoints() != null ? 1 : 0;
        }
        out.println("Categories:  " + d.categories().size());
        for (Map.Entry<Integer, int[]> e : perCategory.entrySet()) {
            Category c = d.category(e.getKey()).orElse(null);
            String name = c == null ? "(not a category)" : c.name();
            int[] n = e.getValue();
            StringBuilder line = new StringBuilder("  " + name + " (id " + e.getKey() + "): " + n[0] + (n[0] == 1 ? " box" : " boxes"));
            if (c != null && c.hasKeypoints()) {
                line.append(", ").append(n[1]).append(" with keypoints (").append(String.join(", ", c.keypoints().names())).append(")");
            }
            out.println(line);
        }
    }
}
