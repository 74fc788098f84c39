/**
 * Apple Create ML object detection JSON ({@link io.detectionstudio.data.formats.createml.CreateMlFormat}, format
 * name {@code createml}).
 *
 * <h2>File</h2>
 * <pre>
 * [
 *   {"image": "duck1.jpg",
 *    "annotations": [{"label": "duck", "coordinates": {"x": 150, "y": 110.5, "width": 100, "height": 61}}]}
 * ]
 * </pre>
 * {@code x, y} is the box's <em>center</em> and {@code width, height} its size, in pixels of the image as displayed,
 * from its top-left corner. {@code image} is the image's file name relative to the JSON file's folder.
 *
 * <h2>Coordinates</h2>
 * COCO {@code x = cx - width / 2}, {@code y = cy - height / 2}, and back {@code cx = x + width / 2}. The
 * arithmetic is decimal (from each number's shortest decimal form, and numbers are read as decimals), so
 * COCO -&gt; Create ML -&gt; COCO gives back every box exactly.
 *
 * <h2>Reading</h2>
 * Image sizes, which the format does not carry, come from the image headers
 * ({@link io.detectionstudio.data.image.ImageLoader#readInfo}); an image that cannot be read is a problem and its
 * entry is left out. Image ids are 1, 2, ... in file order, annotation ids likewise. Categories: unless a list is
 * given ({@link io.detectionstudio.data.formats.createml.CreateMlFormat#CreateMlFormat(java.util.List)}), the
 * distinct labels are sorted ({@link java.lang.String#compareTo}) and numbered from 1. Problems are one line each,
 * with the JSON path ({@code [2].annotations[0].coordinates}); a file that is not JSON, or not an array, fails the
 * read with the line and column.
 *
 * <h2>Recognizing</h2>
 * COCO files are {@code .json} too, so {@code recognizes} looks inside: the top level must be an array whose first
 * element is an object with an {@code "image"} field (COCO's top level is an object; detection results are arrays of
 * objects with {@code "image_id"}). It therefore has to be asked before the COCO format, which takes any
 * {@code .json}. An output path is never recognized ({@code .json} means COCO): Create ML is written only when
 * asked for by name ({@code --to createml}).
 *
 * <h2>Writing</h2>
 * One JSON file, written all or nothing (a temporary file beside it, then moved over it). Images are referenced,
 * not copied: {@code image} is the path relative to the output file's folder (absolute paths stay absolute). Create
 * ML itself expects the images beside the JSON file, so for Create ML write the file into the images' folder. Every
 * image is written, with an empty list when it has no objects. The format has no place for ids, flags, areas,
 * keypoints, masks or extras: those are not written.
 */
package io.detectionstudio.data.formats.createml;
