package org.dabba.payment;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Payments as the gateway reports them: outcomes of PaymentIntents (applied once each) and webhook deliveries that
 * failed, by why. Registered at start-up for every tag value, so a dashboard has its series before any payment.
 */
@Startup
@ApplicationScoped
public class PaymentMetrics {

    static final String OUTCOMES = "dabba.payments.outcomes";
    static final String WEBHOOK_FAILURES = "dabba.payments.webhook.failures";
    static final List<String> OUTCOME_VALUES = List.of("succeeded", "failed");
    /** signature: not signed by the gateway; malformed: not an event we can read; processing: our failure. */
    static final List<String> FAILURE_REASONS = List.of("signature", "malformed", "processing");

    @Inject
    MeterRegistry registry;

    private final Map<String, Counter> outcomes = new HashMap<>();
    private final Map<String, Counter> failures = new HashMap<>();

    @PostConstruct
    void register() {
        for (String o : OUTCOME_VALUES) {
            outcomes.put(o, Counter.builder(OUTCOMES).tag("outcome", o)
                    .description("Payment outcomes reported by the gateway, each applied once").register(registry));
        }
        for (String r : FAILURE_REASONS) {
            failures.put(r, Counter.builder(WEBHOOK_FAILURES).tag("reason", r)
                    .description("Payment webhook deliveries refused or failed").register(registry));
        }
    }

    void outcome(String outcome) {
        outcomes.get(outcome).increment();
    }

    void webhookFailed(String reason) {
        failures.get(reason).increment();
    }
}
