package io.detectionstudio.engine.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.detectionstudio.model.ModelException;
import io.detectionstudio.model.tflite.MobileNetV2Weights;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The installed starts: a folder ({@code ~/.detection-studio/weights/} by default) holding {@code NAME.tflite} for
 * each catalogue start installed, {@code NAME.tflite} + {@code NAME.json} (what it is) for each imported file, and
 * {@code NAME.tflite.part} for a download under way or interrupted. Every file is moved into place whole, after
 * its checksum is checked; see {@link io.detectionstudio.engine.weights} for the rules.
 */
public final class WeightsStore {

    /** System property naming the data folder (which then holds {@code weights/}); default {@code ~/.detection-studio}. */
    public static final String DATA_PROPERTY = "detectionstudio.data";
    static final String EXTENSION = ".tflite";
    static final String PART = ".part";
    private static final String SIDECAR = ".json";

    private final Path folder;
    private final Catalogue catalogue;

    /** A store in {@code folder} (created when something is first installed) for the starts of {@code catalogue}. */
    public WeightsStore(Path folder, Catalogue catalogue) {
        this.folder = folder.toAbsolutePath().normalize();
        this.catalogue = catalogue;
    }

    /** The store the product uses: {@code weights/} in {@link #dataFolder()}, with the built-in catalogue. */
    public static WeightsStore atDefaultLocation() {
        return new WeightsStore(dataFolder().resolve("weights"), Catalogue.builtIn());
    }

    /** The user's data folder: {@code -Ddetectionstudio.data}, else {@code ~/.detection-studio}. */
    public static Path dataFolder() {
        String data = System.getProperty(DATA_PROPERTY);
        return data != null && !data.isBlank() ? Path.of(data) : Path.of(System.getProperty("user.home"), ".detection-studio");
    }

    public Path folder() {
        return folder;
    }

    public Catalogue catalogue() {
        return catalogue;
    }

    /** Where {@code start} is (or would be) installed. */
    public Path fileOf(KnownStart start) {
        return folder.resolve(start.installedFileName());
    }

    /** Where a download of {@code start} is kept until it is complete and checked. */
    public Path partFileOf(KnownStart start) {
        return folder.resolve(start.installedFileName() + PART);
    }

    /** The bytes of {@code start} downloaded so far (0 when no download was begun). */
    public long partBytes(KnownStart start) {
        try {
            return Files.isRegularFile(partFileOf(start)) ? Files.size(partFileOf(start)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** True when {@code start} is installed (its file is there, of the catalogue's size; its checksum was checked on install). */
    public boolean isInstalled(KnownStart start) {
        Path f = fileOf(start);
        try {
            return Files.isRegularFile(f) && Files.size(f) == start.size();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The installed starts, best first: the catalogue's in its order of preference, then the imported files by name.
     */
    public List<InstalledStart> installed() {
        List<InstalledStart> result = new ArrayList<>();
        for (KnownStart s : catalogue.starts()) {
            if (isInstalled(s)) {
                result.add(known(s, fileOf(s)));
            }
        }
        if (!Files.isDirectory(folder)) {
            return result;
        }
        List<Path> imported = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + EXTENSION)) {
            for (Path f : files) {
                String name = nameOf(f);
                if (Files.isRegularFile(f) && !f.getFileName().toString().startsWith(".") && catalogue.byName(name).isEmpty()) {
                    imported.add(f);
                }
            }
        } catch (IOException e) {
            return result;
        }
        imported.sort(null);
        for (Path f : imported) {
            result.add(importedEntry(f));
        }
        return result;
    }

    /** The start training uses when none is named: the first of {@link #installed()}, if any. */
    public Optional<InstalledStart> best() {
        return installed().stream().findFirst();
    }

    /**
     * A start by catalogue name, by the name of an imported file, or by the path of a {@code .tflite} file (used
     * where it is, not copied: known by its checksum, or parsed as a supported MobileNetV2).
     *
     * @throws WeightsException one line: a known start not installed (with the command that installs it), a file
     *                          that is not a supported network, or neither a name nor a file
     */
    public InstalledStart find(String nameOrPath) throws WeightsException {
        Optional<KnownStart> known = catalogue.byName(nameOrPath);
        if (known.isPresent()) {
            if (!isInstalled(known.get())) {
                throw new WeightsException("start " + nameOrPath + " is not installed: run 'detection-studio weights download "
                        + nameOrPath + "', or 'detection-studio weights import " + known.get().file() + "' with a copy from "
                        + catalogue.baseUrl().resolve(known.get().file()));
            }
            return known(known.get(), fileOf(known.get()));
        }
        for (InstalledStart s : installed()) {
            if (s.name().equals(nameOrPath)) {
                return s;
            }
        }
        Path file = Path.of(nameOrPath);
        if (Files.isRegularFile(file)) {
            String sha = checksum(file);
            Optional<KnownStart> bySum = catalogue.bySha256(sha);
            if (bySum.isPresent()) {
                return known(bySum.get(), file.toAbsolutePath());
            }
            Parsed parsed = parse(file);
            return new InstalledStart(importedName(file), file.toAbsolutePath(), Optional.empty(), parsed.description(),
                    parsed.depthMultiplier(), size(file));
        }
        throw new WeightsException("no start named " + nameOrPath + " and no such file: " + nameOrPath
                + " (known starts: " + catalogue.names() + ")");
    }

    /**
     * Installs a file the user has: under its catalogue name when its checksum is a known one, else under a name
     * made from its file name when it parses as a supported MobileNetV2 TFLite file (listed as imported). The copy
     * is forced to disk, checked against the original's checksum and moved into place atomically.
     *
     * @throws WeightsException one line naming the file: missing, unreadable, or not a supported network
     */
    public InstalledStart importFile(Path source) throws WeightsException {
        if (!Files.isRegularFile(source)) {
            throw new WeightsException(source + ": no such file");
        }
        String sha = checksum(source);
        Optional<KnownStart> known = catalogue.bySha256(sha);
        Parsed parsed = known.isPresent() ? null : parse(source);
        String name = known.map(KnownStart::name).orElseGet(() -> importedName(source));
        Path target = folder.resolve(name + EXTENSION);
        Path tmp = null;
        try {
            Files.createDirectories(folder);
            tmp = StoreFiles.tempBeside(target);
            String copied = StoreFiles.copyForced(source, tmp);
            if (!copied.equals(sha)) {
                throw new WeightsException(source + ": changed while it was being imported (SHA-256 " + sha + ", then " + copied + ")");
            }
            if (parsed != null) {
                writeSidecar(name, source, sha, parsed);
            }
            StoreFiles.moveInto(tmp, target);
            tmp = null;
            if (known.isPresent()) {
                Files.deleteIfExists(partFileOf(known.get()));
            }
        } catch (IOException e) {
            throw new WeightsException(source + ": cannot import into " + folder + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                StoreFiles.deleteQuietly(tmp);
            }
        }
        return known.isPresent() ? known(known.get(), target)
                : new InstalledStart(name, target, Optional.empty(), parsed.description(), parsed.depthMultiplier(), size(target));
    }

    /** The name an imported file gets: its file name without {@code .tflite}, in lower case, other characters as '_'. */
    String importedName(Path file) {
        String base = file.getFileName().toString();
        if (base.toLowerCase(Locale.ROOT).endsWith(EXTENSION)) {
            base = base.substring(0, base.length() - EXTENSION.length());
        }
        String name = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "_").replaceAll("^[._-]+", "");
        if (name.isEmpty()) {
            name = "imported";
        }
        // An unknown file never takes a catalogue start's name.
        return catalogue.byName(name).isPresent() ? name + "_imported" : name;
    }

    private static InstalledStart known(KnownStart s, Path file) {
        return new InstalledStart(s.name(), file, Optional.of(s), s.description(), s.depthMultiplier(), s.size());
    }

    private InstalledStart importedEntry(Path file) {
        String name = nameOf(file);
        String description = "imported file (what it is was not recorded)";
        float depth = Float.NaN;
        Path sidecar = folder.resolve(name + SIDECAR);
        if (Files.isRegularFile(sidecar)) {
            try {
                JsonNode n = new ObjectMapper().readTree(sidecar.toFile());
                description = n.path("description").asText(description);
                depth = (float) n.path("depthMultiplier").asDouble(Double.NaN);
            } catch (IOException e) {
                description = "imported file (" + sidecar.getFileName() + " does not parse)";
            }
        }
        return new InstalledStart(name, file, Optional.empty(), description, depth, size(file));
    }

    private void writeSidecar(String name, Path source, String sha, Parsed parsed) throws IOException {
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.put("description", parsed.description());
        n.put("depthMultiplier", parsed.depthMultiplier());
        n.put("sha256", sha);
        n.put("importedFrom", source.toAbsolutePath().toString());
        Path sidecar = folder.resolve(name + SIDECAR);
        Path tmp = StoreFiles.tempBeside(sidecar);
        try {
            StoreFiles.writeForced(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(n), tmp);
            StoreFiles.moveInto(tmp, sidecar);
        } finally {
            StoreFiles.deleteQuietly(tmp);
        }
    }

    private static String nameOf(Path file) {
        String f = file.getFileName().toString();
        return f.substring(0, f.length() - EXTENSION.length());
    }

    private static String checksum(Path file) throws WeightsException {
        try {
            return StoreFiles.sha256(file);
        } catch (IOException e) {
            throw new WeightsException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /** What an unknown file is, from the TFLite reader. */
    private record Parsed(String description, float depthMultiplier) {
    }

    private static Parsed parse(Path file) throws WeightsException {
        try {
            MobileNetV2Weights w = MobileNetV2Weights.read(file);
            return new Parsed(w.describe(), w.depthMultiplier());
        } catch (ModelException e) {
            throw new WeightsException(e.getMessage(), e);
        } catch (RuntimeException e) {
            // The reader's contract is a one-line ModelException; a damaged file must still not escape as a stack trace.
            throw new WeightsException(file + ": not a supported MobileNetV2 TensorFlow Lite file (" + e + ")", e);
        }
    }
}
