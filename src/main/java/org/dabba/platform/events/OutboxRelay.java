package org.dabba.platform.events;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.List;
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
import org.jboss.logging.Logger;

/**
 * Sends unsent outbox rows to their stream's endpoint, oldest first, and marks them sent in the same
 * transaction, to every endpoint of the stream in turn. Rows are claimed with SKIP LOCKED so several instances can
 * relay side by side. A send that fails stops the batch; what was sent before it is kept sent, the rest waits for
 * the next tick. Delivery is at least once: consumers deduplicate on the CloudEvent id.
 *
 * <p>It runs on the timer and, sooner, when a transaction that wrote events commits here ({@link #nudge}): an event
 * leaves within milliseconds of its commit, and the timer catches what other instances or a failed send left.
 * Either way one drain at a time runs per instance, so this instance sends its events in order.
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

    private final ReentrantLock draining = new ReentrantLock();
    private final AtomicBoolean wanted = new AtomicBoolean();
    private final AtomicBoolean nudged = new AtomicBoolean();
    private final ExecutorService nudges = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-relay-nudge");
        t.setDaemon(true);
        return t;
    });

    /**
     * Relays batch after batch until the outbox has nothing left. A drain asked for while another runs is not lost:
     * the running one goes round once more.
     */
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

    /**
     * Events were committed: drain now, off the committing thread (many commits in a row make one drain). Not while
     * the {@code outbox-relay} route is stopped: stopping it (an operator, a test) pauses the relay as a whole.
     */
    void nudge() {
        ServiceStatus relaying = camel.getRouteController().getRouteStatus(OutboxRoutes.RELAY_ROUTE);
        if (relaying == null || !relaying.isStarted()) {
            return; // (before Camel has started too: the timer takes it from there)
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
        @SuppressWarnings("unchecked")
        List<OutboxEvent> batch = Panache.getEntityManager().createNativeQuery(
                "select * from outbox_events where sent_at is null order by seq limit :limit for update skip locked",
                OutboxEvent.class)
                .setParameter("limit", config.batchSize())
                .getResultList();
        int sent = 0;
        for (OutboxEvent event : batch) {
            List<String> endpoints = streams.endpoints().get(event.aggregateType);
            if (endpoints == null || endpoints.isEmpty()) {
                LOG.errorf("No endpoint configured for events of %s (set dabba.events.%s); event %s waits",
                        event.aggregateType, event.aggregateType, event.id);
                break;
            }
            if (!send(event, endpoints)) {
                break;
            }
            event.sentAt = Time.now();
            sent++;
        }
        return sent;
    }

    private boolean send(OutboxEvent event, List<String> endpoints) {
        for (String endpoint : endpoints) {
            Exchange result = producer.send(endpoint, exchange -> {
                exchange.getMessage().setHeader(KafkaConstants.KEY, event.aggregateId.toString());
                exchange.getMessage().setHeader("content-type", CloudEvent.CONTENT_TYPE);
                exchange.getMessage().setHeader("ce_type", event.type);
                exchange.getMessage().setBody(event.payload);
            });
            if (result.getException() != null) {
                LOG.warnf(result.getException(), "Relaying event %s (%s) to %s failed; will retry", event.id,
                        event.type, endpoint);
                return false;
            }
        }
        return true;
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
    }
}
