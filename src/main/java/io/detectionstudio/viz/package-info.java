/**
 * Visualization shared by the studio and the command line: how classes are colored and how detections
 * are drawn. No JavaFX here: colors are packed {@code 0xRRGGBB} ints that each front end turns into its own
 * color type.
 */
package io.detectionstudio.viz;
