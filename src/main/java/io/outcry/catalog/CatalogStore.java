package io.outcry.catalog;

import static io.outcry.db.Tables.CATEGORY;
import static io.outcry.db.Tables.PROBLEM_KIND;
import static io.outcry.db.Tables.SERVICE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;

/** Reads and writes the catalog tables, and loads the seed catalog shipped in {@code db/seed}. */
public final class CatalogStore {
    private final DSLContext dsl;

    public CatalogStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Loads {@code db/seed/catalog.json}: problem kinds and categories are brought up to date, services that do not
     * exist yet are added. Services already present are left as the operator may have edited them.
     */
    public void seed(ObjectMapper json) {
        JsonNode seed;
        try (InputStream in = CatalogStore.class.getResourceAsStream("/db/seed/catalog.json")) {
            if (in == null) {
                throw new IllegalStateException("db/seed/catalog.json is missing from the classpath");
            }
            seed = json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dsl.transaction(tx -> {
            DSLContext t = tx.dsl();
            for (JsonNode p : seed.path("problems")) {
                t.insertInto(PROBLEM_KIND, PROBLEM_KIND.SLUG, PROBLEM_KIND.NAME_EN, PROBLEM_KIND.NAME_FR)
                        .values(p.path("slug").asText(), p.path("en").asText(), p.path("fr").asText())
                        .onConflict(PROBLEM_KIND.SLUG)
                        .doUpdate()
                        .set(PROBLEM_KIND.NAME_EN, p.path("en").asText())
                        .set(PROBLEM_KIND.NAME_FR, p.path("fr").asText())
                        .execute();
            }
            for (JsonNode c : seed.path("categories")) {
                String problems = String.join(",", strings(c.path("problems")));
                t.insertInto(CATEGORY, CATEGORY.SLUG, CATEGORY.NAME_EN, CATEGORY.NAME_FR, CATEGORY.PROBLEMS)
                        .values(c.path("slug").asText(), c.path("en").asText(), c.path("fr").asText(), problems)
                        .onConflict(CATEGORY.SLUG)
                        .doUpdate()
                        .set(CATEGORY.NAME_EN, c.path("en").asText())
                        .set(CATEGORY.NAME_FR, c.path("fr").asText())
                        .set(CATEGORY.PROBLEMS, problems)
                        .execute();
            }
            // Only the services not there yet: a restart on an existing database writes none.
            Set<String> present = new HashSet<>(t.select(SERVICE.SLUG).from(SERVICE).fetch(SERVICE.SLUG));
            for (JsonNode s : seed.path("services")) {
                if (present.contains(s.path("slug").asText())) {
                    continue;
                }
                t.insertInto(SERVICE)
                        .set(SERVICE.SLUG, s.path("slug").asText())
                        .set(SERVICE.NAME, s.path("name").asText())
                        .set(SERVICE.CATEGORY, s.path("category").asText())
                        .set(SERVICE.HOMEPAGE, textOrNull(s.path("homepage")))
                        .set(SERVICE.STATUS_PAGE, textOrNull(s.path("statusPage")))
                        .set(SERVICE.ALIASES, String.join(",", strings(s.path("aliases"))))
                        .set(SERVICE.POPULARITY, s.path("popularity").asInt(50))
                        .set(SERVICE.DEPENDS_ON, String.join(",", strings(s.path("dependsOn"))))
                        .set(SERVICE.ACCESS_COUNTRIES, String.join(",", strings(s.path("accessCountries"))))
                        .onConflict(SERVICE.SLUG)
                        .doNothing()
                        .execute();
            }
        });
    }

    /** Adds a service; false when the slug is taken, by a live or a retired service. */
    public boolean add(Service s) {
        return dsl.insertInto(SERVICE)
                .set(columns(s))
                .onConflict(SERVICE.SLUG)
                .doNothing()
                .execute() == 1;
    }

    /** Rewrites a live service under its id (its slug may change); false when it is retired or gone. */
    public boolean update(Service s) {
        return dsl.update(SERVICE)
                .set(columns(s))
                .where(SERVICE.ID.eq(s.id()))
                .and(SERVICE.RETIRED.isFalse())
                .execute() == 1;
    }

    /** A service's columns as the admin API writes them; lists are stored comma-separated. */
    private static Map<Field<?>, Object> columns(Service s) {
        Map<Field<?>, Object> m = new LinkedHashMap<>();
        m.put(SERVICE.SLUG, s.slug());
        m.put(SERVICE.NAME, s.name());
        m.put(SERVICE.CATEGORY, s.category());
        m.put(SERVICE.HOMEPAGE, s.homepage());
        m.put(SERVICE.STATUS_PAGE, s.statusPage());
        m.put(SERVICE.ALIASES, String.join(",", s.aliases()));
        m.put(SERVICE.POPULARITY, s.popularity());
        m.put(SERVICE.DEPENDS_ON, String.join(",", s.dependsOn()));
        m.put(SERVICE.ACCESS_COUNTRIES, String.join(",", s.accessCountries()));
        return m;
    }

    /** True when some service, live or retired, has this slug. */
    public boolean slugTaken(String slug) {
        return dsl.fetchExists(SERVICE, SERVICE.SLUG.eq(slug));
    }

    /** Retires a live service: it leaves the catalog, its reports and outages stay. False when it was not live. */
    public boolean retire(String slug) {
        return dsl.update(SERVICE).set(SERVICE.RETIRED, true)
                .where(SERVICE.SLUG.eq(slug)).and(SERVICE.RETIRED.isFalse())
                .execute() == 1;
    }

    /** The catalog as it is now in the database, without retired services. */
    public Catalog load() {
        List<ProblemKind> problems = dsl.selectFrom(PROBLEM_KIND)
                .orderBy(PROBLEM_KIND.SLUG)
                .fetch(r -> new ProblemKind(r.getSlug(), r.getNameEn(), r.getNameFr()));
        List<Category> categories = dsl.selectFrom(CATEGORY)
                .orderBy(CATEGORY.SLUG)
                .fetch(r -> new Category(r.getSlug(), r.getNameEn(), r.getNameFr(), split(r.getProblems())));
        List<Service> services = dsl.select()
                .from(SERVICE)
                .where(SERVICE.RETIRED.isFalse())
                .fetch(CatalogStore::service);
        return Catalog.of(services, categories, problems);
    }

    private static Service service(Record r) {
        return new Service(
                r.get(SERVICE.ID),
                r.get(SERVICE.SLUG),
                r.get(SERVICE.NAME),
                r.get(SERVICE.CATEGORY),
                r.get(SERVICE.HOMEPAGE),
                r.get(SERVICE.STATUS_PAGE),
                split(r.get(SERVICE.ALIASES)),
                r.get(SERVICE.POPULARITY),
                split(r.get(SERVICE.DEPENDS_ON)),
                split(r.get(SERVICE.ACCESS_COUNTRIES)));
    }

    private static List<String> split(String csv) {
        return csv == null || csv.isBlank() ? List.of() : Arrays.asList(csv.split(","));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String textOrNull(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }
}
