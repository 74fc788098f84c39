package io.detectionstudio.ui.canvas;

import io.detectionstudio.data.Category;
import io.detectionstudio.data.CocoBox;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.KeypointSchema;
import io.detectionstudio.data.ObjectAnnotation;
import io.detectionstudio.data.edit.Edit;
import io.detectionstudio.data.edit.Edits;
import io.detectionstudio.ui.StudioViewModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The annotation editor's logic in image pixel coordinates, with no window: tools, selection, dragging, nudging,
 * copy and paste, keypoint and polygon placement. Every finished gesture becomes one undoable edit through
 * {@link StudioViewModel#perform}; while a gesture is under way, {@link #visibleAnnotations()} shows its preview.
 */
public final class EditorModel {

    /** Smallest box side, in image pixels, that a drag creates (a click is not a box). */
    static final double MIN_BOX = 3;

    private final StudioViewModel vm;
    private Tool tool = Tool.BOX;
    private long selectedId = -1;
    private List<ObjectAnnotation> clipboard = List.of();

    // gesture state
    private double startX;
    private double startY;
    private double curX;
    private double curY;
    private boolean dragging;
    private ObjectAnnotation original;
    private ObjectAnnotation preview;
    private int handle = -1;
    private int keypointIndex = -1;
    private final List<Double> placed = new ArrayList<>();
    private final List<Double> polygon = new ArrayList<>();

    public EditorModel(StudioViewModel vm) {
        this.vm = vm;
        vm.selectedProperty().addListener((o, old, im) -> cancelGesture());
    }

    public Tool tool() {
        return tool;
    }

    public void setTool(Tool t) {
        cancelGesture();
        tool = t;
    }

    public Optional<ObjectAnnotation> selected() {
        return annotations().stream().filter(a -> a.id() == selectedId).findFirst();
    }

    public void select(long annotationId) {
        selectedId = annotationId;
    }

    ImageRecord image() {
        return vm.selectedProperty().get();
    }

    private Dataset dataset() {
        return vm.datasetProperty().get();
    }

    private List<ObjectAnnotation> annotations() {
        return vm.annotationsOf(image());
    }

    /** The selected image's annotations as they should be drawn now (with a gesture's preview in place). */
    public List<ObjectAnnotation> visibleAnnotations() {
        List<ObjectAnnotation> out = new ArrayList<>();
        for (ObjectAnnotation a : annotations()) {
            out.add(preview != null && a.id() == preview.id() ? preview : a);
        }
        return out;
    }

    /** The box being dragged by the box tool, as {@code [x, y, w, h]}, or null. */
    public double[] pendingBox() {
        if (tool != Tool.BOX || !dragging) {
            return null;
        }
        return new double[] {Math.min(startX, curX), Math.min(startY, curY), Math.abs(curX - startX), Math.abs(curY - startY)};
    }

    /** Keypoints placed so far by the keypoint tool, COCO style {@code [x, y, v, ...]}. */
    public double[] pendingKeypoints() {
        return placed.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Polygon vertices placed so far, {@code [x0, y0, x1, y1, ...]}. */
    public double[] pendingPolygon() {
        return polygon.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The class new annotations get, or null when the dataset has none. */
    public Category currentCategory() {
        Dataset d = dataset();
        return d == null ? null : d.category(vm.currentCategoryProperty().get()).orElse(null);
    }

    // ---- mouse ----

    /**
     * A primary-button press at image point (x, y).
     *
     * @param tolerance how near (in image pixels) counts as on a handle or keypoint
     * @param alt       Shift for the keypoint tool: the keypoint is occluded (visibility 1)
     */
    public void press(double x, double y, double tolerance, boolean alt) {
        if (image() == null) {
            return;
        }
        startX = x;
        startY = y;
        curX = x;
        curY = y;
        switch (tool) {
            case BOX -> dragging = true;
            case SELECT -> pressSelect(x, y, tolerance);
            case KEYPOINT -> placeKeypoint(x, y, alt ? 1 : 2);
            case POLYGON -> {
                polygon.add(clampX(x));
                polygon.add(clampY(y));
            }
        }
    }

    private void pressSelect(double x, double y, double tol) {
        Optional<ObjectAnnotation> sel = selected();
        if (sel.isPresent()) {
            ObjectAnnotation a = sel.get();
            double[] kp = a.keypoints();
            if (kp != null) {
                for (int i = 0; i + 2 < kp.length; i += 3) {
                    if (kp[i + 2] > 0 && Math.hypot(kp[i] - x, kp[i + 1] - y) <= tol) {
                        begin(a, -1, i / 3);
                        return;
                    }
                }
            }
            int h = handleAt(a.bbox(), x, y, tol);
            if (h >= 0) {
                begin(a, h, -1);
                return;
            }
        }
        Optional<ObjectAnnotation> hit = annotations().stream()
                .filter(a -> contains(a.bbox(), x, y, tol))
                .min(Comparator.comparingDouble(a -> a.bbox().area()));
        if (hit.isPresent()) {
            selectedId = hit.get().id();
            begin(hit.get(), -1, -1);
        } else {
            selectedId = -1;
        }
    }

    private void begin(ObjectAnnotation a, int handle, int keypoint) {
        original = a;
        preview = a;
        this.handle = handle;
        this.keypointIndex = keypoint;
        dragging = true;
    }

    public void drag(double x, double y) {
        if (!dragging) {
            return;
        }
        curX = x;
        curY = y;
        if (tool == Tool.SELECT && original != null) {
            double dx = x - startX;
            double dy = y - startY;
            if (keypointIndex >= 0) {
                preview = withKeypoint(original, keypointIndex, clampX(x), clampY(y), -1);
            } else if (handle >= 0) {
                preview = resized(original, handle, dx, dy);
            } else {
                preview = translated(original, clampDx(original.bbox(), dx), clampDy(original.bbox(), dy));
            }
        }
    }

    public void release(double x, double y) {
        if (!dragging) {
            return;
        }
        drag(x, y);
        dragging = false;
        if (tool == Tool.BOX) {
            double[] b = {clampX(Math.min(startX, curX)), clampY(Math.min(startY, curY)),
                          clampX(Math.max(startX, curX)), clampY(Math.max(startY, curY))};
            Category c = currentCategory();
            if (b[2] - b[0] >= MIN_BOX && b[3] - b[1] >= MIN_BOX) {
                if (c == null) {
                    vm.setStatus("Add a class first (Classes panel), then draw its boxes");
                    return;
                }
                ObjectAnnotation a = new ObjectAnnotation(dataset().nextAnnotationId(), image().id(), c.id(),
                        new CocoBox(b[0], b[1], b[2] - b[0], b[3] - b[1]));
                vm.perform(Edits.add(a));
                selectedId = a.id();
            }
        } else if (tool == Tool.SELECT && original != null) {
            ObjectAnnotation before = original;
            ObjectAnnotation after = preview;
            original = null;
            preview = null;
            if (after != null && !after.equals(before)) {
                vm.perform(Edits.replace(before, after, keypointIndex >= 0 ? "Move keypoint" : handle >= 0 ? "Resize box" : "Move"));
            }
            handle = -1;
            keypointIndex = -1;
        }
    }

    /** A double click: closes a polygon; on a keypoint of the selected annotation, toggles visible/occluded. */
    public void doubleClick(double x, double y, double tol) {
        if (tool == Tool.POLYGON) {
            finishPolygon();
            return;
        }
        if (tool == Tool.SELECT) {
            selected().ifPresent(a -> {
                double[] kp = a.keypoints();
                if (kp == null) {
                    return;
                }
                for (int i = 0; i + 2 < kp.length; i += 3) {
                    if (kp[i + 2] > 0 && Math.hypot(kp[i] - x, kp[i + 1] - y) <= tol) {
                        vm.perform(Edits.replace(a, withKeypoint(a, i / 3, kp[i], kp[i + 1], kp[i + 2] == 2 ? 1 : 2),
                                "Toggle keypoint visibility"));
                        return;
                    }
                }
            });
        }
    }

    // ---- keys ----

    /** Moves the selected annotation by (dx, dy) image pixels, clamped to the image. */
    public void nudge(double dx, double dy) {
        selected().ifPresent(a -> {
            ObjectAnnotation after = translated(a, clampDx(a.bbox(), dx), clampDy(a.bbox(), dy));
            if (!after.equals(a)) {
                vm.perform(Edits.replace(a, after, "Nudge"));
            }
        });
    }

    public void deleteSelected() {
        selected().ifPresent(a -> {
            vm.perform(Edits.remove(a));
            selectedId = -1;
        });
    }

    /** Copies the selected annotation, or all of the image's when none is selected. */
    public int copy() {
        clipboard = selected().map(List::of).orElse(annotations());
        vm.setStatus("Copied " + clipboard.size() + " annotation(s)");
        return clipboard.size();
    }

    /** Pastes the clipboard onto the selected image (new ids; clipped to the image), as one edit. */
    public int paste() {
        ImageRecord im = image();
        if (im == null || clipboard.isEmpty()) {
            return 0;
        }
        long id = dataset().nextAnnotationId();
        List<Edit> adds = new ArrayList<>();
        for (ObjectAnnotation a : clipboard) {
            CocoBox b = a.bbox();
            double x = Math.max(0, Math.min(b.x(), im.width() - 1));
            double y = Math.max(0, Math.min(b.y(), im.height() - 1));
            CocoBox nb = new CocoBox(x, y, Math.min(b.width(), im.width() - x), Math.min(b.height(), im.height() - y));
            adds.add(Edits.add(new ObjectAnnotation(id++, im.id(), a.categoryId(), nb, a.polygons().isEmpty() ? null : a.area(),
                    a.iscrowd(), a.difficult(), a.keypoints(), a.polygons(), null, Map.of())));
        }
        vm.perform(Edits.compound("Paste " + adds.size() + " annotation(s)", adds));
        return adds.size();
    }

    /** Number key n (1-based): makes the n-th class current, and gives it to the selected annotation. */
    public void chooseClass(int n) {
        Dataset d = dataset();
        if (d == null || n < 1 || n > d.categories().size()) {
            return;
        }
        Category c = d.categories().get(n - 1);
        vm.currentCategoryProperty().set(c.id());
        selected().ifPresent(a -> {
            if (a.categoryId() != c.id()) {
                vm.perform(Edits.replace(a, a.withCategory(c.id()), "Change class to " + c.name()));
            }
        });
    }

    /** Marks the image reviewed (done), or takes the mark back: one undoable edit. */
    public void toggleReviewed() {
        ImageRecord im = image();
        if (im == null) {
            return;
        }
        Map<String, Object> extras = new java.util.LinkedHashMap<>(im.extras());
        boolean reviewed = Boolean.TRUE.equals(extras.get(StudioViewModel.REVIEWED));
        if (reviewed) {
            extras.remove(StudioViewModel.REVIEWED);
        } else {
            extras.put(StudioViewModel.REVIEWED, true);
        }
        vm.perform(Edits.replaceImage(im, new ImageRecord(im.id(), im.fileName(), im.width(), im.height(), extras),
                reviewed ? "Unmark reviewed" : "Mark reviewed"));
    }

    /** Keypoint tool: skips the next keypoint (not labelled, visibility 0). */
    public void skipKeypoint() {
        if (tool == Tool.KEYPOINT) {
            placeKeypoint(0, 0, 0);
        }
    }

    /** Keypoint and polygon tools: takes back the last point placed. */
    public void removeLastPoint() {
        if (tool == Tool.KEYPOINT && placed.size() >= 3) {
            placed.subList(placed.size() - 3, placed.size()).clear();
        } else if (tool == Tool.POLYGON && polygon.size() >= 2) {
            polygon.subList(polygon.size() - 2, polygon.size()).clear();
        }
    }

    /** Drops a gesture under way (Escape, or another image). */
    public void cancelGesture() {
        dragging = false;
        original = null;
        preview = null;
        handle = -1;
        keypointIndex = -1;
        placed.clear();
        polygon.clear();
    }

    /** Enter: closes the polygon under way. */
    public void finishPolygon() {
        if (tool != Tool.POLYGON) {
            return;
        }
        if (polygon.size() < 6) {
            vm.setStatus("A polygon needs at least 3 points");
            return;
        }
        Category c = currentCategory();
        if (c == null) {
            vm.setStatus("Add a class first (Classes panel)");
            return;
        }
        double[] xy = pendingPolygon();
        polygon.clear();
        CocoBox box = extent(xy, 2, 0);
        ObjectAnnotation a = new ObjectAnnotation(dataset().nextAnnotationId(), image().id(), c.id(), box, shoelace(xy),
                false, false, null, List.of(xy), null, Map.of());
        vm.perform(Edits.add(a));
        selectedId = a.id();
    }

    private void placeKeypoint(double x, double y, int visibility) {
        Category c = currentCategory();
        if (c == null || !c.hasKeypoints()) {
            vm.setStatus("The current class has no keypoints: define them in the Classes panel (Keypoints...)");
            return;
        }
        KeypointSchema s = c.keypoints();
        placed.add(visibility == 0 ? 0 : clampX(x));
        placed.add(visibility == 0 ? 0 : clampY(y));
        placed.add((double) visibility);
        int n = placed.size() / 3;
        if (n < s.size()) {
            vm.setStatus("Next: " + s.names().get(n) + " (click; Shift+click if occluded; S to skip)");
            return;
        }
        double[] kp = pendingKeypoints();
        placed.clear();
        Optional<ObjectAnnotation> target = selected().filter(a -> a.categoryId() == c.id() && a.numKeypoints() == 0);
        if (target.isPresent()) {
            ObjectAnnotation a = target.get();
            vm.perform(Edits.replace(a, new ObjectAnnotation(a.id(), a.imageId(), a.categoryId(), a.bbox(), a.area(), a.iscrowd(),
                    a.difficult(), kp, a.polygons(), a.rle(), a.extras()), "Add keypoints"));
            return;
        }
        CocoBox box = extent(kp, 3, 0.1);
        if (box == null) {
            vm.setStatus("Every keypoint was skipped: nothing to add");
            return;
        }
        ObjectAnnotation a = new ObjectAnnotation(dataset().nextAnnotationId(), image().id(), c.id(), box, null, false, false,
                kp, List.of(), null, Map.of());
        vm.perform(Edits.add(a));
        selectedId = a.id();
    }

    // ---- geometry ----

    /** The box around labelled points (stride 2: polygon, 3: keypoints), grown by {@code pad} of its size, clipped. */
    private CocoBox extent(double[] pts, int stride, double pad) {
        double x0 = Double.MAX_VALUE;
        double y0 = Double.MAX_VALUE;
        double x1 = -Double.MAX_VALUE;
        double y1 = -Double.MAX_VALUE;
        for (int i = 0; i + stride - 1 < pts.length; i += stride) {
            if (stride == 3 && pts[i + 2] <= 0) {
                continue;
            }
            x0 = Math.min(x0, pts[i]);
            y0 = Math.min(y0, pts[i + 1]);
            x1 = Math.max(x1, pts[i]);
            y1 = Math.max(y1, pts[i + 1]);
        }
        if (x0 > x1) {
            return null;
        }
        double px = pad == 0 ? 0 : Math.max(MIN_BOX, (x1 - x0) * pad);
        double py = pad == 0 ? 0 : Math.max(MIN_BOX, (y1 - y0) * pad);
        double ax = clampX(x0 - px);
        double ay = clampY(y0 - py);
        return new CocoBox(ax, ay, clampX(x1 + px) - ax, clampY(y1 + py) - ay);
    }

    static double shoelace(double[] xy) {
        double s = 0;
        int n = xy.length / 2;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            s += xy[2 * i] * xy[2 * j + 1] - xy[2 * j] * xy[2 * i + 1];
        }
        return Math.abs(s) / 2;
    }

    /** Corner handles 0..3 (top-left, top-right, bottom-right, bottom-left) near (x, y), or -1. */
    static int handleAt(CocoBox b, double x, double y, double tol) {
        double[][] corners = {{b.x(), b.y()}, {b.right(), b.y()}, {b.right(), b.bottom()}, {b.x(), b.bottom()}};
        for (int i = 0; i < 4; i++) {
            if (Math.abs(corners[i][0] - x) <= tol && Math.abs(corners[i][1] - y) <= tol) {
                return i;
            }
        }
        return -1;
    }

    private static boolean contains(CocoBox b, double x, double y, double tol) {
        return x >= b.x() - tol && x <= b.right() + tol && y >= b.y() - tol && y <= b.bottom() + tol;
    }

    private ObjectAnnotation resized(ObjectAnnotation a, int h, double dx, double dy) {
        CocoBox b = a.bbox();
        double x0 = b.x();
        double y0 = b.y();
        double x1 = b.right();
        double y1 = b.bottom();
        if (h == 0 || h == 3) {
            x0 += dx;
        } else {
            x1 += dx;
        }
        if (h == 0 || h == 1) {
            y0 += dy;
        } else {
            y1 += dy;
        }
        double nx0 = clampX(Math.min(x0, x1));
        double nx1 = clampX(Math.max(x0, x1));
        double ny0 = clampY(Math.min(y0, y1));
        double ny1 = clampY(Math.max(y0, y1));
        CocoBox nb = new CocoBox(nx0, ny0, Math.max(1, nx1 - nx0), Math.max(1, ny1 - ny0));
        return new ObjectAnnotation(a.id(), a.imageId(), a.categoryId(), nb, a.polygons().isEmpty() ? null : a.area(),
                a.iscrowd(), a.difficult(), a.keypoints(), a.polygons(), a.rle(), a.extras());
    }

    /** The annotation moved by (dx, dy): box, polygons and labelled keypoints together. */
    static ObjectAnnotation translated(ObjectAnnotation a, double dx, double dy) {
        CocoBox b = a.bbox();
        double[] kp = a.keypoints();
        if (kp != null) {
            for (int i = 0; i + 2 < kp.length; i += 3) {
                if (kp[i + 2] > 0) {
                    kp[i] += dx;
                    kp[i + 1] += dy;
                }
            }
        }
        List<double[]> polys = new ArrayList<>();
        for (double[] p : a.polygons()) {
            double[] q = p.clone();
            for (int i = 0; i + 1 < q.length; i += 2) {
                q[i] += dx;
                q[i + 1] += dy;
            }
            polys.add(q);
        }
        return new ObjectAnnotation(a.id(), a.imageId(), a.categoryId(), new CocoBox(b.x() + dx, b.y() + dy, b.width(), b.height()),
                a.area(), a.iscrowd(), a.difficult(), kp, polys, a.rle(), a.extras());
    }

    private static ObjectAnnotation withKeypoint(ObjectAnnotation a, int k, double x, double y, double visibility) {
        double[] kp = a.keypoints();
        kp[3 * k] = x;
        kp[3 * k + 1] = y;
        if (visibility >= 0) {
            kp[3 * k + 2] = visibility;
        }
        return new ObjectAnnotation(a.id(), a.imageId(), a.categoryId(), a.bbox(), a.area(), a.iscrowd(), a.difficult(), kp,
                a.polygons(), a.rle(), a.extras());
    }

    private double clampDx(CocoBox b, double dx) {
        ImageRecord im = image();
        return Math.max(-b.x(), Math.min(dx, im.width() - b.right()));
    }

    private double clampDy(CocoBox b, double dy) {
        ImageRecord im = image();
        return Math.max(-b.y(), Math.min(dy, im.height() - b.bottom()));
    }

    private double clampX(double x) {
        return Math.max(0, Math.min(x, image().width()));
    }

    private double clampY(double y) {
        return Math.max(0, Math.min(y, image().height()));
    }
}
