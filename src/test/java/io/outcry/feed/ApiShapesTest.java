package io.outcry.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.outcry.Client;
import io.outcry.MutableClock;
import io.outcry.TestNode;
import io.outcry.outage.Outage;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Every JSON answer of the API has the shape {@code openapi.json} gives it, checked shape by shape: each route is
 * called with a representative request (the description's own example, where it has a body) and its answer is
 * validated against the schema of its status and content type, with every object schema closed (a field the
 * description does not name is an error). So a field added, renamed or retyped without its description fails here.
 */
class ApiShapesTest {
    private static final String TOKEN = "shapes-admin-token-0123456789";
    private static final String[] ADMIN = {"Authorization", "Bearer " + TOKEN};
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    @Test
    void every_json_answer_has_the_shape_its_description_gives() {
        JsonNode doc = description();
        try (TestNode node = TestNode.on(TestNode.freshConfig().withAdminToken(TOKEN),
                new MutableClock(Outages.NOW.plusSeconds(5)))) {
            Instant t = Outages.NOW.minus(Duration.ofHours(6));
            Outage resolved = Outages.episode(node, "chatgpt", "*", Outage.State.RESOLVED, t, t.plusSeconds(3_600));
            Outage open = Outages.episode(node, "whatsapp", "FR", Outage.State.OUTAGE, t.plusSeconds(14_400), null);
            Outages.write(node, Outages.NOW.minus(Duration.ofMinutes(1)), resolved, open);
            Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> node.client.get("/ready").status() == 200);
            Calls calls = new Calls(node.client, doc);

            calls.check("GET", "/health", "/health");
            calls.check("GET", "/ready", "/ready");
            calls.check("GET", "/api/v1/services", "/api/v1/services");
            calls.check("GET", "/api/v1/services/{slug}", "/api/v1/services/chatgpt");
            calls.check("GET", "/api/v1/services/{slug}", "/api/v1/services/no-such-service");
            JsonNode report = calls.check("POST", "/api/v1/reports", "/api/v1/reports");
            calls.check("POST", "/api/v1/reports", "/api/v1/reports");
            calls.check("PATCH", "/api/v1/reports/{id}", "/api/v1/reports/" + report.path("id").asText());
            calls.check("POST", "/api/v1/services/{slug}/works", "/api/v1/services/chatgpt/works");
            calls.check("POST", "/api/v1/services/{slug}/works", "/api/v1/services/chatgpt/works");
            calls.check("GET", "/api/v1/services/{slug}/reports", "/api/v1/services/chatgpt/reports?step=1h");
            calls.check("GET", "/api/v1/services/{slug}/baseline", "/api/v1/services/chatgpt/baseline");
            calls.check("GET", "/api/v1/challenge", "/api/v1/challenge");
            calls.check("GET", "/api/v1/status", "/api/v1/status");
            calls.check("GET", "/api/v1/outages", "/api/v1/outages?state=all");
            calls.check("GET", "/api/v1/outages/{id}", "/api/v1/outages/" + open.id());
            calls.check("GET", "/api/v1/outages/{id}", "/api/v1/outages/" + resolved.id());
            JsonNode incidents = calls.check("GET", "/api/v1/incidents", "/api/v1/incidents");
            for (JsonNode incident : incidents.path("incidents")) {
                calls.check("GET", "/api/v1/incidents/{id}", "/api/v1/incidents/" + incident.path("id").asText());
            }
            calls.check("GET", "/api/v1/map", "/api/v1/map?service=whatsapp");
            calls.check("GET", "/api/v1/map/now", "/api/v1/map/now");
            calls.check("GET", "/api/v1/places", "/api/v1/places?q=paris");
            calls.check("POST", "/api/v1/admin/services", "/api/v1/admin/services", ADMIN);
            calls.check("PATCH", "/api/v1/admin/services/{slug}", "/api/v1/admin/services/acme-bank", ADMIN);
            JsonNode webhook = calls.check("POST", "/api/v1/admin/webhooks", "/api/v1/admin/webhooks", ADMIN);
            calls.check("GET", "/api/v1/admin/webhooks", "/api/v1/admin/webhooks", ADMIN);
            calls.check("GET", "/api/v1/admin/webhooks/{id}/deliveries",
                    "/api/v1/admin/webhooks/" + webhook.path("id").asText() + "/deliveries", ADMIN);
            calls.check("GET", "/feed.json", "/feed.json");
            calls.check("GET", "/s/{slug}/feed.json", "/s/whatsapp/feed.json");
            for (String v2 : List.of("summary", "status", "components", "incidents", "incidents/unresolved")) {
                calls.check("GET", "/api/v2/" + v2 + ".json", "/api/v2/" + v2 + ".json");
            }
            calls.check("GET", "/api/v1/services/{slug}/official", "/api/v1/services/chatgpt/official");
            calls.check("GET", "/api/v1/services/{slug}/reliability", "/api/v1/services/chatgpt/reliability");
            calls.check("GET", "/api/v1/outages/{id}/official", "/api/v1/outages/" + resolved.id() + "/official");
            calls.check("GET", "/api/v1/reliability", "/api/v1/reliability");
            calls.check("GET", "/api/v1/push/key", "/api/v1/push/key");
            calls.check("POST", "/api/v1/push/subscriptions", "/api/v1/push/subscriptions");
            calls.check("DELETE", "/api/v1/push/subscriptions", "/api/v1/push/subscriptions");
            calls.check("GET", "/geo/regions/{country}", "/geo/regions/FR");

            assertEquals(List.of(), calls.errors, "answers that differ from openapi.json");
            Set<String> uncalled = new TreeSet<>(jsonAnswers(doc));
            uncalled.removeAll(calls.called);
            uncalled.remove("GET /openapi.json 200 application/json"); // the description itself
            assertEquals(Set.of(), uncalled, "JSON answers described but never checked here");
        }
    }

    @Test
    void every_json_request_body_has_an_example_of_its_own_shape() {
        JsonNode doc = description();
        List<String> errors = new ArrayList<>();
        doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            JsonNode content = op.getValue().path("requestBody").path("content").path("application/json");
            if (!content.isMissingNode()) {
                String route = op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                if (!content.has("example")) {
                    errors.add(route + ": no example");
                } else {
                    validate(doc, content.path("schema"), content.path("example"))
                            .forEach(e -> errors.add(route + " example: " + e));
                }
            }
        }));
        assertEquals(List.of(), errors);
    }

    /** The calls of one test: each answer checked against its description, the errors and the routes gathered. */
    private static final class Calls {
        final Client client;
        final JsonNode doc;
        final List<String> errors = new ArrayList<>();
        final Set<String> called = new TreeSet<>();

        Calls(Client client, JsonNode doc) {
            this.client = client;
            this.doc = doc;
        }

        /** Calls the route with its description's example as the body, if it has one; returns the answer's JSON. */
        JsonNode check(String method, String template, String path, String... headers) {
            JsonNode op = doc.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
            JsonNode example = op.path("requestBody").path("content").path("application/json").path("example");
            Client.Answer a = client.json(method, path, example.isMissingNode() ? null : example.toString(), headers);
            String route = method + " " + template + " " + a.status();
            JsonNode response = op.path("responses").path(String.valueOf(a.status()));
            if (response.isMissingNode()) {
                errors.add(route + ": status not described; answer " + a.body());
                return a.json();
            }
            String type = a.header("Content-Type") == null ? "" : a.header("Content-Type").split(";")[0].trim();
            if (!type.endsWith("json")) {
                return null;
            }
            called.add(route + " " + type);
            JsonNode schema = response.path("content").path(type).path("schema");
            if (schema.isMissingNode() || !says(resolve(doc, schema))) {
                errors.add(route + " " + type + ": no shape described; answer " + clip(a.body()));
            } else {
                validate(doc, schema, a.json()).forEach(e -> errors.add(route + ": " + e + " in " + clip(a.body())));
            }
            return a.json();
        }
    }

    /** The 2xx JSON answers the description gives a shape to, as "METHOD path status type". */
    private static Set<String> jsonAnswers(JsonNode doc) {
        Set<String> out = new TreeSet<>();
        doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op ->
                op.getValue().path("responses").properties().forEach(r -> r.getValue().path("content").properties()
                        .forEach(c -> {
                            if (r.getKey().startsWith("2") && c.getKey().endsWith("json")) {
                                out.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey() + " " + r.getKey()
                                        + " " + c.getKey());
                            }
                        }))));
        return out;
    }

    /** Whether a schema says something of its value: a bare {@code {"type": "object"}} does not. */
    private static boolean says(JsonNode schema) {
        return !(schema.size() <= 2 && schema.path("type").asText().equals("object") && !schema.has("properties")
                && !schema.has("additionalProperties"));
    }

    private static JsonNode resolve(JsonNode doc, JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        return ref.startsWith("#/") ? doc.at(ref.substring(1)) : schema;
    }

    private static List<String> validate(JsonNode doc, JsonNode schema, JsonNode value) {
        ObjectNode root = schema.deepCopy();
        root.set("components", doc.path("components"));
        Schema s = SCHEMAS.getSchema(SchemaLocation.of("https://outcry.invalid/openapi.json"), root);
        return s.validate(value).stream().map(Error::toString).toList();
    }

    /** The served description with every object schema closed: a property it does not name is an error. */
    private static JsonNode description() {
        try (InputStream in = ApiShapesTest.class.getResourceAsStream("/openapi.json")) {
            JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
            doc.path("components").path("schemas").forEach(ApiShapesTest::close);
            doc.path("paths").forEach(path -> path.forEach(op -> {
                op.path("requestBody").path("content").forEach(c -> close(c.path("schema")));
                op.path("responses").forEach(r -> r.path("content").forEach(c -> close(c.path("schema"))));
            }));
            return doc;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void close(JsonNode schema) {
        if (!(schema instanceof ObjectNode o)) {
            return;
        }
        if (o.has("properties") && !o.has("additionalProperties")) {
            o.put("additionalProperties", false);
        }
        o.path("properties").forEach(ApiShapesTest::close);
        close(o.path("items"));
        close(o.path("additionalProperties"));
        for (String many : List.of("allOf", "anyOf", "oneOf", "prefixItems")) {
            o.path(many).forEach(ApiShapesTest::close);
        }
    }

    private static String clip(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }
}
