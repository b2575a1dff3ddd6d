package org.dabba.payment.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.dabba.payment.PaymentsConfig;
import org.dabba.payment.StripeForm;
import org.dabba.platform.AfterCommit;
import org.dabba.platform.Time;

/**
 * What the Stripe-compatible sandbox's PaymentIntents ({@link SandboxIntents}) and Refunds ({@link SandboxRefunds})
 * share, from the secret key's check to the events owed to the webhook endpoint ({@link SandboxWebhooks}).
 */
@ApplicationScoped
public class Sandbox {

    /** The API version the sandbox's objects and events follow (the one stripe-java 33.3 pins). */
    public static final String API_VERSION = "2026-07-29.dahlia";

    /** An answer: Stripe's status code and JSON, and whether it replays an earlier request's answer. */
    record Answer(int status, JsonNode body, boolean replayed, String requestId) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
            .toCharArray();

    @Inject
    PaymentsConfig config;

    @Inject
    ObjectMapper mapper;

    @Inject
    SandboxWebhooks webhooks;

    @Inject
    TransactionSynchronizationRegistry transactions;

    /** The key of a transaction's owed events, sent together once it commits. */
    private static final Object OWED = new Object();

    /** Which key a request came with: the secret key may do anything, the publishable key very little. */
    enum Key { SECRET, PUBLISHABLE }

    /**
     * Checks the key as Stripe does: {@code Bearer <key>}, or Basic with the key as user name. The publishable key
     * (when one is configured) is accepted too; what it may do is up to the operation ({@link #secretOnly}).
     */
    Key authorize(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new SandboxError(401, "invalid_request_error", null, "You did not provide an API key. You need to "
                    + "provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: "
                    + "Bearer YOUR_SECRET_KEY').");
        }
        String key = authorization.strip();
        if (key.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = key.substring(7).strip();
        } else if (key.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(key.substring(6).strip()), StandardCharsets.UTF_8);
                key = decoded.contains(":") ? decoded.substring(0, decoded.indexOf(':')) : decoded;
            } catch (IllegalArgumentException e) {
                key = "";
            }
        }
        if (MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8),
                config.secretKey().getBytes(StandardCharsets.UTF_8))) {
            return Key.SECRET;
        }
        String publishable = config.publishableKey().orElse("");
        if (!publishable.isBlank() && MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8),
                publishable.getBytes(StandardCharsets.UTF_8))) {
            return Key.PUBLISHABLE;
        }
        throw new SandboxError(401, "invalid_request_error", null, "Invalid API Key provided: " + masked(key));
    }

    /** Stripe's answer when a browser's publishable key asks for what only the server's secret key may do. */
    static void secretOnly(Key key) {
        if (key != Key.SECRET) {
            throw new SandboxError(401, "invalid_request_error", "secret_key_required", "This API call cannot be "
                    + "made with a publishable API key. Please use a secret API key.");
        }
    }

    /**
     * With the publishable key, the PaymentIntent's client_secret must come along and be this intent's, as Stripe
     * requires; the secret key needs none.
     */
    static void clientSecretMatches(Key key, SandboxIntent intent, String clientSecret) {
        if (key == Key.SECRET) {
            return;
        }
        if (clientSecret == null || clientSecret.isBlank()) {
            throw SandboxError.missing("client_secret");
        }
        if (!MessageDigest.isEqual(clientSecret.strip().getBytes(StandardCharsets.UTF_8),
                intent.clientSecret.getBytes(StandardCharsets.UTF_8))) {
            throw SandboxError.invalid(null, "client_secret", "The client_secret provided does not match the "
                    + "client_secret associated with the PaymentIntent.");
        }
    }

    /**
     * Owes the webhook endpoint an event about {@code object}, in the transaction of the change: sent as soon as it
     * commits, as Stripe sends within moments ({@link SandboxWebhooks#sendSoon}); the poll finds it only when that
     * attempt did not happen or failed.
     */
    void owe(String type, ObjectNode object, String requestId, String idempotencyKey) {
        ObjectNode event = mapper.createObjectNode();
        String eventId = id("evt");
        Instant now = Time.now();
        event.put("id", eventId);
        event.put("object", "event");
        event.put("api_version", API_VERSION);
        event.put("created", now.getEpochSecond());
        event.set("data", mapper.createObjectNode().set("object", object));
        event.put("livemode", false);
        event.put("pending_webhooks", 1);
        event.set("request", mapper.createObjectNode().put("id", requestId).put("idempotency_key", idempotencyKey));
        event.put("type", type);
        SandboxWebhookDelivery delivery = new SandboxWebhookDelivery();
        delivery.eventId = eventId;
        delivery.eventType = type;
        // Stripe's event bodies are pretty-printed; receivers must verify the bytes, not a re-encoding.
        delivery.payload = event.toPrettyString();
        delivery.createdAt = now;
        delivery.nextAttemptAt = now.plus(config.sandbox().webhookRetryDelay());
        delivery.persist();
        sendAfterCommit(eventId);
    }

    /** A change's events leave in the order it owed them (a refund owes three), in one send after its commit. */
    private void sendAfterCommit(String eventId) {
        @SuppressWarnings("unchecked")
        List<String> owed = (List<String>) transactions.getResource(OWED);
        if (owed != null) {
            owed.add(eventId);
            return;
        }
        List<String> first = new ArrayList<>(List.of(eventId));
        transactions.putResource(OWED, first);
        AfterCommit.run(transactions, () -> webhooks.sendSoon(first));
    }

    static void onlyKnown(StripeForm form, Set<String> known) {
        for (String name : form.topLevelNames()) {
            if (!known.contains(name)) {
                throw SandboxError.unknownParameter(name);
            }
        }
    }

    /** An enumerated parameter, checked as Stripe does; null when not sent. */
    static String oneOf(StripeForm form, String param, Set<String> allowed) {
        String value = form.value(param);
        if (value != null && !allowed.contains(value)) {
            throw SandboxError.invalid(null, param, "Invalid " + param + ": must be one of "
                    + String.join(", ", allowed.stream().sorted().toList()));
        }
        return value;
    }

    static long amount(String raw, boolean required) {
        if (raw == null) {
            if (required) {
                throw SandboxError.missing("amount");
            }
            return 0;
        }
        long amount;
        try {
            amount = Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            throw SandboxError.invalid("parameter_invalid_integer", "amount", "Invalid integer: " + raw);
        }
        if (amount < 1) {
            throw SandboxError.invalid("amount_too_small", "amount", "Amount must be at least 1 minor unit");
        }
        if (amount > 99_999_999L) {
            throw SandboxError.invalid("amount_too_large", "amount", "Amount must be no more than 99999999");
        }
        return amount;
    }

    /** A Stripe-style id: {@code prefix_} and 24 random letters and digits. */
    static String id(String prefix) {
        return prefix + "_" + random(24);
    }

    static String random(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHANUMERIC[RANDOM.nextInt(ALPHANUMERIC.length)];
        }
        return new String(out);
    }

    private static String masked(String key) {
        if (key.length() <= 12) {
            return "*".repeat(key.length());
        }
        return key.substring(0, 8) + "*".repeat(key.length() - 12) + key.substring(key.length() - 4);
    }
}
