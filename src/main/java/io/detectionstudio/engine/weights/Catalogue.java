package io.detectionstudio.engine.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The known starts, in order of preference, and where they are downloaded from. The product's catalogue is the
 * resource {@code catalogue.json} beside this class ({@link #builtIn()}); tests make their own.
 */
public final class Catalogue {

    static final String RESOURCE = "catalogue.json";

    private final URI baseUrl;
    private final List<KnownStart> starts;

    /**
     * @param baseUrl where the files are: a start's URL is this + its {@link KnownStart#file()}; ends with '/'
     * @param starts  the starts, most preferred first; names and checksums unique
     */
    public Catalogue(URI baseUrl, List<KnownStart> starts) {
        if (!baseUrl.toString().endsWith("/")) {
            throw new IllegalArgumentException("catalogue base URL must end with '/': " + baseUrl);
        }
        Set<String> names = new HashSet<>();
        Set<String> sums = new HashSet<>();
        for (KnownStart s : starts) {
            if (!names.add(s.name()) || !sums.add(s.sha256())) {
                throw new IllegalArgumentException("catalogue lists " + s.name() + " (or its checksum) twice");
            }
        }
        this.baseUrl = baseUrl;
        this.starts = List.copyOf(starts);
    }

    /** The product's catalogue, read from {@code catalogue.json}. */
    public static Catalogue builtIn() {
        try (InputStream in = Catalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource missing: " + RESOURCE);
            }
            JsonNode root = new ObjectMapper().readTree(in);
            List<KnownStart> starts = new ArrayList<>();
            for (JsonNode s : root.path("starts")) {
                starts.add(new KnownStart(text(s, "name"), text(s, "description"), text(s, "architecture"),
                        (float) s.path("depthMultiplier").asDouble(), text(s, "file"), text(s, "sha256"),
                        s.path("size").asLong(), text(s, "licence"), text(s, "source")));
            }
            return new Catalogue(URI.create(text(root, "baseUrl")), starts);
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalStateException(RESOURCE + ": missing text field '" + field + "' in " + node);
        }
        return v.asText();
    }

    /** The default download location: files are at this + their file name. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** Every known start, most preferred first. */
    public List<KnownStart> starts() {
        return starts;
    }

    public Optional<KnownStart> byName(String name) {
        return starts.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public Optional<KnownStart> bySha256(String sha256) {
        return starts.stream().filter(s -> s.sha256().equalsIgnoreCase(sha256)).findFirst();
    }

    /** The names, comma-separated, for messages. */
    public String names() {
        return String.join(", ", starts.stream().map(KnownStart::name).toList());
    }
}
