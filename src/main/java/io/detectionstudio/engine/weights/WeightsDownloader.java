package io.detectionstudio.engine.weights;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads catalogue starts into a {@link WeightsStore}: over HTTPS (plain HTTP only to this machine, for tests),
 * following redirects, into {@code NAME.tflite.part}, resumed with an HTTP {@code Range} request when that file is
 * there from an interrupted try; the file is forced to disk, its size and SHA-256 checked, and only then moved to
 * {@code NAME.tflite}. Two downloads of one start at once are refused (the part file is locked).
 */
public final class WeightsDownloader {

    /** System property that replaces the catalogue's base URL (for trying a mirror or a local server by hand). */
    public static final String BASE_URL_PROPERTY = "detectionstudio.weights.baseUrl";

    /** Told about the bytes written so far (resumed bytes included) and the total (-1 when unknown). */
    @FunctionalInterface
    public interface Progress {
        void update(long bytes, long total);

        Progress NONE = (bytes, total) -> { };
    }

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final WeightsStore store;
    private final URI baseUrl;
    private final HttpClient client;

    /** Downloads from {@code -Ddetectionstudio.weights.baseUrl} when it is set, else from the catalogue's base URL. */
    public WeightsDownloader(WeightsStore store) {
        this(store, Optional.ofNullable(System.getProperty(BASE_URL_PROPERTY)).filter(s -> !s.isBlank()).map(URI::create)
                .orElse(store.catalogue().baseUrl()));
    }

    /**
     * @param baseUrl where the files are: a start's URL is this + its file name. HTTPS, or HTTP to this machine only
     *                (a loopback test server)
     */
    public WeightsDownloader(WeightsStore store, URI baseUrl) {
        String base = baseUrl.toString().endsWith("/") ? baseUrl.toString() : baseUrl + "/";
        this.baseUrl = URI.create(base);
        boolean https = "https".equalsIgnoreCase(this.baseUrl.getScheme());
        boolean loopbackHttp = "http".equalsIgnoreCase(this.baseUrl.getScheme()) && isLoopback(this.baseUrl.getHost());
        if (!https && !loopbackHttp) {
            throw new IllegalArgumentException("weights are downloaded over HTTPS (plain HTTP only from this machine): " + baseUrl);
        }
        this.store = store;
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(20))
                .build();
    }

    private static boolean isLoopback(String host) {
        return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1"));
    }

    /** The address {@code start} is downloaded from. */
    public URI urlOf(KnownStart start) {
        return baseUrl.resolve(start.file());
    }

    /**
     * Installs {@code start}, downloading what is missing (nothing when it is already installed).
     *
     * @param progress  told after every chunk written
     * @param cancelled polled between chunks; when it turns true (or the thread is interrupted) the download stops,
     *                  keeps its part file for a later resume, and throws {@link CancellationException}
     * @throws WeightsException one line: could not connect (with the URL and the {@code weights import} command to use
     *                          instead), an HTTP error, an interrupted transfer (the part is kept), a checksum mismatch
     *                          (the part is deleted), a disk error
     */
    public InstalledStart download(KnownStart start, Progress progress, BooleanSupplier cancelled) throws WeightsException {
        if (store.isInstalled(start)) {
            return store.find(start.name());
        }
        Path part = store.partFileOf(start);
        try {
            Files.createDirectories(store.folder());
        } catch (IOException e) {
            throw new WeightsException(store.folder() + ": cannot create the weights folder: " + e.getMessage(), e);
        }
        try {
            fetch(start, part, progress, cancelled);
        } catch (WeightsException | RuntimeException e) {
            deleteIfEmpty(part); // nothing came: leave no empty part file behind
            throw e;
        }
        return verifyAndInstall(start, part);
    }

    private void fetch(KnownStart start, Path part, Progress progress, BooleanSupplier cancelled) throws WeightsException {
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            try (FileLock lock = out.tryLock()) {
                if (lock == null) {
                    throw new WeightsException(part + ": " + start.name() + " is being downloaded by another program");
                }
                transfer(start, out, progress, cancelled);
                out.force(true);
            } catch (OverlappingFileLockException e) {
                throw new WeightsException(part + ": " + start.name() + " is already being downloaded", e);
            }
        } catch (IOException e) {
            throw new WeightsException(part + ": cannot write: " + e.getMessage(), e);
        }
    }

    private static void deleteIfEmpty(Path part) {
        try {
            if (Files.isRegularFile(part) && Files.size(part) == 0) {
                Files.delete(part);
            }
        } catch (IOException ignored) {
            // an empty part file is harmless: the next try starts from nothing anyway
        }
    }

    /**
     * Fills {@code out} (the part file) with the server's file, resuming from the part's length when the server
     * allows. Stops at the end of the server's answer; the caller checks size and checksum.
     */
    private void transfer(KnownStart start, FileChannel out, Progress progress, BooleanSupplier cancelled)
            throws WeightsException, IOException {
        URI url = urlOf(start);
        if (out.size() > start.size()) {
            out.truncate(0);
        }
        long have = out.size();
        if (have == start.size()) {
            return; // complete from an earlier try; checked next
        }
        HttpResponse<InputStream> response = request(start, have);
        if (have > 0 && (response.statusCode() == 416 || response.statusCode() == 206 && !resumesAt(response, have))) {
            // The server's file no longer matches the part (or it answered another range): start over.
            response.body().close();
            out.truncate(0);
            have = 0;
            response = request(start, 0);
        }
        try (InputStream in = response.body()) {
            int status = response.statusCode();
            if (status == 200) {
                out.truncate(0); // the whole file (again, from a server that ignores Range)
                have = 0;
            } else if (status != 206 || !resumesAt(response, have)) {
                throw new WeightsException(url + ": the server answered HTTP " + status + (status == 404 ? " (not found)" : "")
                        + response.headers().firstValue("Content-Range").map(r -> " with Content-Range " + r).orElse(""));
            }
            out.position(have);
            byte[] buf = new byte[1 << 16];
            progress.update(have, start.size());
            while (true) {
                if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                    out.force(true);
                    throw new CancellationException("download of " + start.name() + " cancelled after "
                            + StoreFiles.megabytes(have) + "; run it again to resume");
                }
                int n;
                try {
                    n = in.read(buf);
                } catch (IOException e) {
                    out.force(true);
                    throw new WeightsException("download of " + start.name() + " from " + url + " broke off after "
                            + describeProgress(have, start.size()) + " (" + reason(e) + "); run the download again to resume it", e);
                }
                if (n < 0) {
                    return;
                }
                if (have + n > start.size()) {
                    out.truncate(0);
                    throw new WeightsException(url + ": the server sent more than the " + start.size() + " bytes of "
                            + start.file() + "; the partial download was discarded");
                }
                StoreFiles.writeFully(out, buf, n);
                have += n;
                progress.update(have, start.size());
            }
        }
    }

    /** Sends the GET (with a Range from {@code from} when it is not 0); a failure to connect is one line with the way out. */
    private HttpResponse<InputStream> request(KnownStart start, long from) throws WeightsException {
        URI url = urlOf(start);
        HttpRequest.Builder request = HttpRequest.newBuilder(url).GET().timeout(Duration.ofSeconds(60));
        if (from > 0) {
            request.header("Range", "bytes=" + from + "-");
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("download of " + start.name() + " cancelled");
        } catch (IOException e) {
            throw new WeightsException("could not connect to " + url + " (" + reason(e) + "); download that file another way, then run: "
                    + "detection-studio weights import " + start.file(), e);
        }
    }

    /** True when a 206 answer's Content-Range begins where the part file ends. */
    private static boolean resumesAt(HttpResponse<?> response, long have) {
        Optional<String> range = response.headers().firstValue("Content-Range");
        if (range.isEmpty()) {
            return false;
        }
        Matcher m = CONTENT_RANGE.matcher(range.get().trim());
        return m.matches() && Long.parseLong(m.group(1)) == have;
    }

    private InstalledStart verifyAndInstall(KnownStart start, Path part) throws WeightsException {
        try {
            String sha = StoreFiles.sha256(part);
            long size = Files.size(part);
            if (!sha.equals(start.sha256())) {
                Files.deleteIfExists(part);
                throw new WeightsException(start.file() + " from " + urlOf(start) + ": checksum mismatch: expected SHA-256 "
                        + start.sha256() + ", got " + sha + (size == start.size() ? "" : " (" + size + " bytes, expected "
                        + start.size() + ")") + "; the download was deleted");
            }
            StoreFiles.moveInto(part, store.fileOf(start));
        } catch (IOException e) {
            throw new WeightsException(part + ": cannot install: " + e.getMessage(), e);
        }
        return store.find(start.name());
    }

    /** Why a request failed, in a few words: "unknown host", "connection refused", or the exception and its first message. */
    private static String reason(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.nio.channels.UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
                return "unknown host";
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return e.getClass().getSimpleName() + ": " + t.getMessage().lines().findFirst().orElse("").trim();
            }
        }
        // The JDK's client reports a refused connection as a ConnectException without a message.
        return e instanceof java.net.ConnectException ? "connection refused" : e.getClass().getSimpleName();
    }

    /** For messages: e.g. "1.2 of 4.1 MB (30%)". */
    public static String describeProgress(long bytes, long total) {
        if (total <= 0) {
            return StoreFiles.megabytes(bytes);
        }
        return String.format(Locale.ROOT, "%.1f of %s (%d%%)", bytes / 1e6, StoreFiles.megabytes(total), bytes * 100 / total);
    }
}
