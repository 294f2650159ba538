package io.outcry.pages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.outcry.web.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code /geo/regions/{country}.json}: the bundled region boundaries of one country, as a TopoJSON of their own (the
 * arcs they use, renumbered), so that a map showing trouble in France loads France's regions, not the world's
 * (1.8 MB). Built once per country from {@code web/geo/regions.json}, kept in memory.
 */
public final class RegionShapes {
    private final ObjectMapper json;
    private volatile JsonNode world;
    private final Map<String, byte[]> byCountry = new ConcurrentHashMap<>();

    public RegionShapes(ObjectMapper json) {
        this.json = json;
    }

    /** The country's TopoJSON; a 404 problem when the country has no regions. */
    public byte[] country(String country) {
        String code = country.toUpperCase(java.util.Locale.ROOT);
        byte[] body = byCountry.computeIfAbsent(code, this::build);
        if (body.length == 0) {
            throw Problem.notFound("No region boundaries for '" + (code.length() > 8 ? code.substring(0, 8) : code)
                    + "'.");
        }
        return body;
    }

    /** The country's regions with their arcs renumbered from 0; empty when the country has none. */
    byte[] build(String country) {
        JsonNode all = world();
        ArrayNode geometries = json.createArrayNode();
        ArrayNode arcs = json.createArrayNode();
        Map<Integer, Integer> renumbered = new HashMap<>();
        for (JsonNode g : all.path("objects").path("regions").path("geometries")) {
            if (!country.equals(g.path("id").asText().split("-")[0])) {
                continue;
            }
            ObjectNode copy = g.deepCopy();
            copy.set("arcs", remap(g.path("arcs"), all.path("arcs"), arcs, renumbered));
            geometries.add(copy);
        }
        if (geometries.isEmpty()) {
            return new byte[0];
        }
        ObjectNode topology = json.createObjectNode();
        topology.put("type", "Topology");
        topology.set("transform", all.path("transform"));
        ObjectNode regions = json.createObjectNode();
        regions.put("type", "GeometryCollection");
        regions.set("geometries", geometries);
        Map<String, JsonNode> objects = new LinkedHashMap<>();
        objects.put("regions", regions);
        topology.set("objects", json.valueToTree(objects));
        topology.set("arcs", arcs);
        try {
            return json.writeValueAsBytes(topology);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Nested arrays of arc indices (a negative index ~i is arc i reversed), each index given its new number. */
    private static JsonNode remap(JsonNode node, JsonNode worldArcs, ArrayNode arcs, Map<Integer, Integer> renumbered) {
        if (node.isNumber()) {
            int i = node.asInt();
            int arc = i < 0 ? ~i : i;
            int fresh = renumbered.computeIfAbsent(arc, k -> {
                arcs.add(worldArcs.get(k));
                return arcs.size() - 1;
            });
            return arcs.numberNode(i < 0 ? ~fresh : fresh);
        }
        ArrayNode out = arcs.arrayNode();
        node.forEach(child -> out.add(remap(child, worldArcs, arcs, renumbered)));
        return out;
    }

    private JsonNode world() {
        JsonNode w = world;
        if (w == null) {
            try (InputStream in = RegionShapes.class.getResourceAsStream("/web/geo/regions.json")) {
                w = json.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            world = w;
        }
        return w;
    }
}
