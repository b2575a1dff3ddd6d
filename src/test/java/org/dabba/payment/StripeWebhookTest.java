package org.dabba.payment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.dabba.testing.LocalServers;
import org.junit.jupiter.api.Test;

/** POST /webhooks/stripe: only genuine events count, each once, with its effect or not at all. */
@QuarkusTest
@WithTestResource(LocalServers.class)
class StripeWebhookTest {

    static final String SECRET = "whsec_dabba_sandbox";

    /** An event as Stripe sends it: pretty-printed, with non-ASCII text, so any re-encoding breaks the signature. */
    static String event(String eventId, String type, String intentId) {
        return """
                {
                  "id": "%s",
                  "object": "event",
                  "api_version": "2026-07-29.dahlia",
                  "created": %d,
                  "data": {
                    "object": {
                      "id": "%s",
                      "object": "payment_intent",
                      "amount": 35050,
                      "currency": "inr",
                      "description": "Masala dosa \u2014 \u20b9350.50 \\u00e9",
                      "metadata": { "orderId": "%s" },
                      "status": "%s",
                      "last_payment_error": %s
                    }
                  },
                  "livemode": false,
                  "pending_webhooks": 1,
                  "type": "%s"
                }
                """.formatted(eventId, System.currentTimeMillis() / 1000, intentId, UUID.randomUUID(),
                type.endsWith("succeeded") ? "succeeded" : "requires_payment_method",
                type.endsWith("failed")
                        ? "{ \"type\": \"card_error\", \"code\": \"card_declined\", \"decline_code\": \"insufficient_funds\", \"message\": \"Your card has insufficient funds.\" }"
                        : "null",
                type);
    }

    static String signature(String secret, long timestamp, String body) {
        return StripeSignature.header(secret, timestamp, body.getBytes(StandardCharsets.UTF_8));
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    static ValidatableResponse post(String body, String signature) {
        var request = given().contentType("application/json; charset=utf-8")
                .body(body.getBytes(StandardCharsets.UTF_8));
        if (signature != null) {
            request.header("Stripe-Signature", signature);
        }
        return request.post("/webhooks/stripe").then();
    }

    static String newEventId() {
        return "evt_test" + UUID.randomUUID().toString().replace("-", "");
    }

    static String newIntentId() {
        return "pi_test" + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void aGenuineSuccessReachesTheHandlerOnce() {
        String intent = newIntentId();
        String eventId = newEventId();
        String body = event(eventId, PaymentEvent.SUCCEEDED, intent);
        post(body, signature(SECRET, now(), body)).statusCode(200).body("received", equalTo(true));

        List<RecordingPaymentOutcomes.Call> calls = RecordingPaymentOutcomes.callsFor(intent);
        assertEquals(1, calls.size());
        assertEquals("succeeded", calls.get(0).outcome());
        assertEquals(eventId, calls.get(0).event().eventId());
        assertEquals(35050, calls.get(0).event().amountMinor());
        assertEquals("Masala dosa \u2014 \u20b9350.50 \u00e9", calls.get(0).event().intent().path("description").asText());
        assertTrue(calls.get(0).event().orderId().isPresent());

        // Stripe redelivers: acknowledged, no second effect.
        post(body, signature(SECRET, now(), body)).statusCode(200);
        assertEquals(1, RecordingPaymentOutcomes.callsFor(intent).size());
        assertEquals(1, consumed(eventId));
    }

    @Test
    void aFailureCarriesTheDeclineReason() {
        String intent = newIntentId();
        String body = event(newEventId(), PaymentEvent.FAILED, intent);
        post(body, signature(SECRET, now(), body)).statusCode(200);
        RecordingPaymentOutcomes.Call call = RecordingPaymentOutcomes.callsFor(intent).get(0);
        assertEquals("failed", call.outcome());
        assertEquals("insufficient_funds", call.event().failureCode());
        assertEquals("Your card has insufficient funds.", call.event().failureMessage());
    }

    @Test
    void anythingNotSignedByStripeIs400AndChangesNothing() {
        String intent = newIntentId();
        String eventId = newEventId();
        String body = event(eventId, PaymentEvent.SUCCEEDED, intent);
        String tampered = body.replace("35050", "1");

        invalid(post(tampered, signature(SECRET, now(), body)), "No signature matches");
        invalid(post(body, signature("whsec_someone_else", now(), body)), "No signature matches");
        invalid(post(body, signature(SECRET, now() - 301, body)), "outside the tolerance");
        invalid(post(body, null), "header is missing");
        invalid(post(body, "t=" + now()), "Unable to extract");
        invalid(post(body, "nonsense"), "Unable to extract");

        assertEquals(List.of(), RecordingPaymentOutcomes.callsFor(intent));
        assertEquals(0, consumed(eventId));

        // The genuine one still works afterwards: nothing was recorded for the fakes.
        post(body, signature(SECRET, now(), body)).statusCode(200);
        assertEquals(1, RecordingPaymentOutcomes.callsFor(intent).size());
    }

    private static void invalid(ValidatableResponse response, String reason) {
        response.statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/invalid-signature"))
                .body("detail", containsString(reason));
    }

    @Test
    void eventsOfOtherTypesAreAcknowledgedAndIgnored() {
        String intent = newIntentId();
        String eventId = newEventId();
        String body = event(eventId, "payment_intent.created", intent);
        post(body, signature(SECRET, now(), body)).statusCode(200).body("received", equalTo(true));
        String charge = event(newEventId(), "charge.refunded", intent);
        post(charge, signature(SECRET, now(), charge)).statusCode(200);
        assertEquals(List.of(), RecordingPaymentOutcomes.callsFor(intent));
        assertEquals(0, consumed(eventId));
    }

    @Test
    void aHandlerThatFailsLeavesTheEventForStripesRedelivery() {
        String intent = newIntentId();
        String eventId = newEventId();
        String body = event(eventId, PaymentEvent.SUCCEEDED, intent);
        RecordingPaymentOutcomes.FAIL_ONCE.add(intent);

        post(body, signature(SECRET, now(), body)).statusCode(500).contentType("application/problem+json");
        assertEquals(0, consumed(eventId), "the event id is not recorded without the handler's effect");
        assertEquals(List.of(), RecordingPaymentOutcomes.callsFor(intent));

        post(body, signature(SECRET, now(), body)).statusCode(200);
        assertEquals(1, RecordingPaymentOutcomes.callsFor(intent).size());
        assertEquals(1, consumed(eventId));
    }

    @Test
    void aSignedEventThatIsNotAnEventIs400() {
        String notJson = "{\"id\": \"evt_x\", ";
        post(notJson, signature(SECRET, now(), notJson)).statusCode(400)
                .body("type", equalTo("/problems/malformed-json"));
        String noData = "{\"id\": \"evt_x\", \"type\": \"payment_intent.succeeded\"}";
        post(noData, signature(SECRET, now(), noData)).statusCode(400).body("type", equalTo("/problems/bad-request"));
    }

    private static long consumed(String eventId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) Panache.getEntityManager()
                .createNativeQuery("select count(*) from consumed_events where consumer = :c and event_id = :id")
                .setParameter("c", StripeWebhook.CONSUMER).setParameter("id", eventId)
                .getSingleResult()).longValue());
    }
}
