/**
 * Pascal VOC XML annotations ({@link io.detectionstudio.data.formats.voc.VocFormat}, format name {@code voc}).
 *
 * <h2>Files</h2>
 * One XML file per image: {@code <annotation>} with {@code <filename>}, optional {@code <path>} and
 * {@code <folder>}, {@code <size>} ({@code <width>}, {@code <height>}, {@code <depth>}) and one {@code <object>}
 * per box ({@code <name>}, {@code <pose>}, {@code <truncated>}, {@code <difficult>}, optional {@code <occluded>},
 * {@code <bndbox>} with {@code <xmin> <ymin> <xmax> <ymax>}). Only direct children count, so the {@code <part>}s
 * of VOC's person layout are not read as objects. Other elements are ignored.
 *
 * <p><b>Reading</b> takes a dataset folder with {@code Annotations/} (the VOC devkit layout; {@code ImageSets/}
 * splits are not read: every XML file is), a folder of {@code .xml} files, or one {@code .xml} file. The dataset
 * folder (the image root) is the parent of a folder named {@code Annotations}, else the XML files' folder. An image
 * is found by its {@code <path>} (relative to the XML file's folder, or absolute; Windows paths written on another
 * machine are ignored), else as {@code JPEGImages/FILENAME} in the dataset folder, else beside the XML file, else
 * in the dataset folder. Image ids are 1, 2, ... in the order of the XML files' names; annotation ids 1, 2, ... in
 * file order. Sizes come from {@code <size>}; when it is missing or 0, from the image's headers.
 *
 * <p><b>Writing</b> makes {@code OUT/Annotations/NAME.xml} for every image (also for images without objects),
 * where {@code NAME} is the image's base name without extension ({@code NAME_ID} when two images share it). The
 * images are <em>referenced, not copied</em>: {@code <path>} is the image's path relative to
 * {@code OUT/Annotations/}, {@code <filename>} its base name and {@code <folder>} the name of its folder (as
 * labelImg writes them), so the XML files stay light and resolve to the same images as long as the output and
 * the images keep their places relative to each other. Absent values are written as VOC's defaults
 * ({@code <depth>3</depth>}, {@code <pose>Unspecified</pose>}, {@code <truncated>0</truncated>},
 * {@code <segmented>0</segmented>}), since tools such as the Object Detection API's
 * {@code create_pascal_tf_record.py} require them. {@code OUT/Annotations} must be new or empty; the write is
 * all or nothing.
 *
 * <h2>Coordinates</h2>
 * The VOC devkit counts pixels from 1 and its {@code xmax}/{@code ymax} are inclusive: its evaluation takes a
 * box's width as {@code xmax - xmin + 1}, so the box {@code xmin=1, xmax=W} covers a whole image {@code W} pixels
 * wide. The studio's COCO boxes are continuous, from 0, with no "+1". We follow the devkit:
 * <pre>
 *   COCO x = xmin - 1     COCO width  = xmax - xmin + 1
 *   COCO y = ymin - 1     COCO height = ymax - ymin + 1
 *   VOC xmin = x + 1      VOC xmax = x + width   (and likewise for y)
 * </pre>
 * The Object Detection API's {@code dataset_tools/create_pascal_tf_record.py} instead divides the four values by
 * the image size as they are ({@code xmin / width}): its boxes start one pixel to the right of and below where the
 * devkit puts them (one pixel narrower and shorter; the right and bottom edges agree). We take the format's own
 * definition, so a whole-image box stays the whole image. The arithmetic is decimal, from each number's shortest decimal form, so COCO -> VOC -> COCO gives back
 * every box exactly: integer-pixel boxes as integers, and fractional ones (which VOC files from many tools carry)
 * as the very same numbers. One leniency: an {@code xmin} or {@code ymin} of exactly 0, written by tools that count
 * from 0, is read as the image's edge (0) rather than one pixel outside the image.
 *
 * <h2>Categories</h2>
 * VOC names categories by their {@code <name>}. Unless a category list is given
 * ({@link io.detectionstudio.data.formats.voc.VocFormat#VocFormat(java.util.List)}), the distinct names are sorted
 * (by {@link java.lang.String#compareTo}, so the ids do not depend on the order of the files) and numbered from 1.
 * With a list, names map to its ids and an object of another name is a problem.
 *
 * <h2>What is kept</h2>
 * {@code <difficult>} is the annotation's difficult flag; {@code <pose>} (other than {@code Unspecified}),
 * {@code <truncated>1}, {@code <occluded>1} and {@code <size><depth>} (other than 3) and {@code <segmented>1} are kept
 * in the annotation's or image's extras and written back. A COCO crowd box is written with
 * {@code <iscrowd>1</iscrowd>} (an extension other tools ignore) and read back as one. VOC has no place for image
 * and annotation ids, keypoints, masks, {@code area}, supercategories, categories without boxes, or other extras:
 * those are not written.
 *
 * <h2>Security</h2>
 * Annotation files are parsed by the JDK's own parser with every way out of the file shut (see {@code SecureXml}):
 * a file with a DOCTYPE is refused with a one-line problem before any entity or DTD it names is opened, external
 * entities and DTD loading are off, XInclude is off, {@code ACCESS_EXTERNAL_DTD} and {@code ACCESS_EXTERNAL_SCHEMA}
 * allow nothing, and secure processing is on.
 *
 * <h2>Problems</h2>
 * One line each, with the XML file and the element path ({@code annotation/object[2]/bndbox/xmin}, objects counted
 * from 1 as in XPath) or, for XML that does not parse, the line and column. A file with a problem outside its
 * objects is left out; an object with a problem is left out of its image.
 */
package io.detectionstudio.data.formats.voc;
