package org.dabba.payment;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.dabba.platform.Time;
import org.jboss.logging.Logger;

/**
 * Delivers the sandbox's events to the webhook endpoint as Stripe does: POSTed JSON with a fresh
 * {@code Stripe-Signature} on every attempt, retried with exponential backoff until the endpoint answers 2xx, and
 * given up after {@code webhook-retry-for}. Due deliveries are leased in a short transaction (so several instances
 * never send the same attempt and no connection is held during the call), sent, and their outcome recorded.
 */
@ApplicationScoped
public class SandboxWebhooks {

    private static final Logger LOG = Logger.getLogger(SandboxWebhooks.class);

    private static final int BATCH = 10;

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
        for (Due delivery : due) {
            String failure = send(delivery);
            record(delivery, failure);
        }
        return due.size();
    }

    private List<Due> lease() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Time.now();
            @SuppressWarnings("unchecked")
            List<SandboxWebhookDelivery> rows = Panache.getEntityManager().createNativeQuery(
                    "select * from sandbox_webhook_deliveries where delivered_at is null and abandoned_at is null "
                            + "and next_attempt_at <= :now order by next_attempt_at limit :limit for update skip locked",
                    SandboxWebhookDelivery.class)
                    .setParameter("now", now).setParameter("limit", BATCH).getResultList();
            // If this instance dies mid-send, the lease runs out and the delivery is attempted again.
            Instant leaseEnd = now.plus(config.timeout().multipliedBy(2)).plusSeconds(1);
            return rows.stream().map(r -> {
                r.nextAttemptAt = leaseEnd;
                return new Due(r.eventId, r.eventType, r.payload, r.attempts, r.createdAt);
            }).toList();
        });
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
            row.lastError = failure.length() > 1000 ? failure.substring(0, 1000) : failure;
            if (Duration.between(delivery.createdAt(), now).compareTo(config.sandbox().webhookRetryFor()) > 0) {
                row.abandonedAt = now;
                LOG.warnf("Sandbox gave up delivering event %s (%s) after %d attempts: %s", delivery.eventId(),
                        delivery.eventType(), row.attempts, failure);
                return;
            }
            row.nextAttemptAt = now.plus(backoff(row.attempts));
            LOG.infof("Sandbox webhook delivery of %s (%s) failed (attempt %d: %s); next at %s", delivery.eventId(),
                    delivery.eventType(), row.attempts, failure, row.nextAttemptAt);
        });
    }

    /** The wait after the n-th failed attempt: retry-delay · 2^(n-1), at most retry-max-delay. */
    Duration backoff(int attempts) {
        Duration max = config.sandbox().webhookRetryMaxDelay();
        Duration delay = config.sandbox().webhookRetryDelay();
        for (int i = 1; i < attempts && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
