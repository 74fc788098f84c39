package io.detectionstudio.data.formats;

import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.data.Problem;
import java.nio.file.Path;
import java.util.List;

/** One dataset format: how to recognize, read and write it. Implementations are stateless. */
public interface DatasetFormat {

    /** What a read found: the dataset (entries that could be read) and one problem per thing that could not. */
    record ReadResult(Dataset dataset, List<Problem> problems) {
        public ReadResult {
            problems = List.copyOf(problems);
        }
    }

    /** Short lower-case name used on the command line: {@code coco}, {@code voc}, {@code yolo}, ... */
    String name();

    /** One line for {@code --help}: what paths this format reads and writes. */
    String description();

    /** True when {@code path} (an existing file or folder) looks like this format. */
    boolean recognizes(Path path);

    /** True when writing to {@code path} (which may not exist yet) would be this format, judged by its name. */
    boolean recognizesOutput(Path path);

    /**
     * Reads a dataset. Image file names in the result resolve against {@link Dataset#imageRoot()}.
     *
     * @throws DatasetException when nothing can be read at all (one line naming the file)
     */
    ReadResult read(Path path) throws DatasetException;

    /**
     * Writes a dataset, all or nothing: on failure nothing is left at {@code path}, and an existing output is
     * not half overwritten.
     *
     * @throws DatasetException with a one-line message naming the file and what is wrong
     */
    void write(Dataset dataset, Path path) throws DatasetException;
}
