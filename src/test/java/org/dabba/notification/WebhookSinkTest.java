package org.dabba.notification;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.awaitility.Awaitility.await;
import static org.dabba.testing.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.ProducerTemplate;
import org.dabba.platform.events.DeadLetter;
import org.dabba.platform.webhooks.WebhookSignatures;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.dabba.testing.LoopbackWireMock;
import org.dabba.testing.Orders;
import org.dabba.testing.Orders.PlacedOrder;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbound channel set to the webhook kamelet, against a local HTTP receiver (WireMock): what is POSTed (the
 * notification's JSON, signed, nothing else of the flow), the retries with backoff, the dead letter after the last
 * try (parked, then replayed once), that a dead receiver does not stop the notifications after it, and that a
 * notification the channel never took is sent by the sweep. Also: a kamelet dropped into
 * {@code dabba.kamelets-dir} is usable without a rebuild.
 */
@QuarkusTest
@TestProfile(WebhookSinkTest.WebhookChannel.class)
@WithTestResource(LocalServers.class)
class WebhookSinkTest {

    static final String SECRET = "whsec_notify_test_4242";
    static final String HOOK = "/hooks/dabba";
    static final Duration WAIT = Duration.ofSeconds(20);

    /** One receiver per JVM, started before Quarkus reads its configuration. */
    static final class Receiver {
        static final WireMockServer SERVER = LoopbackWireMock.start();
    }

    public static class WebhookChannel implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // The secret as a kamelet property of its own: its key says "secret", so Camel masks it in its logs.
            return Map.of("dabba.notifications.channel", "kamelet:dabba-webhook-sink?url=RAW(http://127.0.0.1:"
                    + Receiver.SERVER.port() + HOOK + ")",
                    "camel.kamelet.dabba-webhook-sink.secret", SECRET);
        }
    }

    /** The channel consumer's dead letter of a notification, if parked or handled. */
    static DeadLetter deadLetterOf(String notificationId) {
        return QuarkusTransaction.requiringNew().call(() -> DeadLetter.<DeadLetter>find("consumer = ?1 and eventId = ?2",
                NotificationChannel.CONSUMER, notificationId).firstResult());
    }

    static Object[] channelState(String notificationId) {
        return QuarkusTransaction.requiringNew().call(() -> (Object[]) Panache.getEntityManager().createNativeQuery(
                "select channel_sent_at, channel_due_at, channel_attempts from notifications where id = :id")
                .setParameter("id", UUID.fromString(notificationId)).getSingleResult());
    }

    final WireMockServer receiver = Receiver.SERVER;

    @Inject
    ObjectMapper mapper;

    @Inject
    ProducerTemplate producer;

    @Inject
    ConsumerTemplate consumer;

    @ConfigProperty(name = "dabba.kamelets-dir")
    Path kameletsDir;

    @BeforeEach
    void acceptByDefault() {
        receiver.resetAll();
        // Owners' notifications (restaurant approved) go to the channel too.
        receiver.stubFor(post(urlEqualTo(HOOK)).atPriority(10).willReturn(aResponse().withStatus(204)));
    }

    /** An order placed but not paid yet, so that its notification comes after the receiver is set up. */
    static PlacedOrder placed() {
        String[] r = Api.onlineRestaurant();
        return Orders.placed(r[0], r[1], Api.dish(r[0], r[1], "Masala Dosa", "250.00"));
    }

    List<LoggedRequest> deliveriesOf(PlacedOrder o) {
        return receiver.findAll(postRequestedFor(urlEqualTo(HOOK))
                .withRequestBody(matchingJsonPath("$.subjectId", com.github.tomakehurst.wiremock.client.WireMock
                        .equalTo(o.orderId()))));
    }

    static void answer(PlacedOrder o, String scenario, String state, String next, int status) {
        Receiver.SERVER.stubFor(post(urlEqualTo(HOOK)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.subjectId",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo(o.orderId())))
                .inScenario(scenario).whenScenarioStateIs(state).willSetStateTo(next)
                .willReturn(aResponse().withStatus(status)));
    }

    @Test
    void theNotificationIsPostedSignedAndRetriedUntilTheReceiverTakesIt() throws Exception {
        PlacedOrder o = placed();
        String flaky = "flaky-" + o.orderId();
        answer(o, flaky, Scenario.STARTED, "failed once", 500);
        answer(o, flaky, "failed once", "failed twice", 500);
        answer(o, flaky, "failed twice", "taken", 200);

        Orders.pay(o.paymentIntentId());

        await().atMost(WAIT).until(() -> deliveriesOf(o).size() >= 3);
        Thread.sleep(500); // nothing after the success
        List<LoggedRequest> tries = deliveriesOf(o);
        assertEquals(3, tries.size(), "two failures, then one success");

        Map<String, Object> stored = OrderNotificationsTest.awaitNotification(o.customerToken(), o.orderId(),
                "order.payment.success");
        String customerId = as(o.customerToken()).get("/orders/{id}", o.orderId()).then().statusCode(200)
                .extract().path("customerId");
        for (LoggedRequest request : tries) {
            JsonNode body = mapper.readTree(request.getBody());
            assertEquals(stored.get("id"), body.path("id").asText());
            assertEquals(customerId, body.path("userId").asText());
            assertEquals("order.payment.success", body.path("type").asText());
            assertEquals("Your order has been placed!", body.path("title").asText());
            assertEquals(stored.get("body"), body.path("body").asText());
            assertEquals(o.orderId(), body.path("subjectId").asText());
            assertEquals(Instant.parse((String) stored.get("createdAt")), Instant.parse(body.path("createdAt").asText()));

            assertTrue(request.getHeader("Content-Type").startsWith("application/json"), request.getHeader("Content-Type"));
            String signature = request.getHeader(WebhookSignatures.HEADER);
            Map<String, String> parts = parts(signature);
            long t = Long.parseLong(parts.get("t"));
            assertEquals(WebhookSignatures.v1(SECRET, t, request.getBody()), parts.get("v1"), signature);
            assertTrue(Math.abs(Instant.now().getEpochSecond() - t) < 120, "a fresh timestamp: " + signature);

            assertNull(request.getHeader(WebhookSignatures.SECRET_HEADER), "the secret never leaves");
            assertTrue(request.getHeaders().all().stream().noneMatch(h -> h.values().stream()
                    .anyMatch(v -> v.contains(SECRET))), "the secret is in no header");
            assertNull(request.getHeader(NotificationRoutes.NOTIFICATION_ID), "no internal header leaves");
            assertNull(request.getHeader("ce_type"), "no event header leaves");
        }
    }

    @Test
    void aReceiverThatNeverTakesItEndsInTheDeadLettersAndLaterNotificationsStillGo() throws Exception {
        PlacedOrder dead = placed();
        receiver.stubFor(post(urlEqualTo(HOOK)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.subjectId",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo(dead.orderId())))
                .willReturn(aResponse().withStatus(500)));
        PlacedOrder later = placed();

        Orders.pay(dead.paymentIntentId());
        Map<String, Object> n = OrderNotificationsTest.awaitNotification(dead.customerToken(), dead.orderId(),
                "order.payment.success");
        String notificationId = (String) n.get("id");
        await().atMost(WAIT).until(() -> deadLetterOf(notificationId) != null);
        DeadLetter letter = deadLetterOf(notificationId);
        assertEquals(DeadLetter.Status.PARKED, letter.status);
        assertEquals(4, letter.attempts, "the first try and 3 retries (%test)");
        assertEquals("order.payment.success", letter.eventType);
        assertEquals(dead.orderId(), letter.subject);
        assertTrue(letter.error.startsWith("org.apache.camel.http.base.HttpOperationFailedException: "), letter.error);
        assertTrue(letter.error.contains("500"), letter.error);
        assertTrue(!letter.error.contains(SECRET), letter.error);
        assertEquals(notificationId, mapper.readTree(letter.payload).path("id").asText(), "the notification as handed");
        assertEquals(4, deliveriesOf(dead).size(), "the first try and 3 retries (%test)");

        Orders.pay(later.paymentIntentId());
        await().atMost(WAIT).until(() -> deliveriesOf(later).size() == 1);
        // The dead one's notification is still there for its customer, and the sweep leaves a parked one alone.
        assertEquals(1, OrderNotificationsTest.about(dead.customerToken(), dead.orderId(), "order.payment.success").size());
        Thread.sleep(4000); // longer than the %test channel-grace
        assertEquals(4, deliveriesOf(dead).size(), "a parked notification waits for its replay");
        assertNull(channelState(notificationId)[0], "not sent");

        // The receiver is back: one replay, one delivery, marked sent.
        receiver.stubFor(post(urlEqualTo(HOOK)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.subjectId",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo(dead.orderId())))
                .willReturn(aResponse().withStatus(200)));
        String admin = Api.adminToken();
        as(admin).post("/admin/dead-letters/{id}/replay", letter.id.toString()).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("REPLAYED"))
                .body("consumer", org.hamcrest.Matchers.equalTo(NotificationChannel.CONSUMER));
        assertEquals(5, deliveriesOf(dead).size());
        assertEquals(notificationId, mapper.readTree(deliveriesOf(dead).get(4).getBody()).path("id").asText());
        assertNotNull(channelState(notificationId)[0], "sent");
        as(admin).post("/admin/dead-letters/{id}/replay", letter.id.toString()).then().statusCode(409);
        assertEquals(5, deliveriesOf(dead).size(), "replaying twice delivers once");
    }

    @Test
    void aNotificationTheChannelNeverTookIsSentByTheSweep() throws Exception {
        // As left by an instance that stopped after writing it and before the channel took it (the queue is memory).
        UUID id = UUID.randomUUID();
        UUID subject = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager().createNativeQuery("""
                insert into notifications (id, user_id, type, title, body, subject_id, created_at, channel_due_at)
                values (:id, (select id from users order by created_at limit 1), 'order.delivered', 'Delivered',
                        'Enjoy your meal', :subject, now() - interval '10 minutes', now() - interval '1 second')""")
                .setParameter("id", id).setParameter("subject", subject).executeUpdate());

        await().atMost(WAIT).until(() -> !receiver.findAll(postRequestedFor(urlEqualTo(HOOK))
                .withRequestBody(matchingJsonPath("$.id", com.github.tomakehurst.wiremock.client.WireMock
                        .equalTo(id.toString())))).isEmpty());
        LoggedRequest sent = receiver.findAll(postRequestedFor(urlEqualTo(HOOK))
                .withRequestBody(matchingJsonPath("$.id", com.github.tomakehurst.wiremock.client.WireMock
                        .equalTo(id.toString())))).get(0);
        JsonNode body = mapper.readTree(sent.getBody());
        assertEquals("Enjoy your meal", body.path("body").asText());
        assertEquals(subject.toString(), body.path("subjectId").asText());
        assertEquals(WebhookSignatures.v1(SECRET, Long.parseLong(parts(sent.getHeader(WebhookSignatures.HEADER)).get("t")),
                sent.getBody()), parts(sent.getHeader(WebhookSignatures.HEADER)).get("v1"));
        await().atMost(WAIT).until(() -> channelState(id.toString())[0] != null);
        Object[] state = channelState(id.toString());
        assertNull(state[1], "nothing due any more");
        assertEquals(1, ((Number) state[2]).intValue(), "handed once by the sweep");
    }

    @Test
    void aKameletInTheKameletsDirIsUsableWithoutARebuild() throws Exception {
        Files.createDirectories(kameletsDir);
        Files.writeString(kameletsDir.resolve("probe-sink.kamelet.yaml"), """
                apiVersion: camel.apache.org/v1
                kind: Kamelet
                metadata:
                  name: probe-sink
                  labels:
                    camel.apache.org/kamelet.type: "sink"
                spec:
                  definition:
                    title: "Probe Sink"
                    type: object
                    properties:
                      prefix:
                        type: string
                        default: "probe"
                  template:
                    from:
                      uri: "kamelet:source"
                      steps:
                        - setBody:
                            simple: "{{prefix}}: ${body}"
                        - to: "seda:probe-sink-out"
                """);
        producer.sendBody("kamelet:probe-sink?prefix=seen", "hello");
        assertEquals("seen: hello", consumer.receiveBody("seda:probe-sink-out", 10_000, String.class));
    }

    static Map<String, String> parts(String header) {
        assertTrue(header != null && header.matches("t=\\d+,v1=[0-9a-f]{64}"), "signature header: " + header);
        String[] p = header.split(",");
        return Map.of("t", p[0].substring(2), "v1", p[1].substring(3));
    }
}
