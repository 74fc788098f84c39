package io.detectionstudio.engine.weights;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP server on 127.0.0.1 for download tests: serves byte arrays at {@code /files/NAME}, answers
 * {@code Range: bytes=N-} with 206 (unless told to ignore it), redirects {@code /moved/NAME} there (as GitHub's raw
 * URLs redirect), can break off its next answer half-way, and logs every request with its Range header.
 */
public final class LoopbackServer implements AutoCloseable {

    /** One request: the path, its Range header ("" when none), the status answered and the body bytes sent. */
    public record Request(String path, String range, int status, long bytesSent) {
    }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final List<Request> log = new ArrayList<>();
    private volatile long breakOffAfter = -1;
    private volatile boolean ignoreRange;

    public LoopbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves {@code bytes} at {@code /files/name}. */
    public LoopbackServer serve(String name, byte[] bytes) {
        files.put(name, bytes);
        return this;
    }

    /** The next answer sends this many body bytes, then drops the connection. */
    public void breakOffNextAfter(long bytes) {
        breakOffAfter = bytes;
    }

    /** Answer every request with the whole file (200), as servers without Range support do. */
    public void ignoreRange(boolean ignore) {
        ignoreRange = ignore;
    }

    /** The base URL of the files; {@code moved} gives one whose requests are redirected to them first. */
    public URI baseUrl(boolean moved) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + (moved ? "/moved/" : "/files/"));
    }

    public synchronized List<Request> log() {
        return List.copyOf(log);
    }

    private synchronized void record(Request r) {
        log.add(r);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String range = ex.getRequestHeaders().getFirst("Range");
        try (ex) {
            if (path.startsWith("/moved/")) {
                ex.getResponseHeaders().add("Location", "/files/" + path.substring("/moved/".length()));
                ex.sendResponseHeaders(302, -1);
                record(new Request(path, range == null ? "" : range, 302, 0));
                return;
            }
            byte[] bytes = path.startsWith("/files/") ? files.get(path.substring("/files/".length())) : null;
            if (bytes == null) {
                ex.sendResponseHeaders(404, -1);
                record(new Request(path, range == null ? "" : range, 404, 0));
                return;
            }
            long from = 0;
            int status = 200;
            Matcher m = range == null ? null : RANGE.matcher(range);
            if (m != null && m.matches() && !ignoreRange) {
                from = Long.parseLong(m.group(1));
                if (from >= bytes.length) {
                    ex.getResponseHeaders().add("Content-Range", "bytes */" + bytes.length);
                    ex.sendResponseHeaders(416, -1);
                    record(new Request(path, range, 416, 0));
                    return;
                }
                status = 206;
                ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (bytes.length - 1) + "/" + bytes.length);
            }
            int length = bytes.length - (int) from;
            ex.sendResponseHeaders(status, length);
            long limit = breakOffAfter;
            breakOffAfter = -1;
            int send = limit >= 0 ? (int) Math.min(limit, length) : length;
            OutputStream body = ex.getResponseBody();
            body.write(bytes, (int) from, send);
            body.flush();
            record(new Request(path, range == null ? "" : range, status, send));
            // Closing a fixed-length body before its end makes the server drop the connection: a transfer broken off.
        } catch (IOException e) {
            // "insufficient bytes written": the break-off asked for
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
