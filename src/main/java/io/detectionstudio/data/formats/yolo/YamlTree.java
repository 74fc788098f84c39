package io.detectionstudio.data.formats.yolo;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.detectionstudio.core.Messages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML document (Ultralytics {@code data.yaml}) as a tree of scalars, lists and mappings that remember their line,
 * read with Jackson's YAML parser (SnakeYAML underneath), and the quoting of scalars for writing one.
 *
 * <p>All of YAML 1.1 is read (block scalars such as {@code download: |}, flow and block collections, quoting,
 * comments), except anchors and aliases (refused: a data.yaml has no use for them, and expanding them is how YAML
 * bombs work) and a second document. Nesting deeper than {@value #MAX_DEPTH} and documents over
 * {@value #MAX_CHARS} characters are refused, so no input can exhaust the stack or the memory. Scalars stay text;
 * callers give them their type, and only a plain (unquoted) whole number counts as one.
 */
final class YamlTree {

    /** Deepest nesting of lists and mappings read; a data.yaml needs three. */
    static final int MAX_DEPTH = 64;
    /** Largest document read (characters). */
    static final int MAX_CHARS = 16 * 1024 * 1024;

    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .loaderOptions(loaderOptions())
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    private static LoaderOptions loaderOptions() {
        LoaderOptions o = new LoaderOptions();
        o.setNestingDepthLimit(MAX_DEPTH);
        o.setCodePointLimit(MAX_CHARS);
        o.setAllowDuplicateKeys(true); // reported by us, with the line
        o.setMaxAliasesForCollections(0);
        return o;
    }

    /** A YAML value: a scalar (text, possibly null), a list or a mapping, with the line it starts on. */
    static final class Node {
        final int line;
        final String scalar;
        final List<Node> list;
        final Map<String, Node> map;
        private final boolean integer;
        private final boolean nullValue;

        private Node(int line, String scalar, boolean integer, boolean nullValue, List<Node> list,
                     Map<String, Node> map) {
            this.line = line;
            this.scalar = scalar;
            this.integer = integer;
            this.nullValue = nullValue;
            this.list = list;
            this.map = map;
        }

        boolean isList() {
            return list != null;
        }

        boolean isMap() {
            return map != null;
        }

        boolean isScalar() {
            return list == null && map == null;
        }

        /** An empty value, {@code ~} or {@code null} (unquoted). */
        boolean isNull() {
            return nullValue;
        }

        /** The scalar as an int, or null when it is not a plain whole number that fits one. */
        Integer asInt() {
            if (!integer || !INT.matcher(scalar).matches()) {
                return null;
            }
            return Integer.parseInt(scalar.startsWith("+") ? scalar.substring(1) : scalar);
        }

        /** How the value looks in a message: the scalar, or a short form of the collection. */
        String describe() {
            if (isScalar()) {
                return nullValue ? "nothing" : scalar;
            }
            if (isList()) {
                List<String> parts = new ArrayList<>();
                for (Node n : list) {
                    parts.add(n.describe());
                }
                String s = "[" + String.join(", ", parts) + "]";
                return s.length() > 60 ? s.substring(0, 57) + "..." : s;
            }
            return "a mapping";
        }
    }

    /** Text that is not YAML (or that this reader refuses); {@link #getMessage()} is one line without the line number. */
    static final class YamlError extends Exception {
        final int line;

        YamlError(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    private static final Pattern INT = Pattern.compile("[-+]?\\d{1,9}");
    private static final Set<String> RESERVED = Set.of("true", "false", "yes", "no", "on", "off", "y", "n", "null", "~");
    private static final Pattern PLAIN_SAFE = Pattern.compile("[A-Za-z_][A-Za-z0-9_ ./()+-]*");

    private YamlTree() {
    }

    /** Parses a document; an empty document is a null scalar. */
    static Node parse(String text) throws YamlError {
        try (YAMLParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return new Node(1, "", false, true, null, null);
            }
            Node root = value(p);
            if (p.nextToken() != null) {
                throw new YamlError(line(p.currentTokenLocation()), "a second document (---) is not supported");
            }
            return root;
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
                // SnakeYAML's own words: the problem and where it is (its context line comes first otherwise).
                throw new YamlError(m.getProblemMark().getLine() + 1, Messages.firstLine(m.getProblem(), "not YAML"));
            }
            throw new YamlError(line(e.getLocation()), Messages.firstLine(e.getOriginalMessage(), "not YAML"));
        } catch (IOException e) {
            throw new YamlError(0, Messages.firstLine(e.getMessage(), "not YAML"));
        } catch (RuntimeException e) {
            // SnakeYAML's own limits (nesting, size) and scanner errors that Jackson does not wrap.
            throw new YamlError(0, Messages.firstLine(e.getMessage(), "not YAML"));
        }
    }

    /** The value at the parser's current token (its start token for a collection), leaving the parser on its end. */
    private static Node value(YAMLParser p) throws IOException, YamlError {
        int line = line(p.currentTokenLocation());
        if (p.isCurrentAlias() || p.getObjectId() != null) {
            throw new YamlError(line, "anchors and aliases (& *) are not supported");
        }
        JsonToken t = p.currentToken();
        switch (t) {
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(p));
                }
                return new Node(line, null, false, false, Collections.unmodifiableList(items), null);
            }
            case START_OBJECT -> {
                Map<String, Node> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    int keyLine = line(p.currentTokenLocation());
                    if (entries.containsKey(key)) {
                        throw new YamlError(keyLine, "the key \"" + key + "\" appears twice");
                    }
                    p.nextToken();
                    Node v = value(p);
                    // A block collection is reported at its key's line (where a reader looks for it).
                    entries.put(key, v.isScalar() ? v : new Node(keyLine, null, false, false, v.list, v.map));
                }
                return new Node(line, null, false, false, null, Collections.unmodifiableMap(entries));
            }
            case VALUE_NULL -> {
                return new Node(line, p.getText() == null ? "" : p.getText(), false, true, null, null);
            }
            case VALUE_NUMBER_INT -> {
                return new Node(line, p.getText(), true, false, null, null);
            }
            case VALUE_STRING -> {
                // An empty plain scalar ("test:") is null; an empty quoted one ("") takes room in the text.
                boolean empty = p.getText().isEmpty()
                        && p.currentLocation().getCharOffset() == p.currentTokenLocation().getCharOffset();
                return new Node(line, p.getText(), false, empty, null, null);
            }
            case VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_EMBEDDED_OBJECT -> {
                return new Node(line, p.getText(), false, false, null, null);
            }
            default -> throw new YamlError(line, "unexpected " + t);
        }
    }

    /** A mapping key as a class index: a plain whole number, else null. */
    static Integer intKey(String key) {
        return INT.matcher(key).matches() ? Integer.valueOf(Integer.parseInt(key.startsWith("+") ? key.substring(1) : key)) : null;
    }

    private static int line(JsonLocation at) {
        return at == null ? 0 : Math.max(0, at.getLineNr());
    }

    /** A scalar as YAML text that reads back as the same string: plain when that is safe, else double-quoted. */
    static String scalar(String s) {
        if (PLAIN_SAFE.matcher(s).matches() && !s.endsWith(" ") && !s.contains("  ")
                && !RESERVED.contains(s.toLowerCase(Locale.ROOT))) {
            return s;
        }
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
