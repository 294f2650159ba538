package io.outcry.geo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Boundaries of countries and regions as RFC 7946 GeoJSON geometries, for programs that read the map API: loaded on
 * first use, coordinates rounded to 0.01° (about 1 km), exterior rings counter-clockwise as the RFC asks.
 */
public final class Shapes {
    private volatile Map<String, Map<String, Object>> regions;
    private volatile Map<String, Map<String, Object>> countries;

    /** The geometry of a country or region code, or null when none is known. */
    public Map<String, Object> geometry(String code) {
        boolean country = !code.contains("-");
        Map<String, Map<String, Object>> shapes = country ? countries() : regions();
        return shapes.get(code);
    }

    private Map<String, Map<String, Object>> regions() {
        if (regions == null) {
            regions = load("/geo/regions.geojson.gz");
        }
        return regions;
    }

    private Map<String, Map<String, Object>> countries() {
        if (countries == null) {
            countries = load("/geo/countries.geojson.gz");
        }
        return countries;
    }

    private static synchronized Map<String, Map<String, Object>> load(String resource) {
        Map<String, Map<String, Object>> out = new HashMap<>();
        try (InputStream raw = Shapes.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IllegalStateException("missing classpath resource " + resource);
            }
            JsonNode root = new ObjectMapper().readTree(new GZIPInputStream(raw, 1 << 16));
            for (JsonNode f : root.get("features")) {
                JsonNode g = f.get("geometry");
                if (g == null || g.isNull()) {
                    continue;
                }
                List<Object> polygons = new ArrayList<>();
                if ("Polygon".equals(g.get("type").asText())) {
                    addPolygon(polygons, g.get("coordinates"));
                } else {
                    g.get("coordinates").forEach(p -> addPolygon(polygons, p));
                }
                if (!polygons.isEmpty()) {
                    out.put(f.get("id").asText(), Map.of("type", "MultiPolygon", "coordinates", polygons));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static void addPolygon(List<Object> polygons, JsonNode rings) {
        List<Object> out = new ArrayList<>();
        boolean exterior = true;
        for (JsonNode ring : rings) {
            List<double[]> points = new ArrayList<>();
            double[] last = null;
            for (JsonNode c : ring) {
                double[] p = {round(c.get(0).asDouble()), round(c.get(1).asDouble())};
                if (last == null || last[0] != p[0] || last[1] != p[1]) {
                    points.add(p);
                    last = p;
                }
            }
            if (points.size() > 1 && (points.getFirst()[0] != last[0] || points.getFirst()[1] != last[1])) {
                points.add(points.getFirst());
            }
            if (points.size() < 4) {
                if (exterior) {
                    return;
                }
                continue;
            }
            boolean ccw = signedArea(points) > 0;
            if (ccw != exterior) {
                java.util.Collections.reverse(points);
            }
            out.add(points);
            exterior = false;
        }
        if (!out.isEmpty()) {
            polygons.add(out);
        }
    }

    private static double signedArea(List<double[]> ring) {
        double sum = 0;
        for (int i = 0; i + 1 < ring.size(); i++) {
            sum += ring.get(i)[0] * ring.get(i + 1)[1] - ring.get(i + 1)[0] * ring.get(i)[1];
        }
        return sum / 2;
    }

    private static double round(double x) {
        return Math.round(x * 100) / 100.0;
    }
}
