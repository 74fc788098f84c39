package io.detectionstudio.nn;

import java.util.SplittableRandom;

/**
 * How a variable's initial value is drawn. The values are drawn in Java from a {@link SplittableRandom} seeded
 * by {@link #seedFor(long, String)} (the builder's seed and the variable's name), so they depend on nothing but
 * the seed and the name: two graphs built separately (a TRAIN and an INFERENCE graph, or one built today and
 * one built tomorrow) start from identical values, whatever order their layers were built in.
 *
 * <p>{@code fanIn} and {@code fanOut} are given by the layer that creates the variable: for a convolution kernel
 * {@code [kh, kw, in, out]} they are {@code kh*kw*in} and {@code kh*kw*out}; for a depthwise kernel
 * {@code [kh, kw, channels, 1]} both are {@code kh*kw} (each output channel sees one input channel).
 */
public sealed interface Init {

    /** Draws {@code size} values. */
    float[] sample(int size, int fanIn, int fanOut, SplittableRandom random);

    /** Every value {@code value} (zeros for biases and betas and moving means, ones for gammas and moving variances). */
    record Constant(float value) implements Init {
        @Override
        public float[] sample(int size, int fanIn, int fanOut, SplittableRandom random) {
            float[] values = new float[size];
            java.util.Arrays.fill(values, value);
            return values;
        }
    }

    /**
     * Glorot (Xavier) uniform: uniform in {@code [-limit, limit]}, {@code limit = sqrt(6 / (fanIn + fanOut))};
     * Keras' default kernel initializer (the OD API's FPN convolutions use it).
     */
    record GlorotUniform() implements Init {
        @Override
        public float[] sample(int size, int fanIn, int fanOut, SplittableRandom random) {
            double limit = Math.sqrt(6.0 / Math.max(1, fanIn + fanOut));
            float[] values = new float[size];
            for (int i = 0; i < size; i++) {
                values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
            }
            return values;
        }
    }

    /**
     * He normal as Keras draws it: a normal truncated at two standard deviations, with the standard deviation
     * {@code sqrt(2 / fanIn) / 0.87962566} so that the truncated distribution keeps the variance {@code 2 / fanIn}.
     */
    record HeNormal() implements Init {
        /** The standard deviation of a unit normal truncated to [-2, 2]. */
        static final double TRUNCATED_STDDEV = 0.87962566103423978;

        @Override
        public float[] sample(int size, int fanIn, int fanOut, SplittableRandom random) {
            return truncatedNormal(size, Math.sqrt(2.0 / Math.max(1, fanIn)) / TRUNCATED_STDDEV, random);
        }
    }

    /**
     * A normal with the given standard deviation, redrawn beyond two standard deviations (TensorFlow's
     * {@code truncated_normal_initializer}; the OD API's MobileNetV2 uses {@code stddev=0.09}).
     */
    record TruncatedNormal(double stddev) implements Init {
        public TruncatedNormal {
            if (!(stddev > 0)) {
                throw new IllegalArgumentException("stddev must be positive: " + stddev);
            }
        }

        @Override
        public float[] sample(int size, int fanIn, int fanOut, SplittableRandom random) {
            return truncatedNormal(size, stddev, random);
        }
    }

    /** All zeros. */
    static Init zeros() {
        return new Constant(0f);
    }

    /** All ones. */
    static Init ones() {
        return new Constant(1f);
    }

    /** {@link GlorotUniform}. */
    static Init glorotUniform() {
        return new GlorotUniform();
    }

    /** {@link HeNormal}. */
    static Init heNormal() {
        return new HeNormal();
    }

    /** {@link TruncatedNormal} with that standard deviation. */
    static Init truncatedNormal(double stddev) {
        return new TruncatedNormal(stddev);
    }

    /** The seed of the variable {@code name} in a net built with {@code seed}: a 64-bit FNV-1a hash of the name, mixed with the seed. */
    static long seedFor(long seed, String name) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < name.length(); i++) {
            hash ^= name.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash ^ (seed * 0x9E3779B97F4A7C15L);
    }

    private static float[] truncatedNormal(int size, double stddev, SplittableRandom random) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            double z;
            do {
                z = random.nextGaussian();
            } while (Math.abs(z) > 2);
            values[i] = (float) (z * stddev);
        }
        return values;
    }
}
