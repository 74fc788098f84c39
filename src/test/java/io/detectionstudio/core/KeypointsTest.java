package io.detectionstudio.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeypointsTest {

    // left_eye, right_eye, nose, left_ear, right_ear
    private static final List<int[]> PAIRS = List.of(new int[] {0, 1}, new int[] {3, 4});

    @Test
    void flipPermutationSwapsPairsAndKeepsTheRest() {
        assertThat(Keypoints.flipPermutation(5, PAIRS)).containsExactly(1, 0, 2, 4, 3);
        assertThat(Keypoints.flipPermutation(3, List.of())).containsExactly(0, 1, 2);
        assertThatThrownBy(() -> Keypoints.flipPermutation(3, List.of(new int[] {0, 3})))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Keypoints.flipPermutation(3, List.of(new int[] {0, 1}, new int[] {1, 2})))
                .hasMessageContaining("two flip pairs");
    }

    @Test
    void horizontalFlipMirrorsAndRenames() {
        List<Keypoint> k = List.of(new Keypoint(0.2, 0.3, 2), new Keypoint(0.2, 0.6, 1), new Keypoint(0.4, 0.45, 2),
                Keypoint.notLabelled(), new Keypoint(0.25, 0.7, 2));
        List<Keypoint> f = Keypoints.flipHorizontal(k, Keypoints.flipPermutation(5, PAIRS));
        // slot 0 (left_eye) takes the old right_eye mirrored: x = 1 - 0.6 = 0.4, visibility 1
        assertThat(f.get(0).y()).isEqualTo(0.2);
        assertThat(f.get(0).x()).isCloseTo(0.4, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(f.get(0).visibility()).isEqualTo(1);
        assertThat(f.get(1).x()).isCloseTo(0.7, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(f.get(2).x()).isCloseTo(0.55, org.assertj.core.api.Assertions.within(1e-12));
        // slot 3 (left_ear) takes the old right_ear; slot 4 the old, not-labelled left_ear, which stays (0,0,0)
        assertThat(f.get(3).x()).isCloseTo(0.3, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(f.get(4)).isEqualTo(Keypoint.notLabelled());
        // Flipping twice gives the original back.
        List<Keypoint> back = Keypoints.flipHorizontal(f, Keypoints.flipPermutation(5, PAIRS));
        for (int i = 0; i < k.size(); i++) {
            assertThat(back.get(i).x()).isCloseTo(k.get(i).x(), org.assertj.core.api.Assertions.within(1e-12));
            assertThat(back.get(i).visibility()).isEqualTo(k.get(i).visibility());
        }
        assertThatThrownBy(() -> Keypoints.flipHorizontal(k, new int[] {0, 1})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void windowAndExtent() {
        List<Keypoint> k = List.of(new Keypoint(0.6, 0.6, 2), new Keypoint(0.2, 0.9, 2), new Keypoint(0.75, 0.5, 1));
        List<Keypoint> w = Keypoints.inWindow(k, new Box(0.5, 0.5, 1, 1));
        assertThat(w.get(0).y()).isCloseTo(0.2, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(w.get(0).x()).isCloseTo(0.2, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(w.get(1)).isEqualTo(Keypoint.notLabelled()); // outside the window
        assertThat(w.get(2)).isEqualTo(new Keypoint(0.5, 0, 1));
        assertThat(Keypoints.extent(k)).isEqualTo(new Box(0.2, 0.5, 0.75, 0.9));
        assertThat(Keypoints.extent(List.of(Keypoint.notLabelled()))).isNull();
    }

    @Test
    void badCocoTriplesAreRefused() {
        assertThatThrownBy(() -> Keypoints.fromCocoPixels(new double[] {1, 2}, 10, 10)).hasMessageContaining("triples");
        assertThatThrownBy(() -> Keypoints.fromCocoPixels(new double[] {1, 2, 3}, 10, 10)).hasMessageContaining("0, 1 or 2");
        assertThatThrownBy(() -> Keypoints.fromCocoPixels(new double[] {1, 2, 1.5}, 10, 10)).hasMessageContaining("integer");
    }
}
