package io.detectionstudio.data.formats.voc;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.detectionstudio.data.Problem;
import io.detectionstudio.data.formats.DatasetFormat.ReadResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * XML external entities and friends: every way an annotation file could make the parser open another file or a
 * URL is refused, and we <em>watch</em> the targets: a local HTTP server records every request, a named pipe
 * records whether anyone opened it, and a secret file's content must appear nowhere in what the read returns.
 */
class VocSecurityTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private String secret;
    private Path secretFile;
    private String http;

    @BeforeEach
    void watch() throws IOException {
        secret = "TOP-SECRET-" + UUID.randomUUID();
        secretFile = dir.resolve("secret.txt");
        Files.writeString(secretFile, secret);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().toString());
            byte[] body = ("<!ENTITY leak \"" + secret + "\">").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        http = "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static final String BODY = "<annotation><filename>%s</filename><size><width>10</width><height>10</height></size>"
            + "<object><name>%s</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>5</xmax><ymax>5</ymax></bndbox></object>"
            + "</annotation>\n";

    /** Reads one file; returns everything the read produced as text, for the secret check. */
    private ReadResult read(String name, String xml) throws Exception {
        Path f = dir.resolve(name + ".xml");
        Files.writeString(f, xml);
        ReadResult r = new VocFormat().read(f);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        io.detectionstudio.data.CocoJson.write(r.dataset(), out);
        String everything = out.toString(StandardCharsets.UTF_8) + r.problems();
        assertThat(everything).doesNotContain(secret).doesNotContain("leak");
        return r;
    }

    private void assertRefusedAsDoctype(ReadResult r, String name) {
        assertThat(r.problems()).hasSize(1);
        Problem p = r.problems().get(0);
        assertThat(p.file()).isEqualTo(dir.resolve(name + ".xml").toString());
        assertThat(p.location()).matches("line \\d+, column \\d+");
        assertThat(p.message()).isEqualTo("a DOCTYPE is not allowed (Pascal VOC files have none); the file was not read,"
                + " and no entity or DTD it names was opened");
        assertThat(r.dataset().images()).isEmpty();
    }

    @Test
    void anExternalFileEntityIsRefusedAndNeverRead() throws Exception {
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE annotation [\n  <!ENTITY xxe SYSTEM \"" + secretFile.toUri() + "\">\n]>\n"
                + BODY.formatted("&xxe;", "&xxe;");
        assertRefusedAsDoctype(read("file-entity", xml), "file-entity");
    }

    @Test
    void anExternalHttpEntityIsRefusedAndNeverFetched() throws Exception {
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE annotation [<!ENTITY xxe SYSTEM \"" + http + "/general\">]>\n"
                + BODY.formatted("a.jpg", "&xxe;");
        assertRefusedAsDoctype(read("http-entity", xml), "http-entity");
        assertThat(requests).isEmpty();
    }

    @Test
    void anExternalDtdAndParameterEntitiesAreNeverFetched() throws Exception {
        assertRefusedAsDoctype(read("external-dtd", "<!DOCTYPE annotation SYSTEM \"" + http + "/dtd\">\n"
                + BODY.formatted("a.jpg", "&leak;")), "external-dtd");
        assertRefusedAsDoctype(read("parameter-entity", "<!DOCTYPE annotation [<!ENTITY % p SYSTEM \"" + http + "/param\"> %p;]>\n"
                + BODY.formatted("a.jpg", "&leak;")), "parameter-entity");
        assertRefusedAsDoctype(read("public-dtd", "<!DOCTYPE annotation PUBLIC \"-//X//Y//EN\" \"" + http + "/public\">\n"
                + BODY.formatted("a.jpg", "duck")), "public-dtd");
        assertThat(requests).isEmpty();
    }

    @Test
    void internalEntitiesAreRefusedTooSoNoEntityBombCanGrow() throws Exception {
        String bomb = "<!DOCTYPE annotation [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>\n";
        assertRefusedAsDoctype(read("bomb", bomb + BODY.formatted("a.jpg", "&c;")), "bomb");
    }

    @Test
    void anUndeclaredEntityIsOneLineOfBadXml() throws Exception {
        ReadResult r = read("undeclared", BODY.formatted("a.jpg", "&xxe;"));
        assertThat(r.problems()).extracting(Object::toString).containsExactly(dir.resolve("undeclared.xml")
                + ": line 1, column 107: not well-formed XML: The entity \"xxe\" was referenced, but not declared.");
    }

    @Test
    void xIncludeIsNotProcessed() throws Exception {
        String xml = "<annotation xmlns:xi=\"http://www.w3.org/2001/XInclude\"><filename><xi:include href=\"" + secretFile.toUri()
                + "\" parse=\"text\"/></filename><size><width>10</width><height>10</height></size>"
                + "<object><name><xi:include href=\"" + http + "/xinclude\" parse=\"text\"/>duck</name>"
                + "<bndbox><xmin>1</xmin><ymin>1</ymin><xmax>5</xmax><ymax>5</ymax></bndbox></object></annotation>\n";
        ReadResult r = read("xinclude", xml);
        assertThat(r.problems()).extracting(Object::toString).containsExactly(dir.resolve("xinclude.xml") + ": annotation: no <filename>");
        assertThat(requests).isEmpty();
    }

    /**
     * A named pipe as the entity's target: opening it for reading would let the writer thread below through (and
     * record it); nobody may open it. (Where {@code mkfifo} is missing, the HTTP tests above cover the same ground.)
     */
    @Test
    void aFileTargetIsNeverOpened() throws Exception {
        Path fifo = dir.resolve("pipe");
        boolean made;
        try {
            made = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
        } catch (IOException e) {
            made = false;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(made, "no mkfifo here");
        AtomicBoolean opened = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                opened.set(true);
                out.write(secret.getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the test's own release below opens and closes the pipe
            }
        });
        writer.setDaemon(true);
        writer.start();

        String xml = "<!DOCTYPE annotation [<!ENTITY xxe SYSTEM \"" + fifo.toUri() + "\">]>\n" + BODY.formatted("&xxe;", "duck");
        assertRefusedAsDoctype(read("fifo", xml), "fifo");
        assertThat(opened).as("the parser opened the entity's file").isFalse();

        // release the writer thread
        try (var in = Files.newInputStream(fifo)) {
            in.readAllBytes();
        }
        writer.join(TimeUnit.SECONDS.toMillis(5));
    }
}
