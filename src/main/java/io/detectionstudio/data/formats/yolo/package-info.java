/**
 * The Ultralytics YOLO dataset layout ({@link io.detectionstudio.data.formats.yolo.YoloFormat}, format name
 * {@code yolo}), for detection and pose.
 *
 * <h2>Files</h2>
 * <pre>
 *   data.yaml              path, train, val, test, nc, names; for pose kpt_shape, flip_idx, kpt_names
 *   images/SPLIT/NAME.jpg
 *   labels/SPLIT/NAME.txt  one object per line: class cx cy w h          (detection)
 *                                               class cx cy w h x y v ... (pose, kpt_shape [K, 3]; [K, 2]: x y ...)
 * </pre>
 * {@code cx cy} is the box's center and {@code w h} its size, all divided by the image's width or height;
 * {@code class} counts from 0. {@code data.yaml} is read with Jackson's YAML parser ({@code YamlTree}): all of YAML
 * 1.1 but anchors, aliases and second documents, with nesting and size limits.
 *
 * <h2>Reading</h2>
 * Takes a {@code data.yaml} (any {@code .yaml} file of that shape) or the folder holding it. The dataset root is
 * {@code path} resolved against the data.yaml's folder, or that folder when there is no {@code path} (Ultralytics
 * resolves a relative {@code path} against its own datasets folder; we keep a dataset self-contained). Each of
 * {@code train}, {@code val} and {@code test} is a folder (searched recursively for images), a {@code .txt} list
 * of image paths (relative to the list's folder), or a list of those; an image named by several splits is read
 * once, in the first. As in Ultralytics, a source {@code ../x} that does not exist is looked for as {@code x}
 * (Roboflow exports write {@code train: ../train/images} beside a data.yaml that has no {@code path}). An image's labels are found by Ultralytics' rule: the last {@code /images/} in its path
 * becomes {@code /labels/} and the extension {@code .txt}; an image without a label file has no objects. Image
 * sizes are read from the image headers ({@link io.detectionstudio.data.image.ImageLoader#readInfo}). Image ids
 * are 1, 2, ... in split order, then path order; annotation ids 1, 2, ... in that order. The split is kept in the
 * image's {@code "split"} extra.
 *
 * <p>Every bad label line is one problem, with the label file and {@code line N}, naming everything wrong on it:
 * a wrong number of values, values that are not numbers, a class that is not a whole number or not in
 * {@code names}, {@code cx cy} or keypoint coordinates outside {@code [0, 1]}, {@code w h} outside {@code (0, 1]},
 * a visibility other than 0, 1, 2. Such a line is left out. A {@code data.yaml} that cannot be used (bad YAML, no
 * split, no names, {@code nc} disagreeing with {@code names}, a bad {@code kpt_shape}) fails the read with one line
 * naming its line; a bad {@code flip_idx} or {@code kpt_names} is a problem and is passed over.
 *
 * <h2>Coordinates and precision</h2>
 * Pixels are the normalized values times the image size, rounded to a millionth of a pixel (which removes the
 * floating-point noise of the division). The writer writes normalized values with up to 12 decimals. Together,
 * COCO -&gt; YOLO -&gt; COCO gives back exactly every box and keypoint coordinate that has at most 6 decimals
 * (integers, the 1-decimal boxes of typical datasets) on images up to 100,000 pixels wide, and anything else
 * within a millionth of a pixel. (Ultralytics itself reads labels as 32-bit floats.)
 *
 * <h2>Categories</h2>
 * Class index {@code i} is category id {@code i + 1}. Writing maps the categories, in order of category id, to
 * indices 0, 1, 2, ..., so ids 1..N survive a round trip; other ids are renumbered from 1. {@code names} is written
 * as a {@code 0: name} mapping, with {@code nc}.
 *
 * <h2>Keypoints (pose)</h2>
 * With {@code kpt_shape: [K, D]} every class has K keypoints: their names come from {@code kpt_names} (per class
 * index, as recent Ultralytics files have them; a class missing from a present {@code kpt_names} is box-only, and
 * its lines' keypoint values are ignored), else {@code kpt_0 ... kpt_K-1}. Flip pairs come from {@code flip_idx}
 * (a keypoint {@code i} with {@code flip_idx[i] = j != i} pairs with {@code j}). Keypoints are COCO pixel triples
 * {@code x y v}; with D = 2 a keypoint at {@code 0 0} is unlabelled (v 0) and others are visible (v 2). Writing
 * requires every keypoint class to have the same number of keypoints and the same flip pairs (YOLO has one
 * {@code kpt_shape} and one {@code flip_idx}); {@code flip_idx} is made from the flip pairs, {@code kpt_names} from
 * the names; objects without keypoints, box-only classes and unlabelled keypoints are written {@code 0 0 0}, and a
 * labelled keypoint outside the image fails the write. The skeleton has no place in YOLO and is not written.
 *
 * <h2>Writing</h2>
 * Into a new or empty folder, all or nothing (a hidden temporary folder beside it, renamed into place). Ultralytics
 * finds labels by replacing {@code images} with {@code labels} in each image's path, so the images must be inside
 * the layout: they are <em>hard-linked</em> (no second copy of the pixels; both names share one file, which the
 * studio never edits in place) and copied where the file system allows no link (another disk). An image goes to
 * {@code images/SPLIT/}, SPLIT being its {@code "split"} extra when that is {@code train}, {@code val} or
 * {@code test}, else {@code train}; it keeps the path after {@code images/SPLIT/} when its file name has one (a
 * YOLO dataset keeps its names), else its base name ({@code NAME_ID.EXT} when two would collide). Every image
 * gets a label file, empty when it has no objects. {@code data.yaml} has no {@code path} (so Ultralytics takes its
 * folder), and {@code val} points at the training images when there are no validation images (Ultralytics needs
 * the entry). A box whose normalized values fall outside YOLO's range (its center outside the image, or larger
 * than the image) fails the write. YOLO has no place for ids, crowd and difficult flags, areas, masks, skeletons,
 * supercategories, or extras other than the split: those are not written (crowd boxes are written as boxes).
 */
package io.detectionstudio.data.formats.yolo;
