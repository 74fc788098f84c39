package io.detectionstudio.config;

import java.util.List;

/**
 * A config or label map file that cannot be used: it does not parse (the message then names the file, line and
 * column, e.g. {@code pipeline.config:12:5: expected ":" after "num_classes"}), it cannot be read or written, or (label maps) its
 * content is wrong. Each problem is one line; {@link #problems()} lists them all and the message is the first
 * (with a count of the others).
 */
public class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** One problem, one line. */
    public ConfigException(String problem) {
        this(List.of(problem), null);
    }

    /** One problem, one line, with the exception behind it. */
    public ConfigException(String problem, Throwable cause) {
        this(List.of(problem), cause);
    }

    /** Several problems, one line each (at least one). */
    public ConfigException(List<String> problems) {
        this(problems, null);
    }

    private ConfigException(List<String> problems, Throwable cause) {
        super(summary(problems), cause);
        this.problems = List.copyOf(problems);
    }

    /** Every problem, one line each, in file order. */
    public List<String> problems() {
        return problems;
    }

    private static String summary(List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        return problems.size() == 1 ? problems.get(0)
                : problems.get(0) + " (and " + (problems.size() - 1) + " more problem" + (problems.size() == 2 ? "" : "s") + ")";
    }
}
