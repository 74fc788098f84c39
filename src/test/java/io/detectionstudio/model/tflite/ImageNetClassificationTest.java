package io.detectionstudio.model.tflite;

import static org.assertj.core.api.Assertions.assertThat;

import io.detectionstudio.data.image.ImageLoader;
import io.detectionstudio.nn.MobileNetV2;
import io.detectionstudio.nn.Mode;
import io.detectionstudio.nn.NetBuilder;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The proof that imported weights are right: our MobileNetV2, built in TensorFlow Java with the weights and the
 * classifier of an ImageNet TFLite file from {@code ../shared/weights/coral}, names the three test pictures as the
 * Coral project's own tests do. Skipped without {@code ../shared}.
 */
class ImageNetClassificationTest {

    static final Path CORAL = Path.of("../shared/weights/coral");

    @ParameterizedTest
    @ValueSource(strings = {"tf2_mobilenet_v2_1.0_224_ptq.tflite", "mobilenet_v2_1.0_224_quant.tflite"})
    void namesTheTestPictures(String file) throws Exception {
        Path model = CORAL.resolve(file);
        Assumptions.assumeTrue(Files.isRegularFile(model), "../shared is absent");
        MobileNetV2Weights weights = MobileNetV2Weights.read(model);
        assertThat(weights.depthMultiplier()).isEqualTo(1.0f);
        assertThat(weights.config().includeFinalConv()).isTrue();
        assertThat(weights.classifier()).isPresent();
        List<String> labels = Files.readAllLines(CORAL.resolve("imagenet_labels.txt"));

        assertThat(top1(weights, CORAL.resolve("grace_hopper.bmp"), labels)).startsWith("military uniform");
        assertThat(top1(weights, CORAL.resolve("cat.bmp"), labels)).startsWith("Egyptian cat");
        assertThat(top1(weights, CORAL.resolve("parrot.jpg"), labels)).startsWith("macaw");
    }

    @org.junit.jupiter.api.Test
    void mapsDeepLabsHalfWidthBackbone() throws Exception {
        Path model = CORAL.resolve("deeplabv3_mnv2_dm05_pascal_quant.tflite");
        Assumptions.assumeTrue(Files.isRegularFile(model), "../shared is absent");
        MobileNetV2Weights weights = MobileNetV2Weights.read(model);
        assertThat(weights.depthMultiplier()).isEqualTo(0.5f);
        assertThat(weights.config().divisor()).isEqualTo(1);
        assertThat(weights.config().includeFinalConv()).isFalse();
        assertThat(weights.classifier()).isEmpty();
        assertThat(weights.config().blockFilters(1)).isEqualTo(12);
        assertThat(weights.backbone()).containsKey("backbone_block16_project_kernel");
        assertThat(weights.backbone().get("backbone_block16_project_kernel")).hasSize(480 * 160);
    }

    private static String top1(MobileNetV2Weights w, Path picture, List<String> labels) throws Exception {
        float[] pixels = pixels(picture, 224);
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> images = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, 224, 224, 3)));
            NetBuilder net = new NetBuilder(tf, Mode.INFERENCE, 1);
            MobileNetV2.Features f = MobileNetV2.build(net, images, w.config());
            MobileNetV2Weights.Classifier c = w.classifier().orElseThrow();
            Operand<TFloat32> pooled = tf.math.mean(f.stride32(), tf.constant(new int[] {1, 2}), org.tensorflow.op.math.Mean.keepDims(true));
            Operand<TFloat32> logits = tf.nn.biasAdd(tf.nn.conv2d(pooled,
                    tf.constant(Shape.of(1, 1, c.channels(), c.classes()), DataBuffers.of(c.kernel(), true, false)),
                    List.of(1L, 1L, 1L, 1L), "SAME"), tf.constant(c.bias()));
            Operand<TInt64> best = tf.math.argMax(tf.reshape(logits, tf.constant(new int[] {1, c.classes()})), tf.constant(1));
            var assign = net.assignValues(w.backbone());
            try (Session s = new Session(g)) {
                s.initialize();
                s.runner().addTarget(assign).run();
                try (TFloat32 x = TFloat32.tensorOf(Shape.of(1, 224, 224, 3), DataBuffers.of(pixels, true, false));
                     Result r = s.runner().feed(images, x).fetch(best).run()) {
                    long index = ((TInt64) r.get(0)).getLong(0);
                    // 1001 classes: index 0 is "background", as in the labels file.
                    return labels.get((int) index + (c.classes() == 1000 ? 1 : 0));
                }
            }
        }
    }

    /** The picture squashed to size x size, RGB in [-1, 1]. */
    static float[] pixels(Path picture, int size) throws Exception {
        BufferedImage img = ImageLoader.loadRgb(picture);
        BufferedImage small = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, size, size, null);
        g.dispose();
        float[] out = new float[size * size * 3];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int rgb = small.getRGB(x, y);
                int i = (y * size + x) * 3;
                out[i] = ((rgb >> 16) & 0xFF) / 127.5f - 1;
                out[i + 1] = ((rgb >> 8) & 0xFF) / 127.5f - 1;
                out[i + 2] = (rgb & 0xFF) / 127.5f - 1;
            }
        }
        return out;
    }
}
