package org.dabba.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.dabba.delivery.CourierStore.Fix;
import org.jboss.logging.Logger;

/**
 * The way from courier sockets to Redis, bounded whatever the couriers send: the newest unstored position of each
 * courier (a newer one replaces it: coalesced), flushed by one drainer at most once a {@code flush-interval}, in
 * pipelines of {@code batch-size}, at most {@code max-in-flight} of them unanswered. When Redis is slower than the
 * sockets the map just holds the newest position per courier, so memory is bounded by the couriers connected (and
 * {@code max-pending}), never by how fast they send. Couriers are flushed in the order they first had a position
 * waiting, so none starves.
 *
 * <p>Counted in {@code dabba.courier.positions} by outcome: stored, coalesced, dropped (map full), failed (Redis
 * failed or timed out; put back unless a newer one came), implausible and rate-limited (counted by their callers).
 */
@ApplicationScoped
class LatestPositions {

    private static final Logger LOG = Logger.getLogger(LatestPositions.class);
    static final String METER = "dabba.courier.positions";
    /** After a failed pipeline, the drainer waits this long before trying Redis again. */
    private static final long BACKOFF_MS = 500;

    /** A position waiting to be stored, and the socket it came on (to tell the courier when it is refused). */
    record Waiting(Fix fix, WebSocketConnection from) {
    }

    @Inject
    CourierStore store;

    @Inject
    CourierPresence presence;

    @Inject
    DeliveryConfig config;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry registry;

    private final Map<UUID, Waiting> pending = new ConcurrentHashMap<>();
    /** Couriers with a position in {@link #pending}, each once, in the order they got one. */
    private final Queue<UUID> order = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile Context drainer;
    private volatile long pausedUntil;
    private volatile long lastRound;

    Counter stored;
    Counter coalesced;
    Counter dropped;
    Counter failed;

    void start(@Observes StartupEvent start) {
        drainer = vertx.getOrCreateContext();
    }

    @jakarta.annotation.PostConstruct
    void meters() {
        stored = counter("stored");
        coalesced = counter("coalesced");
        dropped = counter("dropped");
        failed = counter("failed");
    }

    Counter counter(String outcome) {
        return Counter.builder(METER).tag("outcome", outcome)
                .description("Courier positions from sockets, by what became of them").register(registry);
    }

    /** The event loop the drainer runs on: positions offered there are not flushed until it is free again. */
    Context drainer() {
        return drainer;
    }

    /** How many couriers have a position waiting. */
    int waiting() {
        return pending.size();
    }

    /** Keeps {@code fix} as the courier's newest position to store; never waits. */
    void offer(Fix fix, WebSocketConnection from) {
        UUID courierId = fix.courierId();
        Waiting w = new Waiting(fix, from);
        Waiting before = pending.computeIfPresent(courierId, (id, older) -> w);
        if (before != null) {
            coalesced.increment();
        } else if (pending.size() >= config.positions().maxPending()) {
            dropped.increment();
            return;
        } else if (pending.putIfAbsent(courierId, w) == null) {
            order.add(courierId);
        } else {
            pending.put(courierId, w);
            coalesced.increment();
        }
        schedule();
    }

    private void schedule() {
        Context known = drainer;
        Context context = known != null ? known : (drainer = vertx.getOrCreateContext());
        if (scheduled.compareAndSet(false, true)) {
            // One round per flush-interval at most: a courier sending faster is stored at that pace, the rest
            // coalesced, so a flood costs Redis (and the event loops) a bounded amount of work.
            long wait = Math.max(pausedUntil, lastRound + config.positions().flushInterval().toMillis())
                    - System.currentTimeMillis();
            if (wait > 0) {
                vertx.setTimer(wait, id -> context.runOnContext(v -> drain()));
            } else {
                context.runOnContext(v -> drain());
            }
        }
    }

    /** On the drainer's context only: sends pipelines while there are positions and in-flight room. */
    private void drain() {
        scheduled.set(false);
        lastRound = System.currentTimeMillis();
        int batchSize = config.positions().batchSize();
        while (inFlight.get() < config.positions().maxInFlight()) {
            List<Waiting> batch = new ArrayList<>(Math.min(batchSize, pending.size()));
            UUID id;
            while (batch.size() < batchSize && (id = order.poll()) != null) {
                Waiting w = pending.remove(id);
                if (w != null) {
                    batch.add(w);
                }
            }
            if (batch.isEmpty()) {
                return;
            }
            inFlight.incrementAndGet();
            store.storeBatch(batch.stream().map(Waiting::fix).toList()).subscribe().with(answers -> {
                inFlight.decrementAndGet();
                stored.increment(batch.size());
                for (int i = 0; i < batch.size(); i++) {
                    try {
                        presence.stored(batch.get(i), answers.get(i));
                    } catch (RuntimeException e) {
                        LOG.debugf("After storing a position: %s", e);
                    }
                }
                schedule();
            }, failure -> {
                inFlight.decrementAndGet();
                failed.increment(batch.size());
                LOG.warnf("Courier positions not stored (%d, put back unless newer ones came): %s", batch.size(),
                        failure.toString());
                for (Waiting w : batch) {
                    if (pending.putIfAbsent(w.fix().courierId(), w) == null) {
                        order.add(w.fix().courierId());
                    }
                }
                pausedUntil = System.currentTimeMillis() + BACKOFF_MS;
                schedule();
            });
        }
    }
}
