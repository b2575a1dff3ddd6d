package org.dabba.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.stripe.StripeClient;
import com.stripe.exception.CardException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.net.Webhook;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentCreateParams;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dabba.payment.sandbox.SandboxWebhookDelivery;
import org.dabba.testing.LocalServers;
import org.dabba.testing.LoopbackWireMock;
import org.junit.jupiter.api.Test;

/**
 * Stripe's own Java client (stripe-java) against the sandbox: it creates, reads and confirms intents there, and its
 * {@code Webhook.constructEvent} accepts the sandbox's signatures. The sandbox's webhook deliveries go to WireMock
 * here, which refuses the first attempt, so the retry is seen too.
 */
@QuarkusTest
@TestProfile(StripeClientTest.WebhooksToWireMock.class)
@WithTestResource(LocalServers.class)
class StripeClientTest {

    static final String SECRET_KEY = "sk_test_dabba_sandbox";
    static final String WEBHOOK_SECRET = "whsec_dabba_sandbox";

    static final class Receiver {
        static final WireMockServer SERVER = LoopbackWireMock.start();
    }

    public static class WebhooksToWireMock implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dabba.payments.sandbox.webhook-url",
                    "http://127.0.0.1:" + Receiver.SERVER.port() + "/hooks/stripe");
        }
    }

    static StripeClient client(String key) {
        return StripeClient.builder().setApiKey(key)
                .setApiBase("http://localhost:" + RestAssured.port + "/sandbox/stripe")
                .setMaxNetworkRetries(0)
                .build();
    }

    @Test
    void stripeJavaCreatesReadsAndConfirmsAndVerifiesTheSandboxsWebhooks() throws Exception {
        WireMockServer receiver = Receiver.SERVER;
        receiver.resetAll();

        StripeClient stripe = client(SECRET_KEY);
        PaymentIntent created = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                .setAmount(35050L).setCurrency("inr").addPaymentMethodType("card")
                .putMetadata("orderId", "order-42").build());
        assertTrue(created.getId().startsWith("pi_"));
        assertEquals("requires_payment_method", created.getStatus());
        assertEquals(35050L, created.getAmount());
        assertEquals("inr", created.getCurrency());
        assertEquals(List.of("card"), created.getPaymentMethodTypes());
        assertEquals("order-42", created.getMetadata().get("orderId"));
        assertTrue(created.getClientSecret().startsWith(created.getId() + "_secret_"));
        assertEquals(false, created.getLivemode());

        // Deliveries about this intent: the first is refused, the next ones acknowledged.
        receiver.stubFor(post(urlEqualTo("/hooks/stripe")).withRequestBody(containing(created.getId()))
                .inScenario("first attempt fails").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("recovered"));
        receiver.stubFor(post(urlEqualTo("/hooks/stripe")).withRequestBody(containing(created.getId()))
                .inScenario("first attempt fails").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200)));

        PaymentIntent read = stripe.v1().paymentIntents().retrieve(created.getId());
        assertEquals(created.getClientSecret(), read.getClientSecret());

        PaymentIntent paid = stripe.v1().paymentIntents().confirm(created.getId(),
                PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());
        assertEquals("succeeded", paid.getStatus());
        assertEquals(35050L, paid.getAmountReceived());
        assertTrue(paid.getLatestCharge().startsWith("ch_"));

        // The first delivery is refused; the retry comes with a fresh signature and the same bytes.
        await().atMost(Duration.ofSeconds(15)).until(() -> deliveriesAbout(receiver, created.getId()).size() >= 2);
        List<LoggedRequest> deliveries = deliveriesAbout(receiver, created.getId());
        LoggedRequest first = deliveries.get(0);
        LoggedRequest retry = deliveries.get(1);
        assertEquals(first.getBodyAsString(), retry.getBodyAsString());
        assertTrue(first.getHeader("Content-Type").startsWith("application/json"));

        String payload = new String(retry.getBody(), StandardCharsets.UTF_8);
        Event event = Webhook.constructEvent(payload, retry.getHeader("Stripe-Signature"), WEBHOOK_SECRET);
        assertTrue(event.getId().startsWith("evt_"));
        assertEquals("payment_intent.succeeded", event.getType());
        assertEquals(false, event.getLivemode());
        assertEquals(com.stripe.Stripe.API_VERSION, event.getApiVersion());
        PaymentIntent inEvent = (PaymentIntent) event.getDataObjectDeserializer().getObject().orElseThrow();
        assertEquals(created.getId(), inEvent.getId());
        assertEquals("succeeded", inEvent.getStatus());
        assertThrows(SignatureVerificationException.class,
                () -> Webhook.constructEvent(payload, retry.getHeader("Stripe-Signature"), "whsec_wrong"));
        assertThrows(SignatureVerificationException.class,
                () -> Webhook.constructEvent(payload.replace("succeeded", "failed"),
                        retry.getHeader("Stripe-Signature"), WEBHOOK_SECRET));

        await().atMost(Duration.ofSeconds(5)).until(() -> io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> {
                    SandboxWebhookDelivery delivery = SandboxWebhookDelivery.findById(event.getId());
                    return delivery.deliveredAt != null && delivery.attempts == 2;
                }));
    }

    private static List<LoggedRequest> deliveriesAbout(WireMockServer receiver, String intentId) {
        return receiver.findAll(postRequestedFor(urlEqualTo("/hooks/stripe")).withRequestBody(containing(intentId)));
    }

    @Test
    void stripeJavaSeesDeclinesAndErrorsAsStripesExceptions() throws Exception {
        StripeClient stripe = client(SECRET_KEY);
        PaymentIntent created = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                .setAmount(1000L).setCurrency("inr").addPaymentMethodType("card").build());
        CardException declined = assertThrows(CardException.class, () -> stripe.v1().paymentIntents()
                .confirm(created.getId(), PaymentIntentConfirmParams.builder()
                        .setPaymentMethod("pm_card_chargeDeclined").build()));
        assertEquals(402, declined.getStatusCode());
        assertEquals("card_declined", declined.getCode());
        assertEquals("generic_decline", declined.getDeclineCode());
        assertEquals("requires_payment_method", declined.getStripeError().getPaymentIntent().getStatus());

        PaymentIntent after = stripe.v1().paymentIntents().retrieve(created.getId());
        assertEquals("card_declined", after.getLastPaymentError().getCode());
        assertNull(after.getPaymentMethod());

        InvalidRequestException missing = assertThrows(InvalidRequestException.class,
                () -> stripe.v1().paymentIntents().retrieve("pi_nope"));
        assertEquals(404, missing.getStatusCode());
        assertEquals("resource_missing", missing.getCode());

        assertThrows(com.stripe.exception.AuthenticationException.class,
                () -> client("sk_test_wrong").v1().paymentIntents().retrieve(created.getId()));
    }
}
