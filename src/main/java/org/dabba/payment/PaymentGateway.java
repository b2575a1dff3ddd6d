package org.dabba.payment;

import java.util.UUID;

/**
 * The payment gateway as checkout and orders use it: server-to-server PaymentIntents. The one adapter,
 * {@link StripeGateway}, speaks Stripe's REST API; in the zero-config default it talks to the Stripe-compatible
 * sandbox this app serves, in prod to Stripe: only the base URL and keys differ.
 *
 * <p>Every failure is a {@link PaymentGatewayException} (a problem: 502 when the gateway refused or failed,
 * 504 when it did not answer in time). After a 502 for a 5xx or a 504 the gateway may still have acted: calling
 * again with the same idempotency key is safe and answers what the first call did.
 */
public interface PaymentGateway {

    /** How the customer will pay; the gateway's payment method type. */
    enum PaymentMethod {
        CARD("card"), UPI("upi");

        private final String stripeType;

        PaymentMethod(String stripeType) {
            this.stripeType = stripeType;
        }

        /** Stripe's {@code payment_method_types[]} value. */
        public String stripeType() {
            return stripeType;
        }
    }

    /**
     * A PaymentIntent as the app needs it: its id (stored on the order), the client secret the customer's app
     * confirms it with, and Stripe's status ({@code requires_payment_method}, {@code succeeded},
     * {@code canceled}, ...).
     */
    record PaymentIntent(String paymentIntentId, String clientSecret, String status) {
    }

    /** A refund: Stripe's id, its status ({@code succeeded}, {@code pending}, ...) and the amount in minor units. */
    record Refund(String refundId, String paymentIntentId, String status, long amountMinor, String currency) {
    }

    /**
     * Creates a PaymentIntent for an order.
     *
     * @param amountMinor the amount in the currency's minor units (paise for INR; see {@link MinorUnits})
     * @param currency an ISO 4217 code, any case (sent in lower case, as Stripe wants)
     * @param idempotencyKey sent as Stripe's {@code Idempotency-Key}: the same key always yields the same
     *        intent; {@link #idempotencyKeyFor(UUID)} derives it from the order id
     */
    PaymentIntent createIntent(UUID orderId, long amountMinor, String currency, PaymentMethod paymentMethod,
            String idempotencyKey);

    /** Cancels an intent that has not succeeded (e.g. an order left unpaid); the intent as it now is. */
    PaymentIntent cancelIntent(String paymentIntentId);

    /**
     * Refunds whatever of a succeeded intent is not refunded yet. The same key again answers the same refund;
     * {@link #refundKeyFor} derives the keys of an intent's refund.
     */
    Refund refund(String paymentIntentId, String idempotencyKey);

    /** The idempotency key of an order's intent: one order, one intent, however often checkout retries. */
    static String idempotencyKeyFor(UUID orderId) {
        return "dabba-order-" + orderId + "-intent";
    }

    /**
     * The idempotency key of an intent's refund, per intent: {@code dabba-refund-<intent>}, then
     * {@code dabba-refund-<intent>-<generation>}. Stripe keeps the first answer of a key for 24 h and replays it,
     * failures included, so a caller retrying after a failed answer moves to the next generation; after no
     * answer (a timeout) it keeps the key, to learn what the first call did. A second refund cannot take more:
     * Stripe refuses a fully refunded charge ({@link PaymentGatewayException#alreadyRefunded()}).
     */
    static String refundKeyFor(String paymentIntentId, int generation) {
        return generation <= 1 ? "dabba-refund-" + paymentIntentId : "dabba-refund-" + paymentIntentId + "-" + generation;
    }
}
