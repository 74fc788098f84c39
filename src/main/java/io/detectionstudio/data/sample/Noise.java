package io.detectionstudio.data.sample;

/**
 * Seeded value noise and hashing for the procedural textures. Every value is a pure function of the seed
 * and the coordinates (no shared random stream), so a texture looks the same however often, and in
 * whatever order, it is painted.
 */
final class Noise {

    private final long seed;

    Noise(long seed) {
        this.seed = seed;
    }

    /** SplitMix64's finalizer: a good 64-bit mix. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A seed for item {@code index} of a named stream, derived from a master seed. */
    static long derive(long master, String stream, long index) {
        return mix(mix(master ^ stream.hashCode() * 0x9E3779B97F4A7C15L) + index);
    }

    /** A hash of a lattice point in [0, 1). */
    double hash(long x, long y) {
        long h = mix(seed + x * 0x9E3779B97F4A7C15L + y * 0xC2B2AE3D27D4EB4FL);
        return (h >>> 11) * 0x1.0p-53;
    }

    /** Smooth value noise in [0, 1], one lattice cell per unit. */
    double value(double x, double y) {
        double fx = StrictMath.floor(x);
        double fy = StrictMath.floor(y);
        long ix = (long) fx;
        long iy = (long) fy;
        double tx = fade(x - fx);
        double ty = fade(y - fy);
        double a = hash(ix, iy);
        double b = hash(ix + 1, iy);
        double c = hash(ix, iy + 1);
        double d = hash(ix + 1, iy + 1);
        double top = a + (b - a) * tx;
        double bottom = c + (d - c) * tx;
        return top + (bottom - top) * ty;
    }

    /** Fractal sum of {@code octaves} octaves of value noise, in [0, 1]. */
    double fbm(double x, double y, int octaves) {
        double sum = 0;
        double amp = 1;
        double norm = 0;
        for (int o = 0; o < octaves; o++) {
            sum += amp * value(x, y);
            norm += amp;
            amp *= 0.5;
            x = x * 2 + 17.3;
            y = y * 2 + 9.1;
        }
        return sum / norm;
    }

    private static double fade(double t) {
        return t * t * (3 - 2 * t);
    }
}
