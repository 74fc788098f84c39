package io.detectionstudio.data.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ImageLoadExceptionTest {

    @Test
    void exceptionMessagesAreFoldedToOneLine() {
        ImageLoadException e = new ImageLoadException(Path.of("photos", "c.jpg"), ImageLoadException.Kind.CORRUPT,
                "truncated or corrupt JPEG data (line one\n\tat some.Frame(Frame.java:1)\r\nline two)", null);

        assertThat(e.getMessage()).isEqualTo(Path.of("photos", "c.jpg")
                + ": truncated or corrupt JPEG data (line one at some.Frame(Frame.java:1) line two)");
        assertThat(e.reason()).doesNotContain("\n", "\r", "\t");
        assertThat(ImageLoadException.oneLine("x".repeat(1000))).hasSize(300).endsWith("...");
    }

    @Test
    void exposesFileKindAndReasonSeparately() {
        Path file = Path.of("photos", "b.jpg");
        IllegalStateException cause = new IllegalStateException("inner");

        ImageLoadException e = new ImageLoadException(file, ImageLoadException.Kind.NOT_FOUND, "file not found", cause);

        assertThat(e.file()).isEqualTo(file);
        assertThat(e.kind()).isEqualTo(ImageLoadException.Kind.NOT_FOUND);
        assertThat(e.reason()).isEqualTo("file not found");
        assertThat(e.getMessage()).isEqualTo(file + ": file not found");
        assertThat(e.getCause()).isSameAs(cause);
    }
}
