package io.detectionstudio.ui.train;

import io.detectionstudio.engine.training.RunSummary;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.detectionstudio.engine.training.TrainingListener;
import io.detectionstudio.model.centernet.CenterNetRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * One row of the runs list. Runs the studio trained have a {@link RunSummary}; others (e.g. from the command line)
 * show what their folder tells: the step count of the last checkpoint and the best validation AP50.
 *
 * @param date      when it started, {@code yyyy-MM-dd HH:mm}
 * @param steps     steps trained, or null when unknown
 * @param seconds   training time, or null when unknown
 * @param finalLoss the last step's total loss, or null when unknown
 * @param ap50      the best validation AP50, or null when it did not validate
 * @param ended     how it ended, in words ({@code finished}, {@code cancelled}, ...; {@code training} while it runs)
 * @param summary   the summary, or null
 */
public record RunEntry(Path folder, String name, String date, Integer steps, Double seconds, Double finalLoss, Double ap50,
                       String ended, RunSummary summary) {

    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Reads a run folder (files only: no model is loaded). */
    public static RunEntry load(Path folder) {
        String name = folder.getFileName().toString();
        RunSummary s;
        try {
            s = RunSummary.read(folder);
        } catch (IOException e) {
            s = null;
        }
        if (s != null) {
            String date;
            try {
                date = s.started() == null ? modified(folder) : DATE.format(LocalDateTime.parse(s.started()));
            } catch (DateTimeParseException e) {
                date = modified(folder);
            }
            Double ap50 = s.best() != null && s.best().ap50() >= 0 ? s.best().ap50() : null;
            return new RunEntry(folder, name, date, s.steps(), s.seconds(), s.finalLoss(), ap50, ended(s.reason()), s);
        }
        Path ckpt = folder.resolve(CenterNetRun.CHECKPOINTS);
        Integer steps = null;
        try {
            steps = Integer.parseInt(Files.readString(ckpt.resolve("step")).strip());
        } catch (IOException | NumberFormatException e) {
            // no step file: a run from before steps were recorded, or one that never finished a step
        }
        Double ap50 = null;
        try {
            JsonNode best = MAPPER.readTree(ckpt.resolve(CenterNetRun.BEST + ".json").toFile());
            JsonNode v = best.path("metrics").path(TrainingListener.AP50);
            ap50 = v.isNumber() && v.asDouble() >= 0 ? v.asDouble() : null;
        } catch (IOException e) {
            // not validated
        }
        return new RunEntry(folder, name, modified(folder), steps, null, null, ap50, "", null);
    }

    /** The row of the run being trained. */
    static RunEntry training(Path folder, String started) {
        return new RunEntry(folder, folder.getFileName().toString(), started, null, null, null, null, "training", null);
    }

    private static String modified(Path folder) {
        try {
            return DATE.format(LocalDateTime.ofInstant(Files.getLastModifiedTime(folder).toInstant(), ZoneId.systemDefault()));
        } catch (IOException e) {
            return "";
        }
    }

    static String ended(String reason) {
        if (reason == null) {
            return "";
        }
        return switch (reason) {
            case "FINISHED" -> "finished";
            case "CANCELLED" -> "cancelled";
            case "TIME_BUDGET" -> "time budget";
            case "EARLY_STOP" -> "stopped early";
            case "FAILED" -> "failed";
            default -> reason.toLowerCase(Locale.ROOT);
        };
    }
}
