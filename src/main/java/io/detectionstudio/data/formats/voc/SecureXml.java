package io.detectionstudio.data.formats.voc;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses annotation XML without ever reaching outside the file: a DOCTYPE is refused outright (so no entity,
 * internal or external, is ever declared or expanded, and no DTD is fetched), external entities and external
 * DTDs are switched off as well, XInclude is off, {@link XMLConstants#ACCESS_EXTERNAL_DTD} and
 * {@link XMLConstants#ACCESS_EXTERNAL_SCHEMA} allow no protocol, secure processing is on, and an entity
 * resolver that resolves everything to nothing backs all of that up. Parse errors never go to standard error.
 */
final class SecureXml {

    /** A file that is not well-formed XML, or that has a DOCTYPE; {@link #getMessage()} is one line. */
    static final class XmlError extends Exception {
        private final int line;
        private final int column;

        XmlError(int line, int column, String message) {
            super(message);
            this.line = line;
            this.column = column;
        }

        /** {@code "line L, column C"}, or empty when the parser gave no position. */
        String position() {
            return line > 0 ? "line " + line + (column > 0 ? ", column " + column : "") : "";
        }
    }

    static final String DOCTYPE_REFUSED = "a DOCTYPE is not allowed (Pascal VOC files have none);"
            + " the file was not read, and no entity or DTD it names was opened";

    private static final DocumentBuilderFactory FACTORY = factory();

    private SecureXml() {
    }

    private static DocumentBuilderFactory factory() {
        // the JDK's own parser, whatever else is on the class path
        DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
        try {
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the XML parser cannot be made safe: " + e.getMessage(), e);
        }
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(false);
        f.setValidating(false);
        return f;
    }

    /** Parses one file. */
    static Document parse(Path file) throws XmlError, IOException {
        DocumentBuilder b;
        synchronized (FACTORY) {
            try {
                b = FACTORY.newDocumentBuilder();
            } catch (ParserConfigurationException e) {
                throw new IllegalStateException(e);
            }
        }
        // Belt and braces: even if a DOCTYPE got through, every entity and DTD resolves to nothing.
        b.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
        b.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
                // warnings do not stop a read and are not problems
            }

            @Override
            public void error(SAXParseException e) throws SAXException {
                throw e;
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                throw e;
            }
        });
        try (InputStream in = Files.newInputStream(file)) {
            InputSource src = new InputSource(in);
            src.setSystemId(file.toUri().toString());
            return b.parse(src);
        } catch (SAXParseException e) {
            throw new XmlError(e.getLineNumber(), e.getColumnNumber(), describe(e));
        } catch (SAXException e) {
            throw new XmlError(-1, -1, describe(e));
        }
    }

    private static String describe(SAXException e) {
        String m = e.getMessage() == null ? "not well-formed XML" : e.getMessage();
        if (m.contains("DOCTYPE") || m.contains("disallow-doctype-decl")) {
            return DOCTYPE_REFUSED;
        }
        return "not well-formed XML: " + m.replaceAll("\\s+", " ").strip();
    }
}
