package io.detectionstudio.ui.classes;

import static org.assertj.core.api.Assertions.assertThat;

import io.detectionstudio.data.KeypointSchema;
import io.detectionstudio.data.KeypointSchema.Edge;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keypoint schema validation (one-line messages) and the draft's edits. */
class KeypointSchemaDraftTest {

    private static final List<String> NAMES = List.of("left_eye", "right_eye", "nose");

    @Test
    void aGoodSchemaPasses() {
        assertThat(KeypointSchemaDraft.validate(NAMES, List.of(new Edge(0, 2), new Edge(1, 2)), List.of(new Edge(0, 1))))
                .isEmpty();
        assertThat(KeypointSchemaDraft.validate(List.of(), List.of(), List.of())).isEmpty();
    }

    @Test
    void namesMustBePresentAndDistinct() {
        assertThat(KeypointSchemaDraft.validate(List.of("a", " "), List.of(), List.of()))
                .contains("Keypoint 2 has no name");
        assertThat(KeypointSchemaDraft.validate(List.of("a", "b", "a "), List.of(), List.of()))
                .contains("Two keypoints are named a");
    }

    @Test
    void edgeIndicesMustBeInRangeDistinctAndListedOnce() {
        assertThat(KeypointSchemaDraft.validate(NAMES, List.of(new Edge(0, 3)), List.of()))
                .contains("Skeleton edge (1, 4) names keypoint 4, but there are 3 keypoints");
        assertThat(KeypointSchemaDraft.validate(NAMES, List.of(new Edge(-1, 0)), List.of()))
                .contains("Skeleton edge (0, 1) names keypoint 0, but there are 3 keypoints");
        assertThat(KeypointSchemaDraft.validate(NAMES, List.of(new Edge(1, 1)), List.of()))
                .contains("Skeleton edge (2, 2) joins a keypoint to itself");
        assertThat(KeypointSchemaDraft.validate(NAMES, List.of(new Edge(0, 2), new Edge(2, 0)), List.of()))
                .contains("Skeleton edge (3, 1) is listed twice");
    }

    @Test
    void flipPairsAreTwoDistinctKeypointsEachInOnePair() {
        assertThat(KeypointSchemaDraft.validate(NAMES, List.of(), List.of(new Edge(0, 0))))
                .contains("Flip pair (1, 1) joins a keypoint to itself");
        assertThat(KeypointSchemaDraft.validate(NAMES, List.of(), List.of(new Edge(0, 1), new Edge(1, 2))))
                .contains("Keypoint right_eye is in more than one flip pair");
        assertThat(KeypointSchemaDraft.validate(List.of("a"), List.of(), List.of(new Edge(0, 1))))
                .contains("Flip pair (1, 2) names keypoint 2, but there is 1 keypoint");
    }

    @Test
    void theDraftRefusesBadEditsWithAMessage() {
        KeypointSchemaDraft d = new KeypointSchemaDraft();
        assertThat(d.add("eye")).isEmpty();
        assertThat(d.add(" eye ")).contains("There is already a keypoint named eye");
        assertThat(d.add("")).contains("A keypoint needs a name");
        assertThat(d.add("nose")).isEmpty();
        KeypointSchemaDraft.Point eye = d.points().get(0);
        KeypointSchemaDraft.Point nose = d.points().get(1);
        assertThat(d.rename(eye, "nose")).contains("There is already a keypoint named nose");
        assertThat(d.addEdge(eye, eye)).contains("A skeleton edge joins two different keypoints, not eye to itself");
        assertThat(d.addEdge(eye, nose)).isEmpty();
        assertThat(d.addEdge(nose, eye)).contains("The skeleton already joins nose and eye");
        assertThat(d.addFlipPair(nose, nose)).contains("A flip pair is two different keypoints, not nose twice");
        assertThat(d.addFlipPair(eye, nose)).isEmpty();
        assertThat(d.addFlipPair(d.points().get(0), null)).contains("Pick a left and a right keypoint");
        assertThat(d.validate()).isEmpty();
    }

    @Test
    void edgesAndPairsFollowRenamesMovesAndRemovals() {
        KeypointSchemaDraft d = KeypointSchemaDraft.of(new KeypointSchema(NAMES, List.of(new Edge(0, 2), new Edge(1, 2)),
                List.of(new Edge(0, 1))));
        KeypointSchemaDraft.Point left = d.points().get(0);
        KeypointSchemaDraft.Point nose = d.points().get(2);
        d.rename(left, "l_eye");
        d.move(nose, -2);

        KeypointSchema s = d.toSchema();
        assertThat(s.names()).containsExactly("nose", "l_eye", "right_eye");
        assertThat(s.skeleton()).containsExactly(new Edge(1, 0), new Edge(2, 0));
        assertThat(s.flipPairs()).containsExactly(new Edge(1, 2));
        assertThat(d.origins()).containsExactly(2, 0, 1);

        d.remove(left);
        s = d.toSchema();
        assertThat(s.names()).containsExactly("nose", "right_eye");
        assertThat(s.skeleton()).containsExactly(new Edge(1, 0));
        assertThat(s.flipPairs()).isEmpty();

        d.remove(d.points().get(0));
        d.remove(d.points().get(0));
        assertThat(d.toSchema()).isNull(); // no keypoints: a box-only class
    }
}
