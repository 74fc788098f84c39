package io.detectionstudio.data.formats.yolo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.detectionstudio.data.DatasetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** data.yaml files through Jackson's YAML parser: what is read, what is refused (one line, with the line), writing reads back. */
class YamlTreeTest {

    private static List<String> scalars(YamlTree.Node list) {
        return list.list.stream().map(n -> n.scalar).toList();
    }

    @Test
    void readsBlockAndFlowCollectionsScalarsAndComments() throws Exception {
        YamlTree.Node root = YamlTree.parse("""
                # top comment
                path: ../datasets/coco8  # dataset root dir
                train: images/train
                test:
                names:
                  0: person
                  1: 'bi''cycle'
                  2: "car\\t#1"
                list:
                - a
                -   b # comment
                nested:
                  deep:
                    - [1, 2, "x, y"]
                    - {k: v, 'q': [3]}
                multi: [one,
                  two]
                url: http://example.com/a#b
                quotedNumber: "7"
                """);
        assertThat(root.map).containsOnlyKeys("path", "train", "test", "names", "list", "nested", "multi", "url", "quotedNumber");
        assertThat(root.map.get("path").scalar).isEqualTo("../datasets/coco8");
        assertThat(root.map.get("test").isNull()).isTrue();
        assertThat(root.map.get("names").map.get("1").scalar).isEqualTo("bi'cycle");
        assertThat(root.map.get("names").map.get("2").scalar).isEqualTo("car\t#1");
        assertThat(scalars(root.map.get("list"))).containsExactly("a", "b");
        YamlTree.Node deep = root.map.get("nested").map.get("deep");
        assertThat(scalars(deep.list.get(0))).containsExactly("1", "2", "x, y");
        assertThat(deep.list.get(1).map.get("k").scalar).isEqualTo("v");
        assertThat(deep.list.get(1).map.get("q").list.get(0).asInt()).isEqualTo(3);
        assertThat(scalars(root.map.get("multi"))).containsExactly("one", "two");
        assertThat(root.map.get("url").scalar).isEqualTo("http://example.com/a#b");
        assertThat(root.map.get("quotedNumber").asInt()).as("a quoted number is text").isNull();
        assertThat(root.map.get("names").line).isEqualTo(5);
        assertThat(root.map.get("multi").line).isEqualTo(16);
    }

    @Test
    void readsBlockScalars() throws Exception {
        YamlTree.Node root = YamlTree.parse("a: |\n  line one\n  line two\nb: >\n  folded\n  text\nc: 1\n");
        assertThat(root.map.get("a").scalar).isEqualTo("line one\nline two\n");
        assertThat(root.map.get("b").scalar).isEqualTo("folded text\n");
        assertThat(root.map.get("c").asInt()).isEqualTo(1);
    }

    @Test
    void refusesBadYamlInOneLineWithItsLine() {
        assertError("a: 1\nb:\n\t- x\n", 3);
        assertError("a: 1\na: 2\n", 2, "the key \"a\" appears twice");
        assertError("a: [1, 2\n", 2);
        assertError("a: 1\n  b: 2\n", 2);
        assertError("a: b: c\n", 1);
        assertError("a: \"\\q\"\n", 1);
        assertError("a: &x 1\nb: *x\n", 2, "anchors and aliases (& *) are not supported");
        assertError("---\na: 1\n---\nb: 2\n", 4, "a second document (---) is not supported");
    }

    private static void assertError(String text, int line, String... message) {
        assertThatThrownBy(() -> YamlTree.parse(text)).isInstanceOfSatisfying(YamlTree.YamlError.class, e -> {
            assertThat(e.line).as(text).isEqualTo(line);
            assertThat(e.getMessage()).as(text).doesNotContain("\n").isNotBlank();
            if (message.length > 0) {
                assertThat(e.getMessage()).as(text).isEqualTo(message[0]);
            }
        });
    }

    @Test
    void deepNestingIsRefusedWithoutExhaustingTheStack() {
        for (String open : List.of("[", "{a: ", "- ")) {
            StringBuilder s = new StringBuilder("k: ");
            s.append(open.repeat(100_000));
            assertThatThrownBy(() -> YamlTree.parse(s.toString())).as(open).isInstanceOf(YamlTree.YamlError.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void theUltralyticsCocoYamlReadsWithItsDownloadBlock(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("coco.yaml");
        try (var in = YamlTreeTest.class.getResourceAsStream("coco.yaml")) {
            Files.copy(in, file);
        }
        YamlTree.Node root = YamlTree.parse(Files.readString(file));
        assertThat(root.map.get("download").scalar).startsWith("from ultralytics.utils.downloads import download\n")
                .contains("\n\n# Download labels\n", "download(urls, dir=dir / 'images', threads=3)\n");
        DataYaml y = DataYaml.read(file);
        assertThat(y.names()).hasSize(80).startsWith("person", "bicycle", "car").endsWith("hair drier", "toothbrush");
        assertThat(y.names().get(9)).isEqualTo("traffic light");
        assertThat(y.root()).isEqualTo(dir.resolve("../datasets/coco").normalize());
        assertThat(y.splits()).containsOnlyKeys("train", "val", "test");
        assertThat(y.splits().get("train")).containsExactly(new DataYaml.Source("train2017.txt", 12));
        assertThat(y.splits().get("test").get(0).value()).isEqualTo("test-dev2017.txt");
        assertThat(y.kptCount()).isZero();
    }

    @Test
    void badYamlIsOneLineNamingTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data.yaml");
        Files.writeString(file, "names: [a, b\ntrain: x\n");
        assertThatThrownBy(() -> DataYaml.read(file)).isInstanceOf(DatasetException.class)
                .satisfies(e -> assertThat(e.getMessage()).startsWith(file + ": line ").doesNotContain("\n"));
        Files.writeString(file, "train: x\nnames: " + "[".repeat(100_000));
        assertThatThrownBy(() -> DataYaml.read(file)).isInstanceOf(DatasetException.class)
                .satisfies(e -> assertThat(e.getMessage()).startsWith(file + ": ").doesNotContain("\n"));
    }

    @Test
    void writtenScalarsReadBackAsTheSameStrings() throws Exception {
        for (String s : List.of("duck", "rubber duck", "ball: red", "yes", "No", "null", "~", "1", "0.5", "-x", "#tag", "a #b",
                "it's", "say \"hi\"", "back\\slash", "tab\there", "new\nline", " lead", "trail ", "[x]", "{y}", "", "ünïcode",
                "a,b", "*star", "&amp", "!bang", "%pct", "@at", "`tick", "|pipe", ">gt", "?q", "two  spaces")) {
            YamlTree.Node n = YamlTree.parse("k: " + YamlTree.scalar(s) + "\n").map.get("k");
            assertThat(n.scalar).as(s).isEqualTo(s);
            assertThat(n.isNull()).as(s).isFalse();
            YamlTree.Node inList = YamlTree.parse("k:\n  - " + YamlTree.scalar(s) + "\n").map.get("k").list.get(0);
            assertThat(inList.scalar).as(s).isEqualTo(s);
        }
        assertThat(YamlTree.scalar("duck")).isEqualTo("duck");
        assertThat(YamlTree.scalar("rubber duck")).isEqualTo("rubber duck");
        assertThat(YamlTree.scalar("yes")).isEqualTo("\"yes\"");
        assertThat(YamlTree.scalar("1")).isEqualTo("\"1\"");
    }
}
