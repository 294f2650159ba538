package io.outcry.feed;

import static io.outcry.db.Tables.WEBHOOK;
import static io.outcry.db.Tables.WEBHOOK_DELIVERY;

import io.outcry.db.tables.records.WebhookRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/** The SQL of webhooks: registrations and the log of every delivery attempt. */
public final class WebhookStore {
    private final DSLContext dsl;

    public WebhookStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** One attempt to deliver one event, as logged. */
    public record Delivery(UUID id, UUID webhookId, String event, String payload, int attempt, Integer statusCode,
            String error, Instant createdAt, Instant deliveredAt) {}

    public void add(Webhook w) {
        dsl.insertInto(WEBHOOK)
                .set(WEBHOOK.ID, w.id())
                .set(WEBHOOK.URL, w.url())
                .set(WEBHOOK.SECRET, w.secret())
                .set(WEBHOOK.SERVICES, String.join(",", w.services()))
                .set(WEBHOOK.REGIONS, String.join(",", w.regions()))
                .set(WEBHOOK.CREATED_AT, utc(w.createdAt()))
                .set(WEBHOOK.ACTIVE, w.active())
                .execute();
    }

    public List<Webhook> active() {
        return dsl.selectFrom(WEBHOOK).where(WEBHOOK.ACTIVE.isTrue()).orderBy(WEBHOOK.CREATED_AT, WEBHOOK.ID)
                .fetch(WebhookStore::webhook);
    }

    public Optional<Webhook> byId(UUID id) {
        return dsl.selectFrom(WEBHOOK).where(WEBHOOK.ID.eq(id)).fetchOptional(WebhookStore::webhook);
    }

    /** Stops deliveries to a webhook and keeps its log. Returns false when no active webhook has this id. */
    public boolean deactivate(UUID id) {
        return dsl.update(WEBHOOK).set(WEBHOOK.ACTIVE, false)
                .where(WEBHOOK.ID.eq(id).and(WEBHOOK.ACTIVE.isTrue())).execute() == 1;
    }

    public void log(Delivery d) {
        dsl.insertInto(WEBHOOK_DELIVERY)
                .set(WEBHOOK_DELIVERY.ID, d.id())
                .set(WEBHOOK_DELIVERY.WEBHOOK_ID, d.webhookId())
                .set(WEBHOOK_DELIVERY.EVENT, d.event())
                .set(WEBHOOK_DELIVERY.PAYLOAD, d.payload())
                .set(WEBHOOK_DELIVERY.ATTEMPT, d.attempt())
                .set(WEBHOOK_DELIVERY.STATUS_CODE, d.statusCode())
                .set(WEBHOOK_DELIVERY.ERROR, d.error())
                .set(WEBHOOK_DELIVERY.CREATED_AT, utc(d.createdAt()))
                .set(WEBHOOK_DELIVERY.DELIVERED_AT, utc(d.deliveredAt()))
                .execute();
    }

    /** The latest attempts for a webhook, newest first. */
    public List<Delivery> deliveries(UUID webhookId, int limit) {
        return dsl.selectFrom(WEBHOOK_DELIVERY).where(WEBHOOK_DELIVERY.WEBHOOK_ID.eq(webhookId))
                .orderBy(WEBHOOK_DELIVERY.CREATED_AT.desc(), WEBHOOK_DELIVERY.ATTEMPT.desc())
                .limit(limit)
                .fetch(r -> new Delivery(r.getId(), r.getWebhookId(), r.getEvent(), r.getPayload(), r.getAttempt(),
                        r.getStatusCode(), r.getError(), r.getCreatedAt().toInstant(),
                        r.getDeliveredAt() == null ? null : r.getDeliveredAt().toInstant()));
    }

    private static Webhook webhook(WebhookRecord r) {
        return new Webhook(r.getId(), r.getUrl(), r.getSecret(), list(r.getServices()), list(r.getRegions()),
                r.getCreatedAt().toInstant(), r.getActive());
    }

    private static List<String> list(String csv) {
        return csv == null || csv.isBlank() ? List.of() : Arrays.asList(csv.split(","));
    }

    private static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }
}
