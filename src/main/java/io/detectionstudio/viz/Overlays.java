package io.detectionstudio.viz;

import io.detectionstudio.core.Detection;
import io.detectionstudio.core.Keypoint;
import io.detectionstudio.data.Category;
import io.detectionstudio.data.CocoBox;
import io.detectionstudio.data.KeypointSchema;
import io.detectionstudio.data.ObjectAnnotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/** Builds the {@link Overlay} of detections or annotations: the one place that decides how they look. */
public final class Overlays {

    private Overlays() {
    }

    /**
     * Detections on a {@code width x height} image: box, "name score" label, keypoints joined by the skeleton.
     *
     * @param names   class names by category id; missing ids read {@code class N}
     * @param schemas keypoint schemas by category id (for skeleton edges); may be empty
     * @param colorOf category id to {@code 0xRRGGBB} (e.g. {@link Palette#colorOf(int)})
     */
    public static Overlay detections(List<Detection> detections, int width, int height, Map<Integer, String> names,
                                     Map<Integer, KeypointSchema> schemas, IntUnaryOperator colorOf) {
        List<Overlay.Item> items = new ArrayList<>();
        for (Detection d : detections) {
            int color = colorOf.applyAsInt(d.categoryId());
            double[] p = d.box().toPixels(width, height);
            items.add(new Overlay.Rect(p[1], p[0], p[3] - p[1], p[2] - p[0], color, 1, false));
            if (d.hasKeypoints()) {
                List<Keypoint> k = d.keypoints();
                double[] xyv = new double[3 * k.size()];
                for (int i = 0; i < k.size(); i++) {
                    xyv[3 * i] = k.get(i).x() * width;
                    xyv[3 * i + 1] = k.get(i).y() * height;
                    xyv[3 * i + 2] = k.get(i).isVisible() ? 2 : k.get(i).isLabelled() ? 1 : 0;
                }
                keypoints(items, xyv, schemas.get(d.categoryId()), color);
            }
            items.add(new Overlay.Label(names.getOrDefault(d.categoryId(), "class " + d.categoryId())
                    + String.format(Locale.ROOT, " %.2f", d.score()), p[1], p[0], color));
        }
        return new Overlay(items);
    }

    /** Annotations (pixel COCO boxes, polygons, keypoints) with their class names; crowd boxes are dashed. */
    public static Overlay annotations(List<ObjectAnnotation> annotations, Map<Integer, Category> categories,
                                      IntUnaryOperator colorOf) {
        List<Overlay.Item> items = new ArrayList<>();
        for (ObjectAnnotation a : annotations) {
            int color = colorOf.applyAsInt(a.categoryId());
            Category c = categories.get(a.categoryId());
            CocoBox b = a.bbox();
            items.add(new Overlay.Rect(b.x(), b.y(), b.width(), b.height(), color, 1, a.iscrowd() || a.difficult()));
            for (double[] poly : a.polygons()) {
                items.add(new Overlay.Polygon(poly, color, 1));
            }
            if (a.keypoints() != null) {
                keypoints(items, a.keypoints(), c == null ? null : c.keypoints(), color);
            }
            items.add(new Overlay.Label(c == null ? "#" + a.categoryId() : c.name(), b.x(), b.y(), color));
        }
        return new Overlay(items);
    }

    /** COCO-style keypoints {@code [x, y, v, ...]} in pixels: skeleton edges between labelled points, then the points. */
    public static void keypoints(List<Overlay.Item> items, double[] xyv, KeypointSchema schema, int color) {
        int n = xyv.length / 3;
        if (schema != null) {
            for (KeypointSchema.Edge e : schema.skeleton()) {
                if (e.a() < n && e.b() < n && xyv[3 * e.a() + 2] > 0 && xyv[3 * e.b() + 2] > 0) {
                    items.add(new Overlay.Line(xyv[3 * e.a()], xyv[3 * e.a() + 1], xyv[3 * e.b()], xyv[3 * e.b() + 1], color, 1));
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (xyv[3 * i + 2] > 0) {
                items.add(new Overlay.Dot(xyv[3 * i], xyv[3 * i + 1], color, xyv[3 * i + 2] >= 2));
            }
        }
    }
}
