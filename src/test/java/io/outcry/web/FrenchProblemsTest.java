package io.outcry.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outcry.Client.Answer;
import io.outcry.TestNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** API errors in the reader's language: every detail the code can give has its French, and a French client reads it. */
class FrenchProblemsTest {

    @Test
    void every_english_sentence_of_the_bundle_has_a_french_one_with_the_same_placeholders() {
        assertTrue(FrenchProblems.BUNDLE.size() > 50, "the bundle is loaded: " + FrenchProblems.BUNDLE.size());
        FrenchProblems.BUNDLE.forEach((english, french) -> {
            assertTrue(french != null && !french.isBlank(), "no French for: " + english);
            assertNotEquals(english, french, "left in English");
            assertEquals(FrenchProblems.placeholders(english).stream().sorted().toList(),
                    FrenchProblems.placeholders(french).stream().sorted().toList(), english);
        });
    }

    /**
     * Reads every {@code Problem.…(…)} of the main sources, builds its detail with "x" for each value the code puts in
     * (both branches of a condition), and asks the bundle for its French: a new refusal without a French sentence
     * fails here. A detail built with no words of its own (a page's text, already in the reader's language, or an
     * exception's message) is not a sentence of the bundle.
     */
    @Test
    void no_detail_the_code_can_give_is_left_untranslated() throws IOException {
        Map<String, Integer> detailArgument = Map.ofEntries(Map.entry("badRequest", 1), Map.entry("unknown", 1),
                Map.entry("of", 3), Map.entry("malformed", 0), Map.entry("notFound", 0),
                Map.entry("unsupportedMediaType", 0), Map.entry("tooLarge", 0), Map.entry("unavailable", 0),
                Map.entry("tooManyRequests", 0), Map.entry("challengeRequired", 0), Map.entry("forbidden", 0));
        List<String> untranslated = new ArrayList<>();
        int details = 0;
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(Path.of("src/main/java"))) {
            sources = walk.filter(p -> p.toString().endsWith(".java") && !p.endsWith("Problem.java")).toList();
        }
        for (Path file : sources) {
            String java = Files.readString(file);
            Matcher call = Pattern.compile("Problem\\.(\\w+)\\(").matcher(java);
            while (call.find()) {
                Integer at = detailArgument.get(call.group(1));
                if (at == null) {
                    continue;
                }
                List<String> args = JavaExpressions.arguments(java, call.end());
                if (args.size() <= at) {
                    untranslated.add(file.getFileName() + ": a call this test cannot read: " + args);
                    continue;
                }
                for (String detail : JavaExpressions.samples(args.get(at))) {
                    if (detail.equals("x")) {
                        continue;
                    }
                    details++;
                    if (FrenchProblems.translate(detail) == null) {
                        untranslated.add(file.getFileName() + ": " + detail);
                    }
                }
            }
        }
        assertTrue(details > 100, "the sources were read: " + details + " details");
        assertEquals(List.of(), untranslated, "add these to src/main/resources/problems-fr.json");
    }

    @Test
    void the_most_specific_sentence_wins_and_values_keep_their_place() {
        assertEquals("tz est un fuseau horaire comme Europe/Paris ou UTC.",
                FrenchProblems.translate("tz is a time zone such as Europe/Paris or UTC."), "not '{0} is {1} or {2}.'");
        assertEquals("level vaut country ou region.", FrenchProblems.translate("level is country or region."));
        assertEquals("lat est compris entre -90 et 90.", FrenchProblems.translate("lat is between -90 and 90."));
        assertEquals(null, FrenchProblems.translate("A sentence nobody wrote."));
    }

    /** Each refusal a client can meet, asked in English and in French: the French detail is the English one's. */
    @Test
    void a_french_client_reads_every_refusal_it_can_meet_in_french() {
        try (TestNode node = TestNode.fresh()) {
            Client client = new Client(node);
            Map<String, Function<String, Answer>> refusals = new java.util.LinkedHashMap<>();
            refusals.put("unknown field", lang -> client.json("POST", "/api/v1/reports",
                    "{\"service\":\"github\",\"colour\":\"red\"}", lang));
            refusals.put("wrong type", lang -> client.json("POST", "/api/v1/reports",
                    "{\"service\":\"github\",\"lat\":\"north\",\"lon\":2}", lang));
            refusals.put("out of range", lang -> client.json("POST", "/api/v1/reports",
                    "{\"service\":\"github\",\"lat\":91,\"lon\":2}", lang));
            refusals.put("lat without lon", lang -> client.json("POST", "/api/v1/reports",
                    "{\"service\":\"github\",\"lat\":48.8}", lang));
            refusals.put("unknown service", lang -> client.json("POST", "/api/v1/reports",
                    "{\"service\":\"no-such-thing\"}", lang));
            refusals.put("unknown problem", lang -> client.json("POST", "/api/v1/reports",
                    "{\"service\":\"github\",\"problem\":\"teleportation\"}", lang));
            refusals.put("no service", lang -> client.json("POST", "/api/v1/reports", "{}", lang));
            refusals.put("malformed JSON", lang -> client.json("POST", "/api/v1/reports", "{\"service\":", lang));
            refusals.put("not an object", lang -> client.json("POST", "/api/v1/reports", "[1]", lang));
            refusals.put("bad UUID", lang -> client.json("PATCH", "/api/v1/reports/not-a-uuid",
                    "{\"problem\":\"login\"}", lang));
            refusals.put("unsupported media type", lang -> client.send("POST", "/api/v1/reports", "text/plain",
                    "github", lang));
            refusals.put("bad instant", lang -> client.send("GET", "/api/v1/outages?since=yesterday", null, null,
                    lang));
            refusals.put("number out of range", lang -> client.send("GET", "/api/v1/outages?limit=0", null, null,
                    lang));
            refusals.put("bad time zone", lang -> client.send("GET", "/api/v1/outages?tz=Mars/Olympus", null, null,
                    lang));
            refusals.put("unknown category", lang -> client.send("GET", "/api/v1/services?category=toys", null, null,
                    lang));
            refusals.put("place query too long", lang -> client.send("GET", "/api/v1/places?q=" + "a".repeat(101),
                    null, null, lang));
            refusals.put("map window", lang -> client.send("GET", "/api/v1/map?service=github&window=3d", null, null,
                    lang));
            refusals.put("unknown outage", lang -> client.send("GET",
                    "/api/v1/outages/00000000-0000-0000-0000-000000000000", null, null, lang));
            refusals.put("unknown service page", lang -> client.send("GET", "/api/v1/services/no-such-thing", null,
                    null, lang));
            for (var r : refusals.entrySet()) {
                Answer en = r.getValue().apply("en");
                Answer fr = r.getValue().apply("fr-FR,fr;q=0.9");
                assertTrue(en.status() >= 400 && en.status() < 500, r.getKey() + ": " + en.status() + " " + en.body());
                assertEquals(en.status(), fr.status(), r.getKey());
                String english = en.json().path("detail").asText();
                String french = fr.json().path("detail").asText();
                assertNotNull(FrenchProblems.translate(english), r.getKey() + ": no French for " + english);
                assertEquals(FrenchProblems.translate(english), french, r.getKey());
                assertNotEquals(english, french, r.getKey());
                assertEquals("fr", fr.header("Content-Language"), r.getKey());
                assertNotEquals(en.json().path("title").asText(), fr.json().path("title").asText(), r.getKey());
            }
            assertEquals("lat est compris entre -90 et 90.", refusals.get("out of range").apply("fr").json()
                    .path("detail").asText());
            assertEquals("lat doit être un nombre.", refusals.get("wrong type").apply("fr").json().path("detail")
                    .asText());
            assertTrue(refusals.get("bad UUID").apply("fr").json().path("detail").asText()
                    .startsWith("id doit être un UUID comme"));
            assertTrue(refusals.get("unknown field").apply("fr").json().path("detail").asText()
                    .startsWith("Champ inconnu « colour » ; un signalement a "));
            // The same choice as pages: ?lang= first, then Accept-Language.
            assertEquals("lat est compris entre -90 et 90.", client.send("POST", "/api/v1/reports?lang=fr",
                    "application/json", "{\"service\":\"github\",\"lat\":91,\"lon\":2}", "en").json()
                    .path("detail").asText());
            assertEquals("lat is between -90 and 90.", client.send("POST", "/api/v1/reports?lang=en",
                    "application/json", "{\"service\":\"github\",\"lat\":91,\"lon\":2}", "fr").json()
                    .path("detail").asText());
        }
    }

    /** Requests with a method, a body and an Accept-Language. */
    private record Client(TestNode node) {
        Answer json(String method, String path, String body, String lang) {
            return send(method, path, "application/json", body, lang);
        }

        Answer send(String method, String path, String type, String body, String lang) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + node.app.port() + path))
                    .header("Accept-Language", lang)
                    .header("User-Agent", "a French client");
            if (type != null) {
                b.header("Content-Type", type);
            }
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
            return node.client.send(b.build());
        }
    }

    /** Just enough of Java's expressions to read a problem's detail out of the sources. */
    static final class JavaExpressions {
        private JavaExpressions() {}

        /** The arguments of the call whose parenthesis opens just before {@code from}, each as source text. */
        static List<String> arguments(String java, int from) {
            List<String> out = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            int depth = 0;
            for (int i = from; i < java.length(); i++) {
                char c = java.charAt(i);
                if (c == '"') {
                    int end = endOfString(java, i);
                    current.append(java, i, end);
                    i = end - 1;
                } else if (c == '(' || c == '[' || c == '{') {
                    depth++;
                    current.append(c);
                } else if (c == ')' || c == ']' || c == '}') {
                    if (depth == 0) {
                        out.add(current.toString().strip());
                        return out;
                    }
                    depth--;
                    current.append(c);
                } else if (c == ',' && depth == 0) {
                    out.add(current.toString().strip());
                    current.setLength(0);
                } else {
                    current.append(c);
                }
            }
            throw new IllegalArgumentException("unclosed call at " + from);
        }

        /** The strings an expression of literals, values and conditions can make, with "x" for each value. */
        static List<String> samples(String expression) {
            String e = expression.strip();
            if (e.startsWith("(") && e.endsWith(")") && closing(e, 0) == e.length() - 1) {
                return samples(e.substring(1, e.length() - 1));
            }
            List<String> condition = split(e, '?'); // a condition binds less tightly than +
            if (condition.size() >= 2) {
                // a ? b : c ? d : e — the first ':' after the first '?' ends b; the rest is one expression.
                String branches = e.substring(condition.get(0).length() + 1);
                String first = split(branches, ':').get(0);
                List<String> out = new ArrayList<>(samples(first));
                out.addAll(samples(branches.substring(first.length() + 1)));
                return out;
            }
            List<String> parts = split(e, '+');
            if (parts.size() > 1) {
                List<String> out = List.of("");
                for (String part : parts) {
                    List<String> next = new ArrayList<>();
                    for (String head : out) {
                        for (String tail : samples(part)) {
                            next.add(head + tail);
                        }
                    }
                    out = next;
                }
                return out.stream().map(s -> s.replaceAll("x+", "x")).distinct().toList();
            }
            if (e.startsWith("\"") && endOfString(e, 0) == e.length()) {
                return List.of(e.substring(1, e.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\"));
            }
            return List.of("x");
        }

        /** Splits at {@code separator} outside strings, parentheses and brackets. */
        private static List<String> split(String e, char separator) {
            List<String> out = new ArrayList<>();
            int depth = 0;
            int start = 0;
            for (int i = 0; i < e.length(); i++) {
                char c = e.charAt(i);
                if (c == '"') {
                    i = endOfString(e, i) - 1;
                } else if (c == '(' || c == '[' || c == '{') {
                    depth++;
                } else if (c == ')' || c == ']' || c == '}') {
                    depth--;
                } else if (c == separator && depth == 0) {
                    out.add(e.substring(start, i));
                    start = i + 1;
                }
            }
            out.add(e.substring(start));
            return out;
        }

        private static int closing(String e, int open) {
            int depth = 0;
            for (int i = open; i < e.length(); i++) {
                char c = e.charAt(i);
                if (c == '"') {
                    i = endOfString(e, i) - 1;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth == 0) {
                    return i;
                }
            }
            return -1;
        }

        /** The index just after the string literal that opens at {@code open}. */
        private static int endOfString(String s, int open) {
            for (int i = open + 1; i < s.length(); i++) {
                if (s.charAt(i) == '\\') {
                    i++;
                } else if (s.charAt(i) == '"') {
                    return i + 1;
                }
            }
            throw new IllegalArgumentException("unclosed string at " + open);
        }
    }
}
