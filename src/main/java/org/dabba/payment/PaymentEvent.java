package org.dabba.payment;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A verified, deduplicated Stripe event about a PaymentIntent, as the outcome handler gets it.
 *
 * @param created events may arrive out of order: compare these, or the intent's status, never the arrival order
 * @param failureCode for a failure, {@code last_payment_error.decline_code} or {@code .code} (null otherwise)
 */
public record PaymentEvent(String eventId, String type, Instant created, boolean livemode, String paymentIntentId,
        String status, long amountMinor, String currency, Map<String, String> metadata, String failureCode,
        String failureMessage, JsonNode intent) {

    public static final String SUCCEEDED = "payment_intent.succeeded";
    public static final String FAILED = "payment_intent.payment_failed";

    /** The order the intent was created for ({@code metadata[orderId]}), if it names one. */
    public Optional<UUID> orderId() {
        return uuid(metadata.get("orderId"));
    }

    static PaymentEvent of(JsonNode event) {
        JsonNode intent = event.path("data").path("object");
        JsonNode error = intent.path("last_payment_error");
        String failureCode = null;
        String failureMessage = null;
        if (FAILED.equals(event.path("type").asText()) && error.isObject()) {
            failureCode = text(error, "decline_code") != null ? text(error, "decline_code") : text(error, "code");
            failureMessage = text(error, "message");
        }
        return new PaymentEvent(event.path("id").asText(), event.path("type").asText(),
                Instant.ofEpochSecond(event.path("created").asLong()), event.path("livemode").asBoolean(),
                intent.path("id").asText(), text(intent, "status"), intent.path("amount").asLong(),
                text(intent, "currency"), metadata(intent), failureCode, failureMessage, intent);
    }

    /** A field of a Stripe object as text; null when absent or null. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** A Stripe object's {@code metadata}, its values as text. */
    static Map<String, String> metadata(JsonNode object) {
        Map<String, String> metadata = new LinkedHashMap<>();
        object.path("metadata").fields().forEachRemaining(f -> metadata.put(f.getKey(), f.getValue().asText()));
        return Map.copyOf(metadata);
    }

    /** A metadata value naming one of the app's ids; empty when absent or not a UUID. */
    static Optional<UUID> uuid(String value) {
        try {
            return Optional.ofNullable(value).map(UUID::fromString);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
