package io.detectionstudio.engine.weights;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A start on disk, ready to use: a catalogue start installed in the store, a file imported into it, or a file
 * named by its path ({@link WeightsStore#find}).
 *
 * @param name            its catalogue name, or the name derived from an imported file's name
 * @param file            the {@code .tflite} file
 * @param known           its catalogue entry when its checksum is a known one; empty for imported files
 * @param description     what it is, in one line
 * @param depthMultiplier the network's width (MobileNetV2's depth multiplier)
 * @param size            the file's size in bytes
 */
public record InstalledStart(String name, Path file, Optional<KnownStart> known, String description, float depthMultiplier,
        long size) {

    /** True for a file that is not in the catalogue (accepted because it parses as a supported network). */
    public boolean imported() {
        return known.isEmpty();
    }

    /** The catalogue's licence, or "unknown" for imported files. */
    public String licence() {
        return known.map(KnownStart::licence).orElse("unknown");
    }
}
