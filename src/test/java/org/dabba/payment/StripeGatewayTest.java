package org.dabba.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.dabba.payment.PaymentGateway.PaymentMethod;
import org.dabba.platform.error.Problem;
import org.dabba.platform.error.Problems;
import org.dabba.testing.LocalServers;
import org.dabba.testing.LoopbackWireMock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway adapter as prod runs it ({@code gateway=stripe}), against WireMock standing in for api.stripe.com:
 * what it sends, byte for byte where it matters, and how it maps the gateway's failures.
 */
@QuarkusTest
@TestProfile(StripeGatewayTest.AgainstWireMock.class)
@WithTestResource(LocalServers.class)
class StripeGatewayTest {

    static final String SECRET_KEY = "sk_test_wiremock_4242";

    /** One WireMock per JVM, started before Quarkus reads its configuration. */
    static final class Stripe {
        static final WireMockServer SERVER = LoopbackWireMock.start();
    }

    public static class AgainstWireMock implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "dabba.payments.gateway", "stripe",
                    "dabba.payments.base-url", "http://127.0.0.1:" + Stripe.SERVER.port() + "/",
                    "dabba.payments.secret-key", SECRET_KEY,
                    // Long enough for a first call on a busy CI machine (class loading, tracing's first span), short for a test.
                    "dabba.payments.timeout", "PT2S",
                    // As %prod writes it: an unset rotation secret expands to nothing, which means none.
                    "dabba.payments.webhook-secret-previous", "${DABBA_TEST_UNSET_PREVIOUS_SECRET:}");
        }
    }

    @Inject
    PaymentGateway gateway;

    final WireMockServer stripe = Stripe.SERVER;

    @BeforeEach
    void reset() {
        stripe.resetAll();
    }

    static String intentJson(String id, String status) {
        return """
                {"id": "%s", "object": "payment_intent", "amount": 35050, "currency": "inr",
                 "client_secret": "%s_secret_abc", "status": "%s", "livemode": false}
                """.formatted(id, id, status);
    }

    @Test
    void createsAnIntentWithExactlyStripesFormFieldsKeyAndIdempotencyKey() {
        stripe.stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(intentJson("pi_wm1", "requires_payment_method"))));
        UUID orderId = UUID.randomUUID();

        PaymentGateway.PaymentIntent intent = gateway.createIntent(orderId, 35050, "INR", PaymentMethod.CARD,
                PaymentGateway.idempotencyKeyFor(orderId));

        assertEquals(new PaymentGateway.PaymentIntent("pi_wm1", "pi_wm1_secret_abc", "requires_payment_method"), intent);
        stripe.verify(1, postRequestedFor(urlEqualTo("/v1/payment_intents"))
                .withHeader("Authorization", equalTo("Bearer " + SECRET_KEY))
                .withHeader("Idempotency-Key", equalTo("dabba-order-" + orderId + "-intent"))
                .withHeader("Content-Type", com.github.tomakehurst.wiremock.client.WireMock
                        .containing("application/x-www-form-urlencoded")));
        LoggedRequest request = only("/v1/payment_intents");
        assertEquals(Map.of(
                "amount", List.of("35050"),
                "currency", List.of("inr"),
                "metadata[orderId]", List.of(orderId.toString()),
                "payment_method_types[]", List.of("card")),
                StripeForm.parse(request.getBody()).params());
        assertEquals("amount=35050&currency=inr&metadata[orderId]=" + orderId + "&payment_method_types[]=card",
                new String(request.getBody(), StandardCharsets.UTF_8));
    }

    @Test
    void upiIsStripesUpiType() {
        stripe.stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(aResponse().withStatus(200)
                .withBody(intentJson("pi_wm2", "requires_payment_method"))));
        gateway.createIntent(UUID.randomUUID(), 100, "inr", PaymentMethod.UPI, "key-upi");
        LoggedRequest request = only("/v1/payment_intents");
        assertEquals(List.of("upi"), StripeForm.parse(request.getBody()).list("payment_method_types"));
        assertEquals("key-upi", request.getHeader("Idempotency-Key"));
    }

    @Test
    void cancelsAndRefundsWithTheirOwnIdempotencyKeys() {
        stripe.stubFor(post(urlEqualTo("/v1/payment_intents/pi_wm3/cancel")).willReturn(aResponse().withStatus(200)
                .withBody(intentJson("pi_wm3", "canceled"))));
        stripe.stubFor(post(urlEqualTo("/v1/refunds")).willReturn(aResponse().withStatus(200).withBody("""
                {"id": "re_wm1", "object": "refund", "amount": 35050, "currency": "inr",
                 "payment_intent": "pi_wm3", "status": "succeeded"}""")));

        assertEquals("canceled", gateway.cancelIntent("pi_wm3").status());
        UUID refundId = UUID.fromString("00000000-0000-0000-0000-000000000042");
        assertEquals(new PaymentGateway.Refund("re_wm1", "pi_wm3", "succeeded", 35050, "inr"),
                gateway.refund("pi_wm3", 35050, java.util.Map.of("refundId", refundId.toString()),
                        PaymentGateway.refundKeyFor(refundId, 1)));

        LoggedRequest cancel = only("/v1/payment_intents/pi_wm3/cancel");
        assertEquals("Bearer " + SECRET_KEY, cancel.getHeader("Authorization"));
        assertEquals("dabba-cancel-pi_wm3", cancel.getHeader("Idempotency-Key"));
        LoggedRequest refund = only("/v1/refunds");
        assertEquals("payment_intent=pi_wm3&amount=35050&metadata[refundId]=" + refundId,
                new String(refund.getBody(), StandardCharsets.UTF_8));
        assertEquals("dabba-refund-" + refundId, refund.getHeader("Idempotency-Key"));
    }

    @Test
    void aRefusalIs502NamingTheGatewaysError() {
        stripe.stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(aResponse().withStatus(400).withBody("""
                {"error": {"type": "invalid_request_error", "code": "parameter_invalid_integer", "param": "amount",
                 "message": "Invalid integer: abc"}}""")));
        PaymentGatewayException e = assertThrows(PaymentGatewayException.class, this::create);
        assertEquals(PaymentGatewayException.Kind.REJECTED, e.kind());
        assertEquals(400, e.gatewayStatus());
        assertEquals("parameter_invalid_integer", e.gatewayCode());
        Problem problem = Problems.from(e);
        assertEquals(502, problem.getStatus());
        assertEquals("/problems/payment-gateway-rejected", problem.getType());
        assertTrue(problem.getDetail().contains("parameter_invalid_integer"), problem.getDetail());
        assertTrue(problem.getDetail().contains("Invalid integer: abc"), problem.getDetail());
        assertEquals("invalid_request_error", problem.getExtensions().get("gatewayErrorType"));

        stripe.stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(aResponse().withStatus(401).withBody("""
                {"error": {"type": "invalid_request_error", "message": "Invalid API Key provided: sk_test_****4242"}}""")));
        PaymentGatewayException badKey = assertThrows(PaymentGatewayException.class, this::create);
        assertEquals(502, badKey.problem().getStatus());
        assertEquals(401, badKey.gatewayStatus());
    }

    @Test
    void aServerErrorOrABrokenConnectionIs502() {
        stripe.stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(aResponse().withStatus(503)
                .withBody("{\"error\": {\"type\": \"api_error\", \"message\": \"Try again later\"}}")));
        PaymentGatewayException e = assertThrows(PaymentGatewayException.class, this::create);
        assertEquals(PaymentGatewayException.Kind.UNAVAILABLE, e.kind());
        assertEquals(502, e.problem().getStatus());
        assertEquals("/problems/payment-gateway-unavailable", e.problem().getType());
        assertEquals(503, e.gatewayStatus());

        stripe.stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(aResponse()
                .withFault(Fault.CONNECTION_RESET_BY_PEER)));
        PaymentGatewayException reset = assertThrows(PaymentGatewayException.class, this::create);
        assertEquals(PaymentGatewayException.Kind.UNAVAILABLE, reset.kind());
        assertEquals(502, reset.problem().getStatus());

        stripe.stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(aResponse().withStatus(200).withBody("<html>")));
        assertEquals(502, assertThrows(PaymentGatewayException.class, this::create).problem().getStatus());
    }

    @Test
    void noAnswerWithinTheTimeoutIs504() {
        stripe.stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(aResponse().withStatus(200)
                .withFixedDelay(5000).withBody(intentJson("pi_slow", "requires_payment_method"))));
        long start = System.nanoTime();
        PaymentGatewayException e = assertThrows(PaymentGatewayException.class, this::create);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(PaymentGatewayException.Kind.TIMEOUT, e.kind());
        assertEquals(504, e.problem().getStatus());
        assertEquals("/problems/payment-gateway-timeout", e.problem().getType());
        assertTrue(millis >= 1900 && millis < 4500, "gave up after " + millis + " ms, the timeout is 2 s");
        // The next call gets its own answer at once, never the late answer to the timed-out one.
        stripe.stubFor(post(urlEqualTo("/v1/payment_intents/pi_next/cancel")).willReturn(aResponse().withStatus(200)
                .withBody(intentJson("pi_next", "canceled"))));
        assertEquals(new PaymentGateway.PaymentIntent("pi_next", "pi_next_secret_abc", "canceled"),
                gateway.cancelIntent("pi_next"));

        // WireMock journals a request once it has answered it: wait for the slow one, so that it is counted and
        // does not leak into the next test. It was sent once: no retry behind the caller's back.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !stripe.findAll(postRequestedFor(urlEqualTo("/v1/payment_intents"))).isEmpty());
        assertEquals(1, stripe.findAll(postRequestedFor(urlEqualTo("/v1/payment_intents"))).size());
    }

    @Test
    void aRefusalIsLoggedWithoutTheIntentsClientSecret() {
        // A decline answers Stripe's error with the PaymentIntent inside it, client secret included.
        stripe.stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(aResponse().withStatus(402).withBody("""
                {"error": {"type": "card_error", "code": "card_declined", "decline_code": "generic_decline",
                 "message": "Your card was declined.", "payment_intent": {"id": "pi_wm9",
                 "client_secret": "pi_wm9_secret_TOPSECRET", "status": "requires_payment_method"}}}""")));
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(new SimpleFormatter().formatMessage(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(StripeGateway.class.getName());
        log.addHandler(capture);
        try {
            assertThrows(PaymentGatewayException.class, this::create);
        } finally {
            log.removeHandler(capture);
        }
        assertTrue(logged.stream().anyMatch(l -> l.contains("card_declined") && l.contains("generic_decline")),
                logged.toString());
        assertTrue(logged.stream().noneMatch(l -> l.contains("TOPSECRET") || l.contains("client_secret")),
                logged.toString());
    }

    @Test
    void withTheRealGatewayTheSandboxIsNotServed() {
        given().header("Authorization", "Bearer " + SECRET_KEY).formParam("amount", 100).formParam("currency", "inr")
                .post("/sandbox/stripe/v1/payment_intents").then().statusCode(404);
        given().header("Authorization", "Bearer " + SECRET_KEY).get("/sandbox/stripe/v1/payment_intents/pi_x")
                .then().statusCode(404);
    }

    private void create() {
        UUID orderId = UUID.randomUUID();
        gateway.createIntent(orderId, 35050, "INR", PaymentMethod.CARD, PaymentGateway.idempotencyKeyFor(orderId));
    }

    private LoggedRequest only(String url) {
        List<LoggedRequest> requests = stripe.findAll(postRequestedFor(urlEqualTo(url)));
        assertEquals(1, requests.size(), "requests to " + url);
        return requests.get(0);
    }
}
