package io.detectionstudio.engine.training;

import io.detectionstudio.data.Category;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.ObjectAnnotation;
import io.detectionstudio.model.ModelException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The images a training job learns from and the ones it validates on: part of the dataset held out, a separate
 * labelled set, or none.
 *
 * <p>A hold-out takes the same share of the labelled and of the unlabelled images (an image is labelled when it
 * has an object training uses: not a crowd, of a known category, with an area). Which ones is decided by a hash of
 * each file name and the seed, not by the file order: the same dataset and seed always give the same split, and
 * adding an image moves at most a few others between the parts.
 *
 * @param training    what the job trains on
 * @param validation  what it validates on, with the training set's categories; null when it does not validate
 * @param description one line for people, e.g. {@code 6 of 40 images held out (15%, automatic)}
 */
public record ValidationSplit(Dataset training, Dataset validation, String description) {

    /** The automatic choice holds out {@link #AUTO_FRACTION} of the images when at least this many are labelled. */
    public static final int AUTO_MIN_LABELLED = 20;
    public static final double AUTO_FRACTION = 0.15;
    /** The largest share an explicit fraction may hold out. */
    public static final double MAX_FRACTION = 0.5;

    public boolean validates() {
        return validation != null;
    }

    /**
     * The split a job with these settings uses.
     *
     * @param separate a labelled set to validate on instead of holding images out, or null
     * @throws ModelException when the separate set has categories the dataset lacks, or the fraction leaves no
     *                        labelled image on one side
     */
    public static ValidationSplit choose(Dataset dataset, Dataset separate, TrainingJob.Validation v, long seed)
            throws ModelException {
        if (separate != null) {
            Dataset val = withCategories(separate, dataset.categories());
            int labelled = labelled(val).size();
            if (labelled == 0) {
                throw new ModelException("the validation set has no labelled objects to score against");
            }
            return new ValidationSplit(dataset, val, String.format(Locale.ROOT, "a separate set of %d images (%d labelled)",
                    val.images().size(), labelled));
        }
        int labelled = labelled(dataset).size();
        if (v.fraction() == 0) {
            return new ValidationSplit(dataset, null, "none (switched off)");
        }
        boolean auto = v.fraction() == TrainingJob.Validation.AUTO;
        if (auto && labelled < AUTO_MIN_LABELLED) {
            return new ValidationSplit(dataset, null, String.format(Locale.ROOT,
                    "none (%d labelled images; the automatic split needs %d)", labelled, AUTO_MIN_LABELLED));
        }
        double fraction = auto ? AUTO_FRACTION : v.fraction();
        ValidationSplit split = holdOut(dataset, fraction, seed);
        int held = split.validation().images().size();
        return new ValidationSplit(split.training(), split.validation(), String.format(Locale.ROOT,
                "%d of %d images held out (%.0f%%%s)", held, dataset.images().size(), 100 * fraction, auto ? ", automatic" : ""));
    }

    /**
     * Holds out {@code fraction} of the labelled images (at least one) and as large a share of the unlabelled ones.
     *
     * @throws ModelException when that would leave no labelled image to train on
     */
    public static ValidationSplit holdOut(Dataset dataset, double fraction, long seed) throws ModelException {
        if (!(fraction > 0 && fraction <= MAX_FRACTION)) {
            throw new IllegalArgumentException("validation fraction must be in (0, " + MAX_FRACTION + "]; got " + fraction);
        }
        Set<Long> labelledIds = labelled(dataset);
        List<ImageRecord> labelled = new ArrayList<>();
        List<ImageRecord> unlabelled = new ArrayList<>();
        for (ImageRecord im : dataset.images()) {
            (labelledIds.contains(im.id()) ? labelled : unlabelled).add(im);
        }
        int k = Math.max(1, (int) Math.round(labelled.size() * fraction));
        if (k >= labelled.size()) {
            throw new ModelException(String.format(Locale.ROOT,
                    "cannot hold out %.0f%% for validation: %d labelled images leave none to train on", 100 * fraction,
                    labelled.size()));
        }
        Set<Long> held = new HashSet<>();
        byHash(labelled, seed).stream().limit(k).forEach(im -> held.add(im.id()));
        byHash(unlabelled, seed).stream().limit(Math.round(unlabelled.size() * fraction)).forEach(im -> held.add(im.id()));
        return new ValidationSplit(subset(dataset, im -> !held.contains(im.id())), subset(dataset, im -> held.contains(im.id())),
                held.size() + " of " + dataset.images().size() + " images held out");
    }

    /** Ids of the images with at least one object training uses. */
    static Set<Long> labelled(Dataset d) {
        Set<Integer> categories = d.categories().stream().map(Category::id).collect(Collectors.toSet());
        Set<Long> images = d.images().stream().map(ImageRecord::id).collect(Collectors.toSet());
        Set<Long> out = new HashSet<>();
        for (ObjectAnnotation a : d.annotations()) {
            if (!a.iscrowd() && categories.contains(a.categoryId()) && a.bbox().width() > 0 && a.bbox().height() > 0
                    && images.contains(a.imageId())) {
                out.add(a.imageId());
            }
        }
        return out;
    }

    private static List<ImageRecord> byHash(List<ImageRecord> images, long seed) {
        return images.stream().sorted(Comparator.comparingLong((ImageRecord im) -> mix(seed * 0x9E3779B97F4A7C15L
                + im.fileName().hashCode())).thenComparing(ImageRecord::fileName)).toList();
    }

    /** SplitMix64's finalizer: a well-spread 64-bit hash. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static Dataset subset(Dataset d, java.util.function.Predicate<ImageRecord> keep) {
        Dataset out = new Dataset(d.imageRoot());
        out.categories().addAll(d.categories());
        Map<Long, List<ObjectAnnotation>> byImage = d.annotationsByImage();
        for (ImageRecord im : d.images()) {
            if (keep.test(im)) {
                out.images().add(im);
                out.annotations().addAll(byImage.getOrDefault(im.id(), List.of()));
            }
        }
        return out;
    }

    /** A separate set with the model's categories, so that it is scored on them; its own must be among them. */
    private static Dataset withCategories(Dataset separate, List<Category> categories) throws ModelException {
        Map<Integer, String> known = categories.stream().collect(Collectors.toMap(Category::id, Category::name));
        for (Category c : separate.categories()) {
            if (!c.name().equals(known.get(c.id()))) {
                throw new ModelException("the validation set's category " + c.name() + " (id " + c.id()
                        + ") is not among the training set's: " + categories.stream().map(x -> x.name() + " (id " + x.id() + ")")
                        .collect(Collectors.joining(", ")));
            }
        }
        Dataset out = new Dataset(separate.imageRoot());
        out.categories().addAll(categories);
        out.images().addAll(separate.images());
        out.annotations().addAll(separate.annotations());
        return out;
    }
}
