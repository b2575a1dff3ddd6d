package org.dabba.notification.channels;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.awaitility.Awaitility.await;
import static org.dabba.testing.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.dabba.delivery.Couriers;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.dabba.testing.Orders;
import org.dabba.testing.Orders.PlacedOrder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Push and SMS deliveries end to end, with the channels configured as in production (the FCM and Twilio kamelets,
 * so they are on) against the providers' stand-ins of {@link ChannelSinksTest}: what an owner's phone is sent for
 * a new order, the SMS when nobody acknowledged it, an outage retried with backoff until FCM takes the message, a
 * refusal dead-lettered and replayed by an admin, a token FCM no longer knows removed from the user's devices; and
 * the receipt of a delivered order arriving at a real SMTP server (GreenMail).
 */
@QuarkusTest
@TestProfile(ChannelSinksTest.ChannelSinks.class)
@WithTestResource(LocalServers.class)
class ChannelDeliveriesTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String SEND = "/v1/projects/" + ChannelSinksTest.PROJECT + "/messages:send";
    static final String SMS = "/2010-04-01/Accounts/" + ChannelSinksTest.ACCOUNT_SID + "/Messages.json";

    final WireMockServer http = ChannelSinksTest.Peers.HTTP;

    @BeforeEach
    void providers() {
        http.resetAll();
        http.stubFor(post(urlPathMatching(".*")).atPriority(100).willReturn(aResponse().withStatus(418)));
        http.stubFor(post(urlEqualTo("/token")).atPriority(1)
                .withFormParam("grant_type", equalTo("urn:ietf:params:oauth:grant-type:jwt-bearer"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\": \"ya29.delivery-test\", \"expires_in\": 3600, "
                                + "\"token_type\": \"Bearer\"}")));
        http.stubFor(post(urlEqualTo(SEND)).atPriority(50).withHeader("Authorization", matching("Bearer ya29\\..+"))
                .willReturn(json(200, "{\"name\": \"projects/dabba-test/messages/0:1\"}")));
        http.stubFor(post(urlEqualTo(SMS)).atPriority(50).willReturn(json(201,
                "{\"sid\": \"SM0123456789abcdef0123456789abcdef\", \"status\": \"queued\"}")));
    }

    /** Nothing of one test is still being sent into the next one's stubs. */
    @AfterEach
    void settled() {
        await().atMost(WAIT).until(() -> QuarkusTransaction.requiringNew().call(() -> ((Number) Panache
                .getEntityManager().createNativeQuery("""
                        select count(*) from notification_deliveries
                        where status = 'PENDING' and due_at < now() + interval '5 seconds'""")
                .getSingleResult()).intValue() == 0));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    static String device(String user) {
        String token = "fcm-" + UUID.randomUUID() + ":APA91b" + System.nanoTime();
        as(user).body(Map.of("platform", "ANDROID", "token", token)).post("/me/devices").then().statusCode(201);
        return token;
    }

    static String verifiedPhone(String user) {
        String phone = "+9197" + String.format("%08d", Math.floorMod(UUID.randomUUID().hashCode(), 100_000_000));
        UUID id = UUID.fromString(Api.userId(user));
        QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager().createNativeQuery(
                "update users set phone = :phone, phone_verified_at = now() where id = :id")
                .setParameter("phone", phone).setParameter("id", id).executeUpdate());
        return phone;
    }

    List<LoggedRequest> pushesTo(String token) {
        return http.findAll(postRequestedFor(urlEqualTo(SEND))
                .withRequestBody(matchingJsonPath("$.message.token", equalTo(token))));
    }

    List<LoggedRequest> smsTo(String phone) {
        return http.findAll(postRequestedFor(urlEqualTo(SMS))).stream()
                .filter(r -> phone.equals(form(r).get("To"))).toList();
    }

    static Map<String, String> form(LoggedRequest r) {
        return Arrays.stream(r.getBodyAsString().split("&")).map(p -> p.split("=", 2)).collect(Collectors.toMap(
                p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                p -> URLDecoder.decode(p.length > 1 ? p[1] : "", StandardCharsets.UTF_8)));
    }

    static Object[] delivery(String userToken, String type, String channel) {
        UUID user = UUID.fromString(Api.userId(userToken));
        return QuarkusTransaction.requiringNew().call(() -> (Object[]) Panache.getEntityManager().createNativeQuery("""
                select status, attempts, last_error, id from notification_deliveries
                where user_id = :user and type = :type and channel = :channel""")
                .setParameter("user", user).setParameter("type", type).setParameter("channel", channel)
                .getResultStream().findFirst().orElse(null));
    }

    @Test
    void theOwnersPhoneIsWokenByAHighPriorityPushAndTextedWhenNobodyAcknowledged() {
        String[] r = Api.onlineRestaurant();
        String token = device(r[0]);
        String phone = verifiedPhone(r[0]);
        PlacedOrder o = Orders.paid(r[0], r[1], Api.dish(r[0], r[1], "Chole Bhature", "180.00"));

        await().atMost(WAIT).until(() -> pushesTo(token).size() == 1);
        String body = pushesTo(token).get(0).getBodyAsString();
        assertTrue(body.contains("\"priority\":\"HIGH\"") || body.contains("\"priority\" : \"HIGH\""), body);
        assertTrue(body.contains(o.orderId()), "the order is named in the data: " + body);

        await().atMost(WAIT).until(() -> smsTo(phone).size() == 1);
        LoggedRequest sms = smsTo(phone).get(0);
        Map<String, String> fields = form(sms);
        assertEquals(ChannelSinksTest.SMS_FROM, fields.get("From"));
        assertTrue(fields.get("Body").contains(o.orderId().substring(0, 8).toUpperCase()), fields.get("Body"));
        assertTrue(sms.getHeader("Authorization").startsWith("Basic "));
        await().atMost(WAIT).until(() -> "SENT".equals(delivery(r[0], "order.new", "SMS")[0]));
        assertEquals(1, pushesTo(token).size(), "sent once");
    }

    @Test
    void anOutageIsRetriedWithBackoffUntilFcmTakesTheMessage() {
        String customer = Api.newUser("CUSTOMER");
        String token = device(customer);
        http.stubFor(post(urlEqualTo(SEND)).atPriority(5).withRequestBody(matchingJsonPath("$.message.token",
                equalTo(token))).inScenario("outage").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("busy").willReturn(json(503, "{\"error\": {\"code\": 503, \"status\": \"UNAVAILABLE\"}}")));
        http.stubFor(post(urlEqualTo(SEND)).atPriority(5).withRequestBody(matchingJsonPath("$.message.token",
                equalTo(token))).inScenario("outage").whenScenarioStateIs("busy")
                .willSetStateTo("up").willReturn(json(429, "{\"error\": {\"code\": 429, \"status\": \"RESOURCE_EXHAUSTED\"}}")
                        .withHeader("Retry-After", "1")));

        PlacedOrder o = Orders.paidBy(customer);

        await().atMost(WAIT).until(() -> "SENT".equals(delivery(customer, "order.payment.success", "PUSH")[0]));
        Object[] sent = delivery(customer, "order.payment.success", "PUSH");
        assertEquals(3, ((Number) sent[1]).intValue(), "two failures, then taken");
        List<LoggedRequest> tries = pushesTo(token);
        assertEquals(3, tries.size());
        assertTrue(Duration.between(tries.get(0).getLoggedDate().toInstant(), tries.get(2).getLoggedDate().toInstant())
                .toMillis() >= 200 + 400 - 50, "waits grow between tries");
        assertTrue(o.orderId() != null);
    }

    @Test
    void aRefusedPushIsDeadLetteredAndAnAdminReplaySendsIt() {
        String customer = Api.newUser("CUSTOMER");
        String token = device(customer);
        http.stubFor(post(urlEqualTo(SEND)).atPriority(5).withRequestBody(matchingJsonPath("$.message.token",
                equalTo(token))).willReturn(json(400, """
                        {"error": {"code": 400, "message": "Invalid JSON payload", "status": "INVALID_ARGUMENT",
                          "details": [{"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError",
                                       "errorCode": "INVALID_ARGUMENT"}]}}""")));
        Orders.paidBy(customer);

        await().atMost(WAIT).until(() -> "DEAD".equals(delivery(customer, "order.payment.success", "PUSH")[0]));
        Object[] dead = delivery(customer, "order.payment.success", "PUSH");
        assertEquals(1, ((Number) dead[1]).intValue(), "a refusal is not retried");
        assertTrue(((String) dead[2]).contains("HTTP 400"), (String) dead[2]);
        assertEquals(1, pushesTo(token).size());

        String admin = Api.adminToken();
        String letter = as(admin).queryParam("consumer", "notification-delivery").queryParam("status", "PARKED")
                .get("/admin/dead-letters").then().statusCode(200).extract().jsonPath()
                .getList("items.findAll { it.eventId == '" + dead[3] + "' }.id", String.class).get(0);

        http.stubFor(post(urlEqualTo(SEND)).atPriority(4).withRequestBody(matchingJsonPath("$.message.token",
                equalTo(token))).willReturn(json(200, "{\"name\": \"projects/dabba-test/messages/0:2\"}")));
        as(admin).post("/admin/dead-letters/{id}/replay", letter).then().statusCode(200);
        await().atMost(WAIT).until(() -> "SENT".equals(delivery(customer, "order.payment.success", "PUSH")[0]));
        assertEquals(2, pushesTo(token).size());
    }

    @Test
    void aTokenFcmNoLongerKnowsIsRemoved() {
        String customer = Api.newUser("CUSTOMER");
        String gone = device(customer);
        String kept = device(customer);
        http.stubFor(post(urlEqualTo(SEND)).atPriority(5).withRequestBody(matchingJsonPath("$.message.token",
                equalTo(gone))).willReturn(json(404, """
                        {"error": {"code": 404, "message": "Requested entity was not found.", "status": "NOT_FOUND",
                          "details": [{"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError",
                                       "errorCode": "UNREGISTERED"}]}}""")));
        Orders.paidBy(customer);

        await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of(kept), as(customer).get("/me/devices").then()
                .statusCode(200).extract().jsonPath().getList("token")));
        await().atMost(WAIT).until(() -> pushesTo(kept).size() == 1);
        assertEquals(1, pushesTo(gone).size(), "not retried");
    }

    /** The customer's email, proven. */
    static String verifiedEmail(String user) {
        UUID id = UUID.fromString(Api.userId(user));
        return QuarkusTransaction.requiringNew().call(() -> {
            Panache.getEntityManager().createNativeQuery("update users set email_verified_at = now() where id = :id")
                    .setParameter("id", id).executeUpdate();
            return (String) Panache.getEntityManager().createNativeQuery("select email from users where id = :id")
                    .setParameter("id", id).getSingleResult();
        });
    }

    static List<MimeMessage> mailTo(String address) throws Exception {
        List<MimeMessage> mails = new ArrayList<>();
        for (MimeMessage m : ChannelSinksTest.Peers.SMTP.getReceivedMessages()) {
            if (Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(address))) {
                mails.add(m);
            }
        }
        return mails;
    }

    /** The text/plain and text/html parts of a multipart/alternative mail. */
    static Map<String, String> parts(MimeMessage mail) throws Exception {
        Map<String, String> parts = new HashMap<>();
        MimeMultipart alternative = (MimeMultipart) mail.getContent();
        for (int i = 0; i < alternative.getCount(); i++) {
            BodyPart part = alternative.getBodyPart(i);
            parts.put(part.getContentType().split(";")[0].strip().toLowerCase(), (String) part.getContent());
        }
        return parts;
    }

    @Test
    void aDeliveredOrdersReceiptArrivesByEmailWithBothPartsAndItsOwnTotalsOnly() throws Exception {
        String[] r = Api.onlineRestaurant();
        String dish = Api.dish(r[0], r[1], "Hyderabadi Dum Biryani", "349.50");
        String other = Api.dish(r[0], r[1], "Double Ka Meetha", "120.00");
        String ravi = Api.newUser("CUSTOMER");
        String email = verifiedEmail(ravi);
        PlacedOrder mine = Orders.placedBy(ravi, r[0], r[1], dish, 17.3950, 78.4867);
        PlacedOrder theirs = Orders.placedBy(Api.newUser("CUSTOMER"), r[0], r[1], other, 17.3950, 78.4867);
        for (PlacedOrder o : List.of(mine, theirs)) {
            Orders.pay(o.paymentIntentId());
            Orders.awaitStatus(o.customerToken(), o.orderId(), "PENDING_RESTAURANT_ACCEPTANCE");
            String courier = Couriers.pickedUp(o);
            as(courier).post("/deliveries/{o}/deliver", o.orderId()).then().statusCode(200);
        }

        await().atMost(WAIT).until(() -> mailTo(email).size() == 1);
        MimeMessage receipt = mailTo(email).get(0);
        assertTrue(receipt.getContentType().toLowerCase().startsWith("multipart/alternative"),
                receipt.getContentType());
        Map<String, String> parts = parts(receipt);
        var pricing = as(ravi).get("/orders/{o}", mine.orderId()).then().statusCode(200).extract().jsonPath();
        for (String part : List.of("text/plain", "text/html")) {
            String text = parts.get(part);
            assertTrue(text != null, part + " in " + parts.keySet());
            assertTrue(text.contains("Hyderabadi Dum Biryani"), part + ": " + text);
            assertTrue(text.contains(mine.orderId().substring(0, 8).toUpperCase()), part + ": " + text);
            for (String amount : List.of("subtotal", "tax", "platformFee", "deliveryFee", "total")) {
                String value = new java.math.BigDecimal(pricing.getString("pricing." + amount))
                        .setScale(2).toPlainString();
                String shown = value.length() > 6 ? value.substring(0, value.length() - 6) + ","
                        + value.substring(value.length() - 6) : value;
                assertTrue(text.contains(shown), part + " shows " + amount + " " + shown + ": " + text);
            }
            assertFalse(text.contains("Double Ka Meetha"), "another order's dish: " + text);
            assertFalse(text.contains(theirs.orderId().substring(0, 8).toUpperCase()), "another order: " + text);
        }
        UUID them = UUID.fromString(Api.userId(theirs.customerToken()));
        String theirEmail = QuarkusTransaction.requiringNew().call(() -> (String) Panache.getEntityManager()
                .createNativeQuery("select email from users where id = :id").setParameter("id", them)
                .getSingleResult());
        assertEquals(List.of(), mailTo(theirEmail), "an unproven email gets nothing");
    }
}
