package io.detectionstudio.data.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RgbConverterTest {

    // ---------------------------------------------------------------- orientation, every pixel

    /**
     * Builds each orientation's display from mirror and transpose steps on a plain grid (an independent
     * formulation of the EXIF table) and compares every pixel of a 5x3 image with distinct colours.
     */
    @ParameterizedTest
    @EnumSource(ExifOrientation.class)
    void everyPixelLandsWhereTheExifDefinitionPutsIt(ExifOrientation orientation) {
        int w = 5;
        int h = 3;
        int[][] stored = new int[h][w];
        BufferedImage src = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                stored[y][x] = (x * 40) << 16 | (y * 80) << 8 | (x + y * w);
                src.setRGB(x, y, stored[y][x]);
            }
        }
        int[][] expected = switch (orientation) {
            case NORMAL -> stored;
            case MIRROR_HORIZONTAL -> flipH(stored);
            case ROTATE_180 -> flipV(flipH(stored));
            case MIRROR_VERTICAL -> flipV(stored);
            case TRANSPOSE -> transpose(stored);
            case ROTATE_90_CW -> flipH(transpose(stored));
            case TRANSVERSE -> flipV(flipH(transpose(stored)));
            case ROTATE_270_CW -> flipV(transpose(stored));
        };

        BufferedImage out = RgbConverter.toUprightBgr(src, orientation);

        assertThat(out.getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
        assertThat(out.getHeight()).isEqualTo(expected.length);
        assertThat(out.getWidth()).isEqualTo(expected[0].length);
        for (int y = 0; y < expected.length; y++) {
            for (int x = 0; x < expected[0].length; x++) {
                assertThat(out.getRGB(x, y) & 0xFFFFFF).as("(%d,%d)", x, y).isEqualTo(expected[y][x]);
            }
        }
    }

    @Test
    void anUprightBgrImageIsReturnedAsItIs() {
        BufferedImage src = new BufferedImage(4, 2, BufferedImage.TYPE_3BYTE_BGR);

        assertThat(RgbConverter.toUprightBgr(src, ExifOrientation.NORMAL)).isSameAs(src);
        assertThat(RgbConverter.toUprightBgr(src, ExifOrientation.ROTATE_180)).isNotSameAs(src);
    }

    @Test
    void aBgrSubimageIsCopiedNotShared() {
        BufferedImage parent = new BufferedImage(4, 4, BufferedImage.TYPE_3BYTE_BGR);
        parent.setRGB(1, 1, 0x123456);
        BufferedImage child = parent.getSubimage(1, 1, 2, 2);

        BufferedImage out = RgbConverter.toUprightBgr(child, ExifOrientation.NORMAL);

        assertThat(out).isNotSameAs(child);
        assertThat(RgbConverter.isPlainBgr(out)).isTrue();
        assertThat(out.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x123456);
    }

    // ---------------------------------------------------------------- colour models

    @Test
    void premultipliedAlphaIsCompositedOnWhite() {
        BufferedImage src = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB_PRE);
        src.setRGB(0, 0, 0x800000FF); // blue, alpha 128
        src.setRGB(1, 0, 0x00000000); // fully transparent

        BufferedImage out = RgbConverter.toUprightBgr(src, ExifOrientation.NORMAL);

        int c = out.getRGB(0, 0) & 0xFFFFFF;
        assertThat((c >> 16) & 0xFF).isBetween(126, 128);
        assertThat((c >> 8) & 0xFF).isBetween(126, 128);
        assertThat(c & 0xFF).isEqualTo(255);
        assertThat(out.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    }

    @Test
    void packedFiveBitSamplesAreScaledToEightBits() {
        BufferedImage src = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_555_RGB);
        src.getRaster().setPixel(0, 0, new int[] {31, 0, 16});
        src.getRaster().setPixel(1, 0, new int[] {0, 31, 0});

        BufferedImage out = RgbConverter.toUprightBgr(src, ExifOrientation.NORMAL);

        assertThat(out.getRGB(0, 0) & 0xFFFFFF).isEqualTo(255 << 16 | 132); // 16 * 255 / 31 = 131.6
        assertThat(out.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0x00FF00);
    }

    @Test
    void oneBitPaletteUsesItsPaletteColours() {
        IndexColorModel palette = new IndexColorModel(1, 2, new byte[] {0, (byte) 200}, new byte[] {0, 10},
                new byte[] {0, 20});
        BufferedImage src = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_BINARY, palette);
        src.getRaster().setSample(1, 0, 0, 1);

        BufferedImage out = RgbConverter.toUprightBgr(src, ExifOrientation.NORMAL);

        assertThat(out.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0);
        assertThat(out.getRGB(1, 0) & 0xFFFFFF).isEqualTo(200 << 16 | 10 << 8 | 20);
    }

    @Test
    void greyIsCopiedToAllChannelsWithoutAGammaCurve() {
        BufferedImage src = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        src.getRaster().setSample(0, 0, 0, 100);

        BufferedImage out = RgbConverter.toUprightBgr(src, ExifOrientation.NORMAL);

        // ColorModel.getRGB treats CS_GRAY as linear light and would brighten 100 to 168.
        assertThat(out.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x646464);
    }

    @Test
    void otherColourSpacesGoThroughJava2dConversion() {
        ColorSpace linear = ColorSpace.getInstance(ColorSpace.CS_LINEAR_RGB);
        ComponentColorModel cm = new ComponentColorModel(linear, false, false, Transparency.OPAQUE,
                DataBuffer.TYPE_BYTE);
        WritableRaster raster = cm.createCompatibleWritableRaster(1, 1);
        raster.setPixel(0, 0, new int[] {255, 0, 0});
        BufferedImage src = new BufferedImage(cm, raster, false, null);

        BufferedImage out = RgbConverter.toUprightBgr(src, ExifOrientation.NORMAL);

        int c = out.getRGB(0, 0) & 0xFFFFFF;
        assertThat((c >> 16) & 0xFF).isGreaterThan(240);
        assertThat((c >> 8) & 0xFF).isLessThan(15);
        assertThat(c & 0xFF).isLessThan(15);
    }

    // ---------------------------------------------------------------- grid helpers (row-major [y][x])

    private static int[][] flipH(int[][] g) {
        int[][] out = new int[g.length][g[0].length];
        for (int y = 0; y < g.length; y++) {
            for (int x = 0; x < g[0].length; x++) {
                out[y][x] = g[y][g[0].length - 1 - x];
            }
        }
        return out;
    }

    private static int[][] flipV(int[][] g) {
        int[][] out = new int[g.length][];
        for (int y = 0; y < g.length; y++) {
            out[y] = g[g.length - 1 - y].clone();
        }
        return out;
    }

    private static int[][] transpose(int[][] g) {
        int[][] out = new int[g[0].length][g.length];
        for (int y = 0; y < g.length; y++) {
            for (int x = 0; x < g[0].length; x++) {
                out[x][y] = g[y][x];
            }
        }
        return out;
    }
}
