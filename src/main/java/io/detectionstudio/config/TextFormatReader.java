package io.detectionstudio.config;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.ExtensionRegistry;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads protobuf text format deterministically, reporting what the message's descriptors do not define.
 *
 * <p>Two passes. The first walks the text against the descriptors (its own tokenizer, as permissive as
 * protobuf's): each field, extension or enum value that is not defined becomes a {@link ConfigWarning} with its
 * path and line, and its text is blanked out (spaces, newlines kept, so every line and column stays where it
 * was). The second pass is protobuf-java's strict {@link TextFormat.Parser} on the blanked text, so values are
 * checked exactly as protobuf checks them; its errors keep the original line and column. Singular fields given
 * twice keep the last value, as the OD API's {@code text_format.Merge} does.
 */
final class TextFormatReader {

    /** The message, what was ignored, and the line of every field path that was read. */
    record Parsed<M extends Message>(M message, List<ConfigWarning> warnings, Map<String, Integer> lines) {
    }

    private static final String UNSUPPORTED = "not supported by Detection Studio, ignored";

    /** Deepest nesting of messages read (protobuf's own parsers stop at 100 too); deeper is an error, not a stack overflow. */
    static final int MAX_DEPTH = 100;

    private TextFormatReader() {
    }

    @SuppressWarnings("unchecked")
    static <M extends Message> Parsed<M> parse(String text, String file, M defaultInstance) throws ConfigException {
        Scan scan = new Scan(text, file);
        scan.run(defaultInstance.getDescriptorForType());
        Message.Builder builder = defaultInstance.newBuilderForType();
        try {
            TextFormat.Parser.newBuilder().build().merge(scan.cleanedText(), ExtensionRegistry.getEmptyRegistry(), builder);
        } catch (TextFormat.ParseException e) {
            throw new ConfigException(file + ":" + e.getLine() + ":" + e.getColumn() + ": " + oneLine(stripPosition(e.getMessage())));
        }
        return new Parsed<>((M) builder.build(), List.copyOf(scan.warnings), Map.copyOf(scan.lines));
    }

    /** Text quoted from the file, made one printable line: control characters (a lone CR too) as escapes. */
    static String oneLine(String s) {
        if (s == null || s.chars().noneMatch(Character::isISOControl)) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return b.toString();
    }

    /** Protobuf prefixes its messages with "line:column: "; we print our own. */
    private static String stripPosition(String message) {
        String m = message == null ? "" : message;
        int first = m.indexOf(':');
        int second = first < 0 ? -1 : m.indexOf(':', first + 1);
        if (second > 0 && m.substring(0, first).chars().allMatch(Character::isDigit)
                && m.substring(first + 1, second).chars().allMatch(Character::isDigit)) {
            m = m.substring(second + 1).strip();
        }
        return m.replace('\n', ' ');
    }

    private enum Kind { WORD, NUMBER, STRING, SYMBOL }

    private record Token(Kind kind, String text, int start, int end, int line, int column) {
        boolean is(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }
    }

    /** One walk over one text. */
    private static final class Scan {
        private final String text;
        private final String file;
        private final List<Token> tokens = new ArrayList<>();
        private final List<int[]> blanks = new ArrayList<>();
        private final List<ConfigWarning> warnings = new ArrayList<>();
        private final Map<String, Integer> lines = new LinkedHashMap<>();
        private int pos;
        private int depth;

        Scan(String text, String file) {
            this.text = text;
            this.file = file;
        }

        void run(Descriptor root) throws ConfigException {
            tokenize();
            body(root, "", null, null);
        }

        String cleanedText() {
            char[] chars = text.toCharArray();
            for (int[] b : blanks) {
                for (int i = b[0]; i < b[1]; i++) {
                    if (chars[i] != '\n' && chars[i] != '\r') {
                        chars[i] = ' ';
                    }
                }
            }
            return new String(chars);
        }

        // ---- tokenizer (the token classes of protobuf's text format tokenizer) ----

        private void tokenize() throws ConfigException {
            int i = 0;
            int line = 1;
            int lineStart = 0;
            int n = text.length();
            while (i < n) {
                char c = text.charAt(i);
                if (c == '\n') {
                    i++;
                    line++;
                    lineStart = i;
                } else if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '#') {
                    while (i < n && text.charAt(i) != '\n') {
                        i++;
                    }
                } else if (Character.isLetter(c) || c == '_') {
                    int s = i;
                    while (i < n && isWordChar(text.charAt(i))) {
                        i++;
                    }
                    tokens.add(new Token(Kind.WORD, text.substring(s, i), s, i, line, s - lineStart + 1));
                } else if (Character.isDigit(c) || c == '-' || c == '+'
                        || (c == '.' && i + 1 < n && Character.isDigit(text.charAt(i + 1)))) {
                    int s = i;
                    i++;
                    while (i < n && (isWordChar(text.charAt(i)) || text.charAt(i) == '.')) {
                        i++;
                    }
                    tokens.add(new Token(Kind.NUMBER, text.substring(s, i), s, i, line, s - lineStart + 1));
                } else if (c == '"' || c == '\'') {
                    int s = i;
                    i++;
                    while (true) {
                        if (i >= n || text.charAt(i) == '\n') {
                            throw error(line, s - lineStart + 1, "string not closed on its line");
                        }
                        char d = text.charAt(i);
                        if (d == '\\') {
                            i += 2;
                        } else if (d == c) {
                            i++;
                            break;
                        } else {
                            i++;
                        }
                    }
                    tokens.add(new Token(Kind.STRING, text.substring(s, i), s, i, line, s - lineStart + 1));
                } else {
                    tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), i, i + 1, line, i - lineStart + 1));
                    i++;
                }
            }
        }

        private static boolean isWordChar(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '+';
        }

        // ---- walker ----

        /**
         * Fields until {@code closer} (not consumed) or the end; {@code type} null skips without reporting.
         * {@code opened} says what the closer would close, for the error when it is missing.
         */
        private void body(Descriptor type, String path, String closer, String opened) throws ConfigException {
            Map<String, Integer> counts = new HashMap<>();
            Map<String, Token> oneofs = new HashMap<>();
            while (true) {
                Token t = peek();
                if (t == null) {
                    if (closer != null) {
                        throw errorAtEnd("expected \"" + closer + "\" closing " + opened + " before the end of the file");
                    }
                    return;
                }
                if (closer != null && t.is(closer)) {
                    return;
                }
                field(type, path, counts, oneofs);
            }
        }

        private void field(Descriptor type, String path, Map<String, Integer> counts, Map<String, Token> oneofs)
                throws ConfigException {
            Token nameToken = next();
            String name;
            FieldDescriptor fd = null;
            if (nameToken.is("[")) {
                StringBuilder sb = new StringBuilder("[");
                while (true) {
                    Token t = peek();
                    if (t == null) {
                        throw errorAtEnd("expected \"]\" closing the extension name");
                    }
                    next();
                    if (t.is("]")) {
                        break;
                    }
                    sb.append(t.text());
                }
                name = sb.append(']').toString();
            } else if (nameToken.kind() == Kind.WORD) {
                name = nameToken.text();
                fd = type == null ? null : type.findFieldByName(name);
            } else {
                throw error(nameToken, "expected a field name, found \"" + nameToken.text() + "\"");
            }
            if (fd != null && fd.getContainingOneof() != null) {
                // as the OD API's parser does: two members of one oneof is an error, not "the last one wins"
                Token other = oneofs.putIfAbsent(fd.getContainingOneof().getName(), nameToken);
                if (other != null && !other.text().equals(name)) {
                    throw error(nameToken, "\"" + name + "\" and \"" + other.text() + "\" (line " + other.line()
                            + ") are both set, but only one of the oneof \"" + fd.getContainingOneof().getName() + "\" can be");
                }
            }
            boolean report = type != null && fd == null;
            String fieldPath = path == null ? null : path.isEmpty() ? name : path + "." + name;
            if (fd != null) {
                lines.putIfAbsent(fieldPath, nameToken.line());
            }
            boolean messageField = fd != null && fd.getJavaType() == FieldDescriptor.JavaType.MESSAGE;

            boolean colon = tryConsume(":");
            Token v = peek();
            if (v == null) {
                throw errorAtEnd("expected a value for \"" + name + "\"");
            }
            if (v.is("{") || v.is("<")) {
                messageValue(messageField ? fd.getMessageType() : null, messageField ? element(fieldPath, fd, counts, v) : null, name);
            } else if (v.is("[")) {
                list(fd, messageField, fieldPath, counts, nameToken);
            } else {
                if (!colon) {
                    throw error(v, "expected \":\" after \"" + name + "\"");
                }
                int[] span = scalar();
                if (fd != null && fd.getJavaType() == FieldDescriptor.JavaType.ENUM
                        && !enumValueKnown(fd.getEnumType(), text.substring(span[0], span[1]))) {
                    report(nameToken, fieldPath, "value " + text.substring(span[0], span[1]).strip() + " is " + UNSUPPORTED);
                    blankField(nameToken);
                    return;
                }
            }
            if (report) {
                report(nameToken, fieldPath, UNSUPPORTED);
                blankField(nameToken);
            } else {
                separator();
            }
        }

        /** The path of one element of a (possibly repeated) message field, its line recorded. */
        private String element(String fieldPath, FieldDescriptor fd, Map<String, Integer> counts, Token at) {
            if (!fd.isRepeated()) {
                return fieldPath;
            }
            int index = counts.merge(fd.getName(), 1, Integer::sum) - 1;
            String p = fieldPath + "[" + index + "]";
            lines.putIfAbsent(p, at.line());
            return p;
        }

        private void messageValue(Descriptor type, String path, String name) throws ConfigException {
            Token open = next();
            if (depth == MAX_DEPTH) {
                throw error(open, "messages nested more than " + MAX_DEPTH + " deep");
            }
            String closer = open.is("{") ? "}" : ">";
            depth++;
            body(type, path, closer, name + " (line " + open.line() + ")");
            depth--;
            next();
        }

        private void list(FieldDescriptor fd, boolean messageField, String fieldPath, Map<String, Integer> counts, Token nameToken)
                throws ConfigException {
            next(); // [
            List<int[]> elements = new ArrayList<>();
            List<Token> commas = new ArrayList<>();
            List<Boolean> known = new ArrayList<>();
            if (!peekIs("]")) {
                while (true) {
                    Token e = peek();
                    if (e == null) {
                        throw errorAtEnd("expected \"]\" closing the list of \"" + nameToken.text() + "\"");
                    }
                    if (e.is("{") || e.is("<")) {
                        messageValue(messageField ? fd.getMessageType() : null, messageField ? element(fieldPath, fd, counts, e) : null,
                                nameToken.text());
                        elements.add(new int[] {e.start(), tokens.get(pos - 1).end()});
                        known.add(true);
                    } else {
                        int[] span = scalar();
                        elements.add(span);
                        known.add(fd == null || fd.getJavaType() != FieldDescriptor.JavaType.ENUM
                                || enumValueKnown(fd.getEnumType(), text.substring(span[0], span[1])));
                    }
                    Token sep = peek();
                    if (sep != null && sep.is(",")) {
                        commas.add(next());
                    } else if (sep != null && sep.is("]")) {
                        break;
                    } else if (sep == null) {
                        throw errorAtEnd("expected \"]\" closing the list of \"" + nameToken.text() + "\"");
                    } else {
                        throw error(sep, "expected \",\" or \"]\" in the list of \"" + nameToken.text() + "\"");
                    }
                }
            }
            next(); // ]
            if (fd == null) {
                return; // the caller reports and blanks the whole field when it is unknown
            }
            if (!known.contains(false)) {
                separator();
                return;
            }
            if (!known.contains(true)) {
                report(nameToken, fieldPath, "values " + unknownValues(elements, known) + " are " + UNSUPPORTED);
                blankField(nameToken);
                return;
            }
            report(nameToken, fieldPath, (known.stream().filter(k -> !k).count() == 1 ? "value " : "values ")
                    + unknownValues(elements, known) + (known.stream().filter(k -> !k).count() == 1 ? " is " : " are ") + UNSUPPORTED);
            int lastKept = known.lastIndexOf(true);
            for (int i = 0; i < elements.size(); i++) {
                if (!known.get(i)) {
                    blanks.add(elements.get(i));
                }
                if (i < commas.size() && !(known.get(i) && i < lastKept)) {
                    blanks.add(new int[] {commas.get(i).start(), commas.get(i).end()});
                }
            }
            separator();
        }

        private String unknownValues(List<int[]> elements, List<Boolean> known) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < elements.size(); i++) {
                if (!known.get(i)) {
                    out.add(text.substring(elements.get(i)[0], elements.get(i)[1]).strip());
                }
            }
            return String.join(", ", out);
        }

        /** A scalar value: adjacent strings, or a word or number with an optional separate sign. */
        private int[] scalar() throws ConfigException {
            Token first = peek();
            if (first == null) {
                throw errorAtEnd("expected a value");
            }
            if (first.kind() == Kind.STRING) {
                Token last = next();
                while (peek() != null && peek().kind() == Kind.STRING) {
                    last = next();
                }
                return new int[] {first.start(), last.end()};
            }
            if (first.kind() == Kind.NUMBER && (first.text().equals("-") || first.text().equals("+"))) {
                next();
                Token v = peek();
                if (v == null || (v.kind() != Kind.WORD && v.kind() != Kind.NUMBER)) {
                    throw v == null ? errorAtEnd("expected a number after \"" + first.text() + "\"")
                            : error(v, "expected a number after \"" + first.text() + "\"");
                }
                next();
                return new int[] {first.start(), v.end()};
            }
            if (first.kind() == Kind.WORD || first.kind() == Kind.NUMBER) {
                next();
                return new int[] {first.start(), first.end()};
            }
            throw error(first, "expected a value, found \"" + first.text() + "\"");
        }

        private static boolean enumValueKnown(EnumDescriptor type, String value) {
            String v = value.strip();
            if (v.isEmpty() || v.charAt(0) == '"' || v.charAt(0) == '\'') {
                return true; // not an enum literal at all: protobuf's parser reports it
            }
            if (Character.isLetter(v.charAt(0)) || v.charAt(0) == '_') {
                return type.findValueByName(v) != null;
            }
            try {
                return type.findValueByNumber(Integer.parseInt(v.replace(" ", ""))) != null;
            } catch (NumberFormatException e) {
                return true; // protobuf's parser reports the malformed number
            }
        }

        /** Blanks from the field's name to the end of what was consumed, with a trailing separator. */
        private void blankField(Token nameToken) {
            if (peekIs(";") || peekIs(",")) {
                next();
            }
            blanks.add(new int[] {nameToken.start(), tokens.get(pos - 1).end()});
        }

        private void separator() {
            if (peekIs(";") || peekIs(",")) {
                next();
            }
        }

        private void report(Token at, String path, String message) {
            warnings.add(new ConfigWarning(file, at.line(), at.column(), oneLine(path), oneLine(message)));
        }

        // ---- token access ----

        private Token peek() {
            return pos < tokens.size() ? tokens.get(pos) : null;
        }

        private boolean peekIs(String symbol) {
            Token t = peek();
            return t != null && t.is(symbol);
        }

        private Token next() {
            return tokens.get(pos++);
        }

        private boolean tryConsume(String symbol) {
            if (peekIs(symbol)) {
                pos++;
                return true;
            }
            return false;
        }

        private ConfigException error(Token at, String message) {
            return error(at.line(), at.column(), message);
        }

        private ConfigException error(int line, int column, String message) {
            return new ConfigException(file + ":" + line + ":" + column + ": " + oneLine(message));
        }

        private ConfigException errorAtEnd(String message) {
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            return error(line, text.length() - lineStart + 1, message);
        }
    }
}
