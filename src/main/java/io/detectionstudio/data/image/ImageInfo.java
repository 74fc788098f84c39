package io.detectionstudio.data.image;

import java.util.Objects;

/**
 * What {@link ImageLoader#readInfo} learns from an image file's headers, without decoding its pixels.
 *
 * @param width       width in pixels <em>as displayed</em>, i.e. after {@code orientation} is applied (the stored
 *                    height when the orientation turns the image by 90 or 270 degrees); equals the width of
 *                    {@link ImageLoader#loadRgb}'s image
 * @param height      height in pixels as displayed, likewise
 * @param format      the container format, upper case: {@code "JPEG"}, {@code "PNG"}, {@code "BMP"},
 *                    {@code "GIF"}, {@code "TIFF"} or whatever other name an installed ImageIO reader gives
 * @param orientation the EXIF orientation found in the file, {@link ExifOrientation#NORMAL} when there is none or
 *                    it cannot be read
 */
public record ImageInfo(int width, int height, String format, ExifOrientation orientation) {

    /** Checks that the sizes are positive and the other fields present. */
    public ImageInfo {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        }
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(orientation, "orientation");
    }
}
