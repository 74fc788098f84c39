package io.detectionstudio.engine.weights;

import java.util.Locale;
import java.util.Objects;

/**
 * One entry of the {@link Catalogue}: a pretrained network published at a public address, known by its checksum.
 *
 * @param name            the name users type ({@code weights download NAME}, {@code train --start NAME}); also the
 *                        installed file's name, with {@code .tflite}
 * @param description     what it is, in one line
 * @param architecture    the network, e.g. {@code MobileNetV2}
 * @param depthMultiplier its width (MobileNetV2's depth multiplier: 1.0, 0.5)
 * @param file            its file name at the source; the download URL is the catalogue's base URL + this
 * @param sha256          the file's SHA-256, lower-case hex
 * @param size            the file's size in bytes
 * @param licence         its licence (an SPDX id)
 * @param source          where it comes from, for the credits
 */
public record KnownStart(String name, String description, String architecture, float depthMultiplier, String file,
        String sha256, long size, String licence, String source) {

    public KnownStart {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sha256, "sha256");
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(name + ": sha256 is not 64 lower-case hex digits: " + sha256);
        }
        if (size <= 0) {
            throw new IllegalArgumentException(name + ": size must be positive: " + size);
        }
        if (!name.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException("start name must be lower-case letters, digits, '.', '_' or '-': " + name);
        }
    }

    /** The name of the installed file in the store: {@code NAME.tflite}. */
    public String installedFileName() {
        return name + WeightsStore.EXTENSION;
    }

    /** E.g. "MobileNetV2 1.0". */
    public String architectureAndWidth() {
        return String.format(Locale.ROOT, "%s %.1f", architecture, depthMultiplier);
    }
}
