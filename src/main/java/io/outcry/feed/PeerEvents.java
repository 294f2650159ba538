package io.outcry.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outcry.outage.OutageChange;
import io.outcry.outage.OutageStore;
import java.io.IOException;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays outage changes committed by other nodes (heard on PostgreSQL {@code LISTEN}) into this node's live events:
 * each notice names the node, the kind of change and the episode, which is loaded from the database. Notices of this
 * node are skipped, since its own detector already published them. Webhooks are not sent again: the writing node
 * delivers them.
 */
final class PeerEvents implements Consumer<String> {
    private static final Logger log = LoggerFactory.getLogger(PeerEvents.class);

    private final String node;
    private final OutageStore store;
    private final ObjectMapper json;
    private final Consumer<OutageChange> publish;
    private final AtomicLong relayed = new AtomicLong();

    PeerEvents(String node, OutageStore store, ObjectMapper json, Consumer<OutageChange> publish) {
        this.node = node;
        this.store = store;
        this.json = json;
        this.publish = publish;
    }

    @Override
    public void accept(String payload) {
        JsonNode notice;
        try {
            notice = json.readTree(payload);
        } catch (IOException e) {
            log.warn("Ignored a notice that is not JSON ({} bytes)", payload.length());
            return;
        }
        if (node.equals(notice.path("node").asText())) {
            return;
        }
        OutageChange.Kind kind;
        UUID id;
        try {
            kind = OutageChange.Kind.valueOf(notice.path("kind").asText().toUpperCase(Locale.ROOT));
            id = UUID.fromString(notice.path("outage").asText());
        } catch (IllegalArgumentException e) {
            log.warn("Ignored a notice without a known kind and outage id");
            return;
        }
        store.byId(id).ifPresentOrElse(o -> {
            publish.accept(new OutageChange(kind, o));
            relayed.incrementAndGet();
        }, () -> log.warn("Notice of outage {} that is not in the database", id));
    }

    /** Changes of other nodes published here, since start. */
    long relayed() {
        return relayed.get();
    }
}
