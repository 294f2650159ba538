package io.outcry.official;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * RSS 2.0 ({@code rss/channel/item}: title, link, description, pubDate, guid) and Atom (RFC 4287 {@code feed/entry}:
 * id, title, published, updated, link, summary or content) status feeds. A feed says neither impact nor status: each
 * item is one incident of unknown impact, resolved when its words say so ("resolved", "operating normally"); an item
 * that never says so counts as current for {@link #OPEN_FOR} after it was published.
 */
final class FeedFormat {
    static final Duration OPEN_FOR = Duration.ofHours(6);
    private static final Pattern RESOLVED = Pattern.compile(
            "\\b(resolved|operating normally|been mitigated|fully recovered)\\b", Pattern.CASE_INSENSITIVE);
    /** RFC 822 dates with zone names (PST, PDT …), which RFC_1123_DATE_TIME refuses. */
    private static final DateTimeFormatter RFC_822_NAMED = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss zzz",
            Locale.ENGLISH);

    private FeedFormat() {}

    static Snapshot read(byte[] body, Instant now) throws Unreadable {
        Element root = document(body).getDocumentElement();
        List<OfficialIncident> incidents = new ArrayList<>();
        if (root.getLocalName() != null && root.getLocalName().equals("rss")) {
            for (Element item : children(first(root, "channel"), "item")) {
                String title = text(item, "title");
                String description = text(item, "description");
                Instant at = rfc822(text(item, "pubDate"));
                String guid = text(item, "guid");
                String link = text(item, "link");
                String id = !guid.isEmpty() ? guid : !link.isEmpty() ? link : title + "@" + at;
                incidents.add(incident(id, title, description, at, at, link));
            }
        } else if (root.getLocalName() != null && root.getLocalName().equals("feed")) {
            for (Element entry : children(root, "entry")) {
                String updatedText = text(entry, "updated");
                String publishedText = text(entry, "published");
                Instant updated = rfc3339(updatedText.isEmpty() ? publishedText : updatedText);
                Instant published = publishedText.isEmpty() ? updated : rfc3339(publishedText);
                String content = text(entry, "content");
                incidents.add(incident(text(entry, "id"), text(entry, "title"),
                        content.isEmpty() ? text(entry, "summary") : content, published, updated, atomLink(entry)));
            }
        } else {
            throw new Unreadable("neither an RSS nor an Atom feed: <" + root.getNodeName() + ">");
        }
        return new Snapshot(null, null, incidents, false);
    }

    private static OfficialIncident incident(String id, String title, String text, Instant published,
            Instant updated, String link) throws Unreadable {
        if (id.isEmpty() || published == null) {
            throw new Unreadable("a feed item without an id or a date");
        }
        boolean resolved = RESOLVED.matcher(title).find() || RESOLVED.matcher(text).find();
        String body = text.length() > 4000 ? text.substring(0, 4000) : text;
        return new OfficialIncident(id, title.isEmpty() ? "(untitled)" : title, "unknown",
                resolved ? "resolved" : "reported", published, published, updated, resolved ? updated : null,
                link.isEmpty() ? null : link, List.of(), Regions.named(List.of(title, text, id)),
                List.of(new OfficialIncident.Update(updated, resolved ? "resolved" : "reported", body)));
    }

    private static Document document(byte[] body) throws Unreadable {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            // No DTDs, no external entities: a feed must not make the poller read files or other URLs.
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new ByteArrayInputStream(body));
        } catch (SAXException e) {
            throw new Unreadable("invalid XML: " + e.getMessage(), e);
        } catch (ParserConfigurationException | IOException e) {
            throw new Unreadable("unreadable XML", e);
        }
    }

    private static Element first(Element parent, String name) throws Unreadable {
        List<Element> found = children(parent, name);
        if (found.isEmpty()) {
            throw new Unreadable("no <" + name + "> in <" + parent.getNodeName() + ">");
        }
        return found.getFirst();
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? "" : found.getFirst().getTextContent().trim();
    }

    private static String atomLink(Element entry) {
        for (Element link : children(entry, "link")) {
            String rel = link.getAttribute("rel");
            if (rel.isEmpty() || rel.equals("alternate")) {
                return link.getAttribute("href");
            }
        }
        return "";
    }

    static Instant rfc822(String text) throws Unreadable {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return ZonedDateTime.parse(text, RFC_822_NAMED).toInstant();
            } catch (DateTimeParseException again) {
                throw new Unreadable("not an RFC 822 date: '" + text + "'");
            }
        }
    }

    private static Instant rfc3339(String text) throws Unreadable {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new Unreadable("not an RFC 3339 date: '" + text + "'");
        }
    }
}
