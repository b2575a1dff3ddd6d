package org.dabba.payment;

import java.util.Locale;
import java.util.UUID;

/**
 * The payment gateway as checkout and orders use it: server-to-server PaymentIntents, through Stripe's REST API
 * ({@link StripeGateway}), to the app's own sandbox by default or to Stripe: only the base URL and keys differ.
 *
 * <p>Every failure is a {@link PaymentGatewayException} (a problem: 502 when the gateway refused or failed,
 * 504 when it did not answer in time). After a 502 for a 5xx or a 504 the gateway may still have acted: calling
 * again with the same idempotency key is safe and answers what the first call did.
 */
public interface PaymentGateway {

    /** How the customer will pay; the gateway's payment method type. */
    enum PaymentMethod {
        CARD, UPI;

        /** Stripe's {@code payment_method_types[]} value. */
        public String stripeType() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A PaymentIntent: its id (stored on the order), the client secret the customer's app confirms it with. */
    record PaymentIntent(String paymentIntentId, String clientSecret, String status) {
    }

    /** A refund: Stripe's id, its status ({@code succeeded}, {@code pending}, ...) and the amount in minor units. */
    record Refund(String refundId, String paymentIntentId, String status, long amountMinor, String currency) {
    }

    /**
     * @param amountMinor in the currency's minor units ({@link MinorUnits})
     * @param idempotencyKey the same key always yields the same intent ({@link #idempotencyKeyFor(UUID)})
     */
    PaymentIntent createIntent(UUID orderId, long amountMinor, String currency, PaymentMethod paymentMethod,
            String idempotencyKey);

    /** Cancels an intent that has not succeeded (an order left unpaid). */
    PaymentIntent cancelIntent(String paymentIntentId);

    /**
     * Several refunds may together take all of the charge, never more ({@code amount_too_large}). The same key
     * ({@link #refundKeyFor}) answers the same refund; {@code metadata} travels with the refund to its events.
     */
    Refund refund(String paymentIntentId, long amountMinor, java.util.Map<String, String> metadata,
            String idempotencyKey);

    /** The idempotency key of an order's intent: one order, one intent, however often checkout retries. */
    static String idempotencyKeyFor(UUID orderId) {
        return "dabba-order-" + orderId + "-intent";
    }

    /**
     * The idempotency key of one refund (an order may have several): {@code dabba-refund-<refundId>}, then
     * {@code dabba-refund-<refundId>-<generation>}. Stripe keeps the first answer of a key for 24 h and replays it,
     * failures included, so a caller retrying after a failed answer moves to the next generation; after no
     * answer (a timeout) it keeps the key, to learn what the first call did. A retry cannot take more than asked:
     * the gateway refuses more than the charge still holds ({@code amount_too_large}).
     */
    static String refundKeyFor(UUID refundId, int generation) {
        return generation <= 1 ? "dabba-refund-" + refundId : "dabba-refund-" + refundId + "-" + generation;
    }
}
