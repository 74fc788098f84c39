package io.detectionstudio.nn;

import static io.detectionstudio.nn.NnTesting.fetchShape;
import static io.detectionstudio.nn.NnTesting.images;
import static io.detectionstudio.nn.NnTesting.session;
import static io.detectionstudio.nn.NnTesting.tensor;
import static io.detectionstudio.nn.NnTesting.uniform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class MobileNetV2Test {

    /** Builds backbone + FPN into {@code graph} and returns the registry's builder. */
    private static NetBuilder build(Graph graph, Mode mode, MobileNetV2.Config config, Shape input) {
        Ops tf = Ops.create(graph);
        NetBuilder net = new NetBuilder(tf, mode, 1);
        Placeholder<TFloat32> images = images(tf, input);
        Fpn.build(net, MobileNetV2.build(net, images, config), Fpn.Config.defaults());
        return net;
    }

    @ParameterizedTest
    @ValueSource(floats = {1.0f, 0.35f})
    void featureMapsHaveStrides4To32AndTheOdApiChannels(float depthMultiplier) {
        MobileNetV2.Config config = MobileNetV2.Config.defaults().withDepthMultiplier(depthMultiplier);
        // Keras' channels: alpha 1.0 -> 24, 32, 64, 1280; alpha 0.35 -> make_divisible(int(24*.35)=8) = 8,
        // make_divisible(11) = 8 < 0.9*11 so 16, make_divisible(22) = 24, and the OD API's Conv_1 make_divisible(448) = 448.
        int[] expected = depthMultiplier == 1.0f ? new int[] {24, 32, 64, 1280} : new int[] {8, 16, 24, 448};
        assertThat(config.featureChannels()).containsExactly(expected);

        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            NetBuilder net = new NetBuilder(tf, Mode.INFERENCE, 1);
            Placeholder<TFloat32> images = images(tf, Shape.of(1, 64, 64, 3));
            MobileNetV2.Features features = MobileNetV2.build(net, images, config);
            Operand<TFloat32> pyramid = Fpn.build(net, features, Fpn.Config.defaults());
            List<Operand<TFloat32>> maps = features.all();
            int[] sizes = {16, 8, 4, 2};
            for (int i = 0; i < 4; i++) {
                assertThat(maps.get(i).shape()).isEqualTo(Shape.of(1, sizes[i], sizes[i], expected[i]));
            }
            assertThat(pyramid.shape()).isEqualTo(Shape.of(1, 16, 16, 24));

            try (Session session = session(graph); TFloat32 input = tensor(Shape.of(1, 64, 64, 3), uniform(64 * 64 * 3, 3))) {
                for (int i = 0; i < 4; i++) {
                    assertThat(fetchShape(session, maps.get(i), images, input)).isEqualTo(Shape.of(1, sizes[i], sizes[i], expected[i]));
                }
                assertThat(fetchShape(session, pyramid, images, input)).isEqualTo(Shape.of(1, 16, 16, 24));
            }
        }
    }

    @Test
    void unknownHeightAndWidthAreResolvedAtRunTime() {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            NetBuilder net = new NetBuilder(tf, Mode.INFERENCE, 1);
            Placeholder<TFloat32> images = images(tf, Shape.of(-1, -1, -1, 3));
            MobileNetV2.Features features = MobileNetV2.build(net, images,
                    MobileNetV2.Config.defaults().withDepthMultiplier(0.35f));
            Operand<TFloat32> pyramid = Fpn.build(net, features, Fpn.Config.defaults().withInterpolation(Interpolation.BILINEAR));
            assertThat(pyramid.shape().asArray()).containsExactly(-1, -1, -1, 24);
            try (Session session = session(graph); TFloat32 input = tensor(Shape.of(2, 96, 64, 3), uniform(2 * 96 * 64 * 3, 4))) {
                assertThat(fetchShape(session, features.stride32(), images, input)).isEqualTo(Shape.of(2, 3, 2, 448));
                assertThat(fetchShape(session, pyramid, images, input)).isEqualTo(Shape.of(2, 24, 16, 24));
            }
        }
    }

    @Test
    void inputSizesThatAreNotMultiplesOf32AreRefused() {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            NetBuilder net = new NetBuilder(tf, Mode.INFERENCE, 1);
            assertThatThrownBy(() -> MobileNetV2.build(net, images(tf, Shape.of(1, 100, 64, 3)), MobileNetV2.Config.defaults()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiples of 32");
        }
    }

    /**
     * Parameter counts at depth multiplier 1.0, by hand. A batch normalization over c channels holds 4c values
     * (gamma, beta, moving mean, moving variance; 2c trainable); convolutions have no bias. A block with input c,
     * expansion e = 6c and output o holds: expand c*e + 4e, depthwise 9e + 4e, project e*o + 4o.
     * <pre>
     *   conv1        3*3*3*32 = 864        + BN 128                              =     992
     *   block0       dw 9*32 = 288 + 128,  project 32*16 = 512 + 64              =     992
     *   block1       16->24,  e 96:   1536+384  + 864+384   + 2304+96            =   5,568
     *   block2       24->24,  e 144:  3456+576  + 1296+576  + 3456+96            =   9,456
     *   block3       24->32,  e 144:  3456+576  + 1296+576  + 4608+128           =  10,640
     *   block4,5     32->32,  e 192:  6144+768  + 1728+768  + 6144+128           =  15,680 x 2
     *   block6       32->64,  e 192:  6144+768  + 1728+768  + 12288+256          =  21,952
     *   block7-9     64->64,  e 384:  24576+1536 + 3456+1536 + 24576+256         =  55,936 x 3
     *   block10      64->96,  e 384:  24576+1536 + 3456+1536 + 36864+384         =  68,352
     *   block11,12   96->96,  e 576:  55296+2304 + 5184+2304 + 55296+384         = 120,768 x 2
     *   block13      96->160, e 576:  55296+2304 + 5184+2304 + 92160+640         = 157,888
     *   block14,15   160->160, e 960: 153600+3840 + 8640+3840 + 153600+640       = 324,160 x 2
     *   block16      160->320, e 960: 153600+3840 + 8640+3840 + 307200+1280      = 478,400
     *   sum, conv1 through block16                                                = 1,843,264
     *   final_conv   320*1280 = 409,600 + BN 5,120                               =   414,720
     *   total                                                                     = 2,257,984
     * </pre>
     * 2,257,984 is Keras' {@code MobileNetV2(include_top=False).count_params()} (34,112 of them non-trainable moving
     * statistics, so 2,223,872 trainable); without the final conv: 1,843,264, of which 34,112 - 2*1280 = 31,552 are
     * moving statistics, so 1,811,712 trainable.
     */
    @Test
    void backboneParameterCountsAtDepthMultiplier1MatchKeras() {
        try (Graph graph = new Graph()) {
            NetBuilder net = new NetBuilder(Ops.create(graph), Mode.TRAIN, 1);
            MobileNetV2.build(net, images(net.tf(), Shape.of(1, 64, 64, 3)), MobileNetV2.Config.defaults());
            assertThat(net.parameterCount()).isEqualTo(2_257_984L);
            assertThat(net.trainableParameterCount()).isEqualTo(2_223_872L);
        }
        try (Graph graph = new Graph()) {
            NetBuilder net = new NetBuilder(Ops.create(graph), Mode.TRAIN, 1);
            MobileNetV2.build(net, images(net.tf(), Shape.of(1, 64, 64, 3)), MobileNetV2.Config.defaults().withFinalConv(false));
            assertThat(net.parameterCount()).isEqualTo(1_843_264L);
            assertThat(net.trainableParameterCount()).isEqualTo(1_811_712L);
        }
    }

    /**
     * At depth multiplier 0.35 without the final conv: 261,728, which is Keras' {@code MobileNetV2(alpha=0.35,
     * include_top=False)} count of 410,208 less its Conv_1 (112*1280 + 4*1280 = 148,480). With the OD API's final conv of
     * make_divisible(1280*0.35) = 448 filters: 261,728 + 112*448 + 4*448 = 313,696.
     */
    @Test
    void backboneParameterCountsAtDepthMultiplier035() {
        try (Graph graph = new Graph()) {
            NetBuilder net = new NetBuilder(Ops.create(graph), Mode.TRAIN, 1);
            MobileNetV2.build(net, images(net.tf(), Shape.of(1, 64, 64, 3)),
                    MobileNetV2.Config.defaults().withDepthMultiplier(0.35f).withFinalConv(false));
            assertThat(net.parameterCount()).isEqualTo(410_208L - 148_480L);
        }
        try (Graph graph = new Graph()) {
            NetBuilder net = new NetBuilder(Ops.create(graph), Mode.TRAIN, 1);
            MobileNetV2.build(net, images(net.tf(), Shape.of(1, 64, 64, 3)),
                    MobileNetV2.Config.defaults().withDepthMultiplier(0.35f));
            assertThat(net.parameterCount()).isEqualTo(313_696L);
        }
    }

    /**
     * The FPN at depth multiplier 1.0 (1x1 laterals and 3x3 convs with biases, BN 4 values per channel):
     * lateral32 1280*64+64 = 81,984; lateral16 64*64+64 = 4,160; smooth16 9*64*32+32 = 18,464 + BN 128;
     * lateral8 32*32+32 = 1,056; smooth8 9*32*24+24 = 6,936 + BN 96; lateral4 24*24+24 = 600;
     * smooth4 9*24*24+24 = 5,208 + BN 96. Total 118,728.
     */
    @Test
    void fpnParameterCount() {
        try (Graph graph = new Graph()) {
            NetBuilder net = build(graph, Mode.TRAIN, MobileNetV2.Config.defaults(), Shape.of(1, 64, 64, 3));
            long fpn = net.variables("fpn").stream().mapToLong(NetVariable::size).sum();
            assertThat(fpn).isEqualTo(118_728L);
            assertThat(net.parameterCount()).isEqualTo(2_257_984L + 118_728L);
        }
    }

    @Test
    void makeDivisibleFollowsKeras() {
        assertThat(MobileNetV2.makeDivisible(11.2, 8)).isEqualTo(16); // 8 would be more than 10% below 11.2
        assertThat(MobileNetV2.makeDivisible(5, 8)).isEqualTo(8);     // never below the divisor
        assertThat(MobileNetV2.makeDivisible(22, 8)).isEqualTo(24);
        assertThat(MobileNetV2.makeDivisible(33, 8)).isEqualTo(32);
        assertThat(MobileNetV2.makeDivisible(448, 8)).isEqualTo(448);
        assertThat(MobileNetV2.makeDivisible(24 * 0.75, 8)).isEqualTo(24); // 18 -> 24 (22 // 8 * 8 = 16 < 16.2)
        MobileNetV2.Config half = MobileNetV2.Config.defaults().withDepthMultiplier(0.5f);
        assertThat(half.firstFilters()).isEqualTo(16);
        assertThat(half.featureChannels()).containsExactly(16, 16, 32, 640);
        assertThat(MobileNetV2.Config.defaults().withDepthMultiplier(0.35f).withMinDepth(16).featureChannels())
                .containsExactly(16, 16, 24, 448);
    }

    @Test
    void variableNamesAreUniqueSlashFreeAndTheSameInEveryMode() {
        List<String> reference = null;
        for (Mode mode : Mode.values()) {
            try (Graph graph = new Graph()) {
                NetBuilder net = build(graph, mode, MobileNetV2.Config.defaults().withDepthMultiplier(0.35f), Shape.of(1, 64, 64, 3));
                List<String> described = net.variables().stream()
                        .map(v -> v.name() + " " + v.shape() + " " + v.trainable() + " " + v.group()).toList();
                Set<String> names = new HashSet<>();
                for (NetVariable v : net.variables()) {
                    assertThat(v.name()).matches("[A-Za-z0-9_]+").doesNotContain("/");
                    assertThat(names.add(v.name())).as("unique: %s", v.name()).isTrue();
                    assertThat(graph.operation(v.name())).isNotNull();
                    assertThat(graph.operation(v.name()).type()).isEqualTo("VariableV2");
                }
                if (reference == null) {
                    reference = described;
                } else {
                    assertThat(described).as("variables in %s mode", mode).isEqualTo(reference);
                }
            }
        }
        assertThat(reference).contains("backbone_conv1_kernel [3, 3, 3, 16] true backbone",
                "backbone_block3_expand_kernel [1, 1, 8, 48] true backbone",
                "backbone_block3_expand_bn_moving_mean [48] false backbone",
                "backbone_block0_depthwise_kernel [3, 3, 16, 1] true backbone",
                "fpn_smooth4_bn_gamma [24] true fpn");
        assertThat(reference.stream().filter(s -> s.contains("block0_expand")).collect(Collectors.toList())).isEmpty();
        // Every BN contributes two non-trainable moving statistics and nothing else is non-trainable.
        assertThat(reference.stream().filter(s -> s.contains(" false ")))
                .allMatch(s -> s.contains("_bn_moving_mean ") || s.contains("_bn_moving_variance "));
    }
}
