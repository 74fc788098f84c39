package io.detectionstudio.data.tfrecord;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Instance masks as the OD API keeps them in a tf.Example ({@code image/object/mask}: one PNG per object, 8-bit
 * grey, 1 inside and 0 outside, the image's size), and as COCO keeps them (polygons, RLE). Rasters here are
 * row-major {@code byte[]}s of 0 and 1.
 */
final class Masks {

    private Masks() {
    }

    /**
     * The pixels inside any of the polygons (each pixel {@code x1, y1, x2, y2, ...}): a pixel is inside when its
     * centre is, by the even-odd rule. pycocotools draws polygon edges slightly more generously, so its masks can
     * differ on boundary pixels.
     */
    static byte[] rasterize(List<double[]> polygons, int width, int height) {
        byte[] out = new byte[width * height];
        double[] xs = new double[16];
        for (double[] poly : polygons) {
            int n = poly.length / 2;
            if (xs.length < n) {
                xs = new double[n];
            }
            for (int y = 0; y < height; y++) {
                double cy = y + 0.5;
                int count = 0;
                for (int i = 0, j = n - 1; i < n; j = i++) {
                    double yi = poly[2 * i + 1];
                    double yj = poly[2 * j + 1];
                    if ((yi <= cy) != (yj <= cy)) {
                        double xi = poly[2 * i];
                        double xj = poly[2 * j];
                        xs[count++] = xi + (cy - yi) / (yj - yi) * (xj - xi);
                    }
                }
                Arrays.sort(xs, 0, count);
                for (int k = 0; k + 1 < count; k += 2) {
                    int from = (int) Math.max(0, Math.ceil(xs[k] - 0.5));
                    int to = (int) Math.min(width, Math.ceil(xs[k + 1] - 0.5));
                    for (int x = from; x < to; x++) {
                        out[y * width + x] = 1;
                    }
                }
            }
        }
        return out;
    }

    /**
     * A COCO RLE object ({@code {"size": [h, w], "counts": ...}}, counts a list of run lengths or COCO's compressed
     * string), as a row-major raster.
     *
     * @throws IllegalArgumentException when it is not an RLE of a {@code width x height} image
     */
    static byte[] fromRle(Object rle, int width, int height) {
        if (!(rle instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("the segmentation is not an RLE object");
        }
        Object size = map.get("size");
        if (!(size instanceof List<?> hw) || hw.size() != 2 || !(hw.get(0) instanceof Number h)
                || !(hw.get(1) instanceof Number w)) {
            throw new IllegalArgumentException("the RLE has no [height, width] size");
        }
        if (h.intValue() != height || w.intValue() != width) {
            throw new IllegalArgumentException("the RLE is " + w.intValue() + "x" + h.intValue() + " but the image is "
                    + width + "x" + height);
        }
        long[] counts = counts(map.get("counts"));
        byte[] out = new byte[width * height];
        long pos = 0;
        long total = (long) width * height;
        for (int i = 0; i < counts.length; i++) {
            long end = pos + counts[i];
            if (counts[i] < 0 || end > total) {
                throw new IllegalArgumentException("the RLE's runs do not fit its " + width + "x" + height + " size");
            }
            if (i % 2 == 1) {
                for (long p = pos; p < end; p++) {
                    int x = (int) (p / height);
                    int y = (int) (p % height);
                    out[y * width + x] = 1;
                }
            }
            pos = end;
        }
        return out;
    }

    private static long[] counts(Object counts) {
        if (counts instanceof List<?> list) {
            long[] out = new long[list.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(list.get(i) instanceof Number n)) {
                    throw new IllegalArgumentException("the RLE's counts are not all numbers");
                }
                out[i] = n.longValue();
            }
            return out;
        }
        if (counts instanceof String s) {
            return decodeCompressed(s);
        }
        throw new IllegalArgumentException("the RLE has no counts");
    }

    /** pycocotools' {@code rleFrString}: 5-bit groups with a continuation bit, later counts delta-coded. */
    static long[] decodeCompressed(String s) {
        List<Long> out = new ArrayList<>();
        int p = 0;
        while (p < s.length()) {
            long x = 0;
            int k = 0;
            boolean more = true;
            while (more) {
                if (p >= s.length()) {
                    throw new IllegalArgumentException("the RLE's compressed counts end in the middle of a number");
                }
                int c = s.charAt(p) - 48;
                x |= (long) (c & 0x1f) << (5 * k);
                more = (c & 0x20) != 0;
                p++;
                k++;
                if (!more && (c & 0x10) != 0) {
                    x |= -1L << (5 * k);
                }
            }
            if (out.size() > 2) {
                x += out.get(out.size() - 2);
            }
            out.add(x);
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** A row-major raster as an uncompressed COCO RLE: {@code {"size": [h, w], "counts": [...]}}, column-major runs. */
    static Map<String, Object> toRle(byte[] raster, int width, int height) {
        List<Integer> counts = new ArrayList<>();
        int run = 0;
        int current = 0;
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                int v = raster[y * width + x] != 0 ? 1 : 0;
                if (v != current) {
                    counts.add(run);
                    run = 0;
                    current = v;
                }
                run++;
            }
        }
        counts.add(run);
        Map<String, Object> rle = new LinkedHashMap<>();
        rle.put("size", List.of(height, width));
        rle.put("counts", counts);
        return rle;
    }

    static boolean isEmpty(byte[] raster) {
        for (byte b : raster) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** An 8-bit grey PNG of the raster's 0 and 1 values. */
    static byte[] png(byte[] raster, int width, int height) {
        BufferedImage im = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((DataBufferByte) im.getRaster().getDataBuffer()).getData();
        System.arraycopy(raster, 0, data, 0, raster.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(im, "png", out)) {
                throw new IllegalStateException("no PNG writer in this Java");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A decoded mask: its size and a row-major raster, 1 where the PNG's first band is above 0. */
    record Decoded(int width, int height, byte[] raster) {
    }

    /** Decodes a mask PNG (any image ImageIO reads); null when it is not an image. */
    static Decoded fromPng(byte[] png) {
        BufferedImage im;
        try {
            im = ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (im == null) {
            return null;
        }
        int w = im.getWidth();
        int h = im.getHeight();
        Raster r = im.getRaster();
        byte[] out = new byte[w * h];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            r.getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                out[y * w + x] = (byte) (row[x] > 0 ? 1 : 0);
            }
        }
        return new Decoded(w, h, out);
    }
}
