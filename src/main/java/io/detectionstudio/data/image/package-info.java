/**
 * Image file loading in plain Java, shared by the dataset validator, the command line, the UI and the training
 * engine: {@link io.detectionstudio.data.image.ImageLoader#loadRgb} decodes a file into an upright 8-bit RGB
 * {@link java.awt.image.BufferedImage} ({@code TYPE_3BYTE_BGR}), and
 * {@link io.detectionstudio.data.image.ImageLoader#readInfo} reads its displayed size, format and
 * {@link io.detectionstudio.data.image.ExifOrientation} from the headers alone. Failures are
 * {@link io.detectionstudio.data.image.ImageLoadException}s with a one-line message that names the file.
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>Sizes and pixels are as displayed: the EXIF orientation is always applied, so a portrait phone photo
 *       stored 4032x3024 with orientation 6 is 3024x4032 here, as in the rest of the project.</li>
 *   <li>Alpha is composited on white; grey becomes R = G = B; deeper samples are scaled to 8 bits.</li>
 *   <li>A file's format is found from its content, not its name.</li>
 *   <li>This package uses only {@code java.desktop} (ImageIO, Java2D) and the TwelveMonkeys ImageIO plugins; it
 *       must not depend on JavaFX or TensorFlow.</li>
 * </ul>
 */
package io.detectionstudio.data.image;
