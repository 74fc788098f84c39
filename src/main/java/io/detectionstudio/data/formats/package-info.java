/**
 * Dataset formats other tools use, each a {@link io.detectionstudio.data.formats.DatasetFormat}: read into
 * and written from the one {@link io.detectionstudio.data.Dataset} model, so that any format converts to
 * any other through it. {@link io.detectionstudio.data.formats.DatasetFormats} lists them and infers a
 * format from a path.
 *
 * <p>Every reader reports bad input as {@link io.detectionstudio.data.Problem}s, one line each with the file
 * and the position in it; every writer writes all or nothing (into a temporary place, then moved), so a
 * failed conversion leaves no partial output behind.
 */
package io.detectionstudio.data.formats;
