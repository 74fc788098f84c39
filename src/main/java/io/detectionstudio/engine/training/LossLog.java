package io.detectionstudio.engine.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every step's losses of a run, as the CSV {@value #FILE} in its folder: a header
 * {@code step,seconds,learning_rate,<loss terms...>} (the terms as the job names them, {@code total} last) and one
 * line per step, written by {@link RunRecorder}. The studio's runs list compares runs from it.
 *
 * @param terms the loss terms, in column order
 * @param rows  one per step, in order
 */
public record LossLog(List<String> terms, List<Row> rows) {

    public static final String FILE = "losses.csv";

    /** One value of a term: its step and the loss. */
    public record Point(int step, double value) {
    }

    /** One step: when it ended (seconds since the job started), its learning rate, its losses in {@link #terms} order. */
    public record Row(int step, double seconds, double learningRate, double[] losses) {
    }

    public LossLog {
        terms = List.copyOf(terms);
        rows = List.copyOf(rows);
    }

    /** The values of one term by step (empty when the run did not report it). */
    public List<Point> curve(String term) {
        int i = terms.indexOf(term);
        if (i < 0) {
            return List.of();
        }
        List<Point> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(new Point(r.step(), r.losses()[i]));
        }
        return out;
    }

    public void write(Path runFolder) throws IOException {
        StringBuilder b = new StringBuilder("step,seconds,learning_rate");
        terms.forEach(t -> b.append(',').append(t));
        b.append('\n');
        for (Row r : rows) {
            b.append(r.step()).append(',').append(String.format(Locale.ROOT, "%.3f,%.6g", r.seconds(), r.learningRate()));
            for (double v : r.losses()) {
                b.append(',').append(String.format(Locale.ROOT, "%.6g", v));
            }
            b.append('\n');
        }
        RunSummary.writeAtomically(runFolder.resolve(FILE), b.toString());
    }

    /** The log of a run folder, or null when it has none. */
    public static LossLog read(Path runFolder) throws IOException {
        Path f = runFolder.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        List<String> lines = Files.readAllLines(f);
        if (lines.isEmpty()) {
            throw new IOException(f + ": empty");
        }
        String[] header = lines.get(0).split(",");
        if (header.length < 4 || !header[0].equals("step")) {
            throw new IOException(f + ": not a loss log (header " + lines.get(0) + ")");
        }
        List<String> terms = List.of(header).subList(3, header.length);
        List<Row> rows = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank()) {
                continue;
            }
            String[] f2 = line.split(",");
            if (f2.length != header.length) {
                throw new IOException(f + ":" + (n + 1) + ": " + f2.length + " fields, the header has " + header.length);
            }
            try {
                double[] losses = new double[terms.size()];
                for (int i = 0; i < losses.length; i++) {
                    losses[i] = Double.parseDouble(f2[3 + i]);
                }
                rows.add(new Row(Integer.parseInt(f2[0]), Double.parseDouble(f2[1]), Double.parseDouble(f2[2]), losses));
            } catch (NumberFormatException e) {
                throw new IOException(f + ":" + (n + 1) + ": not a number: " + e.getMessage());
            }
        }
        return new LossLog(terms, rows);
    }
}
