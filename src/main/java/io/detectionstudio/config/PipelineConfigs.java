package io.detectionstudio.config;

import io.detectionstudio.proto.odapi.TrainEvalPipelineConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the OD API's {@code pipeline.config}: a {@link TrainEvalPipelineConfig} in protobuf text
 * format, with the OD API's own message and field names, so a file written here is read by the OD API and the
 * other way round.
 *
 * <p>What our protos do not define (a field, an enum value, an extension) is never dropped silently and never
 * fatal: it is left out of the message and reported as a {@link ConfigWarning}, e.g.
 * {@code pipeline.config:12: model.ssd.foo_bar: not supported by Detection Studio, ignored}. An unknown enum
 * value is reported the same way ({@code ...score_converter: value FOO is not supported by Detection Studio,
 * ignored}) and the field keeps its default. A file that does not parse, or a value of the wrong type, is a
 * {@link ConfigException} whose message is one line with file, line and column.
 */
public final class PipelineConfigs {

    /**
     * A parsed config.
     *
     * @param config   the message, without whatever was ignored
     * @param warnings what was ignored, in file order
     * @param lines    the 1-based line of each field path that was read (paths as in {@link ConfigWarning})
     */
    public record Result(TrainEvalPipelineConfig config, List<ConfigWarning> warnings, Map<String, Integer> lines) {

        public Result {
            warnings = List.copyOf(warnings);
            lines = Map.copyOf(lines);
        }

        /** The line a field path was read from (e.g. {@code model.ssd.num_classes}), or 0 when it was not in the file. */
        public int lineOf(String path) {
            return lines.getOrDefault(path, 0);
        }
    }

    private PipelineConfigs() {
    }

    /** Reads a {@code pipeline.config} (UTF-8). Messages name the file as {@code file.toString()} gives it. */
    public static Result read(Path file) throws ConfigException {
        return parse(TextFiles.readText(file), file.toString());
    }

    /** Parses config text; {@code fileName} is what messages call it. */
    public static Result parse(String text, String fileName) throws ConfigException {
        TextFormatReader.Parsed<TrainEvalPipelineConfig> parsed =
                TextFormatReader.parse(text, fileName, TrainEvalPipelineConfig.getDefaultInstance());
        return new Result(parsed.message(), parsed.warnings(), parsed.lines());
    }

    /** The config as protobuf text format (UTF-8 text, non-ASCII characters kept as they are). */
    public static String toText(TrainEvalPipelineConfig config) {
        return TextFiles.print(config);
    }

    /** Writes the config atomically: a temporary file beside it, then a move over the target. */
    public static void write(TrainEvalPipelineConfig config, Path file) throws ConfigException {
        TextFiles.writeAtomically(toText(config), file);
    }
}
