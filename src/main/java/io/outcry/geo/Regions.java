package io.outcry.geo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The catalogue of countries and their first-level regions, read once from the bundled {@code geo/regions.json}. */
public final class Regions {

    static final String RESOURCE = "/geo/regions.json";

    private final Map<String, Region> byCode;
    private final Map<String, List<Region>> children;
    private final List<Region> countries;
    private final List<Region> all;

    Regions(List<Region> regions) {
        Map<String, Region> codes = new LinkedHashMap<>();
        Map<String, List<Region>> kids = new LinkedHashMap<>();
        List<Region> roots = new ArrayList<>();
        for (Region r : regions) {
            if (codes.putIfAbsent(r.code(), r) != null) {
                throw new IllegalArgumentException("duplicate region code " + r.code());
            }
            if (r.parent() == null) {
                roots.add(r);
            } else {
                kids.computeIfAbsent(r.parent(), k -> new ArrayList<>()).add(r);
            }
        }
        for (String parent : kids.keySet()) {
            if (!codes.containsKey(parent)) {
                throw new IllegalArgumentException("region parent is not a known country: " + parent);
            }
        }
        this.byCode = Collections.unmodifiableMap(codes);
        kids.replaceAll((k, v) -> List.copyOf(v));
        this.children = Collections.unmodifiableMap(kids);
        this.countries = List.copyOf(roots);
        this.all = List.copyOf(regions);
    }

    /** Reads the bundled catalogue from the classpath. */
    public static Regions load() {
        try (InputStream in = Regions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + RESOURCE);
            }
            List<Region> regions = new ArrayList<>();
            for (JsonNode n : new ObjectMapper().readTree(in)) {
                JsonNode parent = n.get("parent");
                boolean country = parent == null || parent.isNull();
                regions.add(new Region(
                        n.get("code").asText(),
                        country ? null : parent.asText(),
                        n.get("nameEn").asText(),
                        n.get("nameFr").asText(),
                        n.get("label").get(0).asDouble(),
                        n.get("label").get(1).asDouble(),
                        country ? Region.Level.COUNTRY : Region.Level.REGION));
            }
            return new Regions(regions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The country or region with this exact code ("FR", "FR-IDF"), if any. */
    public Optional<Region> byCode(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    /** The first-level regions of a country, by code; empty for an unknown country. */
    public List<Region> children(String country) {
        return children.getOrDefault(country, List.of());
    }

    /** Every country, ordered by code. */
    public List<Region> countries() {
        return countries;
    }

    /** Every country then every region. */
    public List<Region> all() {
        return all;
    }
}
