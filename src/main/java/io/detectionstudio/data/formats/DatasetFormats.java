package io.detectionstudio.data.formats;

import io.detectionstudio.data.formats.createml.CreateMlFormat;
import io.detectionstudio.data.formats.voc.VocFormat;
import io.detectionstudio.data.formats.yolo.YoloFormat;
import io.detectionstudio.data.tfrecord.TfRecordFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The dataset formats this build reads and writes, and how a path's format is inferred. */
public final class DatasetFormats {

    /** In recognition order: Create ML before COCO, since both are .json and only Create ML looks inside. */
    private static final List<DatasetFormat> ALL = List.of(new CreateMlFormat(), new CocoFormat(), new TfRecordFormat(),
            new VocFormat(), new YoloFormat());

    private DatasetFormats() {
    }

    public static List<DatasetFormat> all() {
        return ALL;
    }

    /** The names, comma-separated, for messages and help. */
    public static String names() {
        return ALL.stream().map(DatasetFormat::name).collect(Collectors.joining(", "));
    }

    public static Optional<DatasetFormat> byName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return ALL.stream().filter(f -> f.name().equals(n)).findFirst();
    }

    /** The format of an existing input file or folder. */
    public static Optional<DatasetFormat> inferInput(Path path) {
        return ALL.stream().filter(f -> f.recognizes(path)).findFirst();
    }

    /** The format an output path's name asks for. */
    public static Optional<DatasetFormat> inferOutput(Path path) {
        return ALL.stream().filter(f -> f.recognizesOutput(path)).findFirst();
    }
}
