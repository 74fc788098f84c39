/**
 * COCO evaluation: a pure-Java (JDK only) reproduction of pycocotools' {@code COCOeval} for the
 * {@code 'bbox'} and {@code 'keypoints'} iou types, entered through {@link
 * io.detectionstudio.core.eval.CocoEvaluator}. {@link io.detectionstudio.core.eval.ImageMatching} applies the
 * same greedy matching to one image, to show and count its true positives, false positives and misses.
 *
 * <h2>Coordinates</h2>
 * Unlike the rest of {@code core}, which works in <em>normalized</em> {@code [ymin, xmin, ymax, xmax]}
 * boxes, everything in this package is in COCO <b>pixels</b>: boxes are {@code [x, y, width, height]}
 * and keypoints are {@code x, y, v} triples. COCO's area ranges (small &lt; 32², medium 32²..96²,
 * large &gt; 96²), its crowd IoU and its OKS are all defined in pixels, so converting here would only
 * add rounding. Areas of ground truths are the COCO {@code "area"} field (for a polygon that is the
 * polygon's area, not the box's), exactly as pycocotools uses it.
 *
 * <h2>Algorithm</h2>
 * The code follows {@code PythonAPI/pycocotools/cocoeval.py} (cocodataset/cocoapi) step by step, with
 * {@code useCats = 1} and the default {@code Params}:
 * <ol>
 *   <li><b>prepare</b>: a ground truth is ignored when it is a crowd; for keypoints also when it has
 *       no visible keypoint ({@code num_keypoints == 0}). Annotations on images outside the image set
 *       and of categories outside the category set are dropped.</li>
 *   <li><b>computeIoU / computeOks</b> per (image, category): detections sorted by score (stable) and
 *       cut to the largest maxDets; box IoU as {@code maskUtils.iou} (for a crowd ground truth the
 *       union is the detection's area); OKS as {@code computeOks}.</li>
 *   <li><b>evaluateImg</b> per (image, category, area range): ground truths sorted ignore-last, greedy
 *       matching per IoU threshold, matches to ignored ground truths ignored, unmatched detections
 *       whose area is outside the range ignored.</li>
 *   <li><b>accumulate</b>: 10 IoU thresholds {@code .50:.05:.95}, 101 recall thresholds
 *       {@code 0:.01:1} (both built as {@code np.linspace} builds them, so e.g. the 9th IoU threshold
 *       is {@code 0.8999999999999999}), interpolated precision made monotone and sampled with
 *       {@code searchsorted(..., 'left')}; -1 where a setting has no non-ignored ground truth.</li>
 *   <li><b>summarize</b>: means over the entries &gt; -1 (numpy's pairwise summation, so the numbers
 *       agree to the last bit for boxes), printed as {@code COCOeval.summarize()} prints them.</li>
 * </ol>
 *
 * <h2>VOC "difficult"</h2>
 * pycocotools overwrites a ground truth's {@code ignore} key with {@code iscrowd}; we add the VOC
 * difficult flag ({@link io.detectionstudio.core.eval.EvalGroundTruth#ignore()}). A difficult ground
 * truth is ignored like a crowd region (it is not counted in recall and detections matched to it are
 * neither true nor false positives) but it is matched with the <em>ordinary</em> IoU (not the crowd
 * IoU), and, as in the VOC devkit, <em>any number</em> of detections may match it: a second detection
 * on a difficult object is ignored too, not a false positive. Without difficult ground truths the
 * results are those of pycocotools.
 */
package io.detectionstudio.core.eval;
