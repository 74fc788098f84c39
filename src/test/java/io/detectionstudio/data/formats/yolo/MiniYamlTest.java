package io.detectionstudio.data.formats.yolo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The YAML subset of data.yaml files: what it reads, what it refuses (with the line), and that writing reads back. */
class MiniYamlTest {

    private static List<String> scalars(MiniYaml.Node list) {
        return list.list.stream().map(n -> n.scalar).toList();
    }

    @Test
    void readsBlockAndFlowCollectionsScalarsAndComments() throws Exception {
        MiniYaml.Node root = MiniYaml.parse("""
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
                """);
        assertThat(root.map).containsOnlyKeys("path", "train", "test", "names", "list", "nested", "multi", "url");
        assertThat(root.map.get("path").scalar).isEqualTo("../datasets/coco8");
        assertThat(root.map.get("test").isNull()).isTrue();
        assertThat(root.map.get("names").map.get("1").scalar).isEqualTo("bi'cycle");
        assertThat(root.map.get("names").map.get("2").scalar).isEqualTo("car\t#1");
        assertThat(scalars(root.map.get("list"))).containsExactly("a", "b");
        MiniYaml.Node deep = root.map.get("nested").map.get("deep");
        assertThat(scalars(deep.list.get(0))).containsExactly("1", "2", "x, y");
        assertThat(deep.list.get(1).map.get("k").scalar).isEqualTo("v");
        assertThat(deep.list.get(1).map.get("q").list.get(0).asInt()).isEqualTo(3);
        assertThat(scalars(root.map.get("multi"))).containsExactly("one", "two");
        assertThat(root.map.get("url").scalar).isEqualTo("http://example.com/a#b");
        assertThat(root.map.get("names").line).isEqualTo(5);
        assertThat(root.map.get("multi").line).isEqualTo(16);
    }

    @Test
    void refusesWhatIsOutsideTheSubsetWithItsLine() {
        assertError("a: 1\nb:\n\t- x\n", 3, "a tab in the indentation (YAML indents with spaces)");
        assertError("a: &x 1\n", 1, "anchors, aliases and tags (& * !) are not supported");
        assertError("a: |\n  text\n", 1, "block scalars (| and >) are not supported");
        assertError("a: 1\na: 2\n", 2, "the key \"a\" appears twice");
        assertError("a: [1, 2\n", 1, "a flow collection that does not close");
        assertError("a: 'open\n", 1, "a quoted string that does not end on its line");
        assertError("a: 1\n  b: 2\n", 2, "unexpected indentation");
        assertError("a:\n  - x\n  y: 1\n", 3, "unexpected indentation");
        assertError("a: 1\n- x\n", 2, "a list item where a \"key: value\" was expected");
        assertError("just text\nmore: 1\n", 1, "expected \"key: value\", found \"just text\"");
        assertError("a: b: c\n", 1, "a mapping is not allowed here (quote the value if it holds \": \")");
        assertError("a: \"\\q\"\n", 1, "unknown escape \\q in a double-quoted string");
        assertError("---\na: 1\n---\nb: 2\n", 3, "a second document (---) is not supported");
    }

    private static void assertError(String text, int line, String message) {
        assertThatThrownBy(() -> MiniYaml.parse(text)).isInstanceOfSatisfying(MiniYaml.YamlError.class, e -> {
            assertThat(e.line).as(text).isEqualTo(line);
            assertThat(e.getMessage()).as(text).isEqualTo(message);
        });
    }

    @Test
    void writtenScalarsReadBackAsTheSameStrings() throws Exception {
        for (String s : List.of("duck", "rubber duck", "ball: red", "yes", "No", "null", "~", "1", "0.5", "-x", "#tag", "a #b",
                "it's", "say \"hi\"", "back\\slash", "tab\there", "new\nline", " lead", "trail ", "[x]", "{y}", "", "ünïcode",
                "a,b", "*star", "&amp", "!bang", "%pct", "@at", "`tick", "|pipe", ">gt", "?q", "two  spaces")) {
            MiniYaml.Node n = MiniYaml.parse("k: " + MiniYaml.scalar(s) + "\n").map.get("k");
            assertThat(n.scalar).as(s).isEqualTo(s);
            assertThat(n.isNull()).as(s).isFalse();
            MiniYaml.Node inList = MiniYaml.parse("k:\n  - " + MiniYaml.scalar(s) + "\n").map.get("k").list.get(0);
            assertThat(inList.scalar).as(s).isEqualTo(s);
        }
        assertThat(MiniYaml.scalar("duck")).isEqualTo("duck");
        assertThat(MiniYaml.scalar("rubber duck")).isEqualTo("rubber duck");
        assertThat(MiniYaml.scalar("yes")).isEqualTo("\"yes\"");
        assertThat(MiniYaml.scalar("1")).isEqualTo("\"1\"");
    }
}
