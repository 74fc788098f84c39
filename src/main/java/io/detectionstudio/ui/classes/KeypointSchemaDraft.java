package io.detectionstudio.ui.classes;

import io.detectionstudio.data.KeypointSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * A class's keypoint schema while the user edits it: named points in order, skeleton edges and left/right flip pairs
 * between them. Edges and pairs refer to the points themselves, so renaming, reordering or removing a point keeps
 * them right (removing a point removes its edges and pairs). Each point remembers its index in the schema the draft
 * started from ({@link Point#origin()}, -1 for a new one), which is how annotated keypoints follow their names when
 * the schema is saved.
 */
public final class KeypointSchemaDraft {

    /** A keypoint being edited; identity matters, not the name. */
    public static final class Point {
        private String name;
        private final int origin;

        Point(String name, int origin) {
            this.name = name;
            this.origin = origin;
        }

        public String name() {
            return name;
        }

        /** The point's index in the schema the draft started from, or -1 when it was added since. */
        public int origin() {
            return origin;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** An edge or a flip pair between two points. */
    public record Link(Point a, Point b) {
        boolean joins(Point p, Point q) {
            return a == p && b == q || a == q && b == p;
        }

        @Override
        public String toString() {
            return a.name() + " – " + b.name();
        }
    }

    private final ObservableList<Point> points = FXCollections.observableArrayList();
    private final ObservableList<Link> skeleton = FXCollections.observableArrayList();
    private final ObservableList<Link> flipPairs = FXCollections.observableArrayList();

    /** A draft of {@code schema}; an empty one for a box-only class ({@code null}). */
    public static KeypointSchemaDraft of(KeypointSchema schema) {
        KeypointSchemaDraft d = new KeypointSchemaDraft();
        if (schema == null) {
            return d;
        }
        for (int i = 0; i < schema.names().size(); i++) {
            d.points.add(new Point(schema.names().get(i), i));
        }
        for (KeypointSchema.Edge e : schema.skeleton()) {
            d.skeleton.add(new Link(d.points.get(e.a()), d.points.get(e.b())));
        }
        for (KeypointSchema.Edge e : schema.flipPairs()) {
            d.flipPairs.add(new Link(d.points.get(e.a()), d.points.get(e.b())));
        }
        return d;
    }

    public ObservableList<Point> points() {
        return points;
    }

    public ObservableList<Link> skeleton() {
        return skeleton;
    }

    public ObservableList<Link> flipPairs() {
        return flipPairs;
    }

    /** Adds a point at the end; a one-line error when the name is empty or taken. */
    public Optional<String> add(String name) {
        String n = name == null ? "" : name.strip();
        Optional<String> bad = checkName(n, null);
        if (bad.isPresent()) {
            return bad;
        }
        points.add(new Point(n, -1));
        return Optional.empty();
    }

    /** Renames a point; a one-line error when the name is empty or taken by another point. */
    public Optional<String> rename(Point p, String name) {
        String n = name == null ? "" : name.strip();
        Optional<String> bad = checkName(n, p);
        if (bad.isPresent()) {
            return bad;
        }
        p.name = n;
        int i = points.indexOf(p);
        if (i >= 0) {
            points.set(i, p); // tells the lists showing it
        }
        refresh(skeleton, p);
        refresh(flipPairs, p);
        return Optional.empty();
    }

    /** Removes a point with its edges and flip pair. */
    public void remove(Point p) {
        points.remove(p);
        skeleton.removeIf(l -> l.a() == p || l.b() == p);
        flipPairs.removeIf(l -> l.a() == p || l.b() == p);
    }

    /** Moves a point up ({@code -1}) or down ({@code +1}) the order. */
    public void move(Point p, int delta) {
        int i = points.indexOf(p);
        int j = i + delta;
        if (i < 0 || j < 0 || j >= points.size()) {
            return;
        }
        points.remove(i);
        points.add(j, p);
    }

    /** Adds a skeleton edge; a one-line error when it joins a point to itself or exists already. */
    public Optional<String> addEdge(Point a, Point b) {
        if (a == null || b == null) {
            return Optional.of("Pick the two keypoints the edge joins");
        }
        if (a == b) {
            return Optional.of("A skeleton edge joins two different keypoints, not " + a.name() + " to itself");
        }
        if (skeleton.stream().anyMatch(l -> l.joins(a, b))) {
            return Optional.of("The skeleton already joins " + a.name() + " and " + b.name());
        }
        skeleton.add(new Link(a, b));
        return Optional.empty();
    }

    /** Adds a left/right flip pair; a one-line error when the points are the same or already paired. */
    public Optional<String> addFlipPair(Point left, Point right) {
        if (left == null || right == null) {
            return Optional.of("Pick a left and a right keypoint");
        }
        if (left == right) {
            return Optional.of("A flip pair is two different keypoints, not " + left.name() + " twice");
        }
        for (Link l : flipPairs) {
            for (Point p : List.of(left, right)) {
                if (l.a() == p || l.b() == p) {
                    return Optional.of(p.name() + " is already in the flip pair " + l);
                }
            }
        }
        flipPairs.add(new Link(left, right));
        return Optional.empty();
    }

    /** What is wrong with the draft as a schema, in one line; empty when it can be saved. */
    public Optional<String> validate() {
        List<KeypointSchema.Edge> edges = new ArrayList<>();
        List<KeypointSchema.Edge> pairs = new ArrayList<>();
        for (Link l : skeleton) {
            edges.add(new KeypointSchema.Edge(points.indexOf(l.a()), points.indexOf(l.b())));
        }
        for (Link l : flipPairs) {
            pairs.add(new KeypointSchema.Edge(points.indexOf(l.a()), points.indexOf(l.b())));
        }
        return validate(names(), edges, pairs);
    }

    /** The schema the draft describes, or null when it has no points (a box-only class). */
    public KeypointSchema toSchema() {
        Optional<String> bad = validate();
        if (bad.isPresent()) {
            throw new IllegalStateException(bad.get());
        }
        if (points.isEmpty()) {
            return null;
        }
        List<KeypointSchema.Edge> edges = new ArrayList<>();
        for (Link l : skeleton) {
            edges.add(new KeypointSchema.Edge(points.indexOf(l.a()), points.indexOf(l.b())));
        }
        List<KeypointSchema.Edge> pairs = new ArrayList<>();
        for (Link l : flipPairs) {
            pairs.add(new KeypointSchema.Edge(points.indexOf(l.a()), points.indexOf(l.b())));
        }
        return new KeypointSchema(names(), edges, pairs);
    }

    /** For each point in the draft's order, its index in the schema the draft started from, or -1 when new. */
    public int[] origins() {
        return points.stream().mapToInt(Point::origin).toArray();
    }

    public List<String> names() {
        return points.stream().map(Point::name).toList();
    }

    /**
     * What is wrong with a keypoint schema, in one line (empty when nothing is): names present and distinct, skeleton
     * edges joining two different existing keypoints once, flip pairs of two different keypoints, each keypoint in at
     * most one pair. Edges and pairs are 0-based indices; messages number keypoints from 1, as COCO files do.
     */
    public static Optional<String> validate(List<String> names, List<KeypointSchema.Edge> skeleton,
                                            List<KeypointSchema.Edge> flipPairs) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (n == null || n.isBlank()) {
                return Optional.of("Keypoint " + (i + 1) + " has no name");
            }
            if (!seen.add(n.strip())) {
                return Optional.of("Two keypoints are named " + n.strip());
            }
        }
        Set<Long> edges = new HashSet<>();
        for (KeypointSchema.Edge e : skeleton) {
            Optional<String> bad = checkPair("Skeleton edge", e, names.size());
            if (bad.isPresent()) {
                return bad;
            }
            if (!edges.add(key(e))) {
                return Optional.of("Skeleton edge " + show(e) + " is listed twice");
            }
        }
        Set<Integer> paired = new HashSet<>();
        for (KeypointSchema.Edge e : flipPairs) {
            Optional<String> bad = checkPair("Flip pair", e, names.size());
            if (bad.isPresent()) {
                return bad;
            }
            for (int k : new int[] {e.a(), e.b()}) {
                if (!paired.add(k)) {
                    return Optional.of("Keypoint " + names.get(k) + " is in more than one flip pair");
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> checkPair(String what, KeypointSchema.Edge e, int n) {
        for (int k : new int[] {e.a(), e.b()}) {
            if (k < 0 || k >= n) {
                return Optional.of(what + " " + show(e) + " names keypoint " + (k + 1) + ", but there "
                        + (n == 1 ? "is 1 keypoint" : "are " + n + " keypoints"));
            }
        }
        if (e.a() == e.b()) {
            return Optional.of(what + " " + show(e) + " joins a keypoint to itself");
        }
        return Optional.empty();
    }

    private static String show(KeypointSchema.Edge e) {
        return "(" + (e.a() + 1) + ", " + (e.b() + 1) + ")";
    }

    private static long key(KeypointSchema.Edge e) {
        return ((long) Math.min(e.a(), e.b()) << 32) | Math.max(e.a(), e.b());
    }

    private Optional<String> checkName(String n, Point self) {
        if (n.isEmpty()) {
            return Optional.of("A keypoint needs a name");
        }
        for (Point p : points) {
            if (p != self && p.name().equals(n)) {
                return Optional.of("There is already a keypoint named " + n);
            }
        }
        return Optional.empty();
    }

    private static void refresh(ObservableList<Link> links, Point p) {
        for (int i = 0; i < links.size(); i++) {
            Link l = links.get(i);
            if (l.a() == p || l.b() == p) {
                links.set(i, new Link(l.a(), l.b()));
            }
        }
    }
}
