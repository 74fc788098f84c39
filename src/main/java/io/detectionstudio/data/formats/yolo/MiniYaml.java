package io.detectionstudio.data.formats.yolo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The small subset of YAML that Ultralytics {@code data.yaml} files use, read and written by hand (the project
 * has no YAML library): block mappings and block lists by indentation, flow lists and mappings ({@code [a, b]},
 * {@code {0: a}}, which may run over several lines), plain, single-quoted and double-quoted scalars, and
 * {@code #} comments. Anchors, aliases, tags, block scalars ({@code |}, {@code >}), multi-line quoted strings and
 * several documents are refused with the line they are on. Scalars stay text; callers give them their type.
 */
final class MiniYaml {

    /** A YAML value: a scalar (text, possibly null), a list or a mapping, with the line it starts on. */
    static final class Node {
        final int line;
        final String scalar;
        final boolean quoted;
        final List<Node> list;
        final Map<String, Node> map;

        private Node(int line, String scalar, boolean quoted, List<Node> list, Map<String, Node> map) {
            this.line = line;
            this.scalar = scalar;
            this.quoted = quoted;
            this.list = list;
            this.map = map;
        }

        static Node scalar(int line, String text, boolean quoted) {
            return new Node(line, text, quoted, null, null);
        }

        static Node list(int line, List<Node> items) {
            return new Node(line, null, false, Collections.unmodifiableList(items), null);
        }

        static Node map(int line, Map<String, Node> entries) {
            return new Node(line, null, false, null, Collections.unmodifiableMap(entries));
        }

        /** The same value, reported at {@code line} (a block collection is reported at its key's line). */
        Node at(int newLine) {
            return new Node(newLine, scalar, quoted, list, map);
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
            return isScalar() && !quoted && NULLS.contains(scalar);
        }

        /** The scalar as an int, or null when it is not a plain whole number. */
        Integer asInt() {
            if (!isScalar() || quoted || !INT.matcher(scalar).matches()) {
                return null;
            }
            try {
                return Integer.parseInt(scalar.startsWith("+") ? scalar.substring(1) : scalar);
            } catch (NumberFormatException e) {
                return null;
            }
        }

        /** How the value looks in a message: the scalar, or a short form of the collection. */
        String describe() {
            if (isScalar()) {
                return quoted ? "\"" + scalar + "\"" : scalar;
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

    /** Text that is not in the subset; {@link #getMessage()} is one line without the line number. */
    static final class YamlError extends Exception {
        final int line;

        YamlError(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");
    private static final Pattern INT = Pattern.compile("[-+]?\\d{1,9}");
    private static final Set<String> RESERVED = Set.of("true", "false", "yes", "no", "on", "off", "y", "n", "null", "~");
    private static final Pattern PLAIN_SAFE = Pattern.compile("[A-Za-z_][A-Za-z0-9_ ./()+-]*");

    private record Line(int no, int indent, String content) {
    }

    private final List<Line> lines = new ArrayList<>();
    private int pos;

    private MiniYaml() {
    }

    /** Parses a document; an empty document is a null scalar. */
    static Node parse(String text) throws YamlError {
        MiniYaml y = new MiniYaml();
        y.split(text);
        if (y.lines.isEmpty()) {
            return Node.scalar(1, "", false);
        }
        Line first = y.lines.get(0);
        if (first.indent != 0) {
            throw new YamlError(first.no, "unexpected indentation");
        }
        Node root;
        if (isSeqItem(first.content) || keyEnd(first.content, first.no) >= 0) {
            root = y.block(0);
        } else {
            if (y.lines.size() > 1) {
                throw new YamlError(first.no, "expected \"key: value\", found \"" + clip(first.content) + "\"");
            }
            y.pos = 1;
            root = y.value(first.content, first, -1, false);
        }
        if (y.pos < y.lines.size()) {
            throw new YamlError(y.lines.get(y.pos).no, "unexpected indentation");
        }
        return root;
    }

    // ---- lines

    private void split(String text) throws YamlError {
        String[] raw = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < raw.length; i++) {
            int no = i + 1;
            String l = raw[i];
            if (i == 0 && l.startsWith("\uFEFF")) {
                l = l.substring(1);
            }
            int indent = 0;
            while (indent < l.length() && (l.charAt(indent) == ' ' || l.charAt(indent) == '\t')) {
                if (l.charAt(indent) == '\t') {
                    throw new YamlError(no, "a tab in the indentation (YAML indents with spaces)");
                }
                indent++;
            }
            String content = stripComment(l.substring(indent)).stripTrailing();
            if (content.isEmpty() || (indent == 0 && content.startsWith("%"))) {
                continue;
            }
            if (indent == 0 && (content.equals("---") || content.startsWith("--- "))) {
                if (!lines.isEmpty()) {
                    throw new YamlError(no, "a second document (---) is not supported");
                }
                continue;
            }
            if (indent == 0 && content.equals("...")) {
                break;
            }
            lines.add(new Line(no, indent, content));
        }
    }

    /** The line without its comment: a {@code #} at the start or after white space, outside quoted scalars. */
    private static String stripComment(String s) {
        boolean atStart = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (atStart && (c == '"' || c == '\'')) {
                int end = quotedEnd(s, i);
                if (end < 0) {
                    return s;
                }
                i = end;
                atStart = false;
                continue;
            }
            if (c == '#' && (i == 0 || s.charAt(i - 1) == ' ')) {
                return s.substring(0, i);
            }
            if (c == ' ') {
                continue;
            }
            atStart = c == '[' || c == '{' || c == ',' || c == '-' && (i + 1 == s.length() || s.charAt(i + 1) == ' ')
                    || c == ':' && (i + 1 == s.length() || s.charAt(i + 1) == ' ');
        }
        return s;
    }

    /** Index of the closing quote of the quoted scalar starting at {@code start}, or -1. */
    private static int quotedEnd(String s, int start) {
        char q = s.charAt(start);
        for (int i = start + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (q == '"' && c == '\\') {
                i++;
            } else if (c == q) {
                if (q == '\'' && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    private static boolean isSeqItem(String content) {
        return content.equals("-") || content.startsWith("- ");
    }

    /** Index of the {@code :} that ends a mapping key on this line, or -1 when the line is not {@code key: ...}. */
    private static int keyEnd(String content, int line) throws YamlError {
        int from = 0;
        char c0 = content.charAt(0);
        if (c0 == '[' || c0 == '{') {
            return -1;
        }
        if (c0 == '"' || c0 == '\'') {
            int end = quotedEnd(content, 0);
            if (end < 0) {
                throw new YamlError(line, "a quoted string that does not end on its line");
            }
            from = end + 1;
        }
        for (int i = from; i < content.length(); i++) {
            if (content.charAt(i) == ':' && (i + 1 == content.length() || content.charAt(i + 1) == ' ')) {
                return i;
            }
        }
        return -1;
    }

    // ---- block structure

    private Node block(int indent) throws YamlError {
        return isSeqItem(lines.get(pos).content) ? sequence(indent) : mapping(indent);
    }

    private Node mapping(int indent) throws YamlError {
        Map<String, Node> map = new LinkedHashMap<>();
        int startLine = lines.get(pos).no;
        while (pos < lines.size() && lines.get(pos).indent == indent) {
            Line l = lines.get(pos);
            if (isSeqItem(l.content)) {
                throw new YamlError(l.no, "a list item where a \"key: value\" was expected");
            }
            int colon = keyEnd(l.content, l.no);
            if (colon < 0) {
                throw new YamlError(l.no, "expected \"key: value\", found \"" + clip(l.content) + "\"");
            }
            String keyText = l.content.substring(0, colon).strip();
            String key = keyText.startsWith("\"") || keyText.startsWith("'") ? quoted(keyText, l.no) : keyText;
            if (map.containsKey(key)) {
                throw new YamlError(l.no, "the key \"" + key + "\" appears twice");
            }
            pos++;
            map.put(key, value(l.content.substring(colon + 1).strip(), l, indent, true));
        }
        if (pos < lines.size() && lines.get(pos).indent > indent) {
            throw new YamlError(lines.get(pos).no, "unexpected indentation");
        }
        return Node.map(startLine, map);
    }

    private Node sequence(int indent) throws YamlError {
        List<Node> items = new ArrayList<>();
        int startLine = lines.get(pos).no;
        while (pos < lines.size() && lines.get(pos).indent == indent && isSeqItem(lines.get(pos).content)) {
            Line l = lines.get(pos);
            String rest = l.content.substring(1).strip();
            pos++;
            if (!rest.isEmpty() && (isSeqItem(rest) || keyEnd(rest, l.no) >= 0)) {
                throw new YamlError(l.no, "a list or mapping inside a list item on one line is not supported");
            }
            items.add(value(rest, l, indent, false));
        }
        if (pos < lines.size() && lines.get(pos).indent > indent) {
            throw new YamlError(lines.get(pos).no, "unexpected indentation");
        }
        return Node.list(startLine, items);
    }

    /** The value after {@code key:} or {@code -}: inline, or the indented block below (lines from {@link #pos}). */
    private Node value(String rest, Line l, int indent, boolean inMapping) throws YamlError {
        if (rest.isEmpty()) {
            if (pos < lines.size() && lines.get(pos).indent > indent) {
                return block(lines.get(pos).indent).at(l.no);
            }
            if (inMapping && pos < lines.size() && lines.get(pos).indent == indent && isSeqItem(lines.get(pos).content)) {
                return sequence(indent).at(l.no);
            }
            return Node.scalar(l.no, "", false);
        }
        char c = rest.charAt(0);
        if (c == '[' || c == '{') {
            StringBuilder text = new StringBuilder(rest);
            while (!balanced(text) && pos < lines.size()) {
                text.append(' ').append(lines.get(pos++).content);
            }
            return new Flow(text.toString(), l.no).parseAll();
        }
        if (c == '|' || c == '>') {
            throw new YamlError(l.no, "block scalars (| and >) are not supported");
        }
        if (c == '&' || c == '*' || c == '!') {
            throw new YamlError(l.no, "anchors, aliases and tags (& * !) are not supported");
        }
        if (c == '"' || c == '\'') {
            return Node.scalar(l.no, quoted(rest, l.no), true);
        }
        if (keyEnd(rest, l.no) >= 0) {
            throw new YamlError(l.no, "a mapping is not allowed here (quote the value if it holds \": \")");
        }
        return Node.scalar(l.no, rest, false);
    }

    /** Whether the brackets of a flow collection close (quoted text aside). */
    private static boolean balanced(CharSequence s) {
        int depth = 0;
        String t = s.toString();
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '"' || c == '\'') {
                int end = quotedEnd(t, i);
                if (end < 0) {
                    return false;
                }
                i = end;
            } else if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                depth--;
            }
        }
        return depth <= 0;
    }

    /** A whole quoted scalar (nothing may follow it). */
    private static String quoted(String s, int line) throws YamlError {
        int end = quotedEnd(s, 0);
        if (end < 0) {
            throw new YamlError(line, "a quoted string that does not end on its line");
        }
        if (!s.substring(end + 1).isBlank()) {
            throw new YamlError(line, "unexpected text after a quoted string: \"" + clip(s.substring(end + 1).strip()) + "\"");
        }
        return unquote(s.substring(0, end + 1), line);
    }

    private static String unquote(String s, int line) throws YamlError {
        char q = s.charAt(0);
        String body = s.substring(1, s.length() - 1);
        if (q == '\'') {
            return body.replace("''", "'");
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = ++i < body.length() ? body.charAt(i) : ' ';
            switch (e) {
                case '\\', '"', '/' -> out.append(e);
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case '0' -> out.append('\0');
                case 'x', 'u', 'U' -> {
                    int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    String hex = body.substring(i + 1, Math.min(body.length(), i + 1 + n));
                    if (hex.length() != n || !hex.matches("[0-9A-Fa-f]+") || Long.parseLong(hex, 16) > Character.MAX_CODE_POINT) {
                        throw new YamlError(line, "a \\" + e + " escape needs " + n + " hex digits of a character");
                    }
                    out.appendCodePoint((int) Long.parseLong(hex, 16));
                    i += n;
                }
                default -> throw new YamlError(line, "unknown escape \\" + e + " in a double-quoted string");
            }
        }
        return out.toString();
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }

    /** A flow collection: {@code [a, 'b', [1, 2]]} or {@code {0: a, 1: b}}. */
    private static final class Flow {
        private final String s;
        private final int line;
        private int i;

        Flow(String s, int line) {
            this.s = s;
            this.line = line;
        }

        Node parseAll() throws YamlError {
            Node n = value();
            skipWs();
            if (i < s.length()) {
                throw new YamlError(line, "unexpected text after a flow collection: \"" + clip(s.substring(i)) + "\"");
            }
            return n;
        }

        private void skipWs() {
            while (i < s.length() && s.charAt(i) == ' ') {
                i++;
            }
        }

        private Node value() throws YamlError {
            skipWs();
            if (i >= s.length()) {
                throw new YamlError(line, "a flow collection that does not close");
            }
            char c = s.charAt(i);
            if (c == '[') {
                i++;
                List<Node> items = new ArrayList<>();
                while (true) {
                    skipWs();
                    if (i < s.length() && s.charAt(i) == ']') {
                        i++;
                        return Node.list(line, items);
                    }
                    items.add(value());
                    skipWs();
                    if (i >= s.length()) {
                        throw new YamlError(line, "a flow collection that does not close");
                    } else if (s.charAt(i) == ',') {
                        i++;
                    } else if (s.charAt(i) != ']') {
                        throw new YamlError(line, "expected \",\" or \"]\" in a flow list");
                    }
                }
            }
            if (c == '{') {
                i++;
                Map<String, Node> map = new LinkedHashMap<>();
                while (true) {
                    skipWs();
                    if (i < s.length() && s.charAt(i) == '}') {
                        i++;
                        return Node.map(line, map);
                    }
                    Node key = scalar(true);
                    skipWs();
                    if (i >= s.length() || s.charAt(i) != ':') {
                        throw new YamlError(line, "expected \":\" after a key in a flow mapping");
                    }
                    i++;
                    if (map.containsKey(key.scalar)) {
                        throw new YamlError(line, "the key \"" + key.scalar + "\" appears twice");
                    }
                    map.put(key.scalar, value());
                    skipWs();
                    if (i >= s.length()) {
                        throw new YamlError(line, "a flow collection that does not close");
                    } else if (s.charAt(i) == ',') {
                        i++;
                    } else if (s.charAt(i) != '}') {
                        throw new YamlError(line, "expected \",\" or \"}\" in a flow mapping");
                    }
                }
            }
            return scalar(false);
        }

        private Node scalar(boolean key) throws YamlError {
            skipWs();
            char c = i < s.length() ? s.charAt(i) : ' ';
            if (c == '"' || c == '\'') {
                int end = quotedEnd(s, i);
                if (end < 0) {
                    throw new YamlError(line, "a quoted string that does not end");
                }
                String text = unquote(s.substring(i, end + 1), line);
                i = end + 1;
                return Node.scalar(line, text, true);
            }
            if (c == '&' || c == '*' || c == '!' || c == '|' || c == '>') {
                throw new YamlError(line, "anchors, aliases, tags and block scalars are not supported");
            }
            int start = i;
            while (i < s.length()) {
                char d = s.charAt(i);
                if (d == ',' || d == ']' || d == '}' || d == '[' || d == '{' || key && d == ':') {
                    break;
                }
                i++;
            }
            return Node.scalar(line, s.substring(start, i).strip(), false);
        }
    }

    // ---- writing

    /** A scalar as YAML: plain when that reads back as the same string, else double-quoted. */
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
