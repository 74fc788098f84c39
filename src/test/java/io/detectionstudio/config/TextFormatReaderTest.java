package io.detectionstudio.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reader on shapes the OD API protos do not have: repeated enums written as lists. */
class TextFormatReaderTest {

    private static final Descriptor PALETTE = palette();

    /** {@code message Palette { repeated Color colors = 1; optional int32 size = 2; } enum Color { RED = 0; GREEN = 1; BLUE = 2; }} */
    private static Descriptor palette() {
        FileDescriptorProto file = FileDescriptorProto.newBuilder().setName("palette.proto").setPackage("test").setSyntax("proto2")
                .addEnumType(EnumDescriptorProto.newBuilder().setName("Color")
                        .addValue(EnumValueDescriptorProto.newBuilder().setName("RED").setNumber(0))
                        .addValue(EnumValueDescriptorProto.newBuilder().setName("GREEN").setNumber(1))
                        .addValue(EnumValueDescriptorProto.newBuilder().setName("BLUE").setNumber(2)))
                .addMessageType(DescriptorProto.newBuilder().setName("Palette")
                        .addField(FieldDescriptorProto.newBuilder().setName("colors").setNumber(1)
                                .setLabel(FieldDescriptorProto.Label.LABEL_REPEATED).setType(FieldDescriptorProto.Type.TYPE_ENUM)
                                .setTypeName(".test.Color"))
                        .addField(FieldDescriptorProto.newBuilder().setName("size").setNumber(2)
                                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL).setType(FieldDescriptorProto.Type.TYPE_INT32)))
                .build();
        try {
            return FileDescriptor.buildFrom(file, new FileDescriptor[0]).findMessageTypeByName("Palette");
        } catch (com.google.protobuf.Descriptors.DescriptorValidationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> colors(DynamicMessage m) {
        FieldDescriptor f = PALETTE.findFieldByName("colors");
        return ((List<?>) m.getField(f)).stream().map(v -> ((EnumValueDescriptor) v).getName()).toList();
    }

    private static TextFormatReader.Parsed<DynamicMessage> parse(String text) throws ConfigException {
        return TextFormatReader.parse(text, "p.txt", DynamicMessage.getDefaultInstance(PALETTE));
    }

    @Test
    void unknownValuesInAnEnumListAreDroppedAndTheOthersKept() throws Exception {
        var parsed = parse("colors: [PINK, RED, 1, TEAL, BLUE, MAUVE]\nsize: 3\n");
        assertThat(colors(parsed.message())).containsExactly("RED", "GREEN", "BLUE");
        assertThat(parsed.message().getField(PALETTE.findFieldByName("size"))).isEqualTo(3);
        assertThat(parsed.warnings()).extracting(ConfigWarning::toString)
                .containsExactly("p.txt:1: colors: values PINK, TEAL, MAUVE are not supported by Detection Studio, ignored");
    }

    @Test
    void aListOfOnlyUnknownValuesIsDroppedWhole() throws Exception {
        var parsed = parse("colors: [PINK]; size: 2");
        assertThat(colors(parsed.message())).isEmpty();
        assertThat(parsed.message().getField(PALETTE.findFieldByName("size"))).isEqualTo(2);
        assertThat(parsed.warnings()).extracting(ConfigWarning::message)
                .containsExactly("values PINK are not supported by Detection Studio, ignored");
    }

    @Test
    void knownListsAndRepeatedScalarsAreReadAsProtobufReadsThem() throws Exception {
        var parsed = parse("colors: [GREEN, 2] colors: RED\ncolors: [] size: -4");
        assertThat(parsed.warnings()).isEmpty();
        assertThat(colors(parsed.message())).containsExactly("GREEN", "BLUE", "RED");
        assertThat(parsed.message().getField(PALETTE.findFieldByName("size"))).isEqualTo(-4);
        assertThat(parsed.lines()).containsEntry("colors", 1).containsEntry("size", 2);
    }

    @Test
    void unknownFieldsOfEveryShapeAreSkipped() throws Exception {
        var parsed = parse("""
                a: "x" 'y'
                b: -inf, c: [1, 2.5, "s"]; d <e: 1 f { g: [ {h: 1}, {i: 2} ] }>
                e: { }
                [ext.name] { z: 1 }
                size: 9
                """);
        assertThat(parsed.warnings()).extracting(w -> w.line() + " " + w.path()).containsExactly(
                "1 a", "2 b", "2 c", "2 d", "3 e", "4 [ext.name]");
        assertThat(parsed.message().getField(PALETTE.findFieldByName("size"))).isEqualTo(9);
    }
}
