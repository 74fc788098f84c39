package io.detectionstudio.engine;

import io.detectionstudio.config.ConfigException;
import io.detectionstudio.config.ConfigWarning;
import io.detectionstudio.config.LabelMaps;
import io.detectionstudio.config.PipelineConfigs;
import io.detectionstudio.data.Category;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.tfrecord.TfRecordFormat;
import io.detectionstudio.data.tfrecord.TfRecordShards;
import io.detectionstudio.proto.odapi.CosineDecayLearningRate;
import io.detectionstudio.proto.odapi.TrainEvalPipelineConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Hands a dataset to the OD API's own trainer for jobs that outgrow a laptop: one folder with sharded
 * TFRecords (train and validation splits), {@code label_map.pbtxt}, a {@code pipeline.config} for a zoo
 * architecture with every path filled in (relative to the folder, so it can be copied to another machine), and
 * a README with the {@code model_main_tf2.py} and {@code exporter_main_v2.py} commands for one GPU, several GPUs
 * and a TPU.
 *
 * <p>The folder is written all or nothing: into a temporary folder beside it, then renamed.
 */
public final class OdApiExport {

    /** The zoo architectures we can write a config for, by the name the zoo gives their download. */
    public static final List<String> ARCHITECTURES = List.of("ssd_mobilenet_v2_fpnlite_320x320");

    /** The zoo's learning rate (0.08 at batch 128) is scaled linearly with the batch size. */
    static final int ZOO_BATCH_SIZE = 128;

    static final String ZOO_CHECKPOINT = "ssd_mobilenet_v2_fpnlite_320x320_coco17_tpu-8";

    /**
     * What to write.
     *
     * @param valFraction share of the images held out for evaluation (at least one image when there are two or more)
     * @param shards      TFRecord shards per split (0: one per ~100 MiB of images, at least 1)
     * @param seed        for the split, so the same dataset always splits the same way
     */
    public record Options(String architecture, double valFraction, int batchSize, int steps, int shards, long seed) {

        public Options {
            if (!ARCHITECTURES.contains(architecture)) {
                throw new IllegalArgumentException("unknown architecture \"" + architecture + "\" (known: " + ARCHITECTURES + ")");
            }
            if (!(valFraction >= 0 && valFraction < 1) || batchSize < 1 || steps < 1 || shards < 0) {
                throw new IllegalArgumentException("need 0 <= val fraction < 1, batch size >= 1, steps >= 1, shards >= 0");
            }
        }

        public static Options defaults() {
            return new Options(ARCHITECTURES.get(0), 0.2, 8, 25_000, 0, 1);
        }
    }

    /** What was written, for the caller to report. */
    public record Result(Path folder, int trainImages, int valImages, List<Path> trainShards, List<Path> valShards,
                         List<String> notes) {
    }

    private OdApiExport() {
    }

    public static Result export(Dataset dataset, Path folder, Options options) throws DatasetException, ConfigException {
        if (dataset.categories().isEmpty()) {
            throw new DatasetException(folder + ": the dataset has no categories to train");
        }
        if (Files.exists(folder) && !isEmptyFolder(folder)) {
            throw new DatasetException(folder + ": exists and is not empty; choose a new folder");
        }
        Path abs = folder.toAbsolutePath().normalize();
        Path tmp;
        try {
            Files.createDirectories(abs.getParent());
            tmp = Files.createTempDirectory(abs.getParent(), "." + abs.getFileName() + ".tmp");
        } catch (IOException e) {
            throw new DatasetException(folder + ": cannot create: " + e.getMessage(), e);
        }
        try {
            Result r = writeInto(dataset, tmp, abs, options);
            if (Files.exists(abs)) {
                Files.delete(abs);
            }
            Files.move(tmp, abs);
            return r;
        } catch (IOException e) {
            throw new DatasetException(folder + ": cannot write: " + e.getMessage(), e);
        } finally {
            deleteRecursively(tmp);
        }
    }

    private static Result writeInto(Dataset dataset, Path dir, Path finalDir, Options o)
            throws DatasetException, ConfigException, IOException {
        List<String> notes = new ArrayList<>();
        List<ImageRecord> images = new ArrayList<>(dataset.images());
        images.sort(Comparator.comparingLong(ImageRecord::id));
        Collections.shuffle(images, new Random(o.seed()));
        int nVal = images.size() < 2 ? 0 : Math.max(1, (int) Math.round(images.size() * o.valFraction()));
        if (o.valFraction() == 0) {
            nVal = 0;
        }
        Dataset val = subset(dataset, images.subList(0, nVal));
        Dataset train = subset(dataset, images.subList(nVal, images.size()));

        TfRecordFormat tfrecord = new TfRecordFormat();
        Path data = Files.createDirectories(dir.resolve("data"));
        int trainShards = o.shards() > 0 ? o.shards() : autoShards(train);
        List<Path> trainFiles = relativize(dir, tfrecord.write(train, data.resolve("train.record"), trainShards));
        List<Path> valFiles = List.of();
        String trainPattern = "data/" + TfRecordShards.pattern(Path.of("train.record"), trainShards);
        String valPattern = trainPattern;
        if (nVal > 0) {
            int valShards = o.shards() > 0 ? Math.min(o.shards(), nVal) : autoShards(val);
            valFiles = relativize(dir, tfrecord.write(val, data.resolve("val.record"), valShards));
            valPattern = "data/" + TfRecordShards.pattern(Path.of("val.record"), valShards);
        } else {
            notes.add("fewer than 2 images: no validation split; evaluation reads the training records");
        }
        if (dataset.categories().stream().anyMatch(Category::hasKeypoints)) {
            notes.add("keypoints are in the TFRecords, but " + o.architecture() + " detects boxes only");
        }

        LabelMaps.write(LabelMaps.fromCategories(dataset.categories()), dir.resolve("label_map.pbtxt"));
        TrainEvalPipelineConfig config = pipelineConfig(o, dataset.categories().size(), trainPattern, valPattern);
        PipelineConfigs.write(config, dir.resolve("pipeline.config"));
        Files.writeString(dir.resolve("README.md"), readme(dataset, o, train.images().size(), nVal, finalDir, notes));
        return new Result(finalDir, train.images().size(), nVal, trainFiles, valFiles, notes);
    }

    /** The zoo's config for the architecture, with this dataset's classes, schedule and paths. */
    static TrainEvalPipelineConfig pipelineConfig(Options o, int numClasses, String trainPattern, String valPattern)
            throws ConfigException {
        PipelineConfigs.Result template = PipelineConfigs.parse(template(o.architecture()), o.architecture() + ".config");
        if (!template.warnings().isEmpty()) {
            throw new IllegalStateException("built-in template does not parse cleanly: "
                    + template.warnings().stream().map(ConfigWarning::toString).collect(Collectors.joining("; ")));
        }
        TrainEvalPipelineConfig.Builder b = template.config().toBuilder();
        b.getModelBuilder().getSsdBuilder().setNumClasses(numClasses);
        var train = b.getTrainConfigBuilder();
        double scale = (double) o.batchSize() / ZOO_BATCH_SIZE;
        train.setBatchSize(o.batchSize()).setNumSteps(o.steps())
                .setFineTuneCheckpoint("pretrained/" + ZOO_CHECKPOINT + "/checkpoint/ckpt-0")
                .setFineTuneCheckpointType("detection");
        CosineDecayLearningRate.Builder lr = train.getOptimizerBuilder().getMomentumOptimizerBuilder()
                .getLearningRateBuilder().getCosineDecayLearningRateBuilder();
        lr.setLearningRateBase((float) (lr.getLearningRateBase() * scale))
                .setWarmupLearningRate((float) (lr.getWarmupLearningRate() * scale))
                .setTotalSteps(o.steps())
                .setWarmupSteps(Math.min(lr.getWarmupSteps(), o.steps() / 10));
        b.getTrainInputReaderBuilder().setLabelMapPath("label_map.pbtxt")
                .getTfRecordInputReaderBuilder().setInputPath(0, trainPattern);
        b.getEvalInputReaderBuilder(0).setLabelMapPath("label_map.pbtxt")
                .getTfRecordInputReaderBuilder().setInputPath(0, valPattern);
        return b.build();
    }

    static String template(String architecture) {
        String resource = "odapi/" + architecture + ".config";
        try (InputStream in = OdApiExport.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing built-in template " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readme(Dataset d, Options o, int nTrain, int nVal, Path folder, List<String> notes) {
        String classes = d.categories().stream().map(c -> c.name() + " (" + c.id() + ")").collect(Collectors.joining(", "));
        StringBuilder s = new StringBuilder();
        s.append("# Training with the TensorFlow 2 Object Detection API\n\n")
                .append("Written by Detection Studio's `export --for-odapi`.\n\n")
                .append("- Images: ").append(nTrain).append(" for training, ").append(nVal).append(" for evaluation\n")
                .append("- Classes: ").append(classes).append("\n")
                .append("- Architecture: `").append(o.architecture()).append("` from the TF2 Detection Model Zoo, ")
                .append("batch size ").append(o.batchSize()).append(", ").append(o.steps()).append(" steps\n")
                .append("- Files: `pipeline.config`, `label_map.pbtxt`, `data/train.record-*`, `data/val.record-*`\n");
        for (String n : notes) {
            s.append("- Note: ").append(n).append('\n');
        }
        s.append("""

                Every path in `pipeline.config` is relative to this folder: run the commands below from inside it.
                The folder can be copied to another machine as it is.

                ## Once: the OD API and the pretrained checkpoint

                Install TensorFlow 2 and the Object Detection API (see `research/object_detection/g3doc/tf2.md` in the
                tensorflow/models repository), and set `ODAPI` to its `research/object_detection` folder. Then fetch
                `%1$s.tar.gz` from the TF2 Detection Model Zoo (`g3doc/tf2_detection_zoo.md` there) and unpack it here:

                    mkdir -p pretrained && tar -xzf %1$s.tar.gz -C pretrained

                so that `pretrained/%1$s/checkpoint/ckpt-0.index` exists.

                ## Train on one GPU

                    python "$ODAPI/model_main_tf2.py" --pipeline_config_path=pipeline.config --model_dir=training --alsologtostderr

                ## Train on several GPUs of one machine (MirroredStrategy)

                `model_main_tf2.py` mirrors the model over every GPU it sees. `batch_size` in `pipeline.config` is the
                global batch: raise it with the number of GPUs (and the learning rate with it, as the zoo's 0.08 is for 128).

                    CUDA_VISIBLE_DEVICES=0,1,2,3 python "$ODAPI/model_main_tf2.py" --pipeline_config_path=pipeline.config --model_dir=training --alsologtostderr

                ## Train on several machines (MultiWorkerMirroredStrategy)

                Set `TF_CONFIG` on each worker (its cluster and its own task index), then on every worker:

                    python "$ODAPI/model_main_tf2.py" --pipeline_config_path=pipeline.config --model_dir=training --num_workers=2 --alsologtostderr

                ## Train on a TPU (TPUStrategy)

                A TPU reads from Cloud Storage: copy this folder to a bucket, make the paths in `pipeline.config`
                absolute there (e.g. `sed -i 's#"data/#"gs://BUCKET/FOLDER/data/#; s#"label_map#"gs://BUCKET/FOLDER/label_map#; s#"pretrained/#"gs://BUCKET/FOLDER/pretrained/#' pipeline.config`),
                raise `batch_size` (the zoo trained this model with 128 on a TPU v3-8), then:

                    python "$ODAPI/model_main_tf2.py" --pipeline_config_path=gs://BUCKET/FOLDER/pipeline.config --model_dir=gs://BUCKET/FOLDER/training --use_tpu=true --tpu_name=TPU_NAME --alsologtostderr

                ## Evaluate (COCO metrics on the validation split, as checkpoints appear)

                    python "$ODAPI/model_main_tf2.py" --pipeline_config_path=pipeline.config --model_dir=training --checkpoint_dir=training --alsologtostderr

                ## Export, and bring the model back to Detection Studio

                    python "$ODAPI/exporter_main_v2.py" --input_type=image_tensor --pipeline_config_path=pipeline.config --trained_checkpoint_dir=training --output_directory=exported
                    detection-studio detect --model exported/saved_model --out detections.json --draw drawn/ PHOTOS/
                    detection-studio eval --model exported/saved_model --dataset YOUR_DATASET.json

                Detection Studio reads the class names from this folder's `label_map.pbtxt`.
                """.formatted(ZOO_CHECKPOINT));
        return s.toString();
    }

    /** The images and their annotations; same categories and image root. */
    private static Dataset subset(Dataset d, List<ImageRecord> images) {
        Dataset out = new Dataset(d.imageRoot());
        out.setInfo(d.info());
        out.setLicenses(d.licenses());
        out.categories().addAll(d.categories());
        Set<Long> ids = new HashSet<>();
        for (ImageRecord im : d.images()) {
            if (images.contains(im)) {
                out.images().add(im);
                ids.add(im.id());
            }
        }
        d.annotations().stream().filter(a -> ids.contains(a.imageId())).forEach(out.annotations()::add);
        return out;
    }

    private static int autoShards(Dataset d) {
        long bytes = 0;
        for (ImageRecord im : d.images()) {
            try {
                bytes += Files.size(d.resolve(im));
            } catch (IOException e) {
                // the TFRecord writer reports the unreadable image with its name
            }
        }
        return TfRecordShards.shardCount(bytes, d.images().size(), TfRecordFormat.TARGET_SHARD_BYTES);
    }

    private static List<Path> relativize(Path dir, List<Path> files) {
        return files.stream().map(f -> dir.relativize(f.toAbsolutePath())).toList();
    }

    private static boolean isEmptyFolder(Path p) {
        try (Stream<Path> s = Files.list(p)) {
            return Files.isDirectory(p) && s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteRecursively(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // best effort: a hidden temporary folder named after the target
        }
    }
}
