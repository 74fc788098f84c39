package io.detectionstudio.config;

import static io.detectionstudio.config.PipelineConfigsTest.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.detectionstudio.data.Category;
import io.detectionstudio.data.KeypointSchema;
import io.detectionstudio.proto.odapi.LVISFrequency;
import io.detectionstudio.proto.odapi.StringIntLabelMap;
import io.detectionstudio.proto.odapi.StringIntLabelMapItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelMapsTest {

    @Test
    void aHandWrittenLabelMapIsWrittenAsTheGoldenFile() throws Exception {
        LabelMaps.Result input = LabelMaps.read(resource("label_map_input.pbtxt"));
        String expected = Files.readString(resource("label_map_expected.pbtxt"));

        assertThat(input.warnings()).isEmpty();
        assertThat(LabelMaps.toText(input.labelMap())).isEqualTo(expected);
        // and the golden file is a fixed point
        LabelMaps.Result golden = LabelMaps.read(resource("label_map_expected.pbtxt"));
        assertThat(golden.labelMap()).isEqualTo(input.labelMap());
        assertThat(LabelMaps.toText(golden.labelMap())).isEqualTo(expected);
    }

    @Test
    void keypointItemsAreRead() throws Exception {
        StringIntLabelMap map = LabelMaps.read(resource("label_map_input.pbtxt")).labelMap();

        assertThat(map.getItemList()).extracting(StringIntLabelMapItem::getId).containsExactly(1, 2, 3);
        StringIntLabelMapItem figure = map.getItem(1);
        assertThat(figure.getName()).isEqualTo("figure");
        assertThat(figure.getKeypointsList()).extracting(k -> k.getId() + "=" + k.getLabel())
                .containsExactly("0=left_ear", "1=right_ear", "2=nose");
        assertThat(map.getItem(0).getDisplayName()).isEqualTo("Rubber ducky");
        assertThat(map.getItem(2).hasDisplayName()).isFalse();
    }

    @Test
    void theOdApisOtherItemFieldsAreKnown() throws Exception {
        LabelMaps.Result result = LabelMaps.parse("""
                item { name: "/m/01g317" id: 1 display_name: "person" frequency: FREQUENT instance_count: 257253
                       ancestor_ids: [7] descendant_ids: 9 }
                item { name: "mug" id: 2 color: "blue" }
                """, "lvis.pbtxt");
        assertThat(result.labelMap().getItem(0).getFrequency()).isEqualTo(LVISFrequency.FREQUENT);
        assertThat(result.labelMap().getItem(0).getInstanceCount()).isEqualTo(257253);
        assertThat(result.labelMap().getItem(0).getAncestorIdsList()).containsExactly(7);
        assertThat(result.warnings()).extracting(ConfigWarning::toString)
                .containsExactly("lvis.pbtxt:3: item[1].color: not supported by Detection Studio, ignored");
    }

    @Test
    void everyProblemIsOneLineWithFileAndLine() {
        Path file = resource("label_map_problems.pbtxt");
        ConfigException e = catchThrowableOfType(() -> LabelMaps.read(file), ConfigException.class);

        assertThat(e.problems()).containsExactly(
                file + ":6: item[1].id: 0 is not a class id (ids count from 1)",
                file + ":10: item[2].id: 1 is already the id of item[0] (line 1)",
                file + ":15: item[3].name: \"duck\" is already the name of item[0] (line 1)",
                file + ":17: item[3].keypoints[1].id: 0 is already the id of item[3].keypoints[0]");
        assertThat(e.getMessage()).isEqualTo(e.problems().get(0) + " (and 3 more problems)");
    }

    @Test
    void anItemWithoutIdOrNameIsAProblem() {
        assertThatThrownBy(() -> LabelMaps.parse("item {\n  name: \"a\"\n}\nitem {\n  id: 2\n}\n", "m.pbtxt"))
                .isInstanceOf(ConfigException.class)
                .satisfies(t -> assertThat(((ConfigException) t).problems()).containsExactly(
                        "m.pbtxt:1: item[0]: has no id", "m.pbtxt:4: item[1]: has no name"));
    }

    @Test
    void aLabelMapSyntaxErrorNamesFileLineAndColumn() {
        assertThatThrownBy(() -> LabelMaps.parse("item {\n  id: 1\n  name: \"a\"\n", "m.pbtxt"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("m.pbtxt:4:1: expected \"}\" closing item (line 1) before the end of the file");
    }

    @Test
    void categoriesBecomeItemsWithKeypointIdsNumberedOnAcrossClasses() {
        KeypointSchema figure = new KeypointSchema(List.of("left_ear", "right_ear", "nose", "left_foot", "right_foot"),
                List.of(new KeypointSchema.Edge(0, 2)), List.of(new KeypointSchema.Edge(0, 1), new KeypointSchema.Edge(3, 4)));
        KeypointSchema hand = new KeypointSchema(List.of("thumb", "index"), List.of(), List.of());
        List<Category> categories = List.of(new Category(1, "duck"),
                new Category(3, "figure", "toy", figure, Map.of()),
                new Category(4, "hand", null, hand, Map.of()));

        StringIntLabelMap map = LabelMaps.fromCategories(categories);

        assertThat(map.getItemList()).extracting(i -> i.getId() + ":" + i.getName() + ":" + i.getDisplayName())
                .containsExactly("1:duck:duck", "3:figure:figure", "4:hand:hand");
        assertThat(map.getItem(0).getKeypointsCount()).isZero();
        assertThat(map.getItem(1).getKeypointsList()).extracting(k -> k.getId() + "=" + k.getLabel())
                .containsExactly("0=left_ear", "1=right_ear", "2=nose", "3=left_foot", "4=right_foot");
        assertThat(map.getItem(2).getKeypointsList()).extracting(k -> k.getId() + "=" + k.getLabel())
                .containsExactly("5=thumb", "6=index");

        List<Category> back = LabelMaps.toCategories(map);
        assertThat(back).extracting(Category::id).containsExactly(1, 3, 4);
        assertThat(back).extracting(Category::name).containsExactly("duck", "figure", "hand");
        assertThat(back.get(0).hasKeypoints()).isFalse();
        assertThat(back.get(1).keypoints().names()).isEqualTo(figure.names());
        assertThat(back.get(1).keypoints().skeleton()).isEmpty(); // a label map has no skeleton
        assertThat(back.get(2).keypoints().names()).containsExactly("thumb", "index");
    }

    @Test
    void toCategoriesOrdersKeypointsByIdAndFallsBackToTheDisplayName() {
        StringIntLabelMap map = StringIntLabelMap.newBuilder().addItem(StringIntLabelMapItem.newBuilder().setId(2)
                .setDisplayName("Figure")
                .addKeypoints(StringIntLabelMapItem.KeypointMap.newBuilder().setId(11).setLabel("nose"))
                .addKeypoints(StringIntLabelMapItem.KeypointMap.newBuilder().setId(10).setLabel("ear"))).build();
        Category c = LabelMaps.toCategories(map).get(0);
        assertThat(c.name()).isEqualTo("Figure");
        assertThat(c.keypoints().names()).containsExactly("ear", "nose");
    }

    @Test
    void badCategoriesAreRejected() {
        assertThatThrownBy(() -> LabelMaps.fromCategories(List.of(new Category(0, "background"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("categories: item[0].id: 0 is not a class id (ids count from 1)");
        assertThatThrownBy(() -> LabelMaps.fromCategories(List.of(new Category(1, "a"), new Category(1, "b"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("categories: item[1].id: 1 is already the id of item[0]");
    }

    @Test
    void writtenLabelMapsReadBackEqual(@TempDir Path dir) throws Exception {
        StringIntLabelMap map = LabelMaps.fromCategories(List.of(new Category(1, "ente ü"), new Category(2, "ball")));
        Path file = dir.resolve("label_map.pbtxt");
        LabelMaps.write(map, file);
        assertThat(Files.readString(file)).contains("name: \"ente ü\"");
        assertThat(LabelMaps.read(file).labelMap()).isEqualTo(map);
    }

    @Test
    void deepNestingIsOneLineNotAStackOverflow() {
        // issue 11, F8: 100k-deep nesting threw StackOverflowError with a 1,024-line trace
        String deep = "item " + "{ x ".repeat(100_000) + "}".repeat(100_000);
        assertThatThrownBy(() -> LabelMaps.parse(deep, "label_map.pbtxt")).isInstanceOf(ConfigException.class)
                .hasMessage("label_map.pbtxt:1:" + (6 + 4 * TextFormatReader.MAX_DEPTH) + ": messages nested more than "
                        + TextFormatReader.MAX_DEPTH + " deep");
    }

    @Test
    void controlCharactersInQuotedTextAreEscaped() {
        // found by LabelMapFuzzTest: a CR inside a quoted token made the message two lines
        assertThatThrownBy(() -> LabelMaps.parse("itm: G\"a\r l \"", "label_map.pbtxt")).isInstanceOf(ConfigException.class)
                .hasMessage("label_map.pbtxt:1:7: expected a field name, found \"\"a\\r l \"\"");
    }

    @Test
    void nestingUpToTheLimitIsRead() throws Exception {
        String nested = "item { name: \"a\" id: 1 }\n" + "x " + "{ y ".repeat(TextFormatReader.MAX_DEPTH - 1)
                + "{ z: 1 }" + "}".repeat(TextFormatReader.MAX_DEPTH - 1);
        assertThat(LabelMaps.parse(nested, "label_map.pbtxt").labelMap().getItemCount()).isEqualTo(1);
    }
}
