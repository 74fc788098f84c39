package io.detectionstudio.ui.train;

import io.detectionstudio.engine.training.LossLog;
import io.detectionstudio.ui.StudioViewModel;
import io.detectionstudio.data.FileTrees;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Train panel's runs list: the project's runs with their summaries (read in the background from the files
 * {@link io.detectionstudio.engine.training.RunRecorder} wrote), the run being trained, and opening, comparing and
 * deleting runs. Every method is called on the FX thread.
 */
public final class RunsViewModel {

    /** Runs side by side: each with its total loss by step (downsampled to {@link LossChart#POINTS}). */
    public record Comparison(List<Compared> runs) {
    }

    /** One run of a {@link Comparison}; {@code totalLoss} is empty when the run has no {@link LossLog}. */
    public record Compared(RunEntry run, List<DownsampledCurve.Point> totalLoss) {
    }

    private final StudioViewModel studio;
    private final Consumer<String> message;
    private final ObservableList<RunEntry> runs = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Comparison> comparison = new ReadOnlyObjectWrapper<>();

    /** @param message where one-line outcomes go (the Train panel's message) */
    RunsViewModel(StudioViewModel studio, Consumer<String> message) {
        this.studio = studio;
        this.message = message;
    }

    /**
     * Re-reads the runs' summaries in the background; {@code training} (or null) is listed as training, first when it
     * is not among the studio's runs yet, with {@code started} as its date.
     */
    void reload(Path training, String started) {
        List<Path> folders = List.copyOf(studio.runs());
        studio.run(() -> folders.stream().map(RunEntry::load).toList(), list -> {
            List<RunEntry> rows = new ArrayList<>();
            if (training != null && !folders.contains(training)) {
                rows.add(RunEntry.training(training, started));
            }
            for (RunEntry e : list) {
                rows.add(e.folder().equals(training) ? RunEntry.training(e.folder(), e.date()) : e);
            }
            runs.setAll(rows);
        });
    }

    /** Inspect (and the browser's "predicted" status) use this run. */
    public void open(RunEntry run) {
        if (run == null) {
            return;
        }
        studio.selectedRunProperty().set(run.folder());
        studio.setStatus("Inspect now uses run " + run.name());
    }

    /** Loads the loss curves of two or more runs for {@link #comparisonProperty()}. */
    public void compare(List<RunEntry> chosen) {
        if (chosen.size() < 2) {
            message.accept("Select two or more runs to compare (Ctrl+click).");
            return;
        }
        List<RunEntry> list = List.copyOf(chosen);
        studio.run(() -> {
            List<Compared> out = new ArrayList<>();
            for (RunEntry e : list) {
                LossLog log = LossLog.read(e.folder());
                DownsampledCurve c = new DownsampledCurve(LossChart.POINTS);
                if (log != null) {
                    log.curve(TrainViewModel.TOTAL).forEach(p -> c.add(p.step(), p.value()));
                }
                out.add(new Compared(e, List.copyOf(c.points())));
            }
            return new Comparison(out);
        }, comparison::set, msg -> message.accept("Cannot compare: " + msg));
    }

    public void closeComparison() {
        comparison.set(null);
    }

    /** Deletes runs' folders (the caller has asked the user); {@code running}, the run in progress, is refused. */
    void delete(List<RunEntry> chosen, Path running) {
        List<Path> folders = chosen.stream().map(RunEntry::folder).toList();
        if (folders.isEmpty()) {
            return;
        }
        if (running != null && folders.contains(running)) {
            message.accept("Cancel the run before deleting it.");
            return;
        }
        studio.run(() -> {
            for (Path f : folders) {
                FileTrees.delete(f);
            }
            return folders.size();
        }, n -> {
            Comparison c = comparison.get();
            if (c != null && c.runs().stream().anyMatch(r -> folders.contains(r.run().folder()))) {
                comparison.set(null);
            }
            String text = n == 1 ? "Deleted run " + folders.get(0).getFileName() : "Deleted " + n + " runs";
            message.accept(text);
            studio.setStatus(text);
            studio.refreshRuns();
        }, msg -> {
            message.accept("Could not delete: " + msg);
            studio.refreshRuns();
        });
    }

    /** The project's runs, newest first, with their summaries. */
    public ObservableList<RunEntry> runs() {
        return runs;
    }

    public ReadOnlyObjectProperty<Comparison> comparisonProperty() {
        return comparison.getReadOnlyProperty();
    }
}
