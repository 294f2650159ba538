package io.outcry.feed;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.javalin.http.Context;
import io.outcry.catalog.CatalogController;
import io.outcry.catalog.French;
import io.outcry.catalog.Service;
import io.outcry.outage.Outage;
import io.outcry.counts.Anonymity;
import io.outcry.outage.OutageController;
import io.outcry.outage.OutageView;
import io.outcry.web.HttpCache;
import io.outcry.web.Lang;
import io.outcry.web.ResponseCache;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Confirmed outages as feeds for readers and programs: JSON Feed 1.1 ({@code /feed.json}) and Atom 1.0
 * ({@code /feed.atom}), for every service or one ({@code /s/{slug}/…}), in English or French ({@code ?lang=fr}).
 *
 * @param publicUrl the node's public address, the base of every link in a feed.
 * @param cache feeds are polled far more often than outages change: built at most every 2 s or after each tick.
 */
public record FeedController(FeedContent content, ObjectMapper json, Clock clock, LongSupplier version,
        Supplier<String> publicUrl, ResponseCache<String> cache) {
    static final String JSON_FEED = "application/feed+json";
    static final String ATOM = "application/atom+xml";
    private static final String ATOM_NS = "http://www.w3.org/2005/Atom";

    FeedController(FeedContent content, ObjectMapper json, Clock clock, LongSupplier version,
            Supplier<String> publicUrl) {
        this(content, json, clock, version, publicUrl, new ResponseCache<>(clock, Duration.ofSeconds(2), 16L << 20));
    }

    /** {@code GET /feed.json}. */
    public void jsonFeed(Context ctx) {
        jsonFeed(ctx, Optional.empty());
    }

    /** {@code GET /s/{slug}/feed.json}. */
    public void serviceJsonFeed(Context ctx) {
        jsonFeed(ctx, Optional.of(CatalogController.service(content.catalog(), ctx.pathParam("slug"))));
    }

    /** {@code GET /feed.atom}. */
    public void atom(Context ctx) {
        atom(ctx, Optional.empty());
    }

    /** {@code GET /s/{slug}/feed.atom}. */
    public void serviceAtom(Context ctx) {
        atom(ctx, Optional.of(CatalogController.service(content.catalog(), ctx.pathParam("slug"))));
    }

    private void jsonFeed(Context ctx, Optional<Service> service) {
        FeedRequest request = FeedRequest.of(ctx.queryParam("lang"), Lang.of(ctx), publicUrl.get());
        ZoneId zone = OutageController.zone(ctx);
        String key = "json|" + ctx.path() + "|" + request.base() + "|" + request.lang() + "|" + zone;
        HttpCache.send(ctx, JSON_FEED, cache.get(key, version.getAsLong(),
                () -> jsonFeed(ctx.path(), service, request, zone)));
    }

    private HttpCache.Body jsonFeed(String path, Optional<Service> service, FeedRequest request, ZoneId zone) {
        List<Outage> outages = content.outages(service);
        JsonFeed feed = new JsonFeed("https://jsonfeed.org/version/1.1", title(service, request),
                home(service, request), request.base() + path + request.langQuery(), description(service, request),
                request.lang(), List.of(new Author("Outcry", request.base() + "/")),
                content.entries(outages, request, zone).stream().map(FeedController::item).toList());
        try {
            return HttpCache.Body.of(json.writeValueAsBytes(feed), content.lastChange().orElse(null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JSON Feed 1.1 document (https://jsonfeed.org/version/1.1). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record JsonFeed(String version, String title, String homePageUrl, String feedUrl, String description,
            String language, List<Author> authors, List<Item> items) {}

    record Author(String name, String url) {}

    /** One JSON Feed item; {@code _outcry} is the feed extension that carries the outage for programs. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Item(String id, String url, String title, String contentText, Instant datePublished, Instant dateModified,
            List<String> tags, @JsonProperty("_outcry") Machine outcry) {}

    /**
     * The outage in the API's words: its peak has the API's shape and figures, so a feed never says other numbers;
     * its annotations (incident, official status, breakdown) come last, each as its own field.
     */
    record Machine(String service, String scope, List<String> regions, String state, Instant startedAt,
            Instant endedAt, OutageView.Peak peak, Integer reporters, @JsonAnyGetter Map<String, Object> annotations) {}

    private static Item item(Entry e) {
        Outage o = e.outage();
        return new Item(o.id().toString(), e.url(), e.title(), e.text(), e.published(), e.modified(), e.tags(),
                new Machine(o.service(), o.scope(), o.regions(), o.state().label(), o.startedAt(), o.endedAt(),
                        e.peak(), Anonymity.shown(o.reporters()), e.annotations()));
    }

    private void atom(Context ctx, Optional<Service> service) {
        FeedRequest request = FeedRequest.of(ctx.queryParam("lang"), Lang.of(ctx), publicUrl.get());
        ZoneId zone = OutageController.zone(ctx);
        String key = "atom|" + ctx.path() + "|" + request.base() + "|" + request.lang() + "|" + zone;
        HttpCache.send(ctx, ATOM + "; charset=utf-8", cache.get(key, version.getAsLong(),
                () -> atom(ctx.path(), service, request, zone)));
    }

    private HttpCache.Body atom(String path, Optional<Service> service, FeedRequest request, ZoneId zone) {
        List<Entry> entries = content.entries(content.outages(service), request, zone);
        Optional<Instant> lastChange = content.lastChange();
        Instant updated = entries.stream().map(Entry::modified).max(Instant::compareTo)
                .or(() -> lastChange).orElse(clock.instant());
        String self = request.base() + path + request.langQuery();
        ByteArrayOutputStream out = new ByteArrayOutputStream(8_192);
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            x.writeStartDocument("UTF-8", "1.0");
            x.writeStartElement("feed");
            x.writeDefaultNamespace(ATOM_NS);
            x.writeAttribute("xml:lang", request.lang());
            text(x, "id", "urn:uuid:" + UUID.nameUUIDFromBytes(("outcry:" + path + ":" + request.lang())
                    .getBytes(StandardCharsets.UTF_8)));
            text(x, "title", title(service, request));
            text(x, "subtitle", description(service, request));
            text(x, "updated", updated.toString());
            link(x, "self", self, ATOM);
            link(x, "alternate", home(service, request), "text/html");
            x.writeStartElement("author");
            text(x, "name", "Outcry");
            text(x, "uri", request.base() + "/");
            x.writeEndElement();
            text(x, "generator", "Outcry");
            for (Entry e : entries) {
                x.writeStartElement("entry");
                text(x, "id", "urn:uuid:" + e.outage().id());
                text(x, "title", e.title());
                text(x, "updated", e.modified().toString());
                text(x, "published", e.published().toString());
                link(x, "alternate", e.url(), "text/html");
                x.writeStartElement("summary");
                x.writeAttribute("type", "text");
                x.writeCharacters(xml(e.text()));
                x.writeEndElement();
                for (String tag : e.tags()) {
                    x.writeEmptyElement("category");
                    x.writeAttribute("term", xml(tag));
                }
                x.writeEndElement();
            }
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return HttpCache.Body.of(out.toByteArray(), lastChange.orElse(null));
    }

    private static void text(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        x.writeStartElement(name);
        x.writeCharacters(xml(value));
        x.writeEndElement();
    }

    private static void link(XMLStreamWriter x, String rel, String href, String type) throws XMLStreamException {
        x.writeEmptyElement("link");
        x.writeAttribute("rel", rel);
        x.writeAttribute("type", type);
        x.writeAttribute("href", xml(href));
    }

    /**
     * The text without the characters XML 1.0 cannot carry (controls, U+FFFE, U+FFFF, lone surrogates), which an
     * admin's service name may hold: one of them made the whole feed invalid for every reader.
     */
    static String xml(String text) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().filter(c -> c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF)).forEach(b::appendCodePoint);
        return b.toString();
    }

    private static String title(Optional<Service> service, FeedRequest r) {
        return service.map(s -> r.french() ? "Outcry — pannes " + French.of(s.name()) : "Outcry — " + s.name() + " outages")
                .orElse(r.french() ? "Outcry — pannes" : "Outcry — outages");
    }

    private static String description(Optional<Service> service, FeedRequest r) {
        if (r.french()) {
            return "Pannes confirmées " + service.map(s -> French.of(s.name())).orElse("de tous les services")
                    + ", détectées à partir des signalements du public.";
        }
        return "Confirmed outages of " + service.map(Service::name).orElse("every service")
                + ", detected from what people report.";
    }

    private static String home(Optional<Service> service, FeedRequest r) {
        return r.base() + service.map(s -> "/s/" + s.slug()).orElse("/") + r.langQuery();
    }
}
