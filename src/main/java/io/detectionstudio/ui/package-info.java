/**
 * The studio window (JavaFX). The only package that imports JavaFX. Long work (reading datasets, decoding
 * images) runs on background threads; the FX thread only builds and updates nodes.
 */
package io.detectionstudio.ui;
