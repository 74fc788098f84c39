package io.detectionstudio.engine.training;

import io.detectionstudio.model.centernet.CenterNetSpec;
import io.detectionstudio.model.centernet.CenterNetTargets;
import java.util.ArrayList;
import java.util.List;

/**
 * The data side of a training step: draws a batch of augmented samples and turns their objects into CenterNet's
 * targets. What the graph does with them is {@link TrainingGraph}'s.
 */
final class BatchFeeder {

    /** One batch: {@code [B, S, S, 3]} pixels in [-1, 1] and the targets of its objects. */
    record Batch(int size, float[] pixels, CenterNetTargets.Batch targets) {
    }

    private final Augmenter augmenter;
    private final CenterNetSpec spec;
    private final int batchSize;
    private final int side;

    BatchFeeder(Augmenter augmenter, CenterNetSpec spec, int batchSize, int side) {
        this.augmenter = augmenter;
        this.spec = spec;
        this.batchSize = batchSize;
        this.side = side;
    }

    Batch next() {
        int pixelsPerImage = side * side * 3;
        float[] pixels = new float[batchSize * pixelsPerImage];
        List<List<CenterNetTargets.GroundTruth>> truth = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            TrainingSample sample = augmenter.next();
            System.arraycopy(sample.pixels(), 0, pixels, i * pixelsPerImage, pixelsPerImage);
            List<CenterNetTargets.GroundTruth> objects = new ArrayList<>();
            for (int k = 0; k < sample.boxes().size(); k++) {
                boolean withKeypoints = sample.classes()[k] == spec.keypointClass()
                        && sample.keypoints().get(k).size() == spec.numKeypoints();
                objects.add(new CenterNetTargets.GroundTruth(sample.boxes().get(k), sample.classes()[k],
                        withKeypoints ? sample.keypoints().get(k) : List.of()));
            }
            truth.add(objects);
        }
        return new Batch(batchSize, pixels, CenterNetTargets.Batch.of(spec, truth));
    }
}
