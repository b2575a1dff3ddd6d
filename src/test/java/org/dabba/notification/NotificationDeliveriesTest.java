package org.dabba.notification;

import static org.awaitility.Awaitility.await;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.dabba.delivery.Couriers;
import org.dabba.platform.jobs.Leases;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.dabba.testing.OrderEvents;
import org.dabba.testing.Orders;
import org.dabba.testing.Orders.PlacedOrder;
import org.dabba.testing.Sockets;
import org.dabba.testing.Sockets.Client;
import org.junit.jupiter.api.Test;

/**
 * Who is sent what outside the app on the zero-config default (every channel the log sink): one push per device of
 * a customer's order updates unless they opted out; the owner's new-order alert by a high-priority push at once and
 * by SMS when nobody acknowledged it (accepted, or seen on the dashboard, cancels the SMS); a courier's offer by a
 * push that runs out with the offer; email and SMS only to verified addresses; nothing planned twice for one event.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class NotificationDeliveriesTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    RedisDataSource redis;

    @Inject
    ProducerTemplate producer;

    /** A user's deliveries: channel, status, type, payload (parsed), due_at, address. */
    record Row(UUID id, String channel, String status, String type, JsonNode payload, Instant dueAt, String address,
            UUID notificationId) {
    }

    static List<Row> deliveries(String userToken) {
        UUID user = UUID.fromString(Api.userId(userToken));
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                    select id, channel, status, type, payload, due_at, address, notification_id
                    from notification_deliveries where user_id = :user order by created_at""")
                    .setParameter("user", user).getResultList();
            return rows.stream().map(r -> {
                try {
                    return new Row((UUID) r[0], (String) r[1], (String) r[2], (String) r[3],
                            JSON.readTree((String) r[4]), Leases.instant(r[5]), (String) r[6], (UUID) r[7]);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        });
    }

    static List<Row> deliveries(String userToken, String type, String channel) {
        return deliveries(userToken).stream().filter(r -> r.type().equals(type) && r.channel().equals(channel))
                .toList();
    }

    static String device(String user, String platform) {
        String token = "fcm-" + UUID.randomUUID() + ":APA91b" + System.nanoTime();
        as(user).body(Map.of("platform", platform, "token", token)).post("/me/devices").then().statusCode(201);
        return token;
    }

    /** Proves the user's phone (as POST /me/verify does). */
    static String verifiedPhone(String user) {
        String phone = "+9198" + String.format("%08d", Math.floorMod(UUID.randomUUID().hashCode(), 100_000_000));
        UUID id = UUID.fromString(Api.userId(user));
        QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager().createNativeQuery(
                "update users set phone = :phone, phone_verified_at = now() where id = :id")
                .setParameter("phone", phone).setParameter("id", id).executeUpdate());
        return phone;
    }

    static void dueLater(Row row) {
        QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager().createNativeQuery(
                "update notification_deliveries set due_at = now() + interval '1 hour' where id = :id")
                .setParameter("id", row.id()).executeUpdate());
    }

    static PlacedOrder placedWithOwnerDevice(boolean ownerPhone) {
        String[] r = Api.onlineRestaurant();
        device(r[0], "ANDROID");
        if (ownerPhone) {
            verifiedPhone(r[0]);
        }
        return Orders.placed(r[0], r[1], Api.dish(r[0], r[1], "Chicken Biryani", "320.00"));
    }

    @Test
    void aCustomerHearsOfTheirOrderOnEveryDeviceByAPushThatSaysWhatHappened() {
        String[] r = Api.onlineRestaurant();
        PlacedOrder o = Orders.placed(r[0], r[1], Api.dish(r[0], r[1], "Masala Dosa", "120.00"));
        String phone = device(o.customerToken(), "ANDROID");
        String tablet = device(o.customerToken(), "IOS");
        Orders.pay(o.paymentIntentId());

        await().atMost(WAIT).untilAsserted(() -> {
            List<Row> pushes = deliveries(o.customerToken(), "order.payment.success", "PUSH");
            assertEquals(2, pushes.size(), "one per device");
            assertTrue(pushes.stream().allMatch(p -> p.status().equals("SENT")), pushes.toString());
        });
        for (Row push : deliveries(o.customerToken(), "order.payment.success", "PUSH")) {
            JsonNode p = push.payload();
            assertTrue(List.of(phone, tablet).contains(p.path("token").asText()));
            assertEquals(push.address(), p.path("token").asText());
            assertEquals("NORMAL", p.path("priority").asText());
            assertEquals("Your order has been placed!", p.path("title").asText());
            assertTrue(p.path("body").asText().contains("is paid"), p.toString());
            assertEquals("order.payment.success", p.path("data").path("type").asText());
            assertEquals(o.orderId(), p.path("data").path("subjectId").asText());
            assertEquals(push.notificationId().toString(), p.path("collapseKey").asText());
        }
        // Unverified email: no email; a customer is not sent SMS by default.
        assertTrue(deliveries(o.customerToken()).stream().noneMatch(d -> !d.channel().equals("PUSH")));
    }

    @Test
    void aCustomerWhoOptedOutOfPushGetsNone() {
        String[] r = Api.onlineRestaurant();
        PlacedOrder o = Orders.placed(r[0], r[1], Api.dish(r[0], r[1], "Idli", "60.00"));
        device(o.customerToken(), "ANDROID");
        Map<String, Object> off = Map.of("push", false, "email", true, "sms", false);
        Map<String, Object> none = Map.of("push", false, "email", false, "sms", false);
        as(o.customerToken()).body(Map.of("ORDER_UPDATES", off, "OFFERS", none, "PROMOTIONS", none))
                .put("/me/notification-preferences").then().statusCode(200);
        Orders.pay(o.paymentIntentId());
        Orders.awaitStatus(o.customerToken(), o.orderId(), "PENDING_RESTAURANT_ACCEPTANCE");
        await().atMost(WAIT).untilAsserted(() -> as(o.customerToken()).get("/notifications").then().statusCode(200)
                .body("items[0].type", equalTo("order.payment.success")));
        assertEquals(List.of(), deliveries(o.customerToken()), "opted out of push, email unverified");
    }

    @Test
    void theOwnerIsAlertedAtOnceAndBySmsWhenNobodyAcknowledged() {
        PlacedOrder o = placedWithOwnerDevice(true);
        Orders.pay(o.paymentIntentId());
        await().atMost(WAIT).untilAsserted(() -> {
            List<Row> push = deliveries(o.ownerToken(), "order.new", "PUSH");
            assertEquals(1, push.size());
            assertEquals("SENT", push.get(0).status());
        });
        JsonNode alert = deliveries(o.ownerToken(), "order.new", "PUSH").get(0).payload();
        assertEquals("HIGH", alert.path("priority").asText());
        assertEquals(o.orderId(), alert.path("data").path("subjectId").asText());
        assertTrue(alert.path("ttlSeconds").asLong() > 0, "worthless once the order is auto-rejected");

        Row sms = deliveries(o.ownerToken(), "order.new", "SMS").get(0);
        assertTrue(sms.dueAt() == null || sms.dueAt().isAfter(Instant.now().minusSeconds(1))
                || !sms.status().equals("PENDING"), "the SMS waits for the owner first");
        await().atMost(WAIT).untilAsserted(() -> assertEquals("SENT",
                deliveries(o.ownerToken(), "order.new", "SMS").get(0).status()));
        assertEquals(sms.address(), sms.payload().path("to").asText());
    }

    @Test
    void anAcceptedOrderNeedsNoSms() {
        PlacedOrder o = placedWithOwnerDevice(true);
        Orders.pay(o.paymentIntentId());
        await().atMost(WAIT).until(() -> deliveries(o.ownerToken(), "order.new", "SMS").size() == 1);
        Row sms = deliveries(o.ownerToken(), "order.new", "SMS").get(0);
        dueLater(sms); // whatever this machine's pace, the owner acknowledges first
        as(o.ownerToken()).post("/restaurants/{r}/orders/{o}/accept", o.restaurantId(), o.orderId()).then()
                .statusCode(200);
        await().atMost(WAIT).untilAsserted(() -> assertEquals("CANCELLED",
                deliveries(o.ownerToken(), "order.new", "SMS").get(0).status()));
    }

    @Test
    void anOrderSeenOnTheDashboardNeedsNoSms() {
        PlacedOrder o = placedWithOwnerDevice(true);
        Orders.pay(o.paymentIntentId());
        await().atMost(WAIT).until(() -> deliveries(o.ownerToken(), "order.new", "SMS").size() == 1);
        dueLater(deliveries(o.ownerToken(), "order.new", "SMS").get(0));
        try (Client board = Sockets.connect("/ws/restaurants/" + o.restaurantId() + "/orders", o.ownerToken())) {
            board.next("snapshot", WAIT);
            board.send(Map.of("type", "nonsense"));
            assertEquals("no-client-messages", board.next("error", WAIT).path("code").asText());
            board.send(Map.of("type", "seen", "orderId", o.orderId()));
            await().atMost(WAIT).untilAsserted(() -> assertEquals("CANCELLED",
                    deliveries(o.ownerToken(), "order.new", "SMS").get(0).status()));
        }
    }

    @Test
    void anOwnerWithoutAPushDeviceGetsTheSmsAtOnce() {
        String[] r = Api.onlineRestaurant();
        String phone = verifiedPhone(r[0]);
        PlacedOrder o = Orders.paid(r[0], r[1], Api.dish(r[0], r[1], "Vada Pav", "40.00"));
        await().atMost(WAIT).untilAsserted(() -> {
            List<Row> sms = deliveries(o.ownerToken(), "order.new", "SMS");
            assertEquals(1, sms.size());
            assertEquals("SENT", sms.get(0).status());
            assertEquals(phone, sms.get(0).address());
        });
        assertEquals(List.of(), deliveries(o.ownerToken(), "order.new", "PUSH"));
    }

    @Test
    void anUnverifiedPhoneGetsNothing() {
        String[] r = Api.onlineRestaurant();
        device(r[0], "WEB");
        UUID owner = UUID.fromString(Api.userId(r[0]));
        QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager().createNativeQuery(
                "update users set phone = '+919800000001', phone_verified_at = null where id = :id")
                .setParameter("id", owner).executeUpdate());
        PlacedOrder o = Orders.paid(r[0], r[1], Api.dish(r[0], r[1], "Poha", "50.00"));
        await().atMost(WAIT).until(() -> deliveries(o.ownerToken(), "order.new", "PUSH").size() == 1);
        assertEquals(List.of(), deliveries(o.ownerToken(), "order.new", "SMS"));
    }

    @Test
    void aRedeliveredEventPlansNothingNew() throws Exception {
        String[] r = Api.onlineRestaurant();
        PlacedOrder o = Orders.placed(r[0], r[1], Api.dish(r[0], r[1], "Upma", "70.00"));
        device(o.customerToken(), "ANDROID");
        device(o.ownerToken(), "ANDROID");
        OrderEvents.listen(producer.getCamelContext());
        Orders.pay(o.paymentIntentId());
        await().atMost(WAIT).until(() -> deliveries(o.customerToken(), "order.payment.success", "PUSH").size() == 1
                && deliveries(o.ownerToken(), "order.new", "PUSH").size() == 1);
        JsonNode paid = await().atMost(WAIT).until(() -> OrderEvents.find(o.orderId(),
                "org.dabba.order.payment.success").orElse(null), e -> e != null);
        producer.requestBody("direct:notification-order-events-apply", JSON.writeValueAsString(paid));
        assertEquals(1, deliveries(o.customerToken(), "order.payment.success", "PUSH").size());
        assertEquals(1, deliveries(o.ownerToken(), "order.new", "PUSH").size());
    }

    @Test
    void aCourierOfferedAnOrderIsPushedTheOfferUntilItRunsOut() {
        PlacedOrder o = Orders.paid();
        redis.key().del("dabba:couriers:available"); // only this test's courier near the (shared) restaurant spot
        String courier = Couriers.available(Couriers.north(17.3850, 0.3), 78.4867);
        String token = device(courier, "ANDROID");
        as(o.ownerToken()).post("/restaurants/{r}/orders/{o}/accept", o.restaurantId(), o.orderId()).then()
                .statusCode(200);
        await().atMost(WAIT).untilAsserted(() -> {
            List<Row> offers = deliveries(courier, "courier.offer", "PUSH");
            assertFalse(offers.isEmpty());
            assertEquals("SENT", offers.get(0).status());
        });
        JsonNode offer = deliveries(courier, "courier.offer", "PUSH").get(0).payload();
        assertEquals(token, offer.path("token").asText());
        assertEquals("HIGH", offer.path("priority").asText());
        assertEquals(o.orderId(), offer.path("data").path("subjectId").asText());
        Instant expiresAt = Instant.parse(offer.path("data").path("expiresAt").asText());
        assertTrue(expiresAt.isAfter(Instant.now().minusSeconds(120)));
        assertTrue(offer.path("ttlSeconds").asLong() >= 1);
    }

    @Test
    void aCustomerWhoReadsHindiIsPushedInHindi() {
        String[] r = Api.onlineRestaurant();
        PlacedOrder o = Orders.placed(r[0], r[1], Api.dish(r[0], r[1], "Pav Bhaji", "90.00"));
        as(o.customerToken()).body(Map.of("locale", "hi")).patch("/me").then().statusCode(200);
        device(o.customerToken(), "ANDROID");
        Orders.pay(o.paymentIntentId());
        await().atMost(WAIT).until(() -> deliveries(o.customerToken(), "order.payment.success", "PUSH").size() == 1);
        JsonNode push = deliveries(o.customerToken(), "order.payment.success", "PUSH").get(0).payload();
        for (String text : List.of(push.path("title").asText(), push.path("body").asText())) {
            assertTrue(text.codePoints().anyMatch(c -> Character.UnicodeBlock.of(c)
                    == Character.UnicodeBlock.DEVANAGARI), "in Hindi: " + text);
        }
        // What GET /notifications stores stays English.
        as(o.customerToken()).get("/notifications").then().statusCode(200)
                .body("items[0].title", equalTo("Your order has been placed!"));
    }
}
