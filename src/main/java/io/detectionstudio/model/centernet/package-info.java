/**
 * The CenterNet head side after the TF Object Detection API's {@code center_net_meta_arch.py} and its
 * CenterNet target assigners: training targets ({@link io.detectionstudio.model.centernet.CenterNetTargets},
 * pure Java), losses ({@link io.detectionstudio.model.centernet.CenterNetLosses}, graph ops with gradients)
 * and inference decoding ({@link io.detectionstudio.model.centernet.CenterNetDecoder}, graph ops), each with
 * a pure-Java reference that the graph is tested against. The backbone that produces the heads is not here.
 *
 * <h2>Grid and units</h2>
 * The heads live on an output grid of {@code H x W} cells, {@code H = max(inputHeight / 4, 1)} (stride
 * {@link io.detectionstudio.model.centernet.CenterNetSpec#STRIDE 4}). Everything the heads predict is in
 * <b>grid units</b>: a normalized coordinate {@code v} is {@code v * H} (y) or {@code v * W} (x); cell
 * {@code (i, j)} covers {@code [i, i+1) x [j, j+1)}; the flat cell index is {@code i * W + j}. Boxes and
 * keypoints enter (as {@link io.detectionstudio.core.Box} / {@link io.detectionstudio.core.Keypoint}) and
 * leave (decoder outputs) <b>normalized</b>, {@code [ymin, xmin, ymax, xmax]} and {@code (y, x)}, as the
 * rest of the studio. Classes are 0-based indices. The Gaussian radius rule is the OD API's
 * ({@code min_overlap} 0.7, {@code sigma = (2 floor(r) + 1) / 6}), see {@code CenterNetTargets}.
 *
 * <h2>Head tensors (NHWC, float32) — {@link io.detectionstudio.model.centernet.CenterNetHeads}</h2>
 * <table>
 *   <caption>Heads</caption>
 *   <tr><th>head</th><th>shape</th><th>channels</th></tr>
 *   <tr><td>center logits</td><td>{@code [B, H, W, C]}</td><td>class {@code c}; sigmoid gives the center score</td></tr>
 *   <tr><td>box size</td><td>{@code [B, H, W, 2]}</td><td>{@code (height, width)}, grid units</td></tr>
 *   <tr><td>box offset</td><td>{@code [B, H, W, 2]}</td><td>{@code (dy, dx)} from the cell's corner to the center</td></tr>
 *   <tr><td>keypoint logits</td><td>{@code [B, H, W, K]}</td><td>keypoint type {@code k}</td></tr>
 *   <tr><td>keypoint offset</td><td>{@code [B, H, W, 2K]}</td><td>{@code (dy_k, dx_k)} at {@code (2k, 2k+1)}, read at the keypoint's cell</td></tr>
 *   <tr><td>keypoint regression</td><td>{@code [B, H, W, 2K]}</td><td>{@code (y_k, x_k)} relative to the center cell, at {@code (2k, 2k+1)}, read at the object's center cell</td></tr>
 * </table>
 *
 * <h2>Target placeholders — {@link io.detectionstudio.model.centernet.CenterNetLosses.TargetPlaceholders}</h2>
 * <table>
 *   <caption>Targets fed per batch ({@code M} object slots per image)</caption>
 *   <tr><th>placeholder</th><th>shape</th><th>carries</th></tr>
 *   <tr><td>{@code centernet_heatmap}</td><td>{@code [B, H, W, C]}</td><td>class-center Gaussians, exactly 1 at center cells</td></tr>
 *   <tr><td>{@code centernet_center_index}</td><td>int32 {@code [B, M]}</td><td>{@code floor(cy) * W + floor(cx)}</td></tr>
 *   <tr><td>{@code centernet_box_size}</td><td>{@code [B, M, 2]}</td><td>{@code (h, w)}, grid units</td></tr>
 *   <tr><td>{@code centernet_box_offset}</td><td>{@code [B, M, 2]}</td><td>{@code (cy - floor(cy), cx - floor(cx))}</td></tr>
 *   <tr><td>{@code centernet_box_mask}</td><td>{@code [B, M]}</td><td>1 for a real object, 0 for padding</td></tr>
 *   <tr><td>{@code centernet_kp_heatmap}</td><td>{@code [B, H, W, K]}</td><td>keypoint Gaussians</td></tr>
 *   <tr><td>{@code centernet_kp_heatmap_weight}</td><td>{@code [B, H, W, K]}</td><td>0 inside boxes whose keypoint {@code k} is unlabelled, else 1</td></tr>
 *   <tr><td>{@code centernet_kp_regression}</td><td>{@code [B, M, K, 2]}</td><td>keypoint minus the center cell, grid units</td></tr>
 *   <tr><td>{@code centernet_kp_regression_mask}</td><td>{@code [B, M, K]}</td><td>1 for labelled keypoints (visibility 1, 2)</td></tr>
 *   <tr><td>{@code centernet_kp_index}</td><td>int32 {@code [B, M, K]}</td><td>flat cell index of each keypoint</td></tr>
 *   <tr><td>{@code centernet_kp_offset}</td><td>{@code [B, M, K, 2]}</td><td>keypoint minus its cell's corner</td></tr>
 *   <tr><td>{@code centernet_kp_offset_mask}</td><td>{@code [B, M, K]}</td><td>1 for labelled keypoints inside the grid</td></tr>
 * </table>
 * {@link io.detectionstudio.model.centernet.CenterNetTargets.Batch} packs these row-major for
 * {@code TFloat32.tensorOf}/{@code TInt32.tensorOf}.
 */
package io.detectionstudio.model.centernet;
