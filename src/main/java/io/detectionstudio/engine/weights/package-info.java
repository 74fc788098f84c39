/**
 * Pretrained starts the way users get them: a {@link io.detectionstudio.engine.weights.Catalogue} of known
 * networks (name, what it is, width, public URL, SHA-256, size, licence; the product's list is
 * {@code catalogue.json} here), a {@link io.detectionstudio.engine.weights.WeightsStore} of the installed ones, and
 * a {@link io.detectionstudio.engine.weights.WeightsDownloader}.
 *
 * <p>The rules:
 * <ul>
 *   <li>Where: {@code ~/.detection-studio/weights/}, or {@code weights/} in the folder named by
 *       {@code -Ddetectionstudio.data} (tests always set it, or make their own store).</li>
 *   <li>What is there: {@code NAME.tflite} per installed catalogue start; {@code NAME.tflite} and {@code NAME.json}
 *       (what it is) per imported file; {@code NAME.tflite.part} for an unfinished download.</li>
 *   <li>Nothing is installed before its checksum is checked: a download goes to the part file (resumed with an HTTP
 *       {@code Range} request after an interruption; restarted when the server ignores it), is forced to disk, checked
 *       against the catalogue's SHA-256 (a mismatch deletes it) and moved into place atomically. Imports are copied
 *       to a hidden temporary file beside their target the same way.</li>
 *   <li>{@code weights import FILE}: a known checksum installs the file under its catalogue name; an unknown one is
 *       accepted when {@link io.detectionstudio.model.tflite.MobileNetV2Weights} reads it, under a name made from
 *       its file name, and listed as imported.</li>
 *   <li>Offline, a download fails in one line naming the URL and the {@code weights import} command to use
 *       instead. Every failure is a {@link io.detectionstudio.engine.weights.WeightsException} with a one-line
 *       message; cancelling throws {@link java.util.concurrent.CancellationException} and keeps the part file.</li>
 * </ul>
 *
 * <p>For training and the studio: {@link io.detectionstudio.engine.weights.WeightsStore#installed()} lists the
 * installed starts best first (the catalogue's order: {@code mobilenet_v2_1.0_imagenet}, then the others, then
 * imported files by name); {@link io.detectionstudio.engine.weights.WeightsStore#best()} is the first of them, and
 * {@link io.detectionstudio.engine.weights.WeightsStore#find(String)} resolves a name or a {@code .tflite} path.
 */
package io.detectionstudio.engine.weights;
