package io.detectionstudio.data.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;

/**
 * Turns whatever a reader decoded into an upright {@link BufferedImage#TYPE_3BYTE_BGR} image, applying the EXIF
 * orientation in the same pass.
 *
 * <p>Colour rules: RGB and grey samples of any bit depth are scaled to 8 bits (grey is copied to R, G and B as is,
 * with no linear-to-sRGB curve, which is how viewers show grey PNGs and JPEGs); palette entries are used as they
 * are; alpha is composited on white. Images in other colour spaces go through Java2D's colour conversion.
 */
final class RgbConverter {

    private static final int WHITE = 0xFFFFFF;

    private RgbConverter() {
    }

    /** Fills {@code rgb[0..w)} with row {@code y} as {@code 0xRRGGBB}, alpha already composited on white. */
    private interface RowSource {
        void read(int y, int[] rgb);
    }

    /** Returns {@code src} itself when it is already a plain upright BGR image, else a new image. */
    static BufferedImage toUprightBgr(BufferedImage src, ExifOrientation orientation) {
        if (orientation == ExifOrientation.NORMAL && isPlainBgr(src)) {
            return src;
        }
        int w = src.getWidth();
        int h = src.getHeight();
        boolean swap = orientation.swapsWidthAndHeight();
        BufferedImage dst = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] out = ((DataBufferByte) dst.getRaster().getDataBuffer()).getData();
        RowSource rows = rowSource(src);
        int[] rgb = new int[w];
        for (int y = 0; y < h; y++) {
            rows.read(y, rgb);
            int base = orientation.displayedIndex(0, y, w, h);
            int step = w > 1 ? orientation.displayedIndex(1, y, w, h) - base : 0;
            for (int x = 0, p = base; x < w; x++, p += step) {
                int c = rgb[x];
                int o = p * 3;
                out[o] = (byte) c;
                out[o + 1] = (byte) (c >>> 8);
                out[o + 2] = (byte) (c >>> 16);
            }
        }
        return dst;
    }

    /** TYPE_3BYTE_BGR with the standard layout this class writes (the layout callers may rely on). */
    static boolean isPlainBgr(BufferedImage img) {
        if (img.getType() != BufferedImage.TYPE_3BYTE_BGR) {
            return false;
        }
        Raster r = img.getRaster();
        if (!(r.getSampleModel() instanceof PixelInterleavedSampleModel sm)
                || !(r.getDataBuffer() instanceof DataBufferByte db)) {
            return false;
        }
        int[] offsets = sm.getBandOffsets();
        return r.getParent() == null && db.getNumBanks() == 1 && db.getOffset() == 0
                && sm.getPixelStride() == 3 && sm.getScanlineStride() == 3 * img.getWidth()
                && offsets.length == 3 && offsets[0] == 2 && offsets[1] == 1 && offsets[2] == 0
                && db.getData().length == 3 * img.getWidth() * img.getHeight();
    }

    private static RowSource rowSource(BufferedImage src) {
        ColorModel cm = src.getColorModel();
        Raster raster = src.getRaster();
        int transfer = raster.getTransferType();
        boolean integral = transfer == DataBuffer.TYPE_BYTE || transfer == DataBuffer.TYPE_USHORT
                || transfer == DataBuffer.TYPE_INT;
        if (cm instanceof IndexColorModel icm && integral && raster.getNumBands() == 1) {
            return indexed(raster, icm);
        }
        ColorSpace cs = cm.getColorSpace();
        boolean plainSpace = cs.isCS_sRGB() || (cs.getType() == ColorSpace.TYPE_GRAY && cs.getNumComponents() == 1);
        if ((cm instanceof ComponentColorModel || cm instanceof DirectColorModel) && integral && plainSpace
                && raster.getNumBands() == cm.getNumComponents()) {
            return samples(raster, cm);
        }
        return viaJava2d(src);
    }

    private static RowSource indexed(Raster raster, IndexColorModel icm) {
        int w = raster.getWidth();
        int[] index = new int[w];
        int[] argb = new int[icm.getMapSize()];
        icm.getRGBs(argb);
        int max = argb.length - 1;
        return (y, rgb) -> {
            raster.getSamples(0, y, w, 1, 0, index);
            for (int x = 0; x < w; x++) {
                int i = index[x];
                // An index past the palette (a corrupt file) shows as black, like other decoders do.
                int c = i >= 0 && i <= max ? argb[i] : 0xFF000000;
                rgb[x] = over(c >>> 24, c, false);
            }
        };
    }

    private static RowSource samples(Raster raster, ColorModel cm) {
        int w = raster.getWidth();
        int colors = cm.getNumColorComponents();
        boolean alpha = cm.hasAlpha();
        boolean premultiplied = cm.isAlphaPremultiplied();
        long[] max = new long[cm.getNumComponents()];
        for (int b = 0; b < max.length; b++) {
            max[b] = (1L << cm.getComponentSize(b)) - 1;
        }
        int[][] band = new int[cm.getNumComponents()][w];
        return (y, rgb) -> {
            for (int b = 0; b < band.length; b++) {
                raster.getSamples(0, y, w, 1, b, band[b]);
            }
            for (int x = 0; x < w; x++) {
                int r = to8(band[0][x], max[0]);
                int g = colors == 3 ? to8(band[1][x], max[1]) : r;
                int bl = colors == 3 ? to8(band[2][x], max[2]) : r;
                int c = r << 16 | g << 8 | bl;
                rgb[x] = alpha ? over(to8(band[colors][x], max[colors]), c, premultiplied) : c;
            }
        };
    }

    /** Anything else (other colour spaces, float samples): let Java2D convert, drawing on white. */
    private static RowSource viaJava2d(BufferedImage src) {
        int w = src.getWidth();
        BufferedImage tmp = new BufferedImage(w, src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = tmp.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, tmp.getWidth(), tmp.getHeight());
            g.drawImage(src, 0, 0, null);
        } finally {
            g.dispose();
        }
        int[] data = ((DataBufferInt) tmp.getRaster().getDataBuffer()).getData();
        return (y, rgb) -> System.arraycopy(data, y * w, rgb, 0, w);
    }

    /** Scales a sample in {@code 0..max} to {@code 0..255}, rounding. */
    private static int to8(int sample, long max) {
        if (max == 255) {
            return sample & 0xFF;
        }
        long v = (sample & 0xFFFFFFFFL) * 255 + max / 2;
        return (int) Math.min(255, v / max);
    }

    /** Composites colour {@code c} (0xRRGGBB, 8 bits each) with alpha {@code a} (0..255) on white. */
    private static int over(int a, int c, boolean premultiplied) {
        if (a == 255) {
            return c & WHITE;
        }
        if (a == 0 && !premultiplied) {
            return WHITE;
        }
        int r = channelOver((c >>> 16) & 0xFF, a, premultiplied);
        int g = channelOver((c >>> 8) & 0xFF, a, premultiplied);
        int b = channelOver(c & 0xFF, a, premultiplied);
        return r << 16 | g << 8 | b;
    }

    private static int channelOver(int v, int a, boolean premultiplied) {
        int background = 255 - a; // white times (1 - alpha)
        return premultiplied ? Math.min(255, v + background) : (v * a + 255 * background + 127) / 255;
    }
}
