package io.outcry.web;

import static io.outcry.db.Tables.REPORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outcry.MutableClock;
import io.outcry.TestNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Sends thousands of generated malformed requests (fixed seed) to every route of the API description: no answer is
 * a 5xx, every refusal is problem JSON, and no report row comes from a refused request.
 */
class FuzzTest {
    private static final long SEED = 20261126L;
    private static final int ROUNDS = 12;
    private static final String TOKEN = "fuzz-admin-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FIELDS = List.of("service", "problem", "location", "lat", "lon", "id", "altcha",
            "url", "secret", "services", "regions", "slug", "name", "category", "homepage", "statusPage", "aliases",
            "popularity", "dependsOn", "accessCountries", "__proto__", "constructor", "admin");
    private static final List<String> PARAMS = List.of("q", "category", "since", "step", "active", "dismissed",
            "service", "limit", "tz", "window", "level", "geometry", "lang", "id", "slug");

    private record Route(String method, String path) {}

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void no_malformed_request_gets_a_5xx_or_stores_a_report() throws Exception {
        try (TestNode node = TestNode.on(TestNode.freshConfig().withAdminToken(TOKEN),
                new MutableClock(TestNode.START))) {
            // A node answers /ready with 503 until its geography has loaded: that 503 is the contract, not a fault.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2))
                    .until(() -> node.client.get("/ready").status() == 200);
            List<Route> routes = routes(node);
            assertTrue(routes.size() > 25, "the description lists the API: " + routes);
            Random random = new Random(SEED);
            int sent = 0;
            List<String> failures = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                for (Route route : routes) {
                    int tries = route.method().equals("GET") ? 6 : 30;
                    for (int i = 0; i < tries; i++) {
                        sent++;
                        check(node, route, random, failures);
                    }
                }
            }
            assertTrue(sent > 2_000, "sent " + sent);
            assertEquals(List.of(), failures.subList(0, Math.min(20, failures.size())), "seed " + SEED);
        }
    }

    private void check(TestNode node, Route route, Random random, List<String> failures) throws Exception {
        String path = substitute(route.path(), random) + query(random);
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(URI.create("http://localhost:" + node.app.port() + path))
                    .timeout(Duration.ofSeconds(20));
        } catch (IllegalArgumentException e) {
            return; // not even a URI the client can send
        }
        String[] body = route.method().equals("GET") ? null : body(random);
        if (body == null) {
            b.method(route.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            byte[] bytes = body[1].equals("bytes") ? invalidUtf8(random)
                    : body[1].getBytes(StandardCharsets.UTF_8);
            b.method(route.method(), HttpRequest.BodyPublishers.ofByteArray(bytes));
            if (!body[0].isEmpty()) {
                b.header("Content-Type", body[0]);
            }
        }
        if (random.nextInt(3) > 0) {
            b.header("Authorization", random.nextBoolean() ? "Bearer " + TOKEN : "Bearer " + headerSafe(junk(random)));
        }
        if (random.nextInt(4) == 0) {
            b.header("If-None-Match", headerSafe(junk(random)));
            b.header("If-Modified-Since", "Thu, 32 Foo 2026 99:99:99 GMT");
        }
        if (route.path().equals("/api/v1/stream")) {
            return; // an open stream never ends: its parameters are covered by the status and outage routes
        }
        boolean report = route.method().equals("POST") && route.path().equals("/api/v1/reports");
        int before = report ? node.db().dsl().fetchCount(REPORT) : 0;
        HttpResponse<String> r;
        HttpRequest request = b.build();
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            try {
                // A connection the server closed after refusing a request too large to read is not reused. A route
                // that answers without reading the body closes the connection after its answer; a client still
                // writing the body then meets a reset before it reads the answer: a race, so a few fresh tries.
                r = sendOnFreshConnection(request, 3);
            } catch (IOException again) {
                if (path.length() > 8_192) {
                    return; // 414 then close, while the client still writes its body: GETs show the 414 itself
                }
                if (body != null && body[1].length() > 4_096) {
                    // 413 then close, while the client still writes the body; nothing may have been stored.
                    if (report && node.db().dsl().fetchCount(REPORT) != before) {
                        failures.add(route + " " + clip(path) + ": a refused body stored a report");
                    }
                    return;
                }
                failures.add(route + " " + clip(path) + ": connection failed " + again);
                return;
            }
        }
        String what = route.method() + " " + clip(path) + (body == null ? "" : " [" + body[0] + "] " + clip(body[1]));
        if (r.statusCode() >= 500) {
            failures.add(r.statusCode() + " " + what + " → " + clip(r.body()));
            return;
        }
        boolean ok = r.statusCode() < 400;
        if (!ok) {
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (!type.startsWith("application/problem+json")) {
                failures.add("not problem JSON (" + type + ") " + r.statusCode() + " " + what);
                return;
            }
            JsonNode p = JSON.readTree(r.body());
            for (String f : List.of("type", "title", "status", "detail")) {
                if (!p.hasNonNull(f)) {
                    failures.add("problem without " + f + ": " + what + " → " + clip(r.body()));
                }
            }
            if (p.path("status").asInt() != r.statusCode()) {
                failures.add("problem status differs: " + what);
            }
        }
        if (report && !ok && node.db().dsl().fetchCount(REPORT) != before) {
            failures.add("a refused report was stored: " + what);
        }
    }

    private static List<Route> routes(TestNode node) throws IOException {
        JsonNode doc = JSON.readTree(node.client.get("/openapi.json").body());
        List<Route> routes = new ArrayList<>();
        doc.path("paths").properties().forEach(p -> p.getValue().properties().forEach(op -> {
            String m = op.getKey().toUpperCase(Locale.ROOT);
            if (List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(m)) {
                routes.add(new Route(m, p.getKey()));
            }
        }));
        return routes;
    }

    private static String substitute(String path, Random random) {
        StringBuilder out = new StringBuilder();
        for (String part : path.split("/", -1)) {
            if (!out.isEmpty() || !part.isEmpty()) {
                out.append('/');
            }
            if (part.startsWith("{")) {
                out.append(switch (random.nextInt(6)) {
                    case 0 -> "chatgpt";
                    case 1 -> "%FF%FE%00";
                    case 2 -> "3f2b8c1e-9d4a-4e6b-8f0a-1c2d3e4f5a6b";
                    default -> URLEncoder.encode(junk(random), StandardCharsets.UTF_8);
                });
            } else {
                out.append(part);
            }
        }
        return out.toString().replace("//", "/");
    }

    private static String query(Random random) {
        int n = random.nextInt(4);
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String name = random.nextInt(5) == 0 ? junk(random) : PARAMS.get(random.nextInt(PARAMS.size()));
            q.append(i == 0 ? '?' : '&').append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=');
            q.append(random.nextInt(8) == 0 ? "%FF%C0%80" : URLEncoder.encode(junk(random), StandardCharsets.UTF_8));
        }
        return q.toString();
    }

    private static HttpResponse<String> sendOnFreshConnection(HttpRequest request, int tries)
            throws IOException, InterruptedException {
        IOException last = null;
        for (int i = 0; i < tries; i++) {
            try (HttpClient fresh = HttpClient.newHttpClient()) {
                return fresh.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    /** A content type and a body, or "bytes" for a body of invalid UTF-8. */
    private static String[] body(Random random) {
        String type = switch (random.nextInt(8)) {
            case 0 -> "application/x-www-form-urlencoded";
            case 1 -> "text/plain";
            case 2 -> "";
            case 3 -> "application/json; charset=latin1";
            case 4 -> "multipart/form-data; boundary=x";
            default -> "application/json";
        };
        String body = switch (random.nextInt(10)) {
            case 0 -> "bytes";
            case 1 -> nested(random.nextBoolean() ? 3_000 : 50, random.nextBoolean());
            case 2 -> truncated(jsonObject(random), random);
            case 3 -> form(random);
            case 4 -> List.of("", "null", "[]", "0", "\"x\"", "{", "}", "true", "{\"a\":1,\"a\":2}").get(random.nextInt(9));
            default -> jsonObject(random);
        };
        return new String[] {type, body};
    }

    private static String jsonObject(Random random) {
        StringBuilder s = new StringBuilder("{");
        int n = 1 + random.nextInt(5);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                s.append(',');
            }
            String field = random.nextInt(6) == 0 ? junk(random) : FIELDS.get(random.nextInt(FIELDS.size()));
            s.append(quote(field)).append(':').append(value(random, 0));
        }
        if (random.nextInt(3) == 0) {
            s.append(",\"service\":\"chatgpt\"");
        }
        return s.append('}').toString();
    }

    private static String value(Random random, int depth) {
        return switch (random.nextInt(depth > 2 ? 8 : 10)) {
            case 0 -> "null";
            case 1 -> String.valueOf(random.nextBoolean());
            case 2 -> List.of("1e309", "-0", "NaN", "9999999999999999999999", "0.1", "-91", "181", "45.5")
                    .get(random.nextInt(8));
            case 3, 4, 5 -> quote(junk(random));
            case 6 -> "\"\\ud800\\u0000\"";
            case 7 -> "\"chatgpt\"";
            case 8 -> "[" + value(random, depth + 1) + "," + value(random, depth + 1) + "]";
            default -> "{\"x\":" + value(random, depth + 1) + "}";
        };
    }

    private static String truncated(String json, Random random) {
        return json.substring(0, 1 + random.nextInt(json.length() - 1));
    }

    private static String nested(int depth, boolean arrays) {
        String open = arrays ? "[" : "{\"service\":";
        String close = arrays ? "]" : "}";
        return open.repeat(depth) + "1" + close.repeat(depth);
    }

    private static String form(Random random) {
        StringBuilder s = new StringBuilder();
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            String field = random.nextInt(5) == 0 ? junk(random) : FIELDS.get(random.nextInt(FIELDS.size()));
            s.append(i == 0 ? "" : "&").append(URLEncoder.encode(field, StandardCharsets.UTF_8)).append('=')
                    .append(random.nextInt(6) == 0 ? "%FF%FE" : URLEncoder.encode(junk(random), StandardCharsets.UTF_8));
        }
        return s.toString();
    }

    static String junk(Random random) {
        return switch (random.nextInt(14)) {
            case 0 -> "a".repeat(random.nextBoolean() ? 5_000 : 70_000);
            case 1 -> "\u0000\u0007\u001b[31m\r\n";
            case 2 -> "<script>alert(1)</script>";
            case 3 -> "' OR 1=1; DROP TABLE report; --";
            case 4 -> "\"><img src=x onerror=alert(1)>";
            case 5 -> "../../etc/passwd";
            case 6 -> "-1";
            case 7 -> "99999999999999999999";
            case 8 -> "2026-13-45T25:61:61Z";
            case 9 -> "日本語 ☃ \uD83D\uDE00";
            case 10 -> "";
            case 11 -> " ";
            case 12 -> "${jndi:ldap://x}";
            default -> Long.toHexString(random.nextLong());
        };
    }

    private static byte[] invalidUtf8(Random random) {
        byte[] prefix = "{\"service\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {(byte) 0xFF, (byte) 0xFE, (byte) 0xC0, (byte) 0x80, (byte) 0xED, (byte) 0xA0, (byte) 0x80};
        byte[] out = new byte[prefix.length + bad.length + 2];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(bad, 0, out, prefix.length, bad.length);
        out[out.length - 2] = '"';
        out[out.length - 1] = random.nextBoolean() ? (byte) '}' : (byte) 0xFF;
        return out;
    }

    /** The client refuses control and non-ASCII characters in headers; the server never sees those. */
    private static String headerSafe(String s) {
        return s.replaceAll("[^\\x20-\\x7e]", "x");
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String clip(String s) {
        return s.length() <= 160 ? s : s.substring(0, 160) + "…";
    }
}
