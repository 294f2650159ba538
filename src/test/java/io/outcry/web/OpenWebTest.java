package io.outcry.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.outcry.CapturedLog;
import io.outcry.Client.Answer;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import io.outcry.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What any client on the open web may send gets a 4xx that says what was wrong, never a 500 or a hang. */
class OpenWebTest {
    @RegisterExtension
    static final TestNode node = TestNode.fresh();

    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=latin-1", "application/json;charset=no-such-charset",
        "application/x-www-form-urlencoded; charset=latin-1", "application/json; charset=\"\""})
    void refuses_a_charset_it_cannot_read_with_415(String contentType) {
        String body = contentType.contains("json") ? "{\"service\":\"chatgpt\"}" : "service=chatgpt";
        Answer a = node.client.post("/api/v1/reports", contentType, body);
        assertEquals(415, a.status(), a.body());
        assertTrue(a.header("Content-Type").startsWith("application/problem+json"), a.header("Content-Type"));
        assertTrue(a.body().contains("charset"), a.body());
    }

    @Test
    void reads_utf_8_named_any_way() {
        Answer a = node.client.post("/api/v1/reports", "application/json; charset=UTF-8", "{\"service\":\"chatgpt\"}");
        assertEquals(201, a.status(), a.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"*/*", "text/event-stream", "text/*;q=0.9", ""})
    void streams_to_a_generic_client(String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + node.app.port() + "/api/v1/stream"));
        if (!accept.isEmpty()) {
            b.header("Accept", accept);
        }
        HttpResponse<InputStream> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"),
                    r.headers().toString());
            assertEquals(": outcry live events", in.readLine());
        }
    }

    @Test
    void refuses_a_stream_to_a_client_that_accepts_only_json() {
        Answer a = node.client.get("/api/v1/stream", "Accept", "application/json");
        assertEquals(406, a.status(), a.body());
        assertTrue(a.header("Content-Type").startsWith("application/problem+json"));
    }

    @Test
    void a_client_that_leaves_mid_body_is_no_error_of_ours() throws Exception {
        try (CapturedLog logged = CapturedLog.root()) {
            for (int i = 0; i < 20; i++) {
                try (Socket socket = new Socket("localhost", node.app.port())) {
                    OutputStream out = socket.getOutputStream();
                    out.write(("POST /api/v1/reports HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 1000\r\n\r\n{\"service\":").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
            until(Duration.ofSeconds(10), () -> node.client.get("/metrics").body().contains("incomplete-body"));
            String metrics = node.client.get("/metrics").body();
            assertFalse(metrics.contains("internal-error"), metrics);
            assertEquals(List.of(), logged.atLeast(Level.WARN));
        }
    }

    /** Polls a condition every 10 ms until it holds or the time is up. */
    static void until(Duration atMost, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "the condition did not hold within " + atMost);
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
        }
    }

    @Test
    void other_sites_may_read_the_api_but_not_the_metrics() {
        assertEquals("*", node.client.get("/api/v1/status").header("Access-Control-Allow-Origin"));
        Answer metrics = node.client.get("/metrics");
        assertEquals(200, metrics.status());
        assertEquals(null, metrics.header("Access-Control-Allow-Origin"));
    }
}
