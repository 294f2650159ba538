package io.outcry.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outcry.outage.Outage;
import io.outcry.outage.OutageChange;
import io.outcry.outage.OutageView;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes to subscribed browsers when an outage is confirmed and when it ends (resolved, or possible problems that did
 * not last). A world-wide outage reaches every subscriber of the service; a regional one those of its region and of
 * its country. A push service's 404 or 410 means the browser unsubscribed: its subscriptions are removed.
 */
public final class PushCourier implements Consumer<OutageChange>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PushCourier.class);
    private static final Duration TTL = Duration.ofHours(6);

    private final PushStore store;
    private final WebPush push;
    private final Supplier<OutageView> view;
    private final ObjectMapper json;
    private final Clock clock;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong forgotten = new AtomicLong();

    public PushCourier(PushStore store, WebPush push, Supplier<OutageView> view, ObjectMapper json, Clock clock) {
        this.store = store;
        this.push = push;
        this.view = view;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void accept(OutageChange change) {
        boolean starts = change.kind() == OutageChange.Kind.CONFIRMED;
        boolean ends = change.kind() == OutageChange.Kind.RESOLVED || change.kind() == OutageChange.Kind.DISMISSED;
        if (!starts && !ends) {
            return;
        }
        Outage o = change.outage();
        workers.submit(() -> deliver(o, starts));
    }

    private void deliver(Outage o, boolean starts) {
        try {
            List<String> areas = "*".equals(o.scope()) ? null : List.of(o.scope(), o.scope().split("-")[0]);
            for (PushStore.Subscription s : store.of(o.serviceId(), areas)) {
                String refusal = push.refusal(java.net.URI.create(s.target().endpoint()));
                if (refusal != null) {
                    log.debug("Web Push to {} not sent, subscription forgotten: {}", host(s), refusal);
                    store.forget(s.target().endpoint());
                    forgotten.incrementAndGet();
                    continue;
                }
                byte[] payload = payload(o, starts, s.lang());
                http.sendAsync(push.request(s.target(), payload, TTL, clock.instant()),
                                HttpResponse.BodyHandlers.discarding())
                        .whenComplete((answer, error) -> done(s, answer, error));
            }
        } catch (RuntimeException e) {
            log.warn("Web Push for outage {} failed", o.id(), e);
        }
    }

    private void done(PushStore.Subscription s, HttpResponse<Void> answer, Throwable error) {
        if (error != null) {
            log.debug("Web Push to {} failed", host(s), error);
            return;
        }
        int status = answer.statusCode();
        if (status == 404 || status == 410) {
            store.forget(s.target().endpoint());
            forgotten.incrementAndGet();
        } else if (status / 100 == 2) {
            sent.incrementAndGet();
        } else {
            log.debug("Web Push to {} answered {}", host(s), status);
        }
    }

    /** What the service worker shows: a title, a body, the page to open, one notification per service. */
    byte[] payload(Outage o, boolean starts, String lang) {
        OutageView v = view.get();
        String name = v.serviceName(o);
        boolean fr = "fr".equals(lang);
        Notification n = new Notification(
                starts ? pick(v.title(o), lang) : fr ? name + " fonctionne à nouveau" : name + " is back",
                starts ? pick(v.explanation(o, ZoneOffset.UTC), lang) : fr
                        ? "Outcry ne voit plus de signalements inhabituels." : "Outcry no longer sees unusual reports.",
                "/s/" + o.service() + "?lang=" + (fr ? "fr" : "en"), "outcry-" + o.service(), o.state().label());
        try {
            return json.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A push's payload; {@code tag} makes a later notification of the service replace the earlier one. */
    record Notification(String title, String body, String url, String tag, String state) {}

    private static String pick(Map<String, String> both, String lang) {
        return both.getOrDefault(lang, both.get("en"));
    }

    private static String host(PushStore.Subscription s) {
        return java.net.URI.create(s.target().endpoint()).getHost();
    }

    /** Pushes accepted by push services since start. */
    public long sent() {
        return sent.get();
    }

    /** Endpoints forgotten since start: their push service said they are gone, or their host is no longer public. */
    public long forgotten() {
        return forgotten.get();
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
