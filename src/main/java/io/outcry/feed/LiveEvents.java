package io.outcry.feed;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The live events of this node, numbered in order and kept in a bounded ring so that a client that reconnects with
 * the last id it saw gets everything it missed. Anything may {@link #publish} into it: the detector's changes on this
 * node, and later a bridge that relays other nodes' events (PostgreSQL LISTEN/NOTIFY).
 */
public final class LiveEvents implements AutoCloseable {
    /** An event with its place in this node's sequence; the id is what SSE clients send back as Last-Event-ID. */
    public record Numbered(long id, LiveEvent event) {}

    private final int capacity;
    private final int subscriberQueue;
    private final ArrayDeque<Numbered> ring;
    private final List<Subscription> subscribers = new ArrayList<>();
    private long last;
    private boolean closed;

    /**
     * @param firstId ids continue from here; seeding it from the clock keeps ids growing across restarts, so a
     *     client's Last-Event-ID from before a restart is never mistaken for a recent one
     */
    public LiveEvents(int capacity, int subscriberQueue, long firstId) {
        this.capacity = capacity;
        this.subscriberQueue = subscriberQueue;
        this.ring = new ArrayDeque<>(capacity);
        this.last = firstId;
    }

    /** Numbers the event, keeps it in the ring and hands it to every subscriber without waiting for any. */
    public synchronized Numbered publish(LiveEvent event) {
        Numbered n = new Numbered(++last, event);
        if (ring.size() == capacity) {
            ring.removeFirst();
        }
        ring.addLast(n);
        for (Subscription s : subscribers) {
            if (!s.queue.offer(n)) {
                s.overflowed = true; // a client too slow to keep up is dropped; it resumes from the ring
            }
        }
        return n;
    }

    /**
     * Subscribes with the events after {@code lastSeenId} still in the ring as backlog: none for a new client (0), the
     * whole ring for an id this node does not know (from a previous run, or older than the ring). Backlog and live
     * events never overlap.
     */
    public synchronized Subscription subscribe(long lastSeenId) {
        List<Numbered> backlog = new ArrayList<>();
        boolean known = !ring.isEmpty() && lastSeenId >= ring.peekFirst().id() - 1 && lastSeenId <= last;
        for (Numbered n : lastSeenId <= 0 ? List.<Numbered>of() : ring) {
            if (!known || n.id() > lastSeenId) {
                backlog.add(n);
            }
        }
        Subscription s = new Subscription(this, backlog, new ArrayBlockingQueue<>(subscriberQueue));
        if (closed) {
            s.overflowed = true;
        } else {
            subscribers.add(s);
        }
        return s;
    }

    public synchronized long lastId() {
        return last;
    }

    public synchronized int subscriberCount() {
        return subscribers.size();
    }

    private synchronized void unsubscribe(Subscription s) {
        subscribers.remove(s);
    }

    /** Ends every subscription: streams finish instead of holding the server open at shutdown. */
    @Override
    public synchronized void close() {
        closed = true;
        for (Subscription s : subscribers) {
            s.overflowed = true;
            s.queue.offer(new Numbered(-1, null));
        }
        subscribers.clear();
    }

    /** One client's view of the stream: first the backlog, then live events as they come. */
    public static final class Subscription implements AutoCloseable {
        private final LiveEvents events;
        private final List<Numbered> backlog;
        private final BlockingQueue<Numbered> queue;
        private volatile boolean overflowed;

        private Subscription(LiveEvents events, List<Numbered> backlog, BlockingQueue<Numbered> queue) {
            this.events = events;
            this.backlog = backlog;
            this.queue = queue;
        }

        public List<Numbered> backlog() {
            return backlog;
        }

        /** The next live event, or null after {@code wait} without one. */
        public Numbered next(Duration wait) throws InterruptedException {
            Numbered n = queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            return n == null || n.id() < 0 ? null : n;
        }

        /** True when events were lost for this subscriber (it was too slow) or the node is closing. */
        public boolean ended() {
            return overflowed;
        }

        @Override
        public void close() {
            events.unsubscribe(this);
        }
    }
}
