/**
 * The OD API's config language: {@code pipeline.config} ({@link io.detectionstudio.config.PipelineConfigs}) and
 * {@code label_map.pbtxt} ({@link io.detectionstudio.config.LabelMaps}), read and written in protobuf text
 * format.
 *
 * <p><b>Same messages as the OD API.</b> The protos under {@code src/main/proto/object_detection/protos/} keep
 * the TensorFlow Object Detection API's package ({@code object_detection.protos}), message names, field names,
 * field numbers, nesting, defaults and proto2 syntax, so a config written here is read by the OD API's
 * {@code config_util} and the other way round; only the Java package differs
 * ({@code io.detectionstudio.proto.odapi}). Covered: {@code pipeline}, {@code model} (ssd, center_net,
 * experimental_model), {@code center_net} (object detection, object center, keypoint estimation, mask, DensePose,
 * tracking and temporal offset tasks, feature extractor), {@code ssd} with {@code fpn}, {@code anchor_generator}
 * (ssd and multiscale anchors), {@code box_coder} (faster_rcnn, mean_stddev, square, keypoint coders),
 * {@code matcher} (argmax, bipartite), {@code region_similarity_calculator}, {@code box_predictor}
 * (convolutional, weight shared), {@code hyperparams}, {@code image_resizer}, {@code losses},
 * {@code post_processing}, {@code train}, {@code optimizer}, {@code preprocessor} (the common augmentations:
 * flips with keypoint permutations, rotation90, crops, pads, ssd_random_crop, random_square_crop_by_scale,
 * random_scale_crop_and_pad_to_square, color and scale jitter), {@code input_reader} (tf_record_input_reader),
 * {@code eval} (with keypoint metrics and edges) and {@code string_int_label_map}. Left out, each said at the top
 * of the proto that would hold it: faster_rcnn, graph_rewriter, calibration, DeepMAC, the grid anchor
 * generators, the two-stage box predictors and the rarer augmentations.
 *
 * <p><b>Unsupported fields.</b> Whatever the protos do not define (a field left out above, one the OD API adds
 * later, a misspelling, an extension) or an enum value they do not know is never dropped silently and never fatal:
 * it is left out of the message and reported as a {@link io.detectionstudio.config.ConfigWarning}, one line
 * with file, line and the field's path from the root, e.g.
 * {@code pipeline.config:12: model.ssd.foo_bar: not supported by Detection Studio, ignored} or
 * {@code pipeline.config:30: model.ssd.post_processing.score_converter: value FOO is not supported by Detection
 * Studio, ignored} (the field then keeps its default). Text that does not parse, or a value of the wrong type or
 * range, is a {@link io.detectionstudio.config.ConfigException} whose message is one line with file, line and
 * column. The check is deterministic: our own pass over the text finds and blanks what is unknown, then
 * protobuf-java's strict parser reads the rest (see {@code TextFormatReader}).
 *
 * <p>This package depends on {@code data} (categories and keypoint schemas) and protobuf only: no TensorFlow, no
 * JavaFX.
 */
package io.detectionstudio.config;
