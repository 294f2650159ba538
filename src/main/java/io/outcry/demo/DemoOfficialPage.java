package io.outcry.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.outcry.catalog.Catalog;
import io.outcry.catalog.Service;
import io.outcry.official.Fetched;
import io.outcry.official.OfficialSource;
import io.outcry.official.OfficialStatusJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The demo's official status page, in process: a Statuspage {@code summary.json} that acknowledges each outage the
 * demo plays {@link #LAG} after reports rise, and resolves it {@link #LAG} after they are back to usual, as a company
 * that learns of its outages from its users would. It goes through the same reader and store as a real page.
 */
public final class DemoOfficialPage {
    public static final String URL = "https://status.demo.outcry.invalid/api/v2/summary.json";
    static final Duration LAG = Duration.ofMinutes(12);

    private final Supplier<List<DemoJob.Played>> played;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public DemoOfficialPage(Supplier<List<DemoJob.Played>> played, Clock clock) {
        this.played = played;
        this.clock = clock;
    }

    /** The page speaks for the services the demo may play, each as one component named after it. */
    public static List<OfficialSource> sources(Catalog catalog) {
        List<OfficialSource> out = new ArrayList<>();
        for (Service s : catalog.services()) {
            if (s.accessCountries().isEmpty()) {
                out.add(new OfficialSource(s.slug(), URL, io.outcry.official.Format.STATUSPAGE, List.of(s.name())));
            }
        }
        return out;
    }

    /** Reads this page in process, whatever URL of it is asked for. */
    public OfficialStatusJob.Reader reader(Supplier<Catalog> catalog) {
        return (url, etag, lastModified) -> new Fetched.Body(answer(catalog.get()), null, null);
    }

    /** The page's answer now; incidents.json is the same list. */
    public byte[] answer(Catalog catalog) {
        Instant now = clock.instant();
        List<Map<String, Object>> incidents = new ArrayList<>();
        String indicator = "none";
        for (DemoJob.Played p : played.get()) {
            Instant acknowledged = p.from().plus(LAG);
            if (now.isBefore(acknowledged)) {
                continue;
            }
            Instant resolved = p.to().plus(LAG);
            boolean over = !now.isBefore(resolved);
            String name = catalog.bySlug(p.slug()).map(Service::name).orElse(p.slug());
            List<Map<String, Object>> updates = new ArrayList<>();
            if (over) {
                updates.add(update("resolved", "This incident has been resolved.", resolved));
            }
            updates.add(update("investigating", "We are investigating reports of errors.", acknowledged));
            Map<String, Object> i = new LinkedHashMap<>();
            i.put("id", "demo-" + p.slug() + "-" + p.from().getEpochSecond());
            i.put("name", "Elevated error rates on " + name);
            i.put("status", over ? "resolved" : "investigating");
            i.put("impact", "major");
            i.put("created_at", acknowledged.toString());
            i.put("updated_at", (over ? resolved : acknowledged).toString());
            i.put("resolved_at", over ? resolved.toString() : null);
            i.put("shortlink", null);
            i.put("components", List.of(Map.of("name", name, "status", over ? "operational" : "major_outage")));
            i.put("incident_updates", updates);
            incidents.add(i);
            if (!over) {
                indicator = "major";
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("page", Map.of("id", "demo", "name", "Demo status page (demo data)", "url", URL));
        body.put("status", Map.of("indicator", indicator, "description",
                indicator.equals("none") ? "All Systems Operational" : "Partial System Outage"));
        body.put("components", List.of());
        body.put("incidents", incidents);
        try {
            return json.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> update(String status, String body, Instant at) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("status", status);
        u.put("body", body);
        u.put("created_at", at.toString());
        return u;
    }
}
