package io.detectionstudio.data.formats.voc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.detectionstudio.data.CocoJson;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.data.Problem;
import io.detectionstudio.data.formats.DatasetFormat;
import io.detectionstudio.data.image.ImageInfo;
import io.detectionstudio.data.image.ImageLoader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Golden cases for dataset formats: each case is two files in a resource folder, {@code NAME.input.txt} and
 * {@code NAME.expected.txt}, so adding a case is adding two files.
 *
 * <p>An input is a <em>bundle</em>: a few files in one text file. Lines before the first file are directives
 * ({@code read: PATH}, {@code write: PATH}, {@code from: PATH}) and {@code #} comments that say what the case is
 * about. Each file starts with a line {@code === relative/path ===}; its content is the lines up to the next such
 * line. An image file's content is one line, {@code image WIDTHxHEIGHT}: a real image of that size is made.
 *
 * <ul>
 *   <li><b>read cases</b> ({@code read/}): the bundle is laid out in a temporary folder and {@code read: PATH} is
 *       read with the format. The expected text is the problems, one line each, then the dataset as COCO JSON; or
 *       {@code error: MESSAGE} when the read fails.</li>
 *   <li><b>write cases</b> ({@code write/}): the COCO file {@code from: PATH} (default
 *       {@code annotations.coco.json}) of the bundle is read and written with the format to {@code write: PATH}.
 *       The expected text is a bundle of everything written (images as {@code image WxH}); or
 *       {@code error: MESSAGE} when the write fails, and then nothing may be left behind.</li>
 * </ul>
 * Paths in messages are shown relative to the temporary folder. Run with {@code -Dgolden.update=true} to (re)write
 * the expected files under {@code src/test/resources} from what the code does now, then review the diff.
 */
public final class GoldenCases {

    private static final Pattern HEADER = Pattern.compile("=== (.+) ===");
    private static final Pattern IMAGE = Pattern.compile("image (\\d+)x(\\d+)");
    private static final String NO_NEWLINE = "\\ no newline at end of file";

    /** A parsed bundle: its directives and its files (path to text), in order. */
    public record Bundle(Map<String, String> directives, Map<String, String> files) {

        public String directive(String key, String dflt) {
            return directives.getOrDefault(key, dflt);
        }
    }

    /** One case: its name and its two files. */
    public record Case(String name, Path input, Path expected, String resourceDir) {
    }

    private GoldenCases() {
    }

    public static Bundle parse(String text) {
        Map<String, String> directives = new LinkedHashMap<>();
        Map<String, String> files = new LinkedHashMap<>();
        String current = null;
        StringBuilder content = new StringBuilder();
        String[] lines = text.split("\n", -1);
        int n = text.endsWith("\n") ? lines.length - 1 : lines.length;
        for (int i = 0; i < n; i++) {
            String line = lines[i];
            Matcher m = HEADER.matcher(line);
            if (m.matches()) {
                if (current != null) {
                    files.put(current, finish(content));
                }
                current = m.group(1);
                content.setLength(0);
            } else if (current != null) {
                content.append(line).append('\n');
            } else if (!line.isBlank() && !line.startsWith("#")) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    throw new IllegalArgumentException("bundle directive without \"key: value\": " + line);
                }
                directives.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        if (current != null) {
            files.put(current, finish(content));
        }
        return new Bundle(directives, files);
    }

    private static String finish(StringBuilder content) {
        String s = content.toString();
        String marker = NO_NEWLINE + "\n";
        return s.endsWith("\n" + marker) ? s.substring(0, s.length() - marker.length() - 1) : s;
    }

    /** Lays a bundle's files out under {@code dir}, making real images for {@code image WxH} entries. */
    public static void materialize(Bundle b, Path dir) throws IOException {
        for (Map.Entry<String, String> f : b.files().entrySet()) {
            Path p = dir.resolve(f.getKey());
            Matcher m = IMAGE.matcher(f.getValue().strip());
            if (TestImages.isImage(f.getKey()) && m.matches()) {
                TestImages.write(p, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            } else {
                if (p.getParent() != null) {
                    Files.createDirectories(p.getParent());
                }
                Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
            }
        }
    }

    /** A bundle of what is at {@code target}: one file, or every file under a folder, sorted by path. */
    public static String dump(Path target) throws IOException {
        List<Path> files = new ArrayList<>();
        Path base;
        if (Files.isDirectory(target)) {
            base = target;
            try (Stream<Path> s = Files.walk(target)) {
                s.filter(Files::isRegularFile).forEach(files::add);
            }
        } else {
            base = target.getParent();
            files.add(target);
        }
        files.sort((a, c) -> slashes(base.relativize(a)).compareTo(slashes(base.relativize(c))));
        StringBuilder out = new StringBuilder();
        for (Path f : files) {
            String rel = slashes(base.relativize(f));
            out.append("=== ").append(rel).append(" ===\n");
            if (TestImages.isImage(rel)) {
                try {
                    ImageInfo info = ImageLoader.readInfo(f);
                    out.append("image ").append(info.width()).append('x').append(info.height()).append('\n');
                } catch (io.detectionstudio.data.image.ImageLoadException e) {
                    out.append("not an image: ").append(e.reason()).append('\n');
                }
                continue;
            }
            String text = Files.readString(f, StandardCharsets.UTF_8);
            out.append(text);
            if (!text.isEmpty() && !text.endsWith("\n")) {
                out.append('\n').append(NO_NEWLINE).append('\n');
            }
        }
        return out.toString();
    }

    private static String slashes(Path p) {
        return p.toString().replace(File.separatorChar, '/');
    }

    /** Text with the temporary folder's path taken out: {@code DIR/x} becomes {@code x}, {@code DIR} becomes {@code .}. */
    public static String relative(String text, Path dir) {
        return text.replace(dir + File.separator, "").replace(dir.toString(), ".");
    }

    /** A read result as golden text: the problems, one line each, then the dataset as COCO JSON. */
    public static String describe(DatasetFormat.ReadResult r, Path dir) throws IOException {
        StringBuilder s = new StringBuilder();
        for (Problem p : r.problems()) {
            assertThat(p.toString()).doesNotContain("\n");
            s.append(relative(p.toString(), dir)).append('\n');
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CocoJson.write(r.dataset(), out);
        return s.append(out.toString(StandardCharsets.UTF_8)).toString();
    }

    /** The cases in resource folder {@code folder} next to {@code anchor}'s package, sorted by name. */
    public static List<Case> cases(Class<?> anchor, String folder) {
        URL url = anchor.getResource(folder);
        if (url == null) {
            throw new IllegalStateException("no resource folder " + folder + " beside " + anchor.getName());
        }
        try (Stream<Path> s = Files.list(Path.of(url.toURI()))) {
            String resourceDir = anchor.getPackageName().replace('.', '/') + "/" + folder;
            return s.filter(p -> p.getFileName().toString().endsWith(".input.txt")).sorted().map(p -> {
                String name = p.getFileName().toString().replace(".input.txt", "");
                return new Case(name, p, p.resolveSibling(name + ".expected.txt"), resourceDir);
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compares with the expected file, or rewrites the expected source file when {@code golden.update} is set. */
    public static void check(Case c, String actual) throws IOException {
        if (Boolean.getBoolean("golden.update")) {
            Path source = Path.of("src/test/resources").resolve(c.resourceDir()).resolve(c.expected().getFileName().toString());
            Files.writeString(source, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(c.expected())) {
            fail(c.name() + ": no " + c.expected().getFileName() + "; this code gives:\n" + actual);
        }
        assertThat(actual).as(c.name()).isEqualTo(Files.readString(c.expected(), StandardCharsets.UTF_8));
    }

    /** One dynamic test per read case in {@code read/}, each in folder {@code work/read/NAME} (names in output are stable). */
    public static Stream<DynamicTest> readTests(Class<?> anchor, DatasetFormat format, Path work) {
        return cases(anchor, "read").stream().map(c -> DynamicTest.dynamicTest(c.name(), c.input().toUri(), () -> {
            Path dir = Files.createDirectories(work.resolve("read").resolve(c.name()));
            Bundle b = parse(Files.readString(c.input(), StandardCharsets.UTF_8));
            materialize(b, dir);
            Path target = dir.resolve(b.directive("read", ".")).normalize();
            String actual;
            try {
                actual = describe(format.read(target), dir);
            } catch (DatasetException e) {
                assertThat(e.getMessage()).doesNotContain("\n");
                actual = "error: " + relative(e.getMessage(), dir) + "\n";
            }
            check(c, actual);
        }));
    }

    /** One dynamic test per write case in {@code write/}. A failed write must leave the folder as it was. */
    public static Stream<DynamicTest> writeTests(Class<?> anchor, DatasetFormat format, Path work) {
        return cases(anchor, "write").stream().map(c -> DynamicTest.dynamicTest(c.name(), c.input().toUri(), () -> {
            Path dir = Files.createDirectories(work.resolve("write").resolve(c.name()));
            Bundle b = parse(Files.readString(c.input(), StandardCharsets.UTF_8));
            materialize(b, dir);
            CocoJson.Result coco = CocoJson.read(dir.resolve(b.directive("from", "annotations.coco.json")));
            assertThat(coco.problems()).as("problems in the case's COCO input").isEmpty();
            String targetName = b.directive("write", null);
            if (targetName == null) {
                throw new IllegalArgumentException(c.name() + ": a write case needs a \"write: PATH\" directive");
            }
            Path target = dir.resolve(targetName);
            String before = listing(dir);
            String actual;
            try {
                format.write(coco.dataset(), target);
                actual = dump(target);
            } catch (DatasetException e) {
                assertThat(e.getMessage()).doesNotContain("\n");
                assertThat(listing(dir)).as("what is left after a failed write").isEqualTo(before);
                actual = "error: " + relative(e.getMessage(), dir) + "\n";
            }
            check(c, actual);
        }));
    }

    /** Every path under {@code dir} (files and folders, hidden ones too) with a hash of each file's bytes, sorted. */
    public static String listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> {
                try {
                    return slashes(dir.relativize(p)) + (Files.isRegularFile(p)
                            ? " " + java.util.Arrays.hashCode(Files.readAllBytes(p)) : "/");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sorted().reduce("", (a, b) -> a + b + "\n");
        }
    }
}
