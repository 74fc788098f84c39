package io.detectionstudio.cli;

import java.io.PrintWriter;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line, after the OD API's binaries: {@code train}, {@code eval}, {@code export} and
 * {@code detect}, plus {@code convert}, {@code validate} and {@code make-samples}.
 *
 * <p>Exit codes: 0 success; 1 the input has problems (each printed on one line) or the work failed;
 * 2 wrong usage.
 */
@Command(name = "detection-studio", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"Detection Studio: label, train and inspect object detectors.",
                "With no verb, or with a path, it opens the studio window instead."},
        subcommands = {ValidateCommand.class, ConvertCommand.class, EvalCommand.class, TrainCommand.class,
                DetectCommand.class, ExportCommand.class, CheckpointCommand.class, WeightsCommand.class, BenchCommand.class, PretrainCommand.class, MakeSamplesCommand.class, CommandLine.HelpCommand.class})
public final class Cli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** True when the arguments ask for the command line (a verb or an option), not the studio window. */
    public static boolean isCommandLine(String[] args) {
        if (args.length == 0) {
            return false;
        }
        Set<String> verbs = commandLine().getSubcommands().keySet();
        return verbs.contains(args[0]) || args[0].startsWith("-");
    }

    /** Runs the command line and returns its exit code. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** Runs the command line with its output going to the given writers (for tests). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Cli());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            String verb = commandLine.getCommandName();
            String message = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            commandLine.getErr().println("detection-studio " + verb + ": " + message.lines().findFirst().orElse(""));
            return 1;
        });
        return cl;
    }

    /** The version from the jar's manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Cli.class.getPackage().getImplementationVersion();
            return new String[] {"Detection Studio " + (v == null ? "(development build)" : v)};
        }
    }
}
