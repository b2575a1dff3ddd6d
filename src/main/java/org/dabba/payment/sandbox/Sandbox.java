package org.dabba.payment.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Currency;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dabba.payment.PaymentsConfig;
import org.dabba.payment.StripeForm;
import org.dabba.platform.Time;

/**
 * The Stripe-compatible sandbox: a subset of Stripe's PaymentIntents and Refunds API with its JSON shapes, errors,
 * status codes and Idempotency-Key semantics, on PostgreSQL. Confirming with a test payment method settles at
 * once, as in Stripe's test mode, and owes the webhook endpoint a signed event ({@link SandboxWebhooks}).
 *
 * <p>Test payment methods: {@code pm_card_visa}, {@code pm_card_mastercard} succeed; {@code pm_card_chargeDeclined}
 * (generic_decline) and {@code pm_card_chargeDeclinedInsufficientFunds} (insufficient_funds) are declined with
 * 402; for UPI intents, {@code payment_method_data[type]=upi} with {@code payment_method_data[upi][vpa]}
 * {@code success@stripeupi} or {@code failure@stripeupi}.
 */
@ApplicationScoped
public class Sandbox {

    /** The API version the sandbox's objects and events follow (the one stripe-java 33.3 pins). */
    public static final String API_VERSION = "2026-07-29.dahlia";

    /** An answer: Stripe's status code and JSON, and whether it replays an earlier request's answer. */
    record Answer(int status, JsonNode body, boolean replayed, String requestId) {
    }

    private record TestCard(String brand, String last4, String declineCode, String declineMessage) {
    }

    private static final Map<String, TestCard> TEST_CARDS = Map.of(
            "pm_card_visa", new TestCard("visa", "4242", null, null),
            "pm_card_mastercard", new TestCard("mastercard", "4444", null, null),
            "pm_card_chargeDeclined", new TestCard("visa", "0002", "generic_decline", "Your card was declined."),
            "pm_card_chargeDeclinedInsufficientFunds", new TestCard("visa", "9995", "insufficient_funds",
                    "Your card has insufficient funds."));

    private static final Set<String> PAYMENT_METHOD_TYPES = Set.of("card", "upi");
    private static final Set<String> CREATE_PARAMS = Set.of("amount", "currency", "metadata", "payment_method_types",
            "payment_method", "payment_method_data", "confirm", "description", "receipt_email", "expand",
            "automatic_payment_methods", "return_url");
    private static final Set<String> CONFIRM_PARAMS = Set.of("payment_method", "payment_method_data", "return_url",
            "expand", "receipt_email", "use_stripe_sdk");
    private static final Set<String> CANCEL_PARAMS = Set.of("cancellation_reason", "expand");
    private static final Set<String> CANCELLATION_REASONS = Set.of("duplicate", "fraudulent", "requested_by_customer",
            "abandoned");
    private static final Set<String> CANCELABLE = Set.of("requires_payment_method", "requires_capture",
            "requires_confirmation", "requires_action", "processing");
    private static final Set<String> REFUND_PARAMS = Set.of("payment_intent", "charge", "amount", "reason", "metadata",
            "expand");
    private static final Set<String> REFUND_REASONS = Set.of("duplicate", "fraudulent", "requested_by_customer");

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
            .toCharArray();

    @Inject
    PaymentsConfig config;

    @Inject
    ObjectMapper mapper;

    /** Checks the secret key as Stripe does: {@code Bearer <key>}, or Basic with the key as user name. */
    void authorize(String authorization) {
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
        if (!MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8),
                config.secretKey().getBytes(StandardCharsets.UTF_8))) {
            throw new SandboxError(401, "invalid_request_error", null, "Invalid API Key provided: " + masked(key));
        }
    }

    Answer create(StripeForm form, String idempotencyKey) {
        return idempotent(idempotencyKey, "POST /v1/payment_intents", form, requestId -> {
            onlyKnown(form, CREATE_PARAMS);
            long amount = amount(form.value("amount"), true);
            String currency = currency(form.value("currency"));
            List<String> types = form.list("payment_method_types");
            if (types.isEmpty()) {
                types = List.of("card");
            }
            for (int i = 0; i < types.size(); i++) {
                if (!PAYMENT_METHOD_TYPES.contains(types.get(i))) {
                    throw SandboxError.invalid("parameter_invalid_string", "payment_method_types[" + i + "]",
                            "The payment method type provided: " + types.get(i) + " is invalid. The sandbox supports: "
                                    + String.join(", ", PAYMENT_METHOD_TYPES.stream().sorted().toList()) + ".");
                }
            }
            if (types.contains("upi") && !currency.equals("inr")) {
                throw SandboxError.invalid(null, "currency", "The currency provided (" + currency
                        + ") is invalid for one or more payment method types (upi).");
            }
            SandboxIntent intent = new SandboxIntent();
            intent.id = id("pi");
            intent.clientSecret = intent.id + "_secret_" + random(25);
            intent.amount = amount;
            intent.currency = currency;
            intent.description = form.value("description");
            intent.paymentMethodTypes = json(mapper.valueToTree(types));
            intent.metadata = json(mapper.valueToTree(form.hash("metadata")));
            intent.created = Time.now();
            intent.status = "requires_payment_method";
            if (form.has("payment_method")) {
                testMethod(intent, form);
                intent.paymentMethod = form.value("payment_method");
                intent.status = "requires_confirmation";
            }
            intent.persist();
            if ("true".equals(form.value("confirm"))) {
                return settle(intent, form, requestId, idempotencyKey);
            }
            return new Answer(200, view(intent), false, requestId);
        });
    }

    Answer retrieve(String id) {
        return QuarkusTransaction.requiringNew().call(() -> new Answer(200, view(intent(id)), false, id("req")));
    }

    Answer confirm(String id, StripeForm form, String idempotencyKey) {
        return idempotent(idempotencyKey, "POST /v1/payment_intents/" + id + "/confirm", form, requestId -> {
            onlyKnown(form, CONFIRM_PARAMS);
            SandboxIntent intent = lockedIntent(id);
            if (!intent.status.equals("requires_payment_method") && !intent.status.equals("requires_confirmation")) {
                throw SandboxError.unexpectedState("confirm", intent.status);
            }
            return settle(intent, form, requestId, idempotencyKey);
        });
    }

    Answer cancel(String id, StripeForm form, String idempotencyKey) {
        return idempotent(idempotencyKey, "POST /v1/payment_intents/" + id + "/cancel", form, requestId -> {
            onlyKnown(form, CANCEL_PARAMS);
            String reason = form.value("cancellation_reason");
            if (reason != null && !CANCELLATION_REASONS.contains(reason)) {
                throw SandboxError.invalid(null, "cancellation_reason", "Invalid cancellation_reason: must be one of "
                        + String.join(", ", CANCELLATION_REASONS.stream().sorted().toList()));
            }
            SandboxIntent intent = lockedIntent(id);
            if (!CANCELABLE.contains(intent.status)) {
                throw SandboxError.unexpectedState("cancel", intent.status);
            }
            intent.status = "canceled";
            intent.canceledAt = Time.now();
            intent.cancellationReason = reason;
            ObjectNode view = view(intent);
            owe("payment_intent.canceled", view, requestId, idempotencyKey);
            return new Answer(200, view, false, requestId);
        });
    }

    Answer refund(StripeForm form, String idempotencyKey) {
        return idempotent(idempotencyKey, "POST /v1/refunds", form, requestId -> {
            onlyKnown(form, REFUND_PARAMS);
            String intentId = form.value("payment_intent");
            String chargeId = form.value("charge");
            SandboxIntent intent;
            if (intentId != null) {
                intent = lockedIntent(intentId, "payment_intent");
            } else if (chargeId != null) {
                SandboxIntent charged = SandboxIntent.find("latestCharge", chargeId).firstResult();
                if (charged == null) {
                    throw SandboxError.noSuch("charge", "charge", chargeId);
                }
                intent = lockedIntent(charged.id, "charge");
            } else {
                throw SandboxError.invalid("parameter_missing", null,
                        "One of the following params should be provided for this request: payment_intent or charge.");
            }
            String reason = form.value("reason");
            if (reason != null && !REFUND_REASONS.contains(reason)) {
                throw SandboxError.invalid(null, "reason", "Invalid reason: must be one of "
                        + String.join(", ", REFUND_REASONS.stream().sorted().toList()));
            }
            if (!intent.status.equals("succeeded")) {
                throw SandboxError.invalid("payment_intent_unexpected_state", "payment_intent", "This PaymentIntent ("
                        + intent.id + ") does not have a successful charge to refund.");
            }
            long remaining = intent.amountReceived - intent.amountRefunded;
            if (remaining <= 0) {
                throw SandboxError.invalid("charge_already_refunded", null,
                        "Charge " + intent.latestCharge + " has already been refunded.");
            }
            long amount = form.has("amount") ? amount(form.value("amount"), false) : remaining;
            if (amount > remaining) {
                throw SandboxError.invalid("amount_too_large", "amount", "Refund amount (" + amount + ") is greater "
                        + "than unrefunded amount on charge (" + remaining + ")");
            }
            SandboxRefund refund = new SandboxRefund();
            refund.id = id("re");
            refund.paymentIntent = intent.id;
            refund.charge = intent.latestCharge;
            refund.amount = amount;
            refund.currency = intent.currency;
            refund.status = "succeeded";
            refund.reason = reason;
            refund.created = Time.now();
            refund.persist();
            intent.amountRefunded += amount;
            ObjectNode view = view(refund, form.hash("metadata"));
            // As Stripe reports a card refund done at once: the refund, the charge's new refunded total, the
            // refund's status (a receiver may rely on either).
            owe("refund.created", view, requestId, idempotencyKey);
            owe("charge.refunded", charge(intent), requestId, idempotencyKey);
            owe("refund.updated", view.deepCopy(), requestId, idempotencyKey);
            return new Answer(200, view, false, requestId);
        });
    }

    /** Confirms with the payment method given (or attached): success or a decline, and the event either way. */
    private Answer settle(SandboxIntent intent, StripeForm form, String requestId, String idempotencyKey) {
        ObjectNode method = testMethod(intent, form);
        String charge = id("ch");
        JsonNode decline = method.remove("_decline_code");
        JsonNode declineText = method.remove("_decline_message");
        String declineCode = decline == null ? null : decline.asText();
        String declineMessage = declineText == null ? null : declineText.asText();
        intent.latestCharge = charge;
        if (declineCode == null) {
            intent.status = "succeeded";
            intent.paymentMethod = method.path("id").asText();
            intent.amountReceived = intent.amount;
            intent.lastPaymentError = null;
            ObjectNode view = view(intent);
            owe("payment_intent.succeeded", view, requestId, idempotencyKey);
            return new Answer(200, view, false, requestId);
        }
        boolean card = method.path("type").asText().equals("card");
        ObjectNode error = mapper.createObjectNode();
        error.put("charge", charge);
        error.put("code", card ? "card_declined" : "payment_intent_payment_attempt_failed");
        if (card) {
            error.put("decline_code", declineCode);
        }
        error.put("doc_url", "https://stripe.com/docs/error-codes/" + (card ? "card-declined"
                : "payment-intent-payment-attempt-failed"));
        error.put("message", declineMessage);
        error.set("payment_method", method);
        error.put("type", card ? "card_error" : "invalid_request_error");
        intent.status = "requires_payment_method";
        intent.paymentMethod = null;
        intent.lastPaymentError = json(error);
        ObjectNode view = view(intent);
        owe("payment_intent.payment_failed", view, requestId, idempotencyKey);
        if (!card) {
            // A UPI payment fails after the confirmation, as Stripe reports asynchronous methods.
            return new Answer(200, view, false, requestId);
        }
        ObjectNode answer = error.deepCopy();
        answer.set("payment_intent", view);
        answer.put("request_log_url", "https://dashboard.stripe.com/test/logs/" + requestId);
        ObjectNode body = mapper.createObjectNode();
        body.set("error", answer);
        return new Answer(402, body, false, requestId);
    }

    /**
     * The test payment method the request names (or the intent already has), as Stripe's PaymentMethod object;
     * a declining one carries {@code _decline_code}/{@code _decline_message}, removed before it is shown.
     */
    private ObjectNode testMethod(SandboxIntent intent, StripeForm form) {
        List<String> allowed = types(intent);
        Map<String, String> data = form.hash("payment_method_data");
        String given = form.value("payment_method") != null ? form.value("payment_method") : intent.paymentMethod;
        ObjectNode method = mapper.createObjectNode();
        method.put("id", id("pm"));
        method.put("object", "payment_method");
        method.set("billing_details", mapper.createObjectNode().putNull("email").putNull("name").putNull("phone"));
        method.put("created", Time.now().getEpochSecond());
        method.put("livemode", false);
        method.set("metadata", mapper.createObjectNode());
        if (given == null && "upi".equals(data.get("type"))) {
            String vpa = form.value("payment_method_data[upi][vpa]");
            if (!allowed.contains("upi")) {
                throw incompatible("upi", allowed);
            }
            if (!"success@stripeupi".equals(vpa) && !"failure@stripeupi".equals(vpa)) {
                throw SandboxError.invalid(null, "payment_method_data[upi][vpa]",
                        "Use the test VPA success@stripeupi or failure@stripeupi.");
            }
            method.put("type", "upi");
            method.set("upi", mapper.createObjectNode().put("vpa", vpa));
            if (vpa.startsWith("failure")) {
                method.put("_decline_code", "upi_failed");
                method.put("_decline_message", "The UPI payment was not approved.");
            }
            return method;
        }
        if (given == null) {
            throw SandboxError.invalid("payment_intent_unexpected_state", "payment_method", "You cannot confirm this "
                    + "PaymentIntent because it's missing a payment method. Pass payment_method, e.g. pm_card_visa.");
        }
        TestCard card = TEST_CARDS.get(given);
        if (card == null) {
            throw SandboxError.noSuch("PaymentMethod", "payment_method", given);
        }
        if (!allowed.contains("card")) {
            throw incompatible("card", allowed);
        }
        method.put("type", "card");
        method.set("card", mapper.createObjectNode()
                .put("brand", card.brand())
                .put("country", "US")
                .put("exp_month", 12)
                .put("exp_year", Instant.now().atZone(ZoneOffset.UTC).getYear() + 3)
                .put("funding", "credit")
                .put("last4", card.last4()));
        if (card.declineCode() != null) {
            method.put("_decline_code", card.declineCode());
            method.put("_decline_message", card.declineMessage());
        }
        return method;
    }

    private static SandboxError incompatible(String type, List<String> allowed) {
        return SandboxError.invalid("payment_intent_incompatible_payment_method", "payment_method",
                "The PaymentMethod provided (" + type + ") is not allowed for this PaymentIntent. Please attach a "
                        + "PaymentMethod of one of the following types: " + String.join(", ", allowed) + ".");
    }

    /**
     * Runs a POST once per Idempotency-Key. The key is claimed by inserting its row in the request's own
     * transaction: a concurrent request with the same key waits for it and then replays its answer. As in Stripe,
     * requests refused before they ran (validation, unknown ids) are not saved, so the key can be used again.
     */
    private Answer idempotent(String key, String operation, StripeForm form,
            java.util.function.Function<String, Answer> action) {
        String requestId = id("req");
        if (key == null || key.isBlank()) {
            return QuarkusTransaction.requiringNew().call(() -> action.apply(requestId));
        }
        if (key.length() > 255) {
            throw SandboxError.invalid(null, null, "The Idempotency-Key header can be at most 255 characters long.");
        }
        String fingerprint = sha256(operation + "\n" + form.canonical());
        return QuarkusTransaction.requiringNew().call(() -> {
            int claimed = Panache.getEntityManager().createNativeQuery("insert into sandbox_idempotent_requests "
                    + "(idempotency_key, fingerprint, status, response, created_at) values (:key, :fp, 0, '', :now) "
                    + "on conflict do nothing")
                    .setParameter("key", key).setParameter("fp", fingerprint).setParameter("now", Time.now())
                    .executeUpdate();
            SandboxIdempotentRequest saved = SandboxIdempotentRequest.findById(key);
            if (claimed == 0) {
                if (!saved.fingerprint.equals(fingerprint)) {
                    throw new SandboxError(400, "idempotency_error", null, "Keys for idempotent requests can only be "
                            + "used with the same parameters they were first used with. Try using a key other than '"
                            + key + "' if you meant to execute a different request.");
                }
                return new Answer(saved.status, read(saved.response), true, requestId);
            }
            Answer answer = action.apply(requestId);
            saved.status = answer.status();
            saved.response = json(answer.body());
            return answer;
        });
    }

    /** Owes the webhook endpoint an event about {@code object}, in the transaction of the change. */
    private void owe(String type, ObjectNode object, String requestId, String idempotencyKey) {
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
        ObjectNode request = mapper.createObjectNode().put("id", requestId);
        if (idempotencyKey == null) {
            request.putNull("idempotency_key");
        } else {
            request.put("idempotency_key", idempotencyKey);
        }
        event.set("request", request);
        event.put("type", type);
        SandboxWebhookDelivery delivery = new SandboxWebhookDelivery();
        delivery.eventId = eventId;
        delivery.eventType = type;
        delivery.payload = pretty(event);
        delivery.createdAt = now;
        delivery.nextAttemptAt = now;
        delivery.persist();
    }

    ObjectNode view(SandboxIntent intent) {
        ObjectNode json = mapper.createObjectNode();
        json.put("id", intent.id);
        json.put("object", "payment_intent");
        json.put("amount", intent.amount);
        json.put("amount_capturable", 0);
        json.put("amount_received", intent.amountReceived);
        json.putNull("application");
        json.putNull("application_fee_amount");
        json.putNull("automatic_payment_methods");
        putEpoch(json, "canceled_at", intent.canceledAt);
        putText(json, "cancellation_reason", intent.cancellationReason);
        json.put("capture_method", "automatic");
        json.put("client_secret", intent.clientSecret);
        json.put("confirmation_method", "automatic");
        json.put("created", intent.created.getEpochSecond());
        json.put("currency", intent.currency);
        json.putNull("customer");
        putText(json, "description", intent.description);
        json.set("last_payment_error", intent.lastPaymentError == null ? json.nullNode() : read(intent.lastPaymentError));
        putText(json, "latest_charge", intent.latestCharge);
        json.put("livemode", false);
        json.set("metadata", read(intent.metadata));
        json.putNull("next_action");
        json.putNull("on_behalf_of");
        putText(json, "payment_method", intent.paymentMethod);
        json.set("payment_method_options", mapper.createObjectNode());
        json.set("payment_method_types", read(intent.paymentMethodTypes));
        json.putNull("processing");
        json.putNull("receipt_email");
        json.putNull("review");
        json.putNull("setup_future_usage");
        json.putNull("shipping");
        json.putNull("source");
        json.putNull("statement_descriptor");
        json.putNull("statement_descriptor_suffix");
        json.put("status", intent.status);
        json.putNull("transfer_data");
        json.putNull("transfer_group");
        return json;
    }

    /** The intent's charge as Stripe's Charge object shows it, with what has been refunded of it. */
    private ObjectNode charge(SandboxIntent intent) {
        ObjectNode json = mapper.createObjectNode();
        json.put("id", intent.latestCharge);
        json.put("object", "charge");
        json.put("amount", intent.amountReceived);
        json.put("amount_captured", intent.amountReceived);
        json.put("amount_refunded", intent.amountRefunded);
        json.putNull("balance_transaction");
        json.put("captured", true);
        json.put("created", intent.created.getEpochSecond());
        json.put("currency", intent.currency);
        json.putNull("customer");
        putText(json, "description", intent.description);
        json.put("livemode", false);
        json.set("metadata", read(intent.metadata));
        json.put("paid", true);
        json.put("payment_intent", intent.id);
        putText(json, "payment_method", intent.paymentMethod);
        json.put("refunded", intent.amountRefunded >= intent.amountReceived);
        json.put("status", "succeeded");
        return json;
    }

    private ObjectNode view(SandboxRefund refund, Map<String, String> metadata) {
        ObjectNode json = mapper.createObjectNode();
        json.put("id", refund.id);
        json.put("object", "refund");
        json.put("amount", refund.amount);
        json.putNull("balance_transaction");
        json.put("charge", refund.charge);
        json.put("created", refund.created.getEpochSecond());
        json.put("currency", refund.currency);
        json.set("metadata", mapper.valueToTree(metadata));
        json.put("payment_intent", refund.paymentIntent);
        putText(json, "reason", refund.reason);
        json.putNull("receipt_number");
        json.putNull("source_transfer_reversal");
        json.put("status", refund.status);
        json.putNull("transfer_reversal");
        return json;
    }

    private SandboxIntent intent(String id) {
        SandboxIntent intent = SandboxIntent.findById(id);
        if (intent == null) {
            throw SandboxError.noSuch("payment_intent", "intent", id);
        }
        return intent;
    }

    private SandboxIntent lockedIntent(String id) {
        return lockedIntent(id, "intent");
    }

    private SandboxIntent lockedIntent(String id, String param) {
        SandboxIntent intent = SandboxIntent.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (intent == null) {
            throw SandboxError.noSuch("payment_intent", param, id);
        }
        return intent;
    }

    private List<String> types(SandboxIntent intent) {
        return mapper.convertValue(read(intent.paymentMethodTypes),
                mapper.getTypeFactory().constructCollectionType(List.class, String.class));
    }

    private static void onlyKnown(StripeForm form, Set<String> known) {
        for (String name : form.topLevelNames()) {
            if (!known.contains(name)) {
                throw SandboxError.unknownParameter(name);
            }
        }
    }

    private static long amount(String raw, boolean required) {
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

    private static String currency(String raw) {
        if (raw == null || raw.isBlank()) {
            throw SandboxError.missing("currency");
        }
        String currency = raw.strip().toLowerCase(Locale.ROOT);
        try {
            if (currency.length() == 3) {
                Currency.getInstance(currency.toUpperCase(Locale.ROOT));
                return currency;
            }
        } catch (IllegalArgumentException e) {
            // falls through to Stripe's error
        }
        throw SandboxError.invalid(null, "currency", "Invalid currency: " + raw + ".");
    }

    private static void putText(ObjectNode json, String field, String value) {
        if (value == null) {
            json.putNull(field);
        } else {
            json.put(field, value);
        }
    }

    private static void putEpoch(ObjectNode json, String field, Instant value) {
        if (value == null) {
            json.putNull(field);
        } else {
            json.put(field, value.getEpochSecond());
        }
    }

    private JsonNode read(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored sandbox JSON is unreadable", e);
        }
    }

    private String json(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String pretty(JsonNode node) {
        try {
            // Stripe's event bodies are pretty-printed; receivers must verify the bytes, not a re-encoding.
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Stripe-style id: {@code prefix_} and 24 random letters and digits. */
    static String id(String prefix) {
        return prefix + "_" + random(24);
    }

    private static String random(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHANUMERIC[RANDOM.nextInt(ALPHANUMERIC.length)];
        }
        return new String(out);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String masked(String key) {
        if (key.length() <= 12) {
            return "*".repeat(key.length());
        }
        return key.substring(0, 8) + "*".repeat(key.length() - 12) + key.substring(key.length() - 4);
    }
}
