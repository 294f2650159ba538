package io.outcry.geo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.impl.PackedCoordinateSequence;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.ItemBoundable;
import org.locationtech.jts.index.strtree.ItemDistance;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.distance.IndexedFacetDistance;

/**
 * Turns a point (degrees, WGS 84) into the region that contains it, or the nearest region within
 * {@value #COAST_KM} km (a phone on a beach or a ferry), using an STR-tree of prepared, lightly
 * simplified Natural Earth polygons; never keeps or logs the point.
 */
public final class PointLocator {

    static final String RESOURCE = "/geo/regions.geojson.gz";
    /** How far off every polygon a point may be and still belong to the nearest region. */
    public static final double COAST_KM = 25;
    /** How far the nearest place may be from the point. */
    public static final double PLACE_KM = 50;

    private static final double EARTH_KM = 6371.0088;
    private static final double KM_PER_DEGREE = Math.PI * EARTH_KM / 180;
    private static final ItemDistance ENVELOPE_DISTANCE =
            (ItemBoundable a, ItemBoundable b) -> ((Envelope) a.getBounds()).distance((Envelope) b.getBounds());

    private record Area(String region, PreparedGeometry shape) {}

    /** Built on first use near a coast: a facet index answers repeated distance queries in log time. */
    private final Map<Area, IndexedFacetDistance> coasts = new ConcurrentHashMap<>();

    private final GeometryFactory factory = new GeometryFactory();
    private final STRtree areas;
    private final STRtree places;
    private final Regions regions;

    PointLocator(Regions regions, List<Place> placeList, List<Area> areaList) {
        this.regions = regions;
        this.areas = new STRtree();
        for (Area a : areaList) {
            areas.insert(a.shape().getGeometry().getEnvelopeInternal(), a);
        }
        areas.build();
        this.places = new STRtree();
        for (Place p : placeList) {
            places.insert(new Envelope(p.lon(), p.lon(), p.lat(), p.lat()), p);
        }
        places.build();
    }

    /** Reads the bundled region polygons; places come from the gazetteer for {@link Located#nearestPlace()}. */
    public static PointLocator load(Regions regions, Gazetteer gazetteer) {
        GeometryFactory factory = new GeometryFactory();
        List<Area> list = new ArrayList<>();
        try (InputStream raw = PointLocator.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException("missing classpath resource " + RESOURCE);
            }
            JsonNode root = new ObjectMapper().readTree(new GZIPInputStream(raw, 1 << 16));
            for (JsonNode f : root.get("features")) {
                String code = f.get("id").asText();
                if (regions.byCode(code).isEmpty()) {
                    throw new IllegalStateException("polygon for unknown region " + code);
                }
                JsonNode g = f.get("geometry");
                if (g == null || g.isNull()) {
                    continue;
                }
                JsonNode coords = g.get("coordinates");
                List<JsonNode> polygons = new ArrayList<>();
                if ("Polygon".equals(g.get("type").asText())) {
                    polygons.add(coords);
                } else {
                    coords.forEach(polygons::add);
                }
                for (JsonNode p : polygons) {
                    Polygon polygon = polygon(factory, p);
                    if (polygon != null) {
                        list.add(new Area(code, PreparedGeometryFactory.prepare(polygon)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PointLocator(regions, gazetteer.places(), list);
    }

    private static Polygon polygon(GeometryFactory factory, JsonNode rings) {
        List<LinearRing> built = new ArrayList<>();
        for (JsonNode ring : rings) {
            int n = ring.size();
            double[] xy = new double[2 * n];
            for (int i = 0; i < n; i++) {
                xy[2 * i] = ring.get(i).get(0).asDouble();
                xy[2 * i + 1] = ring.get(i).get(1).asDouble();
            }
            if (n > 0 && (xy[0] != xy[2 * n - 2] || xy[1] != xy[2 * n - 1])) { // close the ring
                xy = Arrays.copyOf(xy, 2 * n + 2);
                xy[2 * n] = xy[0];
                xy[2 * n + 1] = xy[1];
            }
            if (xy.length >= 8) {
                // One array of doubles per ring, not an object per vertex: 750,000 fewer objects for the garbage
                // collector to trace in every marking cycle, which ran about once a second under ingest load.
                built.add(factory.createLinearRing(new PackedCoordinateSequence.Double(xy, 2, 0)));
            } else if (built.isEmpty()) {
                return null;
            }
        }
        if (built.isEmpty()) {
            return null;
        }
        return factory.createPolygon(
                built.getFirst(), built.subList(1, built.size()).toArray(LinearRing[]::new));
    }

    /**
     * The region containing the point, else the nearest region within {@value #COAST_KM} km, else
     * empty (open sea, Antarctica's ice shelves are land here).
     *
     * @throws IllegalArgumentException if lat is outside [-90, 90] or lon outside [-180, 180]
     */
    public Optional<Located> locate(double lat, double lon) {
        if (!(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180)) {
            throw new IllegalArgumentException("coordinates out of range");
        }
        Point point = factory.createPoint(new Coordinate(lon, lat));
        String region = containing(point);
        if (region == null) {
            region = nearestWithin(point, lat, lon, COAST_KM);
        }
        if (region == null) {
            return Optional.empty();
        }
        String country = regions.byCode(region).map(Region::countryCode).orElse(region);
        return Optional.of(new Located(region, country, nearestPlace(lat, lon)));
    }

    /** The region whose polygon covers the point, with no coastal fallback: empty at sea. */
    public Optional<String> regionContaining(double lat, double lon) {
        return Optional.ofNullable(containing(factory.createPoint(new Coordinate(lon, lat))));
    }

    private String containing(Point point) {
        for (Object o : areas.query(point.getEnvelopeInternal())) {
            Area a = (Area) o;
            if (a.shape().covers(point)) {
                return a.region();
            }
        }
        return null;
    }

    private String nearestWithin(Point point, double lat, double lon, double km) {
        double dLat = km / KM_PER_DEGREE;
        double dLon = Math.min(180, dLat / Math.max(0.01, Math.cos(Math.toRadians(lat))));
        Envelope search = new Envelope(lon - dLon, lon + dLon, lat - dLat, lat + dLat);
        String best = null;
        double bestKm = km;
        for (Object o : areas.query(search)) {
            Area a = (Area) o;
            if (a.shape().getGeometry().getEnvelopeInternal().distance(point.getEnvelopeInternal()) > dLon) {
                continue;
            }
            Coordinate nearest = coasts.computeIfAbsent(a, x -> new IndexedFacetDistance(x.shape().getGeometry()))
                    .nearestPoints(point)[0];
            double d = kilometres(lat, lon, nearest.y, nearest.x);
            if (d <= bestKm) {
                bestKm = d;
                best = a.region();
            }
        }
        return best;
    }

    private Optional<Place> nearestPlace(double lat, double lon) {
        Envelope at = new Envelope(lon, lon, lat, lat);
        Place p = (Place) places.nearestNeighbour(at, null, ENVELOPE_DISTANCE);
        if (p == null || kilometres(lat, lon, p.lat(), p.lon()) > PLACE_KM) {
            return Optional.empty();
        }
        return Optional.of(p);
    }

    /** Great-circle distance in kilometres (haversine). */
    static double kilometres(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double h = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
