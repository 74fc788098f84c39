package io.detectionstudio.engine.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.detectionstudio.model.ModelException;
import io.detectionstudio.model.centernet.CenterNetRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keep-best and early stopping: after each validation, a checkpoint that scores better than the best so far is
 * copied to {@code checkpoint/best.*} with {@code best.json} beside it ({@code {"step": N, "metrics": {...}}});
 * validations in a row without improvement are counted against the patience.
 */
final class BestCheckpoint {

    static final String JSON = CenterNetRun.BEST + ".json";
    private static final ObjectMapper JSON_MAPPER = new ObjectMapper();

    private final Path folder;
    private final TrainingJob.Validation rule;
    private TrainingOutcome.Best best;
    private int sinceBest;

    private BestCheckpoint(Path checkpointFolder, TrainingJob.Validation rule, TrainingOutcome.Best best) {
        this.folder = checkpointFolder;
        this.rule = rule;
        this.best = best;
    }

    /** A fresh run, which has no best yet (see {@link #deleteEarlier}). */
    static BestCheckpoint fresh(Path checkpointFolder, TrainingJob.Validation rule) {
        return new BestCheckpoint(checkpointFolder, rule, null);
    }

    /** A resumed run: the best so far is read back, so only a better one replaces it (the patience starts over). */
    static BestCheckpoint resumed(Path checkpointFolder, TrainingJob.Validation rule) throws ModelException {
        Path file = checkpointFolder.resolve(JSON);
        if (!Files.isRegularFile(file) || !Files.isRegularFile(prefix(checkpointFolder, ".index"))) {
            return new BestCheckpoint(checkpointFolder, rule, null);
        }
        try {
            JsonNode n = JSON_MAPPER.readTree(file.toFile());
            Map<String, Double> metrics = new LinkedHashMap<>();
            n.path("metrics").fields().forEachRemaining(e -> metrics.put(e.getKey(), e.getValue().asDouble()));
            return new BestCheckpoint(checkpointFolder, rule, new TrainingOutcome.Best(n.path("step").asInt(), metrics));
        } catch (IOException e) {
            throw new ModelException(file + ": unreadable: " + e.getMessage(), e);
        }
    }

    TrainingOutcome.Best best() {
        return best;
    }

    Path prefix() {
        return folder.resolve(CenterNetRun.BEST);
    }

    /** Whether {@code metrics} beat {@code best}: AP50 up by more than the delta, or AP50 as good and AP up by more. */
    static boolean improves(Map<String, Double> metrics, TrainingOutcome.Best best, double minDelta) {
        if (best == null) {
            return true;
        }
        double ap50 = metrics.getOrDefault(TrainingListener.AP50, -1.0);
        double ap = metrics.getOrDefault(TrainingListener.AP, -1.0);
        return ap50 > best.ap50() + minDelta || ap50 >= best.ap50() && ap > best.ap() + minDelta;
    }

    /**
     * Takes one validation of the last checkpoint ({@code last}, just written at {@code step}): copies it to the best
     * one when it improves, and tells the listener.
     *
     * @return true when the patience has run out
     */
    boolean offer(int step, Map<String, Double> metrics, Path last, TrainingListener listener) {
        boolean better = improves(metrics, best, rule.minDelta());
        if (better) {
            copy(last);
            best = new TrainingOutcome.Best(step, metrics);
            write(best);
            sinceBest = 0;
        } else {
            sinceBest++;
        }
        listener.onValidation(step, metrics, better);
        if (better) {
            listener.onCheckpoint(step, prefix(), true);
        }
        return rule.patience() > 0 && sinceBest >= rule.patience();
    }

    /** Copies each file of the checkpoint (data first, index last, each replaced atomically) to the best prefix. */
    private void copy(Path last) {
        String from = last.getFileName().toString();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, from + ".*")) {
            Path index = null;
            for (Path f : files) {
                if (f.getFileName().toString().endsWith(".index")) {
                    index = f;
                } else {
                    replace(f, folder.resolve(CenterNetRun.BEST + f.getFileName().toString().substring(from.length())));
                }
            }
            if (index == null) {
                throw new IOException(last + ".index: missing");
            }
            replace(index, prefix(folder, ".index"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(TrainingOutcome.Best b) {
        ObjectNode o = JSON_MAPPER.createObjectNode();
        o.put("step", b.step());
        ObjectNode m = o.putObject("metrics");
        b.metrics().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> m.put(e.getKey(), e.getValue()));
        try {
            Path tmp = folder.resolve(JSON + ".tmp");
            JSON_MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), o);
            Files.move(tmp, folder.resolve(JSON), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void replace(Path from, Path to) throws IOException {
        Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
        Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Path prefix(Path folder, String suffix) {
        return folder.resolve(CenterNetRun.BEST + suffix);
    }

    /**
     * Deletes the best checkpoint of an earlier run in the folder, as a fresh run (validating or not) starts: it would
     * be picked over the new run's checkpoints.
     */
    static void deleteEarlier(Path folder) throws ModelException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, CenterNetRun.BEST + ".*")) {
            for (Path f : files) {
                Files.delete(f);
            }
        } catch (IOException e) {
            throw new ModelException(folder + ": cannot remove the earlier best checkpoint: " + e.getMessage(), e);
        }
    }
}
