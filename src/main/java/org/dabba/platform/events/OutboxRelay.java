package org.dabba.platform.events;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.kafka.KafkaConstants;
import org.dabba.platform.Time;
import org.dabba.platform.tracing.TraceContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.dabba.platform.jobs.Backoff;
import org.dabba.platform.jobs.Leases;
import org.jboss.logging.Logger;

/**
 * Sends unsent outbox rows, oldest first, to every endpoint of their stream and marks them sent in the same
 * transaction. At least once: consumers deduplicate on the CloudEvent id.
 *
 * <p>One aggregate's events leave in the order written, however many instances relay: a batch takes an aggregate's
 * events only under a transaction-scoped advisory lock on it, only if no earlier event of it waits for a retry, and
 * a failed event holds back the rest of its aggregate in the batch. A failing event is retried after a backoff and,
 * after {@code max-attempts}, parked in dead_letters (consumer {@code outbox-relay}; a replay requeues it) so its
 * aggregate goes on. When every event of a batch fails, the stream is down, not the events: nothing is counted.
 *
 * <p>It runs on the timer and right after a commit that wrote events ({@link #nudge}), one drain at a time per
 * instance, so this instance sends its events in order.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    @Inject
    ProducerTemplate producer;

    @Inject
    CamelContext camel;

    @Inject
    EventStreams streams;

    @Inject
    OutboxConfig config;

    /** The advisory lock class of "an aggregate's events are being relayed" (pg_try_advisory_xact_lock(int, int)). */
    static final int AGGREGATE_LOCKS = 0x0DABBA01;

    @Inject
    DeadLetters deadLetters;

    @Inject
    CloudEvents cloudEvents;

    @Inject
    Tracer tracer;

    private final ReentrantLock draining = new ReentrantLock();
    private final AtomicBoolean wanted = new AtomicBoolean();
    private final AtomicBoolean nudged = new AtomicBoolean();
    private final ExecutorService nudges = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-relay-nudge");
        t.setDaemon(true);
        return t;
    });

    /** Relays batch after batch until the outbox is empty; one asked for while another runs makes it go round again. */
    public void drain() {
        wanted.set(true);
        while (wanted.get() && draining.tryLock()) {
            try {
                wanted.set(false);
                while (relayBatch() >= config.batchSize()) {
                    // a full batch: there may be more
                }
            } finally {
                draining.unlock();
            }
        }
    }

    /** Drains now, off the committing thread; not while the {@code outbox-relay} route is stopped (a pause). */
    void nudge() {
        ServiceStatus relaying = camel.getRouteController().getRouteStatus(OutboxRoutes.RELAY_ROUTE);
        if (relaying == null || !relaying.isStarted()) {
            return;
        }
        if (nudged.compareAndSet(false, true)) {
            nudges.execute(() -> {
                nudged.set(false);
                try {
                    drain();
                } catch (RuntimeException e) {
                    LOG.debugf("Relay after commit failed (%s); the timer retries", e.toString());
                }
            });
        }
    }

    /** @return how many events were relayed */
    @Transactional
    public int relayBatch() {
        Instant now = Time.now();
        @SuppressWarnings("unchecked")
        List<OutboxEvent> batch = Panache.getEntityManager().createNativeQuery("""
                select * from outbox_events e
                where e.sent_at is null and e.parked_at is null
                  and (e.next_attempt_at is null or e.next_attempt_at <= :now)
                  and not exists (select 1 from outbox_events b
                                  where b.aggregate_id = e.aggregate_id and b.sent_at is null
                                    and b.parked_at is null and b.seq < e.seq and b.next_attempt_at > :now)
                  and pg_try_advisory_xact_lock(:lockClass, hashtext(e.aggregate_id::text))
                order by e.seq limit :limit for update skip locked""", OutboxEvent.class)
                .setParameter("now", now)
                .setParameter("lockClass", AGGREGATE_LOCKS)
                .setParameter("limit", config.batchSize())
                .getResultList();
        Set<UUID> heldBack = new HashSet<>();
        Map<OutboxEvent, String> failed = new LinkedHashMap<>();
        int sent = 0;
        for (OutboxEvent event : batch) {
            if (heldBack.contains(event.aggregateId)) {
                continue; // an earlier event of its aggregate failed: it goes first
            }
            List<String> endpoints = streams.endpoints().get(event.aggregateType);
            if (endpoints == null || endpoints.isEmpty()) {
                LOG.errorf("No endpoint configured for events of %s (set dabba.events.%s); event %s waits",
                        event.aggregateType, event.aggregateType, event.id);
                heldBack.add(event.aggregateId);
                continue;
            }
            String failure = send(event, endpoints);
            if (failure == null) {
                event.sentAt = Time.now();
                sent++;
            } else {
                heldBack.add(event.aggregateId);
                failed.put(event, failure);
            }
        }
        if (sent == 0 && failed.size() > 1) {
            LOG.warnf("Relaying failed for all %d events tried (%s); the stream looks down, retrying",
                    failed.size(), failed.values().iterator().next());
        } else {
            failed.forEach((event, error) -> failedOnce(event, error, now));
        }
        return sent;
    }

    /** One more failed publication of the event: retried after a backoff, or parked after the last attempt. */
    private void failedOnce(OutboxEvent event, String error, Instant now) {
        event.attempts++;
        event.lastError = Leases.truncate(error, 1000);
        if (event.attempts < config.maxAttempts()) {
            event.nextAttemptAt = new Backoff(config.retryDelay(), config.retryMaxDelay()).next(now, event.attempts);
            LOG.warnf("Relaying event %s (%s) failed (attempt %d: %s); next attempt at %s", event.id, event.type,
                    event.attempts, event.lastError, event.nextAttemptAt);
            return;
        }
        event.parkedAt = now;
        event.nextAttemptAt = null;
        deadLetters.park(OutboxRoutes.RELAY_ROUTE, event.payload, event.lastError, event.attempts);
    }

    /** A replay of a parked event: due at once, after its aggregate's later events (consumers order by state). */
    @Transactional
    public void requeue(String cloudEvent) throws IOException {
        String id = cloudEvents.read(cloudEvent).id();
        int queued = Panache.getEntityManager().createNativeQuery("""
                update outbox_events set parked_at = null, attempts = 0, next_attempt_at = null, last_error = null
                where id = :id and parked_at is not null and sent_at is null""")
                .setParameter("id", UUID.fromString(id)).executeUpdate();
        if (queued == 0) {
            throw new IllegalStateException("Event " + id + " is not parked in the outbox (sent, or purged)");
        }
        nudge();
    }

    /**
     * @return null when every endpoint took the event, else why not. The relay's work for the event is a span of the
     *     trace it was published in, however long it waited; Camel's send continues it on the wire (Kafka or seda
     *     headers), so consumers' spans follow from this one.
     */
    private String send(OutboxEvent event, List<String> endpoints) {
        Span span = tracer.spanBuilder("relay " + event.type)
                .setParent(new TraceContext(event.traceparent, event.tracestate).context())
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("dabba.event.id", event.id.toString())
                .setAttribute("dabba.event.type", event.type)
                .setAttribute("dabba.event.subject", event.aggregateId.toString())
                .setAttribute("dabba.event.attempt", event.attempts + 1)
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            String failure = sendTraced(event, endpoints, TraceContext.current());
            if (failure != null) {
                span.setStatus(StatusCode.ERROR, failure);
            }
            return failure;
        } finally {
            span.end();
        }
    }

    private String sendTraced(OutboxEvent event, List<String> endpoints, TraceContext relaying) {
        for (String endpoint : endpoints) {
            Exchange result = producer.send(endpoint, exchange -> {
                if (!relaying.isEmpty()) {
                    // What Camel's tracing starts the send's span from, when the exchange has none yet.
                    exchange.getMessage().setHeader(TraceContext.TRACEPARENT, relaying.traceparent());
                    if (relaying.tracestate() != null) {
                        exchange.getMessage().setHeader(TraceContext.TRACESTATE, relaying.tracestate());
                    }
                }
                exchange.getMessage().setHeader(KafkaConstants.KEY, event.aggregateId.toString());
                // Structured mode: the body is the whole event, so no ce_* header repeats its attributes.
                exchange.getMessage().setHeader("content-type", CloudEvent.CONTENT_TYPE);
                exchange.getMessage().setBody(event.payload);
            });
            if (result.getException() != null) {
                return DeadLetters.describe(result.getException());
            }
        }
        return null;
    }

    /** Forgets relayed events after the retention period; the outbox is a queue, not an archive. */
    @Transactional
    public long purgeSent() {
        return OutboxEvent.delete("sentAt < ?1", Time.now().minus(config.retention()));
    }

    @io.smallrye.config.ConfigMapping(prefix = "dabba.outbox")
    public interface OutboxConfig {
        /** Milliseconds between two relay polls. */
        long pollInterval();

        int batchSize();

        Duration retention();

        /** Failed publications of one event before it is parked (dead_letters) so that its aggregate goes on. */
        int maxAttempts();

        /** The wait after an event's first failed publication, doubling up to {@link #retryMaxDelay()}. */
        Duration retryDelay();

        Duration retryMaxDelay();
    }
}
