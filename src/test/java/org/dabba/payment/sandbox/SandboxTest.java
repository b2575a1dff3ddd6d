package org.dabba.payment.sandbox;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.dabba.payment.PaymentEvent;
import org.dabba.payment.PaymentGateway.PaymentMethod;
import org.dabba.payment.PaymentGateway;
import org.dabba.payment.PaymentGatewayException;
import org.dabba.payment.RecordingPaymentOutcomes;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.junit.jupiter.api.Test;

/** The Stripe-compatible sandbox of the default profile, over HTTP as Stripe clients use it, and through the gateway. */
@QuarkusTest
@WithTestResource(LocalServers.class)
class SandboxTest {

    static final String KEY = "sk_test_dabba_sandbox";
    static final String BASE = "/sandbox/stripe/v1";

    @Inject
    PaymentGateway gateway;

    static RequestSpecification stripe() {
        return given().header("Authorization", "Bearer " + KEY);
    }

    static Response create(long amount, String orderId, String type) {
        return stripe().formParam("amount", amount).formParam("currency", "INR")
                .formParam("metadata[orderId]", orderId).formParam("payment_method_types[]", type)
                .post(BASE + "/payment_intents");
    }

    static String createdId() {
        return create(35050, UUID.randomUUID().toString(), "card").then().statusCode(200).extract().path("id");
    }

    static Response confirm(String id, String paymentMethod) {
        return stripe().formParam("payment_method", paymentMethod).post(BASE + "/payment_intents/{id}/confirm", id);
    }

    @Test
    void createReadAndConfirmAnIntentThatSucceedsAndDeliversASignedEvent() {
        String orderId = UUID.randomUUID().toString();
        JsonPath created = create(35050, orderId, "card").then().statusCode(200)
                .header("Request-Id", startsWith("req_"))
                .body("object", equalTo("payment_intent"))
                .body("amount", equalTo(35050))
                .body("currency", equalTo("inr"))
                .body("status", equalTo("requires_payment_method"))
                .body("metadata.orderId", equalTo(orderId))
                .body("payment_method_types", equalTo(List.of("card")))
                .body("livemode", equalTo(false))
                .body("created", greaterThan(1_700_000_000))
                .body("latest_charge", nullValue())
                .extract().jsonPath();
        String id = created.getString("id");
        assertTrue(id.matches("pi_[A-Za-z0-9]{24}"), id);
        assertTrue(created.getString("client_secret").startsWith(id + "_secret_"));

        stripe().get(BASE + "/payment_intents/{id}", id).then().statusCode(200)
                .body("id", equalTo(id)).body("client_secret", equalTo(created.getString("client_secret")))
                .body("status", equalTo("requires_payment_method"));

        confirm(id, "pm_card_visa").then().statusCode(200)
                .body("status", equalTo("succeeded"))
                .body("amount_received", equalTo(35050))
                .body("latest_charge", startsWith("ch_"))
                .body("payment_method", startsWith("pm_"))
                .body("last_payment_error", nullValue());

        // Delivered to the app's own /webhooks/stripe, which accepts only a valid signature.
        await().atMost(Duration.ofSeconds(10)).until(() -> !RecordingPaymentOutcomes.callsFor(id).isEmpty());
        RecordingPaymentOutcomes.Call call = RecordingPaymentOutcomes.callsFor(id).get(0);
        assertEquals("succeeded", call.outcome());
        assertEquals(PaymentEvent.SUCCEEDED, call.event().type());
        assertTrue(call.event().eventId().startsWith("evt_"));
        assertEquals(35050, call.event().amountMinor());
        assertEquals("inr", call.event().currency());
        assertEquals("succeeded", call.event().status());
        assertEquals(UUID.fromString(orderId), call.event().orderId().orElseThrow());
        await().atMost(Duration.ofSeconds(5)).until(() -> delivered(call.event().eventId()));

        // A succeeded intent cannot be confirmed again.
        confirm(id, "pm_card_visa").then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("payment_intent_unexpected_state"));
    }

    @Test
    void aDeclinedCardIs402AndTheIntentCanBePaidAgain() {
        String id = createdId();
        confirm(id, "pm_card_chargeDeclined").then().statusCode(402)
                .body("error.type", equalTo("card_error"))
                .body("error.code", equalTo("card_declined"))
                .body("error.decline_code", equalTo("generic_decline"))
                .body("error.message", equalTo("Your card was declined."))
                .body("error.charge", startsWith("ch_"))
                .body("error.payment_intent.id", equalTo(id))
                .body("error.payment_intent.status", equalTo("requires_payment_method"))
                .body("error.payment_method.card.last4", equalTo("0002"));
        stripe().get(BASE + "/payment_intents/{id}", id).then().statusCode(200)
                .body("status", equalTo("requires_payment_method"))
                .body("last_payment_error.code", equalTo("card_declined"))
                .body("last_payment_error.decline_code", equalTo("generic_decline"));

        await().atMost(Duration.ofSeconds(10)).until(() -> !RecordingPaymentOutcomes.callsFor(id).isEmpty());
        RecordingPaymentOutcomes.Call failed = RecordingPaymentOutcomes.callsFor(id).get(0);
        assertEquals("failed", failed.outcome());
        assertEquals(PaymentEvent.FAILED, failed.event().type());
        assertEquals("generic_decline", failed.event().failureCode());
        assertEquals("Your card was declined.", failed.event().failureMessage());

        confirm(id, "pm_card_visa").then().statusCode(200).body("status", equalTo("succeeded"));
        await().atMost(Duration.ofSeconds(10)).until(() -> RecordingPaymentOutcomes.callsFor(id).size() == 2);
        assertEquals("succeeded", RecordingPaymentOutcomes.callsFor(id).get(1).outcome());
    }

    @Test
    void upiIntentsSettleWithTheTestVpas() {
        String id = create(10000, UUID.randomUUID().toString(), "upi").then().statusCode(200)
                .body("payment_method_types", equalTo(List.of("upi"))).extract().path("id");
        confirm(id, "pm_card_visa").then().statusCode(400)
                .body("error.code", equalTo("payment_intent_incompatible_payment_method"));
        stripe().formParam("payment_method_data[type]", "upi")
                .formParam("payment_method_data[upi][vpa]", "success@stripeupi")
                .post(BASE + "/payment_intents/{id}/confirm", id).then().statusCode(200)
                .body("status", equalTo("succeeded"));
        // UPI only in rupees, as at Stripe.
        stripe().formParam("amount", 100).formParam("currency", "usd").formParam("payment_method_types[]", "upi")
                .post(BASE + "/payment_intents").then().statusCode(400)
                .body("error.param", equalTo("currency"));
    }

    @Test
    void theSameIdempotencyKeyAnswersTheSameAndRefusesOtherParameters() throws Exception {
        String key = "test-" + UUID.randomUUID();
        String orderId = UUID.randomUUID().toString();
        String first = create(key, 500, orderId).then().statusCode(200).extract().path("id");
        create(key, 500, orderId).then().statusCode(200)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(first));
        create(key, 501, orderId).then().statusCode(400)
                .body("error.type", equalTo("idempotency_error"))
                .body("error.message", containsString(key));

        // Two at once with one key: one intent.
        String concurrentKey = "test-" + UUID.randomUUID();
        CompletableFuture<String> a = CompletableFuture.supplyAsync(() -> create(concurrentKey, 700, orderId).path("id"));
        CompletableFuture<String> b = CompletableFuture.supplyAsync(() -> create(concurrentKey, 700, orderId).path("id"));
        assertNotNull(a.get());
        assertEquals(a.get(), b.get());

        // A request refused before it ran leaves its key free, as at Stripe.
        String refusedKey = "test-" + UUID.randomUUID();
        stripe().header("Idempotency-Key", refusedKey).formParam("currency", "inr")
                .post(BASE + "/payment_intents").then().statusCode(400)
                .body("error.code", equalTo("parameter_missing")).body("error.param", equalTo("amount"));
        create(refusedKey, 900, orderId).then().statusCode(200).body("amount", equalTo(900));
    }

    private static Response create(String key, long amount, String orderId) {
        return stripe().header("Idempotency-Key", key).formParam("amount", amount).formParam("currency", "inr")
                .formParam("metadata[orderId]", orderId).formParam("payment_method_types[]", "card")
                .post(BASE + "/payment_intents");
    }

    @Test
    void cancelAndRefundFollowStripesRules() {
        String open = createdId();
        stripe().formParam("cancellation_reason", "abandoned").post(BASE + "/payment_intents/{id}/cancel", open)
                .then().statusCode(200)
                .body("status", equalTo("canceled"))
                .body("cancellation_reason", equalTo("abandoned"))
                .body("canceled_at", notNullValue());
        stripe().post(BASE + "/payment_intents/{id}/cancel", open).then().statusCode(400)
                .body("error.code", equalTo("payment_intent_unexpected_state"));
        confirm(open, "pm_card_visa").then().statusCode(400)
                .body("error.code", equalTo("payment_intent_unexpected_state"));
        stripe().formParam("payment_intent", open).post(BASE + "/refunds").then().statusCode(400)
                .body("error.code", equalTo("payment_intent_unexpected_state"));

        String paid = createdId();
        confirm(paid, "pm_card_visa").then().statusCode(200);
        stripe().post(BASE + "/payment_intents/{id}/cancel", paid).then().statusCode(400)
                .body("error.code", equalTo("payment_intent_unexpected_state"));
        stripe().formParam("payment_intent", paid).formParam("amount", 50).post(BASE + "/refunds").then().statusCode(200)
                .body("id", startsWith("re_"))
                .body("object", equalTo("refund"))
                .body("amount", equalTo(50))
                .body("payment_intent", equalTo(paid))
                .body("status", equalTo("succeeded"));
        stripe().formParam("payment_intent", paid).formParam("amount", 35001).post(BASE + "/refunds").then()
                .statusCode(400).body("error.code", equalTo("amount_too_large"));
        stripe().formParam("payment_intent", paid).post(BASE + "/refunds").then().statusCode(200)
                .body("amount", equalTo(35000));
        stripe().formParam("payment_intent", paid).post(BASE + "/refunds").then().statusCode(400)
                .body("error.code", equalTo("charge_already_refunded"));
        stripe().post(BASE + "/refunds").then().statusCode(400).body("error.code", equalTo("parameter_missing"));
    }

    @Test
    void errorsHaveStripesShapeAndStatus() {
        given().formParam("amount", 100).formParam("currency", "inr").post(BASE + "/payment_intents").then()
                .statusCode(401)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.message", containsString("did not provide an API key"));
        given().header("Authorization", "Bearer sk_test_someone_elses_key").get(BASE + "/payment_intents/pi_x").then()
                .statusCode(401)
                .body("error.message", containsString("Invalid API Key provided: sk_test_"))
                .body("error.message", org.hamcrest.Matchers.not(containsString("someone_elses")));
        // A Dabba token is no Stripe key, and it is not needed either.
        given().auth().oauth2(Api.adminToken()).get(BASE + "/payment_intents/pi_x").then().statusCode(401)
                .body("error.type", equalTo("invalid_request_error"));
        // Basic auth with the key as user name, as in Stripe's curl examples.
        given().auth().preemptive().basic(KEY, "").get(BASE + "/payment_intents/pi_missing").then().statusCode(404)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("resource_missing"))
                .body("error.param", equalTo("intent"))
                .body("error.message", equalTo("No such payment_intent: 'pi_missing'"));
        confirm("pi_missing", "pm_card_visa").then().statusCode(404).body("error.code", equalTo("resource_missing"));
        stripe().formParam("amount", "12.5").formParam("currency", "inr").post(BASE + "/payment_intents").then()
                .statusCode(400).body("error.param", equalTo("amount"));
        stripe().formParam("amount", 100).formParam("currency", "xyz").post(BASE + "/payment_intents").then()
                .statusCode(400).body("error.param", equalTo("currency"));
        stripe().formParam("amount", 100).formParam("currency", "inr").formParam("colour", "red")
                .post(BASE + "/payment_intents").then().statusCode(400)
                .body("error.code", equalTo("parameter_unknown")).body("error.param", equalTo("colour"));
        confirm(createdId(), "pm_card_unheard_of").then().statusCode(404).body("error.param", equalTo("payment_method"));
    }

    @Test
    void theGatewayTalksToTheSandboxOverHttp() {
        UUID orderId = UUID.randomUUID();
        String key = PaymentGateway.idempotencyKeyFor(orderId);
        PaymentGateway.PaymentIntent intent = gateway.createIntent(orderId, 35050, "INR", PaymentMethod.UPI, key);
        assertTrue(intent.paymentIntentId().startsWith("pi_"));
        assertTrue(intent.clientSecret().startsWith(intent.paymentIntentId() + "_secret_"));
        assertEquals("requires_payment_method", intent.status());
        assertEquals(intent, gateway.createIntent(orderId, 35050, "INR", PaymentMethod.UPI, key));
        stripe().get(BASE + "/payment_intents/{id}", intent.paymentIntentId()).then()
                .body("payment_method_types", equalTo(List.of("upi")))
                .body("metadata.orderId", equalTo(orderId.toString()));
        assertEquals("canceled", gateway.cancelIntent(intent.paymentIntentId()).status());
        assertEquals("canceled", gateway.cancelIntent(intent.paymentIntentId()).status(), "idempotent");

        UUID paidOrder = UUID.randomUUID();
        PaymentGateway.PaymentIntent paid = gateway.createIntent(paidOrder, 1200, "inr", PaymentMethod.CARD,
                PaymentGateway.idempotencyKeyFor(paidOrder));
        assertNotEquals(intent.paymentIntentId(), paid.paymentIntentId());
        confirm(paid.paymentIntentId(), "pm_card_visa").then().statusCode(200);
        // Partial refunds, as Stripe: together never more than the charge.
        UUID first = UUID.randomUUID();
        String refundKey = PaymentGateway.refundKeyFor(first, 1);
        PaymentGateway.Refund refund = gateway.refund(paid.paymentIntentId(), 500, Map.of("refundId",
                first.toString()), refundKey);
        assertEquals("succeeded", refund.status());
        assertEquals(500, refund.amountMinor());
        assertEquals(refund, gateway.refund(paid.paymentIntentId(), 500, Map.of("refundId", first.toString()),
                refundKey), "a repeated refund is the same refund");
        PaymentGatewayException tooLarge = assertThrows(PaymentGatewayException.class,
                () -> gateway.refund(paid.paymentIntentId(), 701, Map.of(),
                        PaymentGateway.refundKeyFor(UUID.randomUUID(), 1)));
        assertTrue(tooLarge.refundTooLarge(), tooLarge.getMessage());
        assertEquals(700, gateway.refund(paid.paymentIntentId(), 700, Map.of(),
                PaymentGateway.refundKeyFor(UUID.randomUUID(), 1)).amountMinor());
        stripe().get(BASE + "/payment_intents/{id}", paid.paymentIntentId()).then()
                .body("amount_received", equalTo(1200));
        // A new key cannot refund more: the gateway says the charge is refunded already.
        PaymentGatewayException again = assertThrows(PaymentGatewayException.class,
                () -> gateway.refund(paid.paymentIntentId(), 1, Map.of(),
                        PaymentGateway.refundKeyFor(first, 2)));
        assertTrue(again.alreadyRefunded(), again.getMessage());

        // The sandbox's refusals reach the caller as a 502 naming Stripe's error.
        PaymentGatewayException refused = assertThrows(PaymentGatewayException.class,
                () -> gateway.cancelIntent("pi_does_not_exist"));
        assertEquals(PaymentGatewayException.Kind.REJECTED, refused.kind());
        assertEquals(502, refused.problem().getStatus());
        assertEquals(404, refused.gatewayStatus());
        assertEquals("resource_missing", refused.gatewayCode());
    }

    private static boolean delivered(String eventId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            SandboxWebhookDelivery delivery = SandboxWebhookDelivery.findById(eventId);
            return delivery != null && delivery.deliveredAt != null && delivery.attempts == 1;
        });
    }
}
