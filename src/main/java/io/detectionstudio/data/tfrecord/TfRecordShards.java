package io.detectionstudio.data.tfrecord;

import io.detectionstudio.data.DatasetException;
import io.detectionstudio.data.Problem;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Names of sharded TFRecord files, as the OD API's {@code tf_record_creation_util.open_sharded_output_tfrecords}
 * makes them: {@code BASE-00000-of-00004} ... {@code BASE-00003-of-00004} ({@code '{}-{:05d}-of-{:05d}'}), and the
 * pattern {@code BASE-?????-of-00004} that a {@code pipeline.config}'s {@code input_path} names them by.
 *
 * <p>What a path means:
 * <ul>
 *   <li>as an <b>output</b> ({@link #outputs}): an existing folder holds shards named after it
 *       ({@code out/train/} gives {@code out/train/train.record-00000-of-0000M}); a name with a shard suffix
 *       ({@code train.record-00000-of-00004} or {@code train.record-?????-of-00004}) gives that base and that many
 *       shards; any other name is one unsharded file, unless a shard count is given explicitly;</li>
 *   <li>as an <b>input</b> ({@link #inputs}): an existing file is read alone; a name with glob characters
 *       ({@code ? * [ ] { }}) reads the matching files of its folder, and a {@code -?????-of-MMMMM} pattern also
 *       reports each of its {@code M} shards that is missing; a folder reads its files named like records
 *       ({@code .record}, {@code .tfrecord}, {@code .tfrecords}, {@code .tfrec}, or with a shard suffix).</li>
 * </ul>
 * Files are read in name order, which for shards is their index order.
 */
public final class TfRecordShards {

    /** A file name with the OD API's shard suffix; groups: base, index (digits or {@code ?????}), count. */
    static final Pattern SHARD = Pattern.compile("(.+)-(\\d{5,}|\\?{5,})-of-(\\d{5,})");

    /** File name endings (lower case) that mark a file as TFRecord. */
    static final Set<String> EXTENSIONS = Set.of(".record", ".tfrecord", ".tfrecords", ".tfrec");

    private TfRecordShards() {
    }

    /** The shard files for {@code base} ({@code dir/train.record}): {@code base-00000-of-0000N} and so on. */
    public static List<Path> shardNames(Path base, int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be at least 1, got " + shards);
        }
        List<Path> out = new ArrayList<>(shards);
        String name = base.getFileName().toString();
        for (int i = 0; i < shards; i++) {
            out.add(base.resolveSibling(String.format(Locale.ROOT, "%s-%05d-of-%05d", name, i, shards)));
        }
        return out;
    }

    /** The pattern naming all shards of {@code base}, as a {@code pipeline.config} wants it: {@code base-?????-of-0000N}. */
    public static Path pattern(Path base, int shards) {
        return base.resolveSibling(String.format(Locale.ROOT, "%s-?????-of-%05d", base.getFileName(), shards));
    }

    /**
     * The shard count for a dataset whose images take {@code imageBytes} bytes: about {@code targetBytes} per shard,
     * {@code ceil(imageBytes / targetBytes)}, at least 1 and at most one shard per image.
     */
    public static int shardCount(long imageBytes, int images, long targetBytes) {
        long n = (imageBytes + targetBytes - 1) / targetBytes;
        n = Math.min(n, Math.max(1, images));
        return (int) Math.max(1, Math.min(n, 99_999));
    }

    /** A file name without its shard suffix ({@code train.record-00001-of-00004} gives {@code train.record}). */
    public static String baseName(String fileName) {
        Matcher m = SHARD.matcher(fileName);
        return m.matches() ? m.group(1) : fileName;
    }

    /** True when a file name looks like a TFRecord file: a record extension or a shard suffix. */
    public static boolean looksLikeRecordName(String fileName) {
        if (SHARD.matcher(fileName).matches()) {
            return true;
        }
        String lower = fileName.toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(lower::endsWith);
    }

    /** Where a write goes: the files, in shard order, and the base they share. */
    record Output(List<Path> files, Path base, boolean sharded) {
    }

    /**
     * The files a write to {@code path} makes.
     *
     * @param shards the shard count asked for, or 0 to take it from the path's name, or {@code autoShards} for a
     *               folder, or one unsharded file
     */
    static Output outputs(Path path, int shards, int autoShards) throws DatasetException {
        if (shards < 0) {
            throw new IllegalArgumentException("shards must be positive, or 0 for the path's own rule, got " + shards);
        }
        Path abs = path.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            if (abs.getFileName() == null) {
                throw new DatasetException(path + ": give a folder with a name, or a file name for the records");
            }
            Path base = abs.resolve(abs.getFileName() + ".record");
            int n = shards > 0 ? shards : autoShards;
            return new Output(shardNames(base, n), base, true);
        }
        Matcher m = SHARD.matcher(abs.getFileName().toString());
        if (m.matches()) {
            int named = Integer.parseInt(m.group(3));
            if (named < 1) {
                throw new DatasetException(path + ": a shard count of 0 in the name; use -?????-of-00001 or more");
            }
            if (shards > 0 && shards != named) {
                throw new DatasetException(path + ": the name says " + named + " shards but " + shards + " were asked for");
            }
            Path base = abs.resolveSibling(m.group(1));
            return new Output(shardNames(base, named), base, true);
        }
        if (shards > 0) {
            return new Output(shardNames(abs, shards), abs, true);
        }
        return new Output(List.of(abs), abs, false);
    }

    /**
     * What a read takes: the files in order, problems about missing shards, the folder they are in, and the base
     * name they share (null when they do not share one).
     */
    record Input(List<Path> files, List<Problem> problems, Path folder, String base) {
    }

    /** The files a read of {@code path} takes (see the class comment). */
    static Input inputs(Path path) throws DatasetException {
        String given = path.toString();
        if (Files.isDirectory(path)) {
            List<Path> files;
            try (Stream<Path> s = Files.list(path)) {
                files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                        .filter(p -> looksLikeRecordName(p.getFileName().toString())).sorted().toList();
            } catch (IOException e) {
                throw new DatasetException(given + ": cannot list the folder: " + e.getMessage());
            }
            if (files.isEmpty()) {
                throw new DatasetException(given + ": no TFRecord files in this folder (.record, .tfrecord or "
                        + "NAME-00000-of-0000N)");
            }
            return new Input(files, List.of(), path, commonBase(files));
        }
        if (Files.isRegularFile(path)) {
            Path parent = path.toAbsolutePath().normalize().getParent();
            return new Input(List.of(path), List.of(), parent, baseName(path.getFileName().toString()));
        }
        Path name = path.getFileName();
        if (name == null || !isGlob(name.toString())) {
            throw new DatasetException(given + ": no such file or folder");
        }
        Path dir = path.getParent() == null ? Path.of(".") : path.getParent();
        if (!Files.isDirectory(dir)) {
            throw new DatasetException(given + ": no such folder: " + dir);
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + name);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).filter(p -> matcher.matches(p.getFileName())).sorted().toList();
        } catch (IOException e) {
            throw new DatasetException(given + ": cannot list " + dir + ": " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new DatasetException(given + ": no file matches");
        }
        List<Problem> problems = new ArrayList<>();
        Matcher m = SHARD.matcher(name.toString());
        String base;
        if (m.matches() && m.group(2).chars().allMatch(c -> c == '?') && !isGlob(m.group(1))) {
            base = m.group(1);
            int count = Integer.parseInt(m.group(3));
            Set<Path> present = new TreeSet<>();
            files.forEach(f -> present.add(f.getFileName()));
            for (Path shard : shardNames(dir.resolve(base), count)) {
                if (!present.contains(shard.getFileName())) {
                    problems.add(new Problem(given, "", "shard " + shard.getFileName() + " is missing"));
                }
            }
        } else {
            base = commonBase(files);
        }
        return new Input(files, problems, dir.toAbsolutePath().normalize(), base);
    }

    /** The base name all files share, or null when they do not share one. */
    private static String commonBase(List<Path> files) {
        Set<String> bases = new TreeSet<>();
        for (Path f : files) {
            bases.add(baseName(f.getFileName().toString()));
        }
        return bases.size() == 1 ? bases.iterator().next() : null;
    }

    static boolean isGlob(String s) {
        return s.chars().anyMatch(c -> c == '?' || c == '*' || c == '[' || c == '{');
    }
}
