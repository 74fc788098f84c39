package io.detectionstudio.engine.training;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * What {@link RunRecorder} writes into a run folder when a run ends ({@value #FILE}), from the command line or the
 * studio, so the studio's runs list shows its metrics without loading the model. The loss of every step is beside it
 * in {@link LossLog#FILE}.
 *
 * @param started        ISO-8601 local date and time
 * @param dataset        the annotations file trained from
 * @param trainingImages images the run trained on (labelled or reviewed), validation images included
 * @param reason         how it ended: a {@code TrainingOutcome.Reason} name
 * @param error          one line when it failed, else null
 * @param finalLosses    the last step's losses by name ({@code total} included)
 * @param best           the best validation, or null when it did not validate
 * @param validations    every validation, in order
 * @param msPerStep      mean wall time of a step (data, forward, backward, update, and the checkpoints and validations
 *                       among them)
 * @param checkpointMillis mean time to write a checkpoint (every {@code checkpointEvery} steps and at the end)
 * @param preview        what the live preview cost, or null when it was off
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunSummary(String name, String started, String dataset, int trainingImages, SettingsRecord settings,
                         int steps, double seconds, String reason, String error, Map<String, Double> finalLosses,
                         Validated best, List<Validated> validations, Double msPerStep, Double checkpointMillis,
                         PreviewCost preview) {

    public static final String FILE = "summary.json";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The job's settings as numbers (what the run's {@code pipeline.config} cannot say: time budget, augmentation, ...). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SettingsRecord(int inputSize, int batchSize, int steps, double maxSeconds, double learningRate,
                                 float depthMultiplier, int headFilters, boolean headsOnly, int checkpointEvery, long seed,
                                 String initFrom, boolean flip, double minZoom, double maxZoom, double colorJitter,
                                 double pasteProbability, double validationFraction, int validateEvery, int patience) {

        public static SettingsRecord of(TrainingJob.Settings s) {
            return new SettingsRecord(s.inputSize(), s.batchSize(), s.steps(), s.maxSeconds(), s.learningRate(),
                    s.net().depthMultiplier(), s.net().headFilters(), s.headsOnly(), s.checkpointEvery(), s.seed(),
                    s.initFrom() == null ? null : s.initFrom().toString(), s.augmentation().flip(), s.augmentation().minZoom(),
                    s.augmentation().maxZoom(), s.augmentation().color(), s.augmentation().pasteProbability(),
                    s.validation().fraction(), s.validation().every(), s.validation().patience());
        }
    }

    /** One validation: the step and its metrics ({@link TrainingListener#AP50}, {@link TrainingListener#AP}, ...). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Validated(int step, Map<String, Double> metrics) {

        public double ap50() {
            Double v = metrics == null ? null : metrics.get(TrainingListener.AP50);
            return v == null ? -1 : v;
        }
    }

    /**
     * @param redraws         previews drawn
     * @param skipped         checkpoints skipped because the previous preview was still running
     * @param firstMillis     the first redraw, which also builds the inference graph and decodes the images
     * @param meanMillis      mean time of each later redraw (restore the checkpoint, detect, draw), on the preview thread
     * @param meanCopyMillis  mean time the training thread spent handing a checkpoint over (copying its files)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PreviewCost(int redraws, int skipped, double firstMillis, double meanMillis, double meanCopyMillis) {
    }

    /** The final total loss, or null when unknown. */
    public Double finalLoss() {
        return finalLosses == null ? null : finalLosses.get("total");
    }

    /** Writes {@value #FILE} into the run folder (through a temporary file, so a reader never sees half of it). */
    public void write(Path runFolder) throws IOException {
        writeAtomically(runFolder.resolve(FILE), MAPPER.writeValueAsBytes(this));
    }

    /** The summary of a run folder, or null when it has none. */
    public static RunSummary read(Path runFolder) throws IOException {
        Path f = runFolder.resolve(FILE);
        return Files.isRegularFile(f) ? MAPPER.readValue(f.toFile(), RunSummary.class) : null;
    }

    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static void writeAtomically(Path file, String text) throws IOException {
        writeAtomically(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
