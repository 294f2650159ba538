package io.outcry.push;

import static io.outcry.db.Tables.PUSH_KEY;
import static io.outcry.db.Tables.PUSH_SUBSCRIPTION;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;

/** The SQL of Web Push: subscriptions and the VAPID key pair. */
public final class PushStore {
    /** One browser's wish to hear about one service, everywhere ({@code *}) or in one area. */
    public record Subscription(UUID id, int serviceId, String area, WebPush.Target target, String lang) {}

    private final DSLContext dsl;

    public PushStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Adds a subscription, or renews its keys and language when the same browser asks again. */
    public void subscribe(int serviceId, String area, WebPush.Target t, String lang, Instant now) {
        dsl.insertInto(PUSH_SUBSCRIPTION)
                .set(PUSH_SUBSCRIPTION.ID, UUID.randomUUID())
                .set(PUSH_SUBSCRIPTION.SERVICE_ID, serviceId)
                .set(PUSH_SUBSCRIPTION.AREA, area)
                .set(PUSH_SUBSCRIPTION.ENDPOINT, t.endpoint())
                .set(PUSH_SUBSCRIPTION.P256DH, t.p256dh())
                .set(PUSH_SUBSCRIPTION.AUTH, t.auth())
                .set(PUSH_SUBSCRIPTION.LANG, lang)
                .set(PUSH_SUBSCRIPTION.CREATED_AT, now.atOffset(ZoneOffset.UTC))
                .onConflict(PUSH_SUBSCRIPTION.ENDPOINT, PUSH_SUBSCRIPTION.SERVICE_ID, PUSH_SUBSCRIPTION.AREA)
                .doUpdate()
                .set(PUSH_SUBSCRIPTION.P256DH, t.p256dh())
                .set(PUSH_SUBSCRIPTION.AUTH, t.auth())
                .set(PUSH_SUBSCRIPTION.LANG, lang)
                .execute();
    }

    /** Removes one browser's subscription to a service (every area when {@code area} is null). */
    public int unsubscribe(String endpoint, int serviceId, String area) {
        var where = PUSH_SUBSCRIPTION.ENDPOINT.eq(endpoint).and(PUSH_SUBSCRIPTION.SERVICE_ID.eq(serviceId));
        return dsl.deleteFrom(PUSH_SUBSCRIPTION)
                .where(area == null ? where : where.and(PUSH_SUBSCRIPTION.AREA.eq(area)))
                .execute();
    }

    /** Every subscription of an endpoint the push service says is gone. */
    public int forget(String endpoint) {
        return dsl.deleteFrom(PUSH_SUBSCRIPTION).where(PUSH_SUBSCRIPTION.ENDPOINT.eq(endpoint)).execute();
    }

    /** The subscriptions of a service in {@code areas}, or in every area when {@code areas} is null. */
    public List<Subscription> of(int serviceId, List<String> areas) {
        return dsl.selectFrom(PUSH_SUBSCRIPTION)
                .where(PUSH_SUBSCRIPTION.SERVICE_ID.eq(serviceId),
                        areas == null ? org.jooq.impl.DSL.noCondition() : PUSH_SUBSCRIPTION.AREA.in(areas))
                .fetch(r -> new Subscription(r.getId(), r.getServiceId(), r.getArea(),
                        new WebPush.Target(r.getEndpoint(), r.getP256dh(), r.getAuth()), r.getLang()));
    }

    public int count() {
        return dsl.fetchCount(PUSH_SUBSCRIPTION);
    }

    /** The VAPID key pair shared by every node: made and stored by the first node that asks. */
    public KeyPair vapidKeys() {
        var row = dsl.selectFrom(PUSH_KEY).where(PUSH_KEY.ID.eq(1)).fetchOne();
        if (row == null) {
            KeyPair fresh = WebPush.newKeyPair();
            dsl.insertInto(PUSH_KEY)
                    .set(PUSH_KEY.ID, 1)
                    .set(PUSH_KEY.PRIVATE_KEY, Base64.getEncoder().encodeToString(fresh.getPrivate().getEncoded()))
                    .set(PUSH_KEY.PUBLIC_KEY, Base64.getEncoder().encodeToString(
                            WebPush.raw((ECPublicKey) fresh.getPublic())))
                    .onConflictDoNothing()
                    .execute();
            row = dsl.selectFrom(PUSH_KEY).where(PUSH_KEY.ID.eq(1)).fetchOne();
        }
        try {
            return WebPush.keyPair(Base64.getDecoder().decode(row.getPrivateKey()),
                    Base64.getDecoder().decode(row.getPublicKey()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the stored VAPID key cannot be read", e);
        }
    }
}
