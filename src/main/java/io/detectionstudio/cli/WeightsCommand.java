package io.detectionstudio.cli;

import io.detectionstudio.engine.weights.InstalledStart;
import io.detectionstudio.engine.weights.KnownStart;
import io.detectionstudio.engine.weights.WeightsDownloader;
import io.detectionstudio.engine.weights.WeightsException;
import io.detectionstudio.engine.weights.WeightsStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weights}: the pretrained starts training begins from. {@code list} shows the catalogue and what is
 * installed, {@code download NAME} fetches one (resumable, checksum checked), {@code import FILE} installs a file the
 * user downloaded. The store is {@code ~/.detection-studio/weights/} ({@code -Ddetectionstudio.data} moves it).
 *
 * <p>Exit codes: 0 done; 1 it failed (one line on stderr naming the file or URL); 2 wrong usage.
 */
@Command(name = "weights", mixinStandardHelpOptions = true,
        description = {"Pretrained starts for training: real networks trained on ImageNet, COCO and VOC.",
                "Verbs: list, download NAME, import FILE. They are kept in ~/.detection-studio/weights/",
                "(or DIR/weights/ with -Ddetectionstudio.data=DIR)."},
        subcommands = {WeightsCommand.ListCommand.class, WeightsCommand.DownloadCommand.class, WeightsCommand.ImportCommand.class})
final class WeightsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing verb: weights list | weights download NAME | weights import FILE");
    }

    /** {@code weights list}: every catalogue start (installed or not) and every imported file. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List the known starts and the imported ones: name, installed or not, size, licence, what it is.",
                    "Then the folder they are kept in."})
    static final class ListCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            WeightsStore store = WeightsStore.atDefaultLocation();
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"NAME", "STATUS", "SIZE", "LICENCE", "WHAT IT IS"});
            for (KnownStart s : store.catalogue().starts()) {
                long part = store.partBytes(s);
                String status = store.isInstalled(s) ? "installed"
                        : part > 0 ? String.format(Locale.ROOT, "partial (%d%%)", part * 100 / s.size()) : "not installed";
                rows.add(new String[] {s.name(), status, megabytes(s.size()), s.licence(), s.description()});
            }
            for (InstalledStart s : store.installed()) {
                if (s.imported()) {
                    rows.add(new String[] {s.name(), "imported", megabytes(s.size()), s.licence(), s.description()});
                }
            }
            int[] widths = new int[4];
            for (String[] r : rows) {
                for (int i = 0; i < widths.length; i++) {
                    widths[i] = Math.max(widths[i], r[i].length());
                }
            }
            String format = "%-" + widths[0] + "s  %-" + widths[1] + "s  %" + widths[2] + "s  %-" + widths[3] + "s  %s%n";
            for (String[] r : rows) {
                out.printf(Locale.ROOT, format, (Object[]) r);
            }
            out.println("Folder: " + store.folder());
            return 0;
        }
    }

    /** {@code weights download NAME}: progress lines on stderr, one result line on stdout. */
    @Command(name = "download", mixinStandardHelpOptions = true,
            description = {"Download a known start from its public address and install it: resumed where an earlier try",
                    "stopped, its SHA-256 checked before it is installed. Progress goes to stderr.",
                    "Offline: download the file another way and use 'weights import FILE'.",
                    "Exit code 1 when it cannot connect, the transfer breaks off or the checksum is wrong."})
    static final class DownloadCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "A start's name, as 'weights list' shows it.")
        String name;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            WeightsStore store = WeightsStore.atDefaultLocation();
            Optional<KnownStart> start = store.catalogue().byName(name);
            if (start.isEmpty()) {
                err.println("no start named " + name + " (known: " + store.catalogue().names() + ")");
                return 1;
            }
            if (store.isInstalled(start.get())) {
                out.println(name + " is already installed: " + store.fileOf(start.get()));
                return 0;
            }
            WeightsDownloader downloader = new WeightsDownloader(store);
            err.println("Downloading " + name + " from " + downloader.urlOf(start.get()));
            int[] lastTenth = {-1};
            try {
                InstalledStart s = downloader.download(start.get(), (bytes, total) -> {
                    int tenth = total > 0 ? (int) (bytes * 10 / total) : -1;
                    if (tenth > lastTenth[0]) {
                        lastTenth[0] = tenth;
                        err.println("  " + WeightsDownloader.describeProgress(bytes, total));
                    }
                }, () -> false);
                out.println("Installed " + s.name() + " (" + megabytes(s.size()) + ", SHA-256 checked): " + s.file());
                return 0;
            } catch (WeightsException | CancellationException e) {
                err.println(firstLine(e));
                return 1;
            }
        }
    }

    /** {@code weights import FILE}: a file the user downloaded. */
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Install a .tflite file you downloaded yourself: a known one (by its SHA-256) under its",
                    "catalogue name; another one if it reads as a supported MobileNetV2, under its file name, listed as",
                    "imported. The file is copied; the original stays where it is.",
                    "Exit code 1 when the file is missing or is not a supported network."})
    static final class ImportCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "The .tflite file.")
        Path file;

        @Override
        public Integer call() {
            WeightsStore store = WeightsStore.atDefaultLocation();
            try {
                InstalledStart s = store.importFile(file);
                spec.commandLine().getOut().println("Installed " + s.name() + (s.imported() ? " (imported: " : " (")
                        + s.description() + "): " + s.file());
                return 0;
            } catch (WeightsException e) {
                spec.commandLine().getErr().println(firstLine(e));
                return 1;
            }
        }
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.lines().findFirst().orElse("");
    }
}
