package io.outcry.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outcry.outage.OutageChange;
import io.outcry.outage.OutageView;
import io.outcry.web.PublicTarget;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers outage changes to the webhooks that want them: a signed JSON POST ({@code {event, outage}}, see
 * {@link Signature}), retried with exponential backoff (base, 2·base, 4·base … for {@value #MAX_ATTEMPTS} attempts)
 * until a 2xx answer, each attempt logged. Works on its own threads with connect and answer timeouts, so a slow or
 * dead receiver never delays the detector that hands it the changes.
 */
public final class WebhookCourier implements Consumer<OutageChange>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookCourier.class);
    static final int MAX_ATTEMPTS = 5;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
    /**
     * What the delivery log says of every failed attempt, whatever the cause: telling a refused connection from an
     * HTTP status or a timeout would let whoever reads it map the ports of the target's host.
     */
    static final String NOT_DELIVERED = "not delivered: no 2xx answer within 15 s";

    private final WebhookStore store;
    private final ObjectMapper json;
    private final Supplier<OutageView> view;
    private final Clock clock;
    private final PublicTarget target;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("webhook-retries").daemon().unstarted(r));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private volatile Duration baseDelay;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    WebhookCourier(WebhookStore store, ObjectMapper json, Supplier<OutageView> view, Clock clock, Duration baseDelay,
            PublicTarget target) {
        this.target = target;
        this.store = store;
        this.json = json;
        this.view = view;
        this.clock = clock;
        this.baseDelay = baseDelay;
    }

    /** The wait before the second attempt; later waits double. Tests shorten it. */
    public void baseDelay(Duration delay) {
        this.baseDelay = delay;
    }

    /** Called by the detector after a commit: hands the change to the courier's threads and returns at once. */
    @Override
    public void accept(OutageChange change) {
        try {
            workers.execute(() -> fanOut(change));
        } catch (RejectedExecutionException e) {
            log.debug("Courier closed; change not delivered");
        }
    }

    private void fanOut(OutageChange change) {
        try {
            String event = Feeds.eventName(change.kind());
            byte[] payload = json.writeValueAsBytes(new Delivery(event, view.get().json(change.outage(),
                    clock.instant(), ZoneOffset.UTC)));
            for (Webhook w : store.active()) {
                if (w.wants(change.outage())) {
                    attempt(w, event, payload, UUID.randomUUID(), 1);
                }
            }
        } catch (JsonProcessingException | RuntimeException e) {
            log.error("Could not prepare webhook deliveries", e);
        }
    }

    private void attempt(Webhook w, String event, byte[] payload, UUID delivery, int attempt) {
        long t = clock.instant().getEpochSecond();
        Integer status = null;
        String error = null;
        try {
            // Checked again at each attempt: the host's addresses may have changed since it was registered.
            String refusal = target.refusal(URI.create(w.url()));
            if (refusal != null) {
                throw new IOException(refusal);
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create(w.url()))
                    .timeout(ANSWER_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Outcry-Webhook/1")
                    .header("Outcry-Event", event)
                    .header("Outcry-Delivery", delivery.toString())
                    .header(Signature.HEADER, Signature.header(w.secret(), t, payload))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(payload))
                    .build();
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | IllegalArgumentException e) {
            log.debug("Webhook {} attempt {} failed: {}", w.id(), attempt, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted at shutdown";
        }
        boolean delivered = status != null && status >= 200 && status < 300;
        (delivered ? this.delivered : this.failed).incrementAndGet();
        try {
            store.log(new WebhookStore.Delivery(UUID.randomUUID(), w.id(), event,
                    new String(payload, StandardCharsets.UTF_8), attempt, delivered ? status : null,
                    delivered ? null : error != null ? error : NOT_DELIVERED, clock.instant(),
                    delivered ? clock.instant() : null));
        } catch (RuntimeException e) {
            log.warn("Could not log a delivery attempt of webhook {}", w.id(), e);
        }
        if (!delivered && attempt < MAX_ATTEMPTS) {
            long wait = baseDelay.toMillis() << (attempt - 1);
            try {
                retries.schedule(() -> workers.execute(() -> attempt(w, event, payload, delivery, attempt + 1)), wait,
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                log.debug("Courier closed; retry of webhook {} dropped", w.id());
            }
        } else if (!delivered) {
            log.warn("Webhook {} failed {} times for {}; giving up", w.id(), attempt, event);
        }
    }

    /** Attempts answered with a 2xx, since start. */
    public long delivered() {
        return delivered.get();
    }

    /** Attempts that failed (no answer, or not a 2xx), since start; each retry counts again. */
    public long failed() {
        return failed.get();
    }

    private static String clip(String s) {
        return s.length() <= 400 ? s : s.substring(0, 400);
    }

    @Override
    public void close() {
        retries.shutdownNow();
        workers.shutdownNow();
    }

    /** A webhook's body: the event and the outage as the API shows it. */
    record Delivery(String event, OutageView.Shown outage) {}
}
