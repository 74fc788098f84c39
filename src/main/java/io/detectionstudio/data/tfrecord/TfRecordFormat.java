package io.detectionstudio.data.tfrecord;

import io.detectionstudio.data.Category;
import io.detectionstudio.data.CocoBox;
import io.detectionstudio.data.Dataset;
import io.detectionstudio.data.FileTrees;
import io.detectionstudio.data.DatasetException;
import io.detectionstudio.data.FilePermissions;
import io.detectionstudio.data.ImageRecord;
import io.detectionstudio.data.KeypointSchema;
import io.detectionstudio.data.ObjectAnnotation;
import io.detectionstudio.data.Problem;
import io.detectionstudio.data.formats.DatasetFormat;
import io.detectionstudio.data.image.ExifOrientation;
import io.detectionstudio.data.image.ImageInfo;
import io.detectionstudio.data.image.ImageLoadException;
import io.detectionstudio.data.image.ImageLoader;
import io.detectionstudio.data.tfrecord.ExampleDecoder.BadRecord;
import io.detectionstudio.data.tfrecord.ExampleDecoder.Raw;
import io.detectionstudio.data.tfrecord.ExampleDecoder.RawObject;
import io.detectionstudio.data.tfrecord.TfRecordShards.Input;
import io.detectionstudio.data.tfrecord.TfRecordShards.Output;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/**
 * TFRecord files of tf.Examples with the OD API's keys (see {@link OdApiKeys} and the package comment), one
 * record per image, as {@code create_coco_tf_record.py} makes them and the OD API's {@code TfExampleDecoder} reads
 * them.
 *
 * <h2>Writing</h2>
 * All or nothing: every shard is written into a hidden temporary folder beside the output, then all are moved into
 * place (files they replace are restored if a move fails). Before anything is written every image file is opened:
 * a missing or unreadable image, a format TensorFlow cannot decode (other than JPEG, PNG, BMP, GIF), an image whose
 * size is not the dataset's, an annotation of an unknown image or category, or keypoints that do not fit their
 * category's names make the write fail with a one-line {@link DatasetException}. Images are distributed to shards
 * round robin (image {@code i} to shard {@code i % M}), as {@code create_coco_tf_record.py} does. Where the
 * records go and how many shards there are: see {@link TfRecordShards}; for a folder output the count is
 * {@code ceil(total image bytes / 100 MiB)} ({@link #TARGET_SHARD_BYTES}), at least 1 and at most one per image.
 * Writing shards also deletes the shards of the same base name with another count (the previous output), so that
 * a folder never holds two sets.
 *
 * <h2>Reading</h2>
 * {@link #read(Path)} takes one file, a shard pattern or a folder (see {@link TfRecordShards}). The images are
 * written out of {@code image/encoded} into a folder beside the records named after them,
 * {@code BASE_images/} ({@code train.record} and {@code train.record-?????-of-00004} both give
 * {@code train.record_images/}; files of different bases give {@code images/}), or into the folder given to
 * {@link #read(Path, List, Path)}; the dataset's {@link Dataset#imageRoot()} is that folder. An image is written only
 * when the folder does not already hold a file of that name with the same bytes, so reading again writes nothing;
 * a file of that name with other bytes is replaced (the folder belongs to the records). File names come from
 * {@code image/filename} (relative; an absolute name or one with {@code ..} keeps only its last part), else
 * {@code image/source_id}, else {@code record-F-R}; a name used twice gets {@code -2}, {@code -3} before its
 * extension. Image ids are {@code image/source_id} when it is a whole number not used before, else the next free
 * ids; annotation ids count from 1 in record order.
 *
 * <p>Reading reports, one line each with the file and the record ({@code record 3 (byte 1234)} for damage,
 * {@code record 3} or {@code record 3, object 1} for content, counted from 0): a truncated record or a bad CRC
 * (the file's later records are lost, the earlier ones kept), a record that is not a tf.Example, missing required
 * keys ({@code image/encoded}, {@code image/height}, {@code image/width}, and the four bbox keys and a class key
 * when there are objects), per-object lists of unequal lengths, label ids not among the given categories, images
 * that do not decode or are not the size the record says, and masks that are not PNGs of the image's size. A record
 * with a problem in its shape is left out; an object whose label is unknown is left out.
 *
 * <h2>Categories</h2>
 * A TFRecord has no category list. {@link #read(Path)} makes one from the {@code class/label} and
 * {@code class/text} pairs found (a text without a label gets the next free id; a label without text is named
 * {@code class_ID}); a category gets keypoint names (from {@code image/object/keypoint/text}, else
 * {@code kp_0 ... kp_K-1}) when any of its objects has a labelled keypoint. {@link #read(Path, List)} takes the
 * categories (a label map, or the COCO file the records were made from) instead: labels must be among them (texts
 * without labels are matched by name), and keypoints are cut into each category's names as they were written.
 */
public final class TfRecordFormat implements DatasetFormat {

    /** Short name on the command line. */
    public static final String NAME = "tfrecord";

    /** About how many bytes of images go into one shard of a folder output (100 MiB). */
    public static final long TARGET_SHARD_BYTES = 100L * 1024 * 1024;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "TFRecord of tf.Examples with the OD API's keys: a .record/.tfrecord file, shards "
                + "(train.record-?????-of-00004) or a folder of them";
    }

    @Override
    public boolean recognizes(Path path) {
        if (Files.isRegularFile(path)) {
            return TfRecordShards.looksLikeRecordName(path.getFileName().toString()) || startsWithRecord(path);
        }
        Path name = path.getFileName();
        if (Files.isDirectory(path) || (name != null && TfRecordShards.isGlob(name.toString()))) {
            try {
                TfRecordShards.inputs(path);
                return true;
            } catch (DatasetException e) {
                return false;
            }
        }
        return false;
    }

    @Override
    public boolean recognizesOutput(Path path) {
        Path name = path.getFileName();
        return name != null && TfRecordShards.looksLikeRecordName(name.toString());
    }

    /** True when the file starts with a record header whose CRC is right. */
    private static boolean startsWithRecord(Path file) {
        byte[] header = new byte[TfRecordFiles.HEADER_BYTES];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(header, 0, header.length) < header.length) {
                return false;
            }
            long length = TfRecordFiles.getLong(header, 0);
            return TfRecordFiles.getInt(header, 8) == TfRecordFiles.maskedCrc32c(header, 0, 8) && length >= 0
                    && length <= Files.size(file) - TfRecordFiles.HEADER_BYTES - TfRecordFiles.FOOTER_BYTES;
        } catch (IOException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------------ writing

    /**
     * Writes the dataset to {@code path}: one file, shards named by the path (with their count), or shards in a
     * folder (counted by {@link #TARGET_SHARD_BYTES}); see {@link TfRecordShards}.
     */
    @Override
    public void write(Dataset dataset, Path path) throws DatasetException {
        writeFiles(dataset, path, 0);
    }

    /**
     * Writes the dataset as {@code shards} shards: {@code path-00000-of-0000N} ... (or, for a folder, named after
     * it; a path that already has a shard suffix must name the same count).
     *
     * @return the files written, in shard order
     */
    public List<Path> write(Dataset dataset, Path path, int shards) throws DatasetException {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be at least 1, got " + shards);
        }
        return writeFiles(dataset, path, shards);
    }

    private List<Path> writeFiles(Dataset dataset, Path path, int shards) throws DatasetException {
        ExampleEncoder encoder = new ExampleEncoder(dataset);
        Map<Long, ImageRecord> images = new HashMap<>();
        for (ImageRecord im : dataset.images()) {
            if (images.put(im.id(), im) != null) {
                throw new DatasetException("images: two images have id " + im.id());
            }
        }
        Map<Long, List<ObjectAnnotation>> byImage = dataset.annotationsByImage();
        for (ObjectAnnotation a : dataset.annotations()) {
            if (!images.containsKey(a.imageId())) {
                throw new DatasetException("annotation id " + a.id() + ": image_id " + a.imageId() + " is not an image");
            }
        }
        long total = 0;
        for (ImageRecord im : dataset.images()) {
            Path file = dataset.resolve(im);
            try {
                total += Files.size(file);
            } catch (NoSuchFileException e) {
                throw new DatasetException(file + ": image file not found");
            } catch (IOException e) {
                throw new DatasetException(file + ": cannot read: " + ExampleDecoder.firstLine(e.getMessage()));
            }
        }
        int auto = TfRecordShards.shardCount(total, dataset.images().size(), TARGET_SHARD_BYTES);
        Output out = TfRecordShards.outputs(path, shards, auto);
        Path dir = out.base().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempDirectory(dir, "." + out.base().getFileName() + ".");
            List<TfRecordFiles.Writer> writers = new ArrayList<>();
            try {
                for (Path f : out.files()) {
                    writers.add(TfRecordFiles.Writer.open(tmp.resolve(f.getFileName())));
                }
                int i = 0;
                for (ImageRecord im : dataset.images()) {
                    byte[] record = encode(dataset, im, byImage.getOrDefault(im.id(), List.of()), encoder);
                    writers.get(i++ % writers.size()).write(record);
                }
            } finally {
                for (TfRecordFiles.Writer w : writers) {
                    w.close();
                }
            }
            commit(tmp, out.files());
            if (out.sharded()) {
                deleteOtherShardSets(out);
            }
            return out.files();
        } catch (IOException e) {
            throw new DatasetException(path + ": cannot write: " + ExampleDecoder.firstLine(e.getMessage()), e);
        } finally {
            if (tmp != null) {
                FileTrees.deleteQuietly(tmp);
            }
        }
    }

    private static byte[] encode(Dataset dataset, ImageRecord im, List<ObjectAnnotation> annotations,
                                 ExampleEncoder encoder) throws DatasetException, IOException {
        Path file = dataset.resolve(im);
        ImageInfo info;
        try {
            info = ImageLoader.readInfo(file);
        } catch (ImageLoadException e) {
            throw new DatasetException(e.getMessage(), e);
        }
        byte[] bytes = Files.readAllBytes(file);
        return encoder.encode(im, annotations, bytes, info, file.toString());
    }

    /** Moves the written files from {@code tmp} over the targets; on failure puts the old files back. */
    private static void commit(Path tmp, List<Path> targets) throws IOException {
        Map<Path, Path> backups = new LinkedHashMap<>();
        List<Path> placed = new ArrayList<>();
        try {
            int i = 0;
            for (Path t : targets) {
                if (Files.exists(t, LinkOption.NOFOLLOW_LINKS)) {
                    Path b = tmp.resolve(".old-" + i++);
                    Files.move(t, b, StandardCopyOption.ATOMIC_MOVE);
                    backups.put(t, b);
                }
            }
            for (Path t : targets) {
                Files.move(tmp.resolve(t.getFileName()), t, StandardCopyOption.ATOMIC_MOVE);
                placed.add(t);
            }
        } catch (IOException e) {
            for (Path p : placed) {
                Files.deleteIfExists(p);
            }
            for (Map.Entry<Path, Path> b : backups.entrySet()) {
                Files.move(b.getValue(), b.getKey(), StandardCopyOption.ATOMIC_MOVE);
            }
            throw e;
        }
    }

    /** Deletes shards {@code BASE-NNNNN-of-MMMMM} beside the output whose count is not the one just written. */
    private static void deleteOtherShardSets(Output out) throws IOException {
        Set<Path> keep = new HashSet<>(out.files());
        String base = out.base().getFileName().toString();
        List<Path> stale;
        try (Stream<Path> s = Files.list(out.base().getParent())) {
            stale = s.filter(p -> !keep.contains(p)).filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> {
                        Matcher m = TfRecordShards.SHARD.matcher(p.getFileName().toString());
                        return m.matches() && m.group(1).equals(base) && m.group(2).chars().allMatch(Character::isDigit);
                    }).toList();
        }
        for (Path p : stale) {
            Files.deleteIfExists(p);
        }
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** Reads records, with categories made from the labels and texts found; images go to {@link #imageFolder}. */
    @Override
    public ReadResult read(Path path) throws DatasetException {
        return read(path, null, null);
    }

    /** Reads records whose labels are ids of {@code categories} (a label map, or the dataset they were made from). */
    public ReadResult read(Path path, List<Category> categories) throws DatasetException {
        return read(path, categories, null);
    }

    /**
     * Reads records.
     *
     * @param path        one file, a shard pattern or a folder
     * @param categories  the categories the labels refer to, or null to make them from the records
     * @param imageFolder where the images are written, or null for {@link #imageFolder(Path)}
     * @throws DatasetException when no records can be read at all, or the image folder cannot be made
     */
    public ReadResult read(Path path, List<Category> categories, Path imageFolder) throws DatasetException {
        Input in = TfRecordShards.inputs(path);
        Path images = (imageFolder != null ? imageFolder : defaultImageFolder(in)).toAbsolutePath().normalize();
        boolean madeFolder = !Files.isDirectory(images);
        try {
            Files.createDirectories(images);
        } catch (IOException e) {
            throw new DatasetException(images + ": cannot make the image folder: " + ExampleDecoder.firstLine(e.getMessage()));
        }
        Reading reading = new Reading(images, categories);
        reading.problems.addAll(in.problems());
        int fileIndex = 0;
        for (Path file : in.files()) {
            try (TfRecordFiles.Reader r = TfRecordFiles.Reader.open(file)) {
                for (byte[] b = r.next(); b != null; b = r.next()) {
                    reading.record(file.toString(), fileIndex, r.index(), b);
                }
                if (r.damage() != null) {
                    reading.problems.add(r.damage());
                }
            } catch (IOException e) {
                reading.problems.add(new Problem(file.toString(), "", "cannot read: " + ExampleDecoder.firstLine(e.getMessage())));
            }
            fileIndex++;
        }
        if (madeFolder) {
            try (var left = Files.list(images)) {
                if (left.findAny().isEmpty()) {
                    Files.delete(images); // nothing was extracted (e.g. the first record is damaged): leave no trace
                }
            } catch (IOException e) {
                // an empty folder left behind is harmless
            }
        }
        return reading.finish();
    }

    /** The folder {@link #read(Path)} writes the images of {@code path} (records, pattern or folder) into. */
    public static Path imageFolder(Path path) throws DatasetException {
        return defaultImageFolder(TfRecordShards.inputs(path)).toAbsolutePath().normalize();
    }

    private static Path defaultImageFolder(Input in) {
        return in.folder().resolve(in.base() == null ? "images" : in.base() + "_images");
    }

    /** An object of a record, in the dataset's terms but not yet given its category (kept in identity maps). */
    private record PendingObject(int index, Long label, String text, CocoBox box, Double area, boolean crowd,
                                 boolean difficult, double[] keypoints, Object rle) {
    }

    /** A record's image, written out, with its objects. */
    private record PendingImage(String file, long record, String sourceId, String fileName, int width, int height,
                                List<PendingObject> objects, int keypointsPerObject, List<String> keypointNames) {
        String where() {
            return "record " + record;
        }
    }

    /** One read: the image folder, the records decoded so far and the problems. */
    private static final class Reading {
        final Path images;
        final List<Category> given;
        final List<Problem> problems = new ArrayList<>();
        final List<PendingImage> pending = new ArrayList<>();
        final Set<String> names = new HashSet<>();

        Reading(Path images, List<Category> given) {
            this.images = images;
            this.given = given == null ? null : List.copyOf(given);
        }

        void record(String file, int fileIndex, long index, byte[] data) {
            String where = "record " + index;
            Raw raw;
            try {
                raw = ExampleDecoder.decode(data);
            } catch (BadRecord e) {
                problems.add(new Problem(file, where, e.getMessage()));
                return;
            }
            byte[] bytes = raw.encoded().toByteArray();
            String name = imageName(raw, bytes, fileIndex, index);
            Path target = images.resolve(name);
            try {
                extract(target, bytes);
            } catch (IOException e) {
                problems.add(new Problem(file, where, "cannot write its image to " + target + ": "
                        + ExampleDecoder.firstLine(e.getMessage())));
                return;
            }
            ExifOrientation orientation = ExifOrientation.NORMAL;
            try {
                ImageInfo info = ImageLoader.readInfo(target);
                orientation = info.orientation();
                int sw = orientation.swapsWidthAndHeight() ? info.height() : info.width();
                int sh = orientation.swapsWidthAndHeight() ? info.width() : info.height();
                if (sw != raw.width() || sh != raw.height()) {
                    problems.add(new Problem(file, where, "image/width and image/height say " + raw.width() + "x"
                            + raw.height() + " but the image " + name + " is " + sw + "x" + sh));
                }
            } catch (ImageLoadException e) {
                problems.add(new Problem(file, where, "image/encoded (" + name + "): " + e.reason()));
            }
            Frame frame = new Frame(orientation, raw.width(), raw.height());
            List<PendingObject> objects = new ArrayList<>(raw.objects().size());
            int k = raw.keypointsPerObject();
            boolean keypointsOk = checkVisibilities(raw, file, where);
            for (int i = 0; i < raw.objects().size(); i++) {
                RawObject o = raw.objects().get(i);
                double[] kp = k > 0 && keypointsOk ? keypoints(raw, i, frame) : null;
                Object rle = mask(o, frame, file, where + ", object " + i);
                objects.add(new PendingObject(i, o.label(), o.text(), box(o, frame),
                        o.area() == null ? null : Decimals.shortest(o.area()), o.crowd(), o.difficult(), kp, rle));
            }
            pending.add(new PendingImage(file, index, raw.sourceId(), name, frame.displayedWidth(),
                    frame.displayedHeight(), objects, keypointsOk ? k : 0, raw.keypointNames()));
        }

        private boolean checkVisibilities(Raw raw, String file, String where) {
            for (long v : raw.keypointVisibility()) {
                if (v < 0 || v > 2) {
                    problems.add(new Problem(file, where, OdApiKeys.KEYPOINT_VISIBILITY + " holds " + v
                            + ", not 0, 1 or 2 (its keypoints are left out)"));
                    return false;
                }
            }
            return true;
        }

        /** A unique, safe file name for the record's image under the image folder. */
        private String imageName(Raw raw, byte[] bytes, int fileIndex, long index) {
            String ext = extension(bytes, raw.format());
            String name = safeRelative(raw.fileName());
            if (name == null) {
                String id = raw.sourceId() == null ? "" : raw.sourceId().replaceAll("[^A-Za-z0-9._-]", "_");
                name = (id.isEmpty() || id.startsWith(".") ? "record-" + fileIndex + "-" + index : id) + "." + ext;
            }
            String unique = name;
            int dot = name.lastIndexOf('.');
            int slash = name.lastIndexOf('/');
            String stem = dot > slash + 1 ? name.substring(0, dot) : name;
            String tail = dot > slash + 1 ? name.substring(dot) : "";
            for (int n = 2; !names.add(unique); n++) {
                unique = stem + "-" + n + tail;
            }
            return unique;
        }

        private static String safeRelative(String fileName) {
            if (fileName == null || fileName.isBlank()) {
                return null;
            }
            String s = fileName.replace('\\', '/');
            List<String> parts = new ArrayList<>();
            for (String p : s.split("/")) {
                if (!p.isEmpty() && !p.equals(".")) {
                    parts.add(p);
                }
            }
            if (parts.isEmpty()) {
                return null;
            }
            boolean unsafe = s.startsWith("/") || s.matches("^[A-Za-z]:/.*") || parts.contains("..")
                    || parts.stream().anyMatch(p -> p.startsWith("."));
            String name = unsafe ? parts.get(parts.size() - 1) : String.join("/", parts);
            if (name.equals("..") || name.startsWith(".")) {
                return null;
            }
            try {
                Path.of(name);
            } catch (InvalidPathException e) {
                return null;
            }
            return name;
        }

        private static String extension(byte[] b, String format) {
            if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
                return "jpg";
            }
            if (b.length >= 4 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
                return "png";
            }
            if (b.length >= 2 && b[0] == 'B' && b[1] == 'M') {
                return "bmp";
            }
            if (b.length >= 3 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F') {
                return "gif";
            }
            return format != null && format.matches("[A-Za-z0-9]{1,5}") ? format.toLowerCase(java.util.Locale.ROOT) : "img";
        }

        /** Writes the image unless the same bytes are there already. */
        private static void extract(Path target, byte[] bytes) throws IOException {
            if (Files.isRegularFile(target) && Files.size(target) == bytes.length
                    && Arrays.equals(Files.readAllBytes(target), bytes)) {
                return;
            }
            Path dir = target.getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            try {
                Files.write(tmp, bytes);
                FilePermissions.likeTarget(tmp, target);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }

        private static CocoBox box(RawObject o, Frame frame) {
            Decimals.Snapped x0 = Decimals.pixel(o.xmin(), frame.storedWidth());
            Decimals.Snapped x1 = Decimals.pixel(o.xmax(), frame.storedWidth());
            Decimals.Snapped y0 = Decimals.pixel(o.ymin(), frame.storedHeight());
            Decimals.Snapped y1 = Decimals.pixel(o.ymax(), frame.storedHeight());
            int dx = digits(x0, x1);
            int dy = digits(y0, y1);
            boolean swap = frame.orientation().swapsWidthAndHeight();
            int du = swap ? dy : dx;
            int dv = swap ? dx : dy;
            double[] a = frame.toDisplayed(x0.value(), y0.value());
            double[] b = frame.toDisplayed(x1.value(), y1.value());
            double left = Decimals.round(Math.min(a[0], b[0]), du);
            double right = Decimals.round(Math.max(a[0], b[0]), du);
            double top = Decimals.round(Math.min(a[1], b[1]), dv);
            double bottom = Decimals.round(Math.max(a[1], b[1]), dv);
            return new CocoBox(left, top, Decimals.round(right - left, du), Decimals.round(bottom - top, dv));
        }

        private static int digits(Decimals.Snapped a, Decimals.Snapped b) {
            return a.digits() < 0 || b.digits() < 0 ? -1 : Math.max(a.digits(), b.digits());
        }

        /** Object {@code i}'s {@code K} keypoints as COCO pixel triples in the displayed frame. */
        private static double[] keypoints(Raw raw, int i, Frame frame) {
            int k = raw.keypointsPerObject();
            double[] out = new double[3 * k];
            boolean swap = frame.orientation().swapsWidthAndHeight();
            for (int j = 0; j < k; j++) {
                int s = i * k + j;
                long v = raw.keypointVisibility()[s];
                float fx = raw.keypointX()[s];
                float fy = raw.keypointY()[s];
                if (v == 0 || !Float.isFinite(fx) || !Float.isFinite(fy)) {
                    continue;
                }
                Decimals.Snapped x = Decimals.pixel(fx, frame.storedWidth());
                Decimals.Snapped y = Decimals.pixel(fy, frame.storedHeight());
                double[] d = frame.toDisplayed(x.value(), y.value());
                out[3 * j] = Decimals.round(d[0], swap ? y.digits() : x.digits());
                out[3 * j + 1] = Decimals.round(d[1], swap ? x.digits() : y.digits());
                out[3 * j + 2] = v;
            }
            return out;
        }

        /** The object's mask as an uncompressed COCO RLE in the displayed frame, or null (none, or empty). */
        private Object mask(RawObject o, Frame frame, String file, String where) {
            int w = frame.storedWidth();
            int h = frame.storedHeight();
            byte[] stored;
            if (o.mask() != null) {
                Masks.Decoded d = Masks.fromPng(o.mask());
                if (d == null) {
                    problems.add(new Problem(file, where, OdApiKeys.MASK + " is not a PNG (the mask is left out)"));
                    return null;
                }
                if (d.width() != w || d.height() != h) {
                    problems.add(new Problem(file, where, OdApiKeys.MASK + " is " + d.width() + "x" + d.height()
                            + ", not the image's " + w + "x" + h + " (the mask is left out)"));
                    return null;
                }
                stored = d.raster();
            } else if (o.maskFloat() != null) {
                stored = new byte[w * h];
                float[] m = o.maskFloat();
                for (int p = 0; p < stored.length; p++) {
                    stored[p] = (byte) (m[p] > 0 ? 1 : 0);
                }
            } else {
                return null;
            }
            if (Masks.isEmpty(stored)) {
                return null;
            }
            return Masks.toRle(frame.rasterToDisplayed(stored), frame.displayedWidth(), frame.displayedHeight());
        }

        ReadResult finish() {
            Dataset d = new Dataset(images);
            Map<Integer, Category> byId = new LinkedHashMap<>();
            Map<String, Integer> idByName = new HashMap<>();
            if (given != null) {
                for (Category c : given) {
                    byId.putIfAbsent(c.id(), c);
                    idByName.putIfAbsent(c.name(), c.id());
                }
            }
            Map<PendingObject, Integer> categoryOf = given != null ? resolveGiven(byId, idByName)
                    : resolveFound(byId, idByName);

            // Keypoints: K per object must agree with the categories (given) or across records (found).
            KeypointLayout layout = given != null ? new KeypointLayout(given) : null;
            int k = 0;
            List<String> kNames = null;
            for (PendingImage p : pending) {
                if (p.keypointsPerObject() > 0 && k == 0) {
                    k = p.keypointsPerObject();
                    kNames = p.keypointNames().size() == k ? p.keypointNames() : null;
                }
            }
            int expectedK = layout != null ? layout.size() : k;
            Set<PendingImage> keypointsUsable = Collections.newSetFromMap(new IdentityHashMap<>());
            for (PendingImage p : pending) {
                if (p.keypointsPerObject() == 0) {
                    continue;
                }
                if (p.keypointsPerObject() != expectedK) {
                    problems.add(new Problem(p.file(), p.where(), p.keypointsPerObject() + " keypoints per object, but "
                            + (layout != null ? "the categories have " + expectedK : "earlier records have " + expectedK)
                            + " (its keypoints are left out)"));
                } else {
                    keypointsUsable.add(p);
                }
            }
            List<Category> categories = new ArrayList<>();
            if (given != null) {
                categories.addAll(given);
            } else {
                Set<Integer> withKeypoints = new HashSet<>();
                for (PendingImage p : keypointsUsable) {
                    for (PendingObject o : p.objects()) {
                        Integer c = categoryOf.get(o);
                        if (c != null && hasLabelled(o.keypoints())) {
                            withKeypoints.add(c);
                        }
                    }
                }
                List<String> names = new ArrayList<>();
                for (int j = 0; j < k; j++) {
                    names.add(kNames != null ? kNames.get(j) : "kp_" + j);
                }
                for (Category c : new TreeMap<>(byId).values()) {
                    categories.add(withKeypoints.contains(c.id())
                            ? new Category(c.id(), c.name(), null, new KeypointSchema(names, List.of(), List.of()), Map.of())
                            : c);
                }
            }
            d.categories().addAll(categories);
            Map<Integer, Category> finalById = new HashMap<>();
            categories.forEach(c -> finalById.putIfAbsent(c.id(), c));

            long[] imageIds = imageIds();
            long annotationId = 1;
            for (int i = 0; i < pending.size(); i++) {
                PendingImage p = pending.get(i);
                d.images().add(new ImageRecord(imageIds[i], p.fileName(), p.width(), p.height()));
                for (PendingObject o : p.objects()) {
                    Integer cid = categoryOf.get(o);
                    if (cid == null) {
                        continue;
                    }
                    Category c = finalById.get(cid);
                    double[] kp = null;
                    if (c != null && c.hasKeypoints() && keypointsUsable.contains(p) && o.keypoints() != null) {
                        int offset = layout != null ? layout.offset(cid) : 0;
                        kp = Arrays.copyOfRange(o.keypoints(), 3 * offset, 3 * (offset + c.keypoints().size()));
                    }
                    d.annotations().add(new ObjectAnnotation(annotationId++, imageIds[i], cid, o.box(), o.area(),
                            o.crowd(), o.difficult(), kp, List.of(), o.rle(), Map.of()));
                }
            }
            return new ReadResult(d, problems);
        }

        /** Each object's category among the given ones: by label, else by text; unknown ones are problems. */
        private Map<PendingObject, Integer> resolveGiven(Map<Integer, Category> byId, Map<String, Integer> idByName) {
            Map<PendingObject, Integer> out = new IdentityHashMap<>();
            for (PendingImage p : pending) {
                for (PendingObject o : p.objects()) {
                    String where = p.where() + ", object " + o.index();
                    if (o.label() != null) {
                        if (o.label() >= Integer.MIN_VALUE && o.label() <= Integer.MAX_VALUE
                                && byId.containsKey((int) (long) o.label())) {
                            out.put(o, (int) (long) o.label());
                        } else {
                            problems.add(new Problem(p.file(), where, "label " + o.label()
                                    + " is not one of the categories (the object is left out)"));
                        }
                    } else {
                        Integer id = idByName.get(o.text());
                        if (id != null) {
                            out.put(o, id);
                        } else {
                            problems.add(new Problem(p.file(), where, "class text \"" + o.text()
                                    + "\" is not the name of a category (the object is left out)"));
                        }
                    }
                }
            }
            return out;
        }

        /** Categories made from the label and text pairs found; labels below 1 are problems. */
        private Map<PendingObject, Integer> resolveFound(Map<Integer, Category> byId, Map<String, Integer> idByName) {
            Map<PendingObject, Integer> out = new IdentityHashMap<>();
            Map<Integer, String> firstSeen = new HashMap<>();
            Set<String> reported = new HashSet<>();
            for (PendingImage p : pending) {
                for (PendingObject o : p.objects()) {
                    if (o.label() == null) {
                        continue;
                    }
                    String where = p.where() + ", object " + o.index();
                    if (o.label() < 1 || o.label() > Integer.MAX_VALUE) {
                        problems.add(new Problem(p.file(), where, "label " + o.label()
                                + " is not a category id (label maps count from 1; the object is left out)"));
                        continue;
                    }
                    int id = (int) (long) o.label();
                    String name = o.text() != null ? o.text() : "class_" + id;
                    Category c = byId.get(id);
                    if (c == null) {
                        byId.put(id, new Category(id, name));
                        idByName.putIfAbsent(name, id);
                        firstSeen.put(id, p.file() + " " + where);
                    } else if (o.text() != null && !o.text().equals(c.name()) && reported.add(id + "\u0000" + o.text())) {
                        problems.add(new Problem(p.file(), where, "label " + id + " is \"" + o.text() + "\" here but \""
                                + c.name() + "\" in " + firstSeen.get(id) + " (the first name is kept)"));
                    }
                    out.put(o, id);
                }
            }
            for (PendingImage p : pending) {
                for (PendingObject o : p.objects()) {
                    if (o.label() != null) {
                        continue;
                    }
                    Integer id = idByName.get(o.text());
                    if (id == null) {
                        id = byId.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
                        byId.put(id, new Category(id, o.text()));
                        idByName.put(o.text(), id);
                    }
                    out.put(o, id);
                }
            }
            return out;
        }

        /** Ids from {@code image/source_id} when it is a whole number not used before, else the next free ones. */
        private long[] imageIds() {
            long[] ids = new long[pending.size()];
            Set<Long> used = new HashSet<>();
            boolean[] assigned = new boolean[ids.length];
            for (int i = 0; i < ids.length; i++) {
                String s = pending.get(i).sourceId();
                if (s == null) {
                    continue;
                }
                try {
                    long id = Long.parseLong(s.trim());
                    if (used.add(id)) {
                        ids[i] = id;
                        assigned[i] = true;
                    }
                } catch (NumberFormatException ignored) {
                    // not a number: gets a free id below
                }
            }
            long next = used.stream().mapToLong(Long::longValue).max().orElse(0) + 1;
            for (int i = 0; i < ids.length; i++) {
                if (!assigned[i]) {
                    ids[i] = next++;
                }
            }
            return ids;
        }

        private static boolean hasLabelled(double[] kp) {
            if (kp == null) {
                return false;
            }
            for (int i = 2; i < kp.length; i += 3) {
                if (kp[i] > 0) {
                    return true;
                }
            }
            return false;
        }
    }
}
