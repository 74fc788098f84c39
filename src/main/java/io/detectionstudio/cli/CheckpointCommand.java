package io.detectionstudio.cli;

import io.detectionstudio.model.checkpoint.CheckpointException;
import io.detectionstudio.model.checkpoint.TensorBundleIndex;
import io.detectionstudio.model.checkpoint.VariableInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code checkpoint}: look inside TensorFlow checkpoints. Its one verb today, {@code checkpoint list PREFIX},
 * prints every tensor of a checkpoint's {@code .index} file, one line each (name, dtype, shape, in aligned
 * columns, in the file's order), then a footer with the count and the number of parameters. It needs neither
 * the data shards nor TensorFlow's native library.
 *
 * <p>Exit codes: 0 listed; 1 no such checkpoint, or its index is truncated or corrupt (one line on stderr,
 * naming the file); 2 wrong usage.
 */
@Command(name = "checkpoint", mixinStandardHelpOptions = true,
        description = {"Look inside TensorFlow checkpoints (tf.train.Checkpoint, Saver, a SavedModel's variables).",
                "Verb: list PREFIX."},
        subcommands = {CheckpointCommand.ListCommand.class})
final class CheckpointCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing verb: checkpoint list PREFIX");
    }

    /** {@code checkpoint list PREFIX}: the tensors of a checkpoint, one line each, and a footer. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List the tensors of a checkpoint: name, dtype and shape.",
                    "One line each, in the order of the .index file, then \"N variables, M parameters\"",
                    "(M: the elements of all numeric tensors).",
                    "TF2 checkpoints also hold their object graph, " + VariableInfo.OBJECT_GRAPH + " (a string",
                    "scalar): it is listed and counted like any tensor unless --hide-object-graph.",
                    "Reads only the .index file: no data files or TensorFlow runtime needed.",
                    "Exit code 1 when the checkpoint cannot be found or its index is damaged."})
    static final class ListCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "PREFIX",
                description = {"The checkpoint prefix (.../ckpt-0, the way TensorFlow names checkpoints), its .index file,",
                        "a SavedModel's variables/variables prefix or directory, or a training directory with a",
                        "'checkpoint' state file (its latest checkpoint)."})
        Path prefix;

        @Option(names = "--hide-object-graph",
                description = "Leave out the TF2 object graph entry " + VariableInfo.OBJECT_GRAPH + " (listed by default).")
        boolean hideObjectGraph;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<VariableInfo> variables;
            try {
                variables = TensorBundleIndex.list(prefix);
            } catch (CheckpointException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return 1;
            }
            if (hideObjectGraph) {
                variables = variables.stream().filter(v -> !v.isObjectGraph()).toList();
            }
            int nameWidth = 1;
            int dtypeWidth = 1;
            for (VariableInfo v : variables) {
                nameWidth = Math.max(nameWidth, v.name().length());
                dtypeWidth = Math.max(dtypeWidth, v.dtype().length());
            }
            String format = "%-" + nameWidth + "s  %-" + dtypeWidth + "s  %s";
            long parameters = 0;
            for (VariableInfo v : variables) {
                out.println(String.format(Locale.ROOT, format, v.name(), v.dtype(), v.shapeString()));
                if (v.isNumeric()) {
                    parameters += v.elementCount();
                }
            }
            out.println(String.format(Locale.ROOT, "%,d %s, %,d %s", variables.size(), variables.size() == 1 ? "variable" : "variables",
                    parameters, parameters == 1 ? "parameter" : "parameters"));
            return 0;
        }
    }
}
