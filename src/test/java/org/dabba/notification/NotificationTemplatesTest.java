package org.dabba.notification;

import static org.dabba.testing.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.dabba.notification.NotificationTemplates.Rendered;
import org.dabba.notification.Preferences.Channel;
import org.dabba.order.OrderChanges;
import org.dabba.order.events.OrderDelivered;
import org.dabba.platform.events.CloudEvent;
import org.dabba.platform.events.DomainEvent;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.dabba.testing.OrderEvents;
import org.dabba.testing.Orders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What notifications say outside the app: the stored English word for word on push and email, every template in
 * Hindi on every channel it names, a delivered order's receipt, the fallback to English and amounts in the order's
 * currency.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class NotificationTemplatesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper EXACT = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    static final Pattern DEVANAGARI = Pattern.compile("[\\u0900-\\u097F]");
    static final UUID OWNER = UUID.randomUUID();
    static final Instant AT = Instant.parse("2026-12-03T14:05:00Z");

    @Inject
    NotificationTemplates templates;

    @Inject
    CamelContext camel;

    @BeforeEach
    void listen() throws Exception {
        OrderEvents.listen(camel);
    }

    /** Order events of every kind the customer hears of, with the variants their words depend on. */
    static List<CloudEvent> orderEvents() {
        List<CloudEvent> events = new ArrayList<>();
        events.add(order("org.dabba.order.payment.success", Map.of()));
        events.add(order("org.dabba.order.restaurant.confirmed", Map.of("prepTimeMinutes", 20)));
        events.add(order("org.dabba.order.restaurant.confirmed", Map.of()));
        events.add(order("org.dabba.order.preparation.started", Map.of()));
        events.add(order("org.dabba.order.delivery.started", Map.of()));
        events.add(order("org.dabba.order.delivery.delayed", Map.of("rounds", 2)));
        events.add(order("org.dabba.order.delivered", Map.of()));
        events.add(order("org.dabba.order.restaurant.rejected", Map.of("reason", OrderChanges.RESTAURANT_TIMEOUT)));
        events.add(order("org.dabba.order.restaurant.rejected", Map.of("reason", "Out of paneer")));
        events.add(order("org.dabba.order.payment.refunded", Map.of("amount", "100.01")));
        events.add(order("org.dabba.order.payment.failed", Map.of()));
        events.add(order("org.dabba.order.cancelled", Map.of("paymentStatus", "FAILED")));
        events.add(order("org.dabba.order.cancelled", Map.of("paymentStatus", "SUCCEEDED")));
        events.add(order("org.dabba.order.cancelled", Map.of("paymentStatus", "REFUNDED")));
        events.add(order("org.dabba.order.cancelled", Map.of("paymentStatus", "REFUND_PENDING", "reason",
                "Out of paneer", "cancelledBy", Map.of("kind", "RESTAURANT"), "refund",
                Map.of("type", "FULL", "amount", "550.00"))));
        events.add(order("org.dabba.order.cancelled", Map.of("paymentStatus", "FAILED", "reason", "Oops",
                "cancelledBy", Map.of("kind", "CUSTOMER"), "refund", Map.of("type", "FULL", "amount", 0))));
        events.add(order("org.dabba.order.cancelled", Map.of("paymentStatus", "REFUND_PENDING", "reason",
                "Rider fell", "cancelledBy", Map.of("kind", "ADMIN"), "refund",
                Map.of("type", "PARTIAL", "amount", "100.01"))));
        events.add(order("org.dabba.order.cancelled", Map.of("reason", "Fraud", "cancelledBy",
                Map.of("kind", "ADMIN"), "refund", Map.of("type", "NONE", "amount", 0))));
        events.add(order("org.dabba.order.cancelled", Map.of("paymentStatus", "REFUND_PENDING", "reason",
                OrderChanges.DISPATCH_DEADLINE, "cancelledBy", Map.of("kind", "SYSTEM"), "refund",
                Map.of("type", "FULL", "amount", "550.00"))));
        return events;
    }

    static CloudEvent order(String type, Map<String, Object> extras) {
        return OrderNotificationTextsTest.event(UUID.randomUUID().toString(), type, extras);
    }

    /** The admins' decisions about a restaurant and a courier. */
    static List<CloudEvent> decisionEvents() {
        List<CloudEvent> events = new ArrayList<>();
        for (String decision : List.of("verified", "rejected", "deactivated", "reactivated")) {
            ObjectNode r = JSON.createObjectNode().put("id", UUID.randomUUID().toString())
                    .put("name", "The Spice Garden").put("ownerId", OWNER.toString())
                    .put("statusReason", "Licence unreadable");
            events.add(new CloudEvent("1.0", UUID.randomUUID().toString(), "/dabba/restaurant",
                    "org.dabba.restaurant." + decision, r.path("id").asText(), AT, "application/json", r));
        }
        for (String decision : List.of("verified", "rejected", "suspended", "reinstated")) {
            ObjectNode c = JSON.createObjectNode().put("id", UUID.randomUUID().toString())
                    .put("statusReason", "Too many no-shows");
            events.add(new CloudEvent("1.0", UUID.randomUUID().toString(), "/dabba/courier",
                    "org.dabba.courier." + decision, c.path("id").asText(), AT, "application/json", c));
        }
        return events;
    }

    static NotificationMessage stored(CloudEvent e) {
        return OrderNotifications.of(e).or(() -> RestaurantNotifications.of(e))
                .or(() -> CourierNotifications.of(e)).orElseThrow(() -> new AssertionError("none for " + e.type()));
    }

    @Test
    void englishPushAndEmailSayTheStoredTextWordForWord() {
        List<CloudEvent> events = new ArrayList<>(orderEvents());
        events.addAll(decisionEvents());
        for (CloudEvent e : events) {
            NotificationMessage n = stored(e);
            Map<String, Object> data = templates.dataOf(e, n);
            Rendered push = templates.render(n.type(), Channel.PUSH, "en", data);
            assertEquals(n.title(), push.title(), n.type());
            assertEquals(n.body(), push.text(), n.type());
            assertNull(push.html());
            Rendered email = templates.render(n.type(), Channel.EMAIL, "en", data);
            assertEquals(n.title(), email.title());
            assertEquals(n.body(), email.text());
            assertTrue(email.html().contains("<!DOCTYPE html>"), email.html());
            Rendered sms = templates.render(n.type(), Channel.SMS, "en", data);
            assertNull(sms.title());
            filledIn(n.type() + " SMS", sms.text());
            assertFalse(sms.text().contains("\n"), sms.text());
            assertTrue(sms.text().length() <= 160, n.type() + ": " + sms.text().length() + " " + sms.text());
        }
        NotificationMessage cancelled = stored(orderEvents().get(16));
        assertEquals("Dabba: Dabba support cancelled order #3F2A9C1E (Rider fell); ₹100.01 of the ₹550.00 is being "
                + "refunded.", templates.render(cancelled.type(), Channel.SMS, "en",
                        templates.dataOf(orderEvents().get(16), cancelled)).text());
    }

    @Test
    void everyTemplateSpeaksHindiOnEveryChannelItNames() {
        List<CloudEvent> events = new ArrayList<>(orderEvents());
        events.addAll(decisionEvents());
        for (CloudEvent e : events) {
            NotificationMessage n = stored(e);
            Map<String, Object> data = templates.dataOf(e, n);
            hindi(n.type(), data, Channel.PUSH, Channel.SMS, Channel.EMAIL);
        }
        Map<String, Object> newOrder = new LinkedHashMap<>();
        newOrder.put("orderId", UUID.randomUUID());
        newOrder.put("orderRef", "3F2A9C1E");
        newOrder.put("restaurantName", "The Spice Garden");
        newOrder.put("itemCount", 3);
        newOrder.put("total", new BigDecimal("1250.00"));
        newOrder.put("currency", "INR");
        newOrder.put("placedAt", AT);
        hindi("restaurant.new-order", newOrder, Channel.PUSH, Channel.SMS);
        Rendered alert = templates.render("restaurant.new-order", Channel.PUSH, "hi", newOrder);
        assertEquals("नया ऑर्डर #3F2A9C1E: ₹1,250.00", alert.title());
        assertTrue(alert.text().contains("14:05 UTC"), alert.text());

        Map<String, Object> offer = new LinkedHashMap<>();
        offer.put("orderId", UUID.randomUUID());
        offer.put("orderRef", "3F2A9C1E");
        offer.put("restaurantName", "The Spice Garden");
        offer.put("distanceKm", new BigDecimal("2.46"));
        offer.put("payout", new BigDecimal("62.5"));
        offer.put("currency", "INR");
        offer.put("expiresAt", AT);
        hindi("courier.offer", offer, Channel.PUSH);
        Rendered o = templates.render("courier.offer", Channel.PUSH, "hi", offer);
        assertEquals("नया डिलीवरी ऑफ़र: ₹62.50", o.title());
        assertTrue(o.text().contains("2.5 किमी"), o.text());

        Map<String, Object> verification = Map.of("code", "042917", "minutes", 10);
        hindi("account.verification", verification, Channel.EMAIL, Channel.SMS);
        assertTrue(templates.render("account.verification", Channel.SMS, "hi", verification).text()
                .startsWith("042917 आपका Dabba सत्यापन कोड है"));
        assertEquals("Your Dabba verification code",
                templates.render("account.verification", Channel.EMAIL, "en", verification).title());

        Map<String, Object> deliveryCode = Map.of("code", "4821", "orderRef", "3F2A9C1E");
        hindi("delivery.code", deliveryCode, Channel.SMS, Channel.PUSH);
        assertTrue(templates.render("delivery.code", Channel.SMS, "hi", deliveryCode).text().contains("4821"));
    }

    private void hindi(String template, Map<String, Object> data, Channel... channels) {
        for (Channel channel : channels) {
            Rendered r = templates.render(template, channel, "hi", data);
            String what = template + " " + channel;
            if (channel == Channel.SMS) {
                assertNull(r.title(), what);
            } else {
                devanagari(what + " title", r.title());
            }
            devanagari(what + " text", r.text());
            if (channel == Channel.EMAIL) {
                devanagari(what + " html", r.html());
                assertTrue(r.html().contains("lang=\"hi\""), r.html());
            } else {
                assertNull(r.html(), what);
                assertFalse(r.text().contains("\n"), what + ": " + r.text());
            }
        }
    }

    private static void devanagari(String what, String text) {
        filledIn(what, text);
        assertTrue(DEVANAGARI.matcher(text).find(), what + " is not in Devanagari: " + text);
    }

    private static void filledIn(String what, String text) {
        assertNotNull(text, what);
        assertFalse(text.isBlank(), what);
        assertFalse(text.contains("{") || text.contains("}"), what + " left a placeholder: " + text);
        assertFalse(text.contains("null"), what + " says null: " + text);
    }

    @Test
    void aLocaleDabbaDoesNotWriteInReadsEnglish() {
        CloudEvent e = orderEvents().get(0);
        NotificationMessage n = stored(e);
        Map<String, Object> data = templates.dataOf(e, n);
        for (String locale : new String[] { "fr", "de-DE", "", null, "EN" }) {
            Rendered r = templates.render(n.type(), Channel.PUSH, locale, data);
            assertEquals(n.title(), r.title(), locale);
            assertEquals(n.body(), r.text(), locale);
        }
        assertEquals("आपका ऑर्डर दे दिया गया है!", templates.render(n.type(), Channel.PUSH, "hi-IN", data).title());
        // A template written in English only is said in English to someone who reads Hindi.
        Rendered notice = templates.render("notice", Channel.PUSH, "hi", Map.of("title", "Hello", "body", "World"));
        assertEquals(new Rendered("Hello", "World", null), notice);
        // A channel a Hindi template does not word itself takes its Hindi push text, not English.
        assertTrue(DEVANAGARI.matcher(templates.render("delivery.code", Channel.EMAIL, "hi",
                Map.of("code", "4821", "orderRef", "3F2A9C1E")).text()).find());
    }

    @Test
    void amountsAreWrittenInTheOrdersCurrency() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("orderId", UUID.randomUUID());
        data.put("orderRef", "3F2A9C1E");
        data.put("restaurantName", "The Spice Garden");
        data.put("itemCount", 1);
        data.put("total", new BigDecimal("1234567.005"));
        data.put("currency", "INR");
        data.put("placedAt", AT);
        Rendered inr = templates.render("restaurant.new-order", Channel.PUSH, "en", data);
        assertEquals("New order #3F2A9C1E: ₹1,234,567.00", inr.title());
        assertTrue(inr.text().startsWith("1 item for The Spice Garden, placed at 14:05 UTC."), inr.text());
        data.put("currency", "USD");
        data.put("total", new BigDecimal("1250.5"));
        assertEquals("New order #3F2A9C1E: $1,250.50",
                templates.render("restaurant.new-order", Channel.PUSH, "en", data).title());
        // As the data comes back from JSON: numbers and strings.
        data.put("currency", "INR");
        data.put("total", "100.01");
        data.put("placedAt", "2026-12-03T14:05:00Z");
        data.put("itemCount", 2);
        assertEquals("Dabba: new order #3F2A9C1E for The Spice Garden: 2 items, ₹100.01, placed at 14:05 UTC. Open "
                + "the app to accept or reject it.",
                templates.render("restaurant.new-order", Channel.SMS, "en", data).text());
        // The stored English keeps its own form; the Hindi of the same notification writes the grouped one.
        CloudEvent big = OrderNotificationTextsTest.event(UUID.randomUUID().toString(),
                "org.dabba.order.payment.success", Map.of("total", new BigDecimal("1250.00")));
        NotificationMessage n = stored(big);
        assertTrue(n.body().contains("(₹1250.00)"), n.body());
        assertTrue(templates.render(n.type(), Channel.PUSH, "hi", templates.dataOf(big, n)).text()
                .contains("(₹1,250.00)"));
    }

    @Test
    void aDeliveredOrdersReceiptListsItsLinesAndSumsAndNothingElse() throws Exception {
        String[] r = Api.onlineRestaurant();
        String tricky = "<b>Paneer & \"Co\"</b>";
        String paneer = Api.dish(r[0], r[1], tricky, "250.00");
        String dal = Api.dish(r[0], r[1], "Dal Makhani", "180.50");
        String secret = Api.dish(r[0], r[1], "Someone Else's Biryani", "310.00");

        String customer = Api.newUser("CUSTOMER");
        as(customer).body(Map.of("restaurantId", r[1], "itemId", paneer, "quantity", 2))
                .put("/carts/items").then().statusCode(201);
        String cartId = as(customer).body(Map.of("restaurantId", r[1], "itemId", dal, "quantity", 1))
                .put("/carts/items").then().extract().path("cartId");
        var placed = as(customer).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("cartId", cartId, "paymentMethod", "CARD", "deliveryAddress", Map.of(
                        "street", "1 Banjara Hills Rd", "city", "Hyderabad", "zipCode", "500034",
                        "latitude", 17.3950, "longitude", 78.4867)))
                .post("/orders/checkout").then().statusCode(201).extract();
        String orderId = placed.path("orderId");
        Orders.pay(placed.path("paymentIntentId"));
        Orders.awaitStatus(customer, orderId, "PENDING_RESTAURANT_ACCEPTANCE");
        Orders.PlacedOrder other = Orders.paid(r[0], r[1], secret);

        // Delivered: the order as its events carry it, under the delivered type.
        JsonNode paid = OrderEvents.await(orderId, "org.dabba.order.payment.success");
        CloudEvent delivered = new CloudEvent("1.0", UUID.randomUUID().toString(), "/dabba/order",
                DomainEvent.typeOf(OrderDelivered.class), orderId, Instant.now(), "application/json",
                paid.path("data"));
        Map<String, Object> data = templates.receiptData(delivered);
        JsonNode view = EXACT.readTree(as(customer).get("/orders/{id}", orderId).then().statusCode(200)
                .extract().asString());
        JsonNode pricing = view.path("pricing");

        BigDecimal subtotal = pricing.path("subtotal").decimalValue();
        BigDecimal discount = pricing.path("discount").decimalValue();
        BigDecimal tax = pricing.path("tax").decimalValue();
        BigDecimal platformFee = pricing.path("platformFee").decimalValue();
        BigDecimal deliveryFee = pricing.path("deliveryFee").decimalValue();
        BigDecimal total = pricing.path("total").decimalValue();
        assertEquals(0, total.compareTo(subtotal.subtract(discount).add(tax).add(platformFee).add(deliveryFee)));
        assertEquals(0, subtotal.compareTo(new BigDecimal("680.50")));
        assertEquals(0, subtotal.compareTo((BigDecimal) data.get("subtotal")));
        assertEquals(0, total.compareTo((BigDecimal) data.get("total")));

        for (String locale : List.of("en", "hi")) {
            Rendered receipt = templates.render("order.receipt", Channel.EMAIL, locale, data);
            String text = receipt.text();
            String html = receipt.html();
            filledIn("receipt text " + locale, text);
            filledIn("receipt subject " + locale, receipt.title());
            assertTrue(receipt.title().contains("#" + orderId.substring(0, 8).toUpperCase()), receipt.title());
            assertTrue(text.contains("2 x " + tricky + " @ ₹250.00 = ₹500.00"), text);
            assertTrue(text.contains("1 x Dal Makhani @ ₹180.50 = ₹180.50"), text);
            assertTrue(html.contains("&lt;b&gt;Paneer &amp; &quot;Co&quot;&lt;/b&gt;"), html);
            assertFalse(html.contains("<b>Paneer"), html);
            assertTrue(html.contains("Dal Makhani"), html);
            assertTrue(text.contains("The Spice Garden") && html.contains("The Spice Garden"));
            assertTrue(text.contains("1 Banjara Hills Rd, Hyderabad 500034"), text);
            for (BigDecimal sum : List.of(subtotal, tax, platformFee, deliveryFee, total)) {
                assertTrue(text.contains(rupees(sum)), rupees(sum) + " in " + text);
                assertTrue(html.contains(rupees(sum)), rupees(sum) + " in " + html);
            }
            assertTrue(text.contains("(INR): " + rupees(total)), text);
            if (discount.signum() != 0) {
                assertTrue(text.contains("-" + rupees(discount)), text);
            }
            for (String leak : List.of(other.orderId(), other.orderId().substring(0, 8).toUpperCase(),
                    "Someone Else", "null")) {
                assertFalse(text.contains(leak) || html.contains(leak), leak);
            }
        }
        assertTrue(DEVANAGARI.matcher(templates.render("order.receipt", Channel.EMAIL, "hi", data).html()).find());
        // A promotion's discount is a line of its own, taken off.
        Map<String, Object> discounted = new LinkedHashMap<>(data);
        discounted.put("discount", new BigDecimal("50.00"));
        Rendered withDiscount = templates.render("order.receipt", Channel.EMAIL, "en", discounted);
        assertTrue(withDiscount.text().contains("Discount: -₹50.00"), withDiscount.text());
        assertTrue(withDiscount.html().contains("-₹50.00"), withDiscount.html());
        assertFalse(templates.render("order.receipt", Channel.EMAIL, "en", data).text().contains("Discount"));
    }

    private static String rupees(BigDecimal sum) {
        return "₹" + new DecimalFormat("#,##0.00").format(sum);
    }
}
