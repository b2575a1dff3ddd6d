package org.dabba.payment;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "dabba.payments")
public interface PaymentsConfig {

    /** Which gateway the base URL and keys belong to; only {@code sandbox} serves the sandbox itself. */
    enum Gateway { SANDBOX, STRIPE }

    Gateway gateway();

    /** Stripe's API root ({@code https://api.stripe.com}) or the sandbox's; paths like /v1/... are appended. */
    String baseUrl();

    /** The secret API key sent as {@code Authorization: Bearer}; the sandbox accepts only this one. */
    String secretKey();

    /**
     * The publishable key the customer's page holds to confirm one PaymentIntent with its client_secret (Stripe.js
     * with Stripe, the sandbox's own card form with the sandbox); none means the page cannot take cards.
     */
    Optional<String> publishableKey();

    /** The webhook endpoint's signing secret ({@code whsec_...}); the sandbox signs its events with it. */
    String webhookSecret();

    /** The previous signing secret, still accepted while Stripe rotates the endpoint's secret. */
    Optional<String> webhookSecretPrevious();

    /** An event whose {@code livemode} differs from this changes no order and is listed for admins. */
    @WithDefault("false")
    boolean livemode();

    /** How long a call to the gateway may take (connect and answer) before it is a 504. */
    Duration timeout();

    /** How old a webhook signature's timestamp may be (Stripe's libraries use 300 s). */
    Duration webhookTolerance();

    Sandbox sandbox();

    interface Sandbox {
        /** Where the sandbox delivers its signed events: by default this app's own /webhooks/stripe. */
        String webhookUrl();

        /** Milliseconds between two looks for due deliveries (retries: a first attempt is sent on commit). */
        long webhookPollInterval();

        /** The first retry's delay; each further retry waits twice as long, up to the maximum. */
        Duration webhookRetryDelay();

        Duration webhookRetryMaxDelay();

        /** How long an unacknowledged event is retried before it is given up (Stripe: 3 days). */
        Duration webhookRetryFor();

        /** Serving beyond loopback: its keys are published, so only on a network where everyone is trusted. */
        @WithDefault("false")
        boolean allowNonLoopback();
    }
}
