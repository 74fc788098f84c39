package io.detectionstudio.engine.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.detectionstudio.data.Category;
import io.detectionstudio.data.CocoBox;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.ObjectAnnotation;
import io.detectionstudio.model.ModelException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which images a job validates on: the automatic rule, explicit fractions, a separate set; deterministic and disjoint. */
class ValidationSplitTest {

    /** {@code labelled} images with one duck each, then {@code unlabelled} images without objects. */
    static Dataset dataset(int labelled, int unlabelled) {
        Dataset d = new Dataset(Path.of("images"));
        d.categories().add(new Category(1, "duck"));
        for (int i = 1; i <= labelled + unlabelled; i++) {
            d.images().add(new ImageRecord(i, "img" + i + ".jpg", 100, 80));
            if (i <= labelled) {
                d.annotations().add(new ObjectAnnotation(i, i, 1, new CocoBox(10, 10, 20, 20)));
            }
        }
        return d;
    }

    static Set<String> names(Dataset d) {
        Set<String> out = new HashSet<>();
        d.images().forEach(im -> out.add(im.fileName()));
        return out;
    }

    static final TrainingJob.Validation AUTO = TrainingJob.Validation.defaults();

    @Test
    void fewLabelledImagesAreNotSplitByDefault() throws Exception {
        Dataset d = dataset(19, 10);
        ValidationSplit s = ValidationSplit.choose(d, null, AUTO, 1);
        assertThat(s.validates()).isFalse();
        assertThat(s.training()).isSameAs(d);
        assertThat(s.description()).isEqualTo("none (19 labelled images; the automatic split needs 20)");
    }

    @Test
    void enoughLabelledImagesHoldOutFifteenPercentOfEachKind() throws Exception {
        Dataset d = dataset(40, 20);
        ValidationSplit s = ValidationSplit.choose(d, null, AUTO, 1);
        assertThat(s.validates()).isTrue();
        assertThat(ValidationSplit.labelled(s.validation())).hasSize(6);
        assertThat(s.validation().images()).hasSize(6 + 3);
        assertThat(s.training().images()).hasSize(60 - 9);
        assertThat(s.description()).isEqualTo("9 of 60 images held out (15%, automatic)");
        // Disjoint, together the whole set, each image with its own annotations.
        Set<String> train = names(s.training());
        Set<String> val = names(s.validation());
        assertThat(train).doesNotContainAnyElementsOf(val);
        assertThat(train.size() + val.size()).isEqualTo(60);
        for (Dataset part : List.of(s.training(), s.validation())) {
            Set<Long> ids = new HashSet<>();
            part.images().forEach(im -> ids.add(im.id()));
            assertThat(part.annotations()).allMatch(a -> ids.contains(a.imageId()));
            assertThat(part.categories()).isEqualTo(d.categories());
        }
        assertThat(s.training().annotations().size() + s.validation().annotations().size()).isEqualTo(40);
    }

    @Test
    void theSplitDependsOnTheSeedAndTheFileNamesOnly() throws Exception {
        Dataset d = dataset(40, 0);
        Set<String> first = names(ValidationSplit.choose(d, null, AUTO, 1).validation());
        assertThat(names(ValidationSplit.choose(dataset(40, 0), null, AUTO, 1).validation())).isEqualTo(first);
        Dataset shuffled = dataset(40, 0);
        List<ImageRecord> images = new ArrayList<>(shuffled.images());
        Collections.shuffle(images, new java.util.Random(5));
        shuffled.images().clear();
        shuffled.images().addAll(images);
        assertThat(names(ValidationSplit.choose(shuffled, null, AUTO, 1).validation())).isEqualTo(first);
        assertThat(names(ValidationSplit.choose(d, null, AUTO, 2).validation())).isNotEqualTo(first);
        // Not simply the first or last images of the file.
        assertThat(first).isNotEqualTo(names(dataset(6, 0)));
    }

    @Test
    void anExplicitFractionSplitsEvenASmallSetAndZeroSwitchesItOff() throws Exception {
        Dataset five = dataset(5, 0);
        ValidationSplit s = ValidationSplit.choose(five, null, AUTO.withFraction(0.2), 1);
        assertThat(s.validation().images()).hasSize(1);
        assertThat(s.training().images()).hasSize(4);
        assertThat(s.description()).isEqualTo("1 of 5 images held out (20%)");
        ValidationSplit off = ValidationSplit.choose(dataset(100, 0), null, AUTO.withFraction(0), 1);
        assertThat(off.validates()).isFalse();
        assertThat(off.description()).isEqualTo("none (switched off)");
        assertThatThrownBy(() -> ValidationSplit.choose(dataset(1, 3), null, AUTO.withFraction(0.5), 1))
                .isInstanceOf(ModelException.class)
                .hasMessage("cannot hold out 50% for validation: 1 labelled images leave none to train on");
        assertThatThrownBy(() -> AUTO.withFraction(0.7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the validation fraction must be between 0 and 0.5 (0: none); got 0.7");
    }

    @Test
    void aSeparateSetIsUsedWholeAndMustShareTheCategories() throws Exception {
        Dataset train = dataset(40, 0);
        Dataset val = dataset(8, 2);
        ValidationSplit s = ValidationSplit.choose(train, val, AUTO, 1);
        assertThat(s.training()).isSameAs(train);
        assertThat(s.validation().images()).hasSize(10);
        assertThat(s.description()).isEqualTo("a separate set of 10 images (8 labelled)");

        Dataset other = dataset(8, 0);
        other.categories().set(0, new Category(1, "goose"));
        assertThatThrownBy(() -> ValidationSplit.choose(train, other, AUTO, 1)).isInstanceOf(ModelException.class)
                .hasMessage("the validation set's category goose (id 1) is not among the training set's: duck (id 1)");
        assertThatThrownBy(() -> ValidationSplit.choose(train, dataset(0, 3), AUTO, 1)).isInstanceOf(ModelException.class)
                .hasMessage("the validation set has no labelled objects to score against");
    }
}
