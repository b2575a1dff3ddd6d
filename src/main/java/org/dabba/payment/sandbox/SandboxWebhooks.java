package org.dabba.payment.sandbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.dabba.payment.PaymentEndpoints;
import org.dabba.payment.PaymentsConfig;
import org.dabba.payment.StripeSignature;
import org.dabba.platform.Time;
import org.dabba.platform.jobs.Backoff;
import org.dabba.platform.jobs.Leases;
import org.jboss.logging.Logger;

/**
 * Delivers the sandbox's events as Stripe does: right after the change that owed them commits ({@link #sendSoon}),
 * several at once, freshly signed on every attempt, retried with exponential backoff until a 2xx or
 * {@code webhook-retry-for} (the poll, {@link #deliverDue}). Deliveries are leased in a short transaction, so the
 * first attempt and the poll, or two instances, never send the same attempt, and no connection is held during the call.
 */
@ApplicationScoped
public class SandboxWebhooks {

    private static final Logger LOG = Logger.getLogger(SandboxWebhooks.class);

    private static final int BATCH = 10;

    /** First attempts under way at once: Stripe does not wait for one answer before sending the next event. */
    private static final int SENDERS = 4;

    private final ExecutorService senders = Executors.newFixedThreadPool(SENDERS, r -> {
        Thread t = new Thread(r, "sandbox-webhook-sender");
        t.setDaemon(true);
        return t;
    });

    @Inject
    ProducerTemplate producer;

    @Inject
    PaymentsConfig config;

    @Inject
    PaymentEndpoints endpoints;

    private record Due(String eventId, String eventType, String payload, int attempts, Instant createdAt) {
    }

    /** @return how many deliveries were attempted */
    public int deliverDue() {
        List<Due> due = lease();
        due.forEach(delivery -> record(delivery, send(delivery)));
        return due.size();
    }

    /**
     * The first attempt of events a change just committed, in the order owed, off the committing thread. Nothing is
     * lost when it cannot run (shutting down): the events are due for the poll a retry delay after they were owed.
     */
    void sendSoon(List<String> eventIds) {
        try {
            senders.execute(() -> {
                try {
                    // Owed a retry delay ahead of when they were: due for this attempt now.
                    List<Due> owed = lease(Map.of("ids", eventIds, "aheadMs",
                            (double) config.sandbox().webhookRetryDelay().toMillis()), """
                            event_id in (:ids) and next_attempt_at
                              <= cast(:now as timestamptz) + cast(:aheadMs as double precision) * interval '1 millisecond'""");
                    owed.forEach(delivery -> record(delivery, send(delivery)));
                } catch (RuntimeException e) {
                    LOG.debugf("First webhook attempt of %s failed (%s); the poll retries", eventIds, e.toString());
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            // the poll sends them
        }
    }

    @PreDestroy
    void stop() {
        senders.shutdown();
    }

    private List<Due> lease() {
        return lease(Map.of(), "next_attempt_at <= :now");
    }

    /** The deliveries still owed that match {@code where} (its parameters, and {@code :now}), oldest first. */
    private List<Due> lease(Map<String, Object> params, String where) {
        // If this instance dies mid-send, the lease runs out and the delivery is attempted again.
        return Leases.claim(new Leases.Claim<>("sandbox_webhook_deliveries", "event_id", "next_attempt_at", """
                select event_id, event_type, payload, attempts, created_at from sandbox_webhook_deliveries
                where delivered_at is null and abandoned_at is null and %s
                order by next_attempt_at limit :limit for update skip locked""".formatted(where), params,
                BATCH, config.timeout().multipliedBy(2).plusSeconds(1), null,
                r -> new Due((String) r[0], (String) r[1], (String) r[2], ((Number) r[3]).intValue(),
                        Leases.instant(r[4]))));
    }

    /** @return null when acknowledged, else why not */
    private String send(Due delivery) {
        byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
        String signature = StripeSignature.header(config.webhookSecret(), Time.now().getEpochSecond(), body);
        String url = endpoints.sandboxWebhookUrl();
        Exchange result = producer.send(PaymentEndpoints.HTTP_COMPONENT + "://sandbox-webhook?throwExceptionOnFailure=false",
                exchange -> {
                    Message m = exchange.getMessage();
                    m.setHeader(Exchange.HTTP_METHOD, "POST");
                    m.setHeader(Exchange.HTTP_URI, url);
                    m.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
                    m.setHeader(StripeSignature.HEADER, signature);
                    m.setHeader("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)");
                    m.setBody(body);
                });
        if (result.getException() != null) {
            return result.getException().toString();
        }
        Integer status = result.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status != null && status >= 200 && status < 300) {
            return null;
        }
        return "HTTP " + status;
    }

    private void record(Due delivery, String failure) {
        QuarkusTransaction.requiringNew().run(() -> {
            SandboxWebhookDelivery row = SandboxWebhookDelivery.findById(delivery.eventId());
            Instant now = Time.now();
            row.attempts = delivery.attempts() + 1;
            if (failure == null) {
                row.deliveredAt = now;
                row.lastError = null;
                return;
            }
            row.lastError = Leases.truncate(failure, 1000);
            if (Duration.between(delivery.createdAt(), now).compareTo(config.sandbox().webhookRetryFor()) > 0) {
                row.abandonedAt = now;
                LOG.warnf("Sandbox gave up delivering event %s (%s) after %d attempts: %s", delivery.eventId(),
                        delivery.eventType(), row.attempts, failure);
                return;
            }
            row.nextAttemptAt = backoff().next(now, row.attempts);
            LOG.infof("Sandbox webhook delivery of %s (%s) failed (attempt %d: %s); next at %s", delivery.eventId(),
                    delivery.eventType(), row.attempts, failure, row.nextAttemptAt);
        });
    }

    Backoff backoff() {
        return new Backoff(config.sandbox().webhookRetryDelay(), config.sandbox().webhookRetryMaxDelay());
    }
}
