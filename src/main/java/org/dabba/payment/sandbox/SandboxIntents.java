package org.dabba.payment.sandbox;

import static org.dabba.payment.sandbox.Sandbox.amount;
import static org.dabba.payment.sandbox.Sandbox.id;
import static org.dabba.payment.sandbox.Sandbox.oneOf;
import static org.dabba.payment.sandbox.Sandbox.onlyKnown;
import static org.dabba.payment.sandbox.Sandbox.random;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dabba.payment.StripeForm;
import org.dabba.payment.sandbox.Sandbox.Answer;
import org.dabba.platform.Json;
import org.dabba.platform.Time;

/**
 * The sandbox's PaymentIntents: created, confirmed and canceled as Stripe does. Confirming with a test payment
 * method settles at once, as in Stripe's test mode, and owes the webhook endpoint an event either way.
 *
 * <p>Test payment methods: {@code pm_card_visa}, {@code pm_card_mastercard} succeed; {@code pm_card_chargeDeclined}
 * (generic_decline) and {@code pm_card_chargeDeclinedInsufficientFunds} (insufficient_funds) are declined with
 * 402; for UPI intents, {@code payment_method_data[type]=upi} with {@code payment_method_data[upi][vpa]}
 * {@code success@stripeupi} or {@code failure@stripeupi}. Card details typed into a page
 * ({@code payment_method_data[type]=card} with {@code [card][number]}, {@code [exp_month]}, {@code [exp_year]},
 * {@code [cvc]}) take Stripe's test numbers: 4242424242424242 and 5555555555554444 succeed, 4000000000000002 is
 * declined (generic_decline), 4000000000009995 too (insufficient_funds).
 *
 * <p>The publishable key may only retrieve and confirm an intent whose client_secret it brings, as with Stripe.
 */
@ApplicationScoped
class SandboxIntents {

    private record TestCard(String brand, String last4, String declineCode, String declineMessage) {
    }

    private static final Map<String, TestCard> TEST_CARDS = Map.of(
            "pm_card_visa", new TestCard("visa", "4242", null, null),
            "pm_card_mastercard", new TestCard("mastercard", "4444", null, null),
            "pm_card_chargeDeclined", new TestCard("visa", "0002", "generic_decline", "Your card was declined."),
            "pm_card_chargeDeclinedInsufficientFunds", new TestCard("visa", "9995", "insufficient_funds",
                    "Your card has insufficient funds."));

    /** Stripe's documented test card numbers, typed as card details; any other valid number is a live card. */
    private static final Map<String, TestCard> TEST_NUMBERS = Map.of(
            "4242424242424242", TEST_CARDS.get("pm_card_visa"),
            "5555555555554444", TEST_CARDS.get("pm_card_mastercard"),
            "4000000000000002", TEST_CARDS.get("pm_card_chargeDeclined"),
            "4000000000009995", TEST_CARDS.get("pm_card_chargeDeclinedInsufficientFunds"));

    private static final Set<String> PAYMENT_METHOD_TYPES = Set.of("card", "upi");
    private static final Set<String> CREATE_PARAMS = Set.of("amount", "currency", "metadata", "payment_method_types",
            "payment_method", "payment_method_data", "confirm", "description", "receipt_email", "expand",
            "automatic_payment_methods", "return_url");
    private static final Set<String> CONFIRM_PARAMS = Set.of("payment_method", "payment_method_data", "return_url",
            "expand", "receipt_email", "use_stripe_sdk", "client_secret");
    private static final Set<String> CANCEL_PARAMS = Set.of("cancellation_reason", "expand");
    private static final Set<String> CANCELLATION_REASONS = Set.of("duplicate", "fraudulent", "requested_by_customer",
            "abandoned");
    private static final Set<String> CANCELABLE = Set.of("requires_payment_method", "requires_capture",
            "requires_confirmation", "requires_action", "processing");

    @Inject
    Sandbox sandbox;

    @Inject
    SandboxIdempotentRequests requests;

    @Inject
    ObjectMapper mapper;

    Answer create(StripeForm form, String idempotencyKey) {
        return requests.idempotent(idempotencyKey, "POST /v1/payment_intents", form, requestId -> {
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
            intent.paymentMethodTypes = Json.write(types);
            intent.metadata = Json.write(form.hash("metadata"));
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

    /** The intent; with the publishable key only given its client_secret, and without its metadata (as Stripe). */
    Answer retrieve(String id, Sandbox.Key key, String clientSecret) {
        return QuarkusTransaction.requiringNew().call(() -> {
            SandboxIntent intent = SandboxIntent.existing(id);
            Sandbox.clientSecretMatches(key, intent, clientSecret);
            ObjectNode view = view(intent);
            if (key == Sandbox.Key.PUBLISHABLE) {
                view.remove(List.of("metadata", "description"));
            }
            return new Answer(200, view, false, id("req"));
        });
    }

    Answer confirm(String id, StripeForm form, String idempotencyKey, Sandbox.Key key) {
        return requests.idempotent(idempotencyKey, "POST /v1/payment_intents/" + id + "/confirm", form, requestId -> {
            onlyKnown(form, CONFIRM_PARAMS);
            SandboxIntent intent = SandboxIntent.locked(id, "intent");
            Sandbox.clientSecretMatches(key, intent, form.value("client_secret"));
            if (!intent.status.equals("requires_payment_method") && !intent.status.equals("requires_confirmation")) {
                throw SandboxError.unexpectedState("confirm", intent.status);
            }
            return settle(intent, form, requestId, idempotencyKey);
        });
    }

    Answer cancel(String id, StripeForm form, String idempotencyKey) {
        return requests.idempotent(idempotencyKey, "POST /v1/payment_intents/" + id + "/cancel", form, requestId -> {
            onlyKnown(form, CANCEL_PARAMS);
            String reason = oneOf(form, "cancellation_reason", CANCELLATION_REASONS);
            SandboxIntent intent = SandboxIntent.locked(id, "intent");
            if (!CANCELABLE.contains(intent.status)) {
                throw SandboxError.unexpectedState("cancel", intent.status);
            }
            intent.status = "canceled";
            intent.canceledAt = Time.now();
            intent.cancellationReason = reason;
            ObjectNode view = view(intent);
            sandbox.owe("payment_intent.canceled", view, requestId, idempotencyKey);
            return new Answer(200, view, false, requestId);
        });
    }

    /** Confirms with the payment method given (or attached): success or a decline, and the event either way. */
    private Answer settle(SandboxIntent intent, StripeForm form, String requestId, String idempotencyKey) {
        ObjectNode method = testMethod(intent, form);
        String charge = id("ch");
        String declineCode = method.path("_decline_code").asText(null);
        String declineMessage = method.path("_decline_message").asText(null);
        method.remove(List.of("_decline_code", "_decline_message"));
        intent.latestCharge = charge;
        if (declineCode == null) {
            intent.status = "succeeded";
            intent.paymentMethod = method.path("id").asText();
            intent.amountReceived = intent.amount;
            intent.lastPaymentError = null;
            ObjectNode view = view(intent);
            sandbox.owe("payment_intent.succeeded", view, requestId, idempotencyKey);
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
        intent.lastPaymentError = Json.write(error);
        ObjectNode view = view(intent);
        sandbox.owe("payment_intent.payment_failed", view, requestId, idempotencyKey);
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

    /** The test payment method as Stripe's object; a declining one carries {@code _decline_*}, removed before shown. */
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
        if (given == null && "card".equals(data.get("type"))) {
            if (!allowed.contains("card")) {
                throw incompatible("card", allowed);
            }
            return typedCard(method, form);
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

    /**
     * Card details typed into a page, checked as Stripe checks them (number, expiry, CVC: a 402 card_error naming
     * the field); Stripe's test numbers behave as documented, any other valid number is declined as a live card.
     */
    private ObjectNode typedCard(ObjectNode method, StripeForm form) {
        String prefix = "payment_method_data[card]";
        String number = form.value(prefix + "[number]");
        number = number == null ? "" : number.replaceAll("[\\s-]", "");
        if (!number.matches("\\d{12,19}") || !luhn(number)) {
            throw cardError("incorrect_number", prefix + "[number]", "Your card number is incorrect.");
        }
        ZonedDateTime now = Time.now().atZone(ZoneOffset.UTC);
        int month = integer(form.value(prefix + "[exp_month]"));
        if (month < 1 || month > 12) {
            throw cardError("invalid_expiry_month", prefix + "[exp_month]", "Your card's expiration month is invalid.");
        }
        int year = integer(form.value(prefix + "[exp_year]"));
        if (year >= 0 && year < 100) {
            year += 2000;
        }
        if (year < now.getYear() || year > now.getYear() + 50) {
            throw cardError("invalid_expiry_year", prefix + "[exp_year]", "Your card's expiration year is invalid.");
        }
        if (year == now.getYear() && month < now.getMonthValue()) {
            throw cardError("invalid_expiry_month", prefix + "[exp_month]", "Your card's expiration month is invalid.");
        }
        String cvc = form.value(prefix + "[cvc]");
        if (cvc != null && !cvc.strip().matches("\\d{3,4}")) {
            throw cardError("invalid_cvc", prefix + "[cvc]", "Your card's security code is invalid.");
        }
        TestCard card = TEST_NUMBERS.get(number);
        if (card == null) {
            card = new TestCard(number.startsWith("4") ? "visa" : number.startsWith("5") ? "mastercard" : "unknown",
                    number.substring(number.length() - 4), "live_mode_test_card", "Your card was declined. Your "
                    + "request was in test mode, but used a non test (live) card. For a list of valid test cards, "
                    + "visit: https://stripe.com/docs/testing.");
        }
        method.put("type", "card");
        method.set("card", mapper.createObjectNode()
                .put("brand", card.brand())
                .put("country", "US")
                .put("exp_month", month)
                .put("exp_year", year)
                .put("funding", "credit")
                .put("last4", card.last4()));
        if (card.declineCode() != null) {
            method.put("_decline_code", card.declineCode());
            method.put("_decline_message", card.declineMessage());
        }
        return method;
    }

    private static SandboxError cardError(String code, String param, String message) {
        return new SandboxError(402, "card_error", code, message).param(param);
    }

    private static int integer(String raw) {
        try {
            return raw == null ? -1 : Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean luhn(String number) {
        int sum = 0;
        for (int i = 0; i < number.length(); i++) {
            int digit = number.charAt(number.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }

    private static SandboxError incompatible(String type, List<String> allowed) {
        return SandboxError.invalid("payment_intent_incompatible_payment_method", "payment_method",
                "The PaymentMethod provided (" + type + ") is not allowed for this PaymentIntent. Please attach a "
                        + "PaymentMethod of one of the following types: " + String.join(", ", allowed) + ".");
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
        json.put("canceled_at", intent.canceledAt == null ? null : intent.canceledAt.getEpochSecond());
        json.put("cancellation_reason", intent.cancellationReason);
        json.put("capture_method", "automatic");
        json.put("client_secret", intent.clientSecret);
        json.put("confirmation_method", "automatic");
        json.put("created", intent.created.getEpochSecond());
        json.put("currency", intent.currency);
        json.putNull("customer");
        json.put("description", intent.description);
        json.set("last_payment_error", intent.lastPaymentError == null ? json.nullNode()
                : Json.read(intent.lastPaymentError, JsonNode.class));
        json.put("latest_charge", intent.latestCharge);
        json.put("livemode", false);
        json.set("metadata", Json.read(intent.metadata, JsonNode.class));
        json.putNull("next_action");
        json.putNull("on_behalf_of");
        json.put("payment_method", intent.paymentMethod);
        json.set("payment_method_options", mapper.createObjectNode());
        json.set("payment_method_types", Json.read(intent.paymentMethodTypes, JsonNode.class));
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

    private List<String> types(SandboxIntent intent) {
        return Json.read(intent.paymentMethodTypes, new TypeReference<List<String>>() { });
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
}
