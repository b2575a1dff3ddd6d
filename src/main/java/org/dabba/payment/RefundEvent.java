package org.dabba.payment;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A verified Stripe event about a refund, as the outcome handler gets it; {@code metadata[refundId]} names the
 * app's refund it was asked for.
 */
public record RefundEvent(String eventId, String type, String refundId, String paymentIntentId, long amountMinor,
        String currency, String status, Map<String, String> metadata) {

    public static final String CREATED = "refund.created";
    public static final String UPDATED = "refund.updated";
    public static final String FAILED = "refund.failed";
    public static final List<String> TYPES = List.of(CREATED, UPDATED, FAILED);

    /** The app's refund id, when the refund was asked for by the app. */
    public Optional<UUID> appRefundId() {
        return PaymentEvent.uuid(metadata.get("refundId"));
    }

    static RefundEvent of(String eventId, String type, JsonNode refund) {
        return new RefundEvent(eventId, type, refund.path("id").asText(), refund.path("payment_intent").asText(""),
                refund.path("amount").asLong(), refund.path("currency").asText(""), refund.path("status").asText(""),
                PaymentEvent.metadata(refund));
    }

    /**
     * {@code charge.refunded}: {@code amountRefundedMinor} refunded in all ({@code refunded}: all of it).
     * {@code refunds} only when Stripe expanded the charge's refund list.
     */
    public record ChargeRefunded(String eventId, String paymentIntentId, long amountMinor, long amountRefundedMinor,
            boolean refunded, String currency, List<RefundEvent> refunds) {

        public static final String TYPE = "charge.refunded";

        static ChargeRefunded of(String eventId, JsonNode charge) {
            List<RefundEvent> refunds = new java.util.ArrayList<>();
            charge.path("refunds").path("data").forEach(r -> refunds.add(RefundEvent.of(eventId, TYPE, r)));
            return new ChargeRefunded(eventId, charge.path("payment_intent").asText(""), charge.path("amount").asLong(),
                    charge.path("amount_refunded").asLong(), charge.path("refunded").asBoolean(),
                    charge.path("currency").asText(""), List.copyOf(refunds));
        }
    }
}
