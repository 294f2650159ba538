package io.outcry.web;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outcry.TestNode;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Long reads take turns (fewer at once than the cores), and a read whose client left stops: while it waits for its
 * turn, and between the steps of its work.
 */
class HeavyReadsTest {
    @RegisterExtension
    static final TestNode node = TestNode.fresh();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Thread> holders = new ArrayList<>();

    @AfterEach
    void releaseTurns() throws InterruptedException {
        release.countDown();
        for (Thread t : holders) {
            t.join();
        }
    }

    /** Takes every turn, as long reads that compute would, until the test ends. */
    private HeavyReads holdEveryTurn() {
        HeavyReads heavy = node.app.heavyReads();
        for (int i = 0; i < heavy.turns(); i++) {
            holders.add(Thread.ofVirtual().start(() -> heavy.run(Departure.NEVER, () -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            })));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> heavy.running() == heavy.turns());
        return heavy;
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/map/now?level=region&window=24h", "/api/v1/services/chatgpt/reports?since=P30D",
        "/api/v1/services/chatgpt/baseline?since=P6D&step=1m"})
    void a_long_read_waits_for_its_turn_then_answers(String path) throws Exception {
        HeavyReads heavy = holdEveryTurn();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + node.app.port() + path)).build();
        CompletableFuture<HttpResponse<String>> answer = HttpClient.newHttpClient()
                .sendAsync(request, HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> heavy.waiting() == 1);
        assertFalse(answer.isDone(), "answered while every turn was taken");
        release.countDown();
        HttpResponse<String> r = answer.get();
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(0, heavy.waiting());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/map/now?level=region&window=12h", "/api/v1/services/chatgpt/reports?since=P20D"})
    void a_read_whose_client_left_gives_up_its_place_without_computing(String path) throws Exception {
        HeavyReads heavy = holdEveryTurn();
        long abandoned = heavy.abandoned();
        try (Socket s = new Socket("127.0.0.1", node.app.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> heavy.waiting() == 1);
        }
        // Every turn is still taken: the read stopped because its client left, not because it got its turn.
        await().atMost(Duration.ofSeconds(5)).until(() -> heavy.abandoned() == abandoned + 1);
        assertEquals(0, heavy.waiting());
        assertEquals(heavy.turns(), heavy.running());
        assertTrue(node.client.get("/metrics").body().contains("outcry_reads_heavy_abandoned_total"));
    }
}
