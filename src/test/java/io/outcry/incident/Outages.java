package io.outcry.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outcry.catalog.Catalog;
import io.outcry.catalog.Service;
import io.outcry.outage.Outage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/** The seed catalog without a database, and hand-made outages of its services, for unit tests and the bench. */
public final class Outages {
    private static Catalog seed;

    private Outages() {}

    /** The services of {@code db/seed/catalog.json}, numbered from 1 in file order. */
    public static synchronized Catalog catalog() {
        if (seed == null) {
            try {
                JsonNode root = new ObjectMapper().readTree(Path.of("db/seed/catalog.json").toFile());
                List<Service> services = new ArrayList<>();
                int id = 1;
                for (JsonNode s : root.path("services")) {
                    services.add(new Service(id++, s.path("slug").asText(), s.path("name").asText(),
                            s.path("category").asText(), null, null, List.of(), s.path("popularity").asInt(50),
                            strings(s.path("dependsOn")), strings(s.path("accessCountries"))));
                }
                seed = Catalog.of(services, List.of(), List.of());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return seed;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /**
     * An outage of a seed service.
     *
     * @param minutes how long it lasted; 0 or less: still open
     */
    public static Outage outage(String slug, String scope, Instant start, int minutes, int observed, double expected,
            Random random) {
        Service s = catalog().bySlug(slug).orElseThrow(() -> new IllegalArgumentException(slug));
        UUID id = new UUID(random.nextLong(), random.nextLong());
        boolean open = minutes <= 0;
        Instant end = open ? null : start.plus(Duration.ofMinutes(minutes));
        return new Outage(id, s.id(), slug, scope, open ? Outage.State.OUTAGE : Outage.State.RESOLVED, start,
                start.plus(Duration.ofMinutes(3)), start.plus(Duration.ofMinutes(4)), end,
                open ? start.plus(Duration.ofMinutes(20)) : end, start.plus(Duration.ofMinutes(10)), observed, expected,
                observed * 3, List.of(), List.of());
    }

    /** Five services of the seed catalog that run on Amazon Web Services. */
    public static final List<String> ON_AWS = List.of("netflix", "slack", "reddit", "zoom", "prime-video");

    /** An open world-wide outage of each of {@link #ON_AWS}, all starting at {@code start}. */
    public static List<Outage> onAws(Instant start, Random random) {
        List<Outage> outages = new java.util.ArrayList<>();
        for (String s : ON_AWS) {
            outages.add(outage(s, "*", start, 0, 200, 10, random));
        }
        return outages;
    }
}
