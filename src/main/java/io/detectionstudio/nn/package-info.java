/**
 * The network building blocks of our CenterNet detector (the OD API's {@code center_net} meta-architecture with
 * {@code feature_extractor.type: "mobilenet_v2_fpn"}), built on TensorFlow Java in graph mode.
 *
 * <ul>
 *   <li>{@link io.detectionstudio.nn.NetBuilder} wraps an {@code Ops} of a {@code Graph}: layers (conv2d with bias
 *       or batch normalization, 3x3 depthwise conv, fused batch normalization, ReLU6, 1x1 projection, 2x
 *       upsampling, add) and a registry of the variables it created ({@link io.detectionstudio.nn.NetVariable}:
 *       name, shape, trainable, group, initializer, weight decay).</li>
 *   <li>{@link io.detectionstudio.nn.MobileNetV2}: the backbone, features at strides 4, 8, 16 and 32.</li>
 *   <li>{@link io.detectionstudio.nn.Fpn}: the OD API's top-down pyramid to one stride-4 map.</li>
 *   <li>{@link io.detectionstudio.nn.NetBench}: a command-line timing of a training step.</li>
 * </ul>
 *
 * <h2>Tensors</h2>
 * Float32, NHWC ({@code [batch, height, width, channels]}). Images go in as {@code [N, H, W, 3]} RGB scaled to
 * [-1, 1] ({@code pixel / 127.5 - 1}, Keras' {@code mobilenet_v2.preprocess_input}, the last step of the OD API's
 * {@code CenterNetMobileNetV2FPNFeatureExtractor.preprocess}); H and W must be multiples of 32 so the pyramid's levels line up (the OD
 * API's CenterNet configs resize to 320x320 or 512x512). Batch, height and width may be unknown in the graph; the
 * channel count must be known. Every convolution pads 'SAME', which for stride 2 and a 3x3 kernel pads exactly as
 * Keras' explicit {@code ZeroPadding2D(correct_pad)} + 'valid' does, so Keras weights compute the same function.
 *
 * <h2>Names</h2>
 * A variable's name is its graph op name and its checkpoint key: {@code <prefix>_<layer>_<variable>}, e.g.
 * {@code backbone_block3_expand_kernel}, {@code backbone_block3_expand_bn_moving_mean}, {@code fpn_lateral8_bias}.
 * Names use only {@code [A-Za-z0-9_]} (no '/', which the framework's optimizers reject) and are unique in a graph.
 * Variables carry a group ({@code backbone}, {@code fpn}, and {@code head} for the heads built elsewhere) so that a
 * trainer can train only some groups (the OD API's {@code freeze_variables}).
 *
 * <h2>Modes</h2>
 * {@link io.detectionstudio.nn.Mode#TRAIN} normalizes with batch statistics and collects the ops that update the
 * moving statistics ({@link io.detectionstudio.nn.NetBuilder#updateOps()}), which the trainer runs with each step;
 * {@link io.detectionstudio.nn.Mode#INFERENCE} uses the moving statistics in the fused op;
 * {@link io.detectionstudio.nn.Mode#FROZEN} folds each batch normalization into a per-channel multiply-add of the
 * same variables. The modes build the same variables under the same names, so a checkpoint written by
 * {@code Session.save} from a TRAIN graph restores ({@code Session.restore}) into an INFERENCE or FROZEN graph, and
 * {@link io.detectionstudio.nn.NetBuilder#restoreVariables} loads chosen variables (a pretrained backbone) by name.
 *
 * <h2>Training</h2>
 * Build gradients with {@code graph.addGradients(loss, variables)} over
 * {@link io.detectionstudio.nn.NetBuilder#trainableVariables()} and apply them with a framework optimizer's
 * {@code applyGradients} or raw {@code tf.train.applyAdam}; {@code Optimizer.minimize} does not work on these graphs.
 * Sessions: {@link io.detectionstudio.nn.NetBuilder#sessionConfig(int, int)}, typically 2 intra-op and 1 inter-op
 * thread on a laptop.
 */
package io.detectionstudio.nn;
