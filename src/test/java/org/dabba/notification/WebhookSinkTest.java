package org.dabba.notification;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.awaitility.Awaitility.await;
import static org.dabba.testing.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.ProducerTemplate;
import org.dabba.order.OrderService;
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
 * try, and that a dead receiver does not stop the notifications after it. Also: a kamelet dropped into
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
            return Map.of("dabba.notifications.channel", "kamelet:webhook-sink?url=RAW(http://127.0.0.1:"
                    + Receiver.SERVER.port() + HOOK + ")",
                    "camel.kamelet.webhook-sink.secret", SECRET);
        }
    }

    /** The dead letters' log lines, as an operator would see them. */
    static final List<String> DEAD_LETTERS = new CopyOnWriteArrayList<>();

    static {
        Logger.getLogger("org.dabba.notification.dead-letter").addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                DEAD_LETTERS.add(r.getLevel() + " " + r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
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
                OrderService.PAID);
        String customerId = as(o.customerToken()).get("/orders/{id}", o.orderId()).then().statusCode(200)
                .extract().path("customerId");
        for (LoggedRequest request : tries) {
            JsonNode body = mapper.readTree(request.getBody());
            assertEquals(stored.get("id"), body.path("id").asText());
            assertEquals(customerId, body.path("userId").asText());
            assertEquals(OrderService.PAID, body.path("type").asText());
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
    void aReceiverThatNeverTakesItEndsInTheDeadLettersAndLaterNotificationsStillGo() {
        PlacedOrder dead = placed();
        receiver.stubFor(post(urlEqualTo(HOOK)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.subjectId",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo(dead.orderId())))
                .willReturn(aResponse().withStatus(500)));
        PlacedOrder later = placed();

        Orders.pay(dead.paymentIntentId());
        Map<String, Object> n = OrderNotificationsTest.awaitNotification(dead.customerToken(), dead.orderId(),
                OrderService.PAID);
        await().atMost(WAIT).until(() -> DEAD_LETTERS.stream().anyMatch(l -> l.contains((String) n.get("id"))));
        String letter = DEAD_LETTERS.stream().filter(l -> l.contains((String) n.get("id"))).findFirst().orElseThrow();
        assertTrue(letter.startsWith("ERROR"), letter);
        assertEquals(4, deliveriesOf(dead).size(), "the first try and 3 retries (%test)");

        Orders.pay(later.paymentIntentId());
        await().atMost(WAIT).until(() -> deliveriesOf(later).size() == 1);
        // The dead one's notification is still there for its customer.
        assertEquals(1, OrderNotificationsTest.about(dead.customerToken(), dead.orderId(), OrderService.PAID).size());
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
