package org.dabba.notification;

import static io.restassured.RestAssured.given;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.dabba.notification.Preferences.Channel;
import org.dabba.notification.Preferences.Kind;
import org.dabba.platform.security.Role;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.junit.jupiter.api.Test;

/**
 * A user's devices (POST, GET, DELETE /me/devices: idempotent per token, a token moving to its latest user, the cap)
 * and notification preferences (GET, PUT /me/notification-preferences: defaults by role, the alerts a role cannot
 * turn off), and the services other features call ({@link Devices}, {@link NotificationPreferences}).
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class DevicesAndPreferencesTest {

    @Inject
    Devices devices;

    @Inject
    NotificationPreferences preferences;

    /** Shaped like an FCM registration token: ':', '-' and '_' included. */
    static String fcmToken() {
        return "dXq3k0Rz" + UUID.randomUUID().toString().replace("-", "") + ":APA91bH-x_Yz" + System.nanoTime();
    }

    static ValidatableResponse register(String user, String token, String platform, String appVersion) {
        Map<String, Object> body = new HashMap<>(Map.of("platform", platform, "token", token));
        if (appVersion != null) {
            body.put("appVersion", appVersion);
        }
        return as(user).body(body).post("/me/devices").then();
    }

    static List<String> tokens(String user) {
        return as(user).get("/me/devices").then().statusCode(200).extract().jsonPath().getList("token");
    }

    /** DELETE with the token percent-encoded, as a client library would send it. */
    static ValidatableResponse remove(String user, String token) {
        return as(user).urlEncodingEnabled(false)
                .delete("/me/devices/" + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8))
                .then();
    }

    static Map<String, Object> channels(boolean push, boolean email, boolean sms) {
        return Map.of("push", push, "email", email, "sms", sms);
    }

    static Map<String, Object> prefs(Map<String, Object> orderUpdates, Map<String, Object> offers,
            Map<String, Object> promotions) {
        return Map.of("ORDER_UPDATES", orderUpdates, "OFFERS", offers, "PROMOTIONS", promotions);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> preferencesOf(String user) {
        return as(user).get("/me/notification-preferences").then().statusCode(200).contentType(ContentType.JSON)
                .extract().as(Map.class);
    }

    // ---- Devices

    @Test
    void aDeviceIsRegisteredListedRefreshedAndRemoved() {
        String customer = Api.newUser("CUSTOMER");
        String token = fcmToken();
        var first = register(customer, token, "ANDROID", "2.4.1").statusCode(201).contentType(ContentType.JSON)
                .body("token", equalTo(token)).body("platform", equalTo("ANDROID")).body("appVersion", equalTo("2.4.1"))
                .extract().jsonPath();
        assertEquals(first.getString("createdAt"), first.getString("lastSeenAt"));
        assertEquals(List.of(token), tokens(customer));

        // The app starts again, updated: the same device, refreshed.
        var again = register(customer, token, "ANDROID", "2.5.0").statusCode(200)
                .body("appVersion", equalTo("2.5.0")).extract().jsonPath();
        assertEquals(first.getString("createdAt"), again.getString("createdAt"));
        assertFalse(Instant.parse(again.getString("lastSeenAt"))
                .isBefore(Instant.parse(first.getString("lastSeenAt"))));
        register(customer, token, "ANDROID", null).statusCode(200).body("appVersion", nullValue());
        assertEquals(List.of(token), tokens(customer));

        remove(customer, token).statusCode(204);
        assertEquals(List.of(), tokens(customer));
        remove(customer, token).statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("/problems/not-found"));
    }

    @Test
    void aTokenInThePathMayBeSentAsIs() {
        String customer = Api.newUser("CUSTOMER");
        String token = fcmToken();
        register(customer, token, "WEB", null).statusCode(201);
        as(customer).urlEncodingEnabled(false).delete("/me/devices/" + token).then().statusCode(204);
        assertEquals(List.of(), tokens(customer));
    }

    @Test
    void aTokenMovesToTheLatestUserToRegisterIt() {
        String first = Api.newUser("CUSTOMER");
        String second = Api.newUser("COURIER");
        String token = fcmToken();
        register(first, token, "IOS", "1.0").statusCode(201);
        register(second, token, "IOS", "1.0").statusCode(201).body("token", equalTo(token));

        assertEquals(List.of(), tokens(first));
        assertEquals(List.of(token), tokens(second));
        // The first user can neither see nor remove it any more, and learns nothing of who has it.
        remove(first, token).statusCode(404).body("detail", equalTo("You have no device with this token"));
        assertEquals(List.of(token), tokens(second));

        // Back to the first: new to them again.
        register(first, token, "IOS", "1.0").statusCode(201);
        assertEquals(List.of(), tokens(second));
    }

    @Test
    void aUserKeepsAtMost20DevicesTheOneSeenLongestAgoGoes() {
        String customer = Api.newUser("CUSTOMER");
        List<String> registered = IntStream.range(0, 20).mapToObj(i -> fcmToken()).toList();
        registered.forEach(t -> register(customer, t, "ANDROID", null).statusCode(201));
        assertEquals(20, tokens(customer).size());

        // The first is seen again, so the second is now the one seen longest ago.
        register(customer, registered.get(0), "ANDROID", null).statusCode(200);
        String latest = fcmToken();
        register(customer, latest, "ANDROID", null).statusCode(201);

        List<String> kept = tokens(customer);
        assertEquals(20, kept.size());
        assertEquals(latest, kept.get(0), "the most recently seen first");
        assertTrue(kept.contains(registered.get(0)));
        assertFalse(kept.contains(registered.get(1)), "the device seen longest ago is dropped");
    }

    @Test
    void everyBadFieldIsA400NamingItAndNothingIsStored() {
        String customer = Api.newUser("CUSTOMER");
        invalid(customer, Map.of("token", fcmToken()), "platform");
        invalid(customer, Map.of("platform", "BLACKBERRY"), "platform", "token");
        invalid(customer, Map.of("platform", "ANDROID", "token", "x".repeat(4097)), "token");
        invalid(customer, Map.of("platform", "ANDROID", "token", "ab\u0007cd"), "token");
        invalid(customer, Map.of("platform", "ANDROID", "token", "   "), "token");
        invalid(customer, Map.of("platform", "ANDROID", "token", fcmToken(), "appVersion", "9".repeat(65)),
                "appVersion");
        assertEquals(List.of(), tokens(customer));
        // The longest token fits.
        register(customer, "x".repeat(4096), "WEB", "9".repeat(64)).statusCode(201);
    }

    private static void invalid(String user, Map<String, Object> body, String... fields) {
        List<String> named = as(user).body(body).post("/me/devices").then().statusCode(400)
                .contentType("application/problem+json").body("type", equalTo("/problems/validation"))
                .extract().jsonPath().getList("errors.field");
        assertEquals(List.of(fields), named, body.toString());
    }

    @Test
    void withoutATokenEachIsA401() {
        given().get("/me/devices").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("platform", "ANDROID", "token", "t")).post("/me/devices")
                .then().statusCode(401);
        given().delete("/me/devices/t").then().statusCode(401);
        given().get("/me/notification-preferences").then().statusCode(401);
        given().contentType(ContentType.JSON).body(prefs(channels(true, true, true), channels(true, true, true),
                channels(true, true, true))).put("/me/notification-preferences").then().statusCode(401);
    }

    @Test
    void otherFeaturesReadAUsersDevicesAndDropInvalidTokens() {
        String owner = Api.newUser("RESTAURANT_OWNER");
        UUID ownerId = UUID.fromString(Api.userId(owner));
        String phone = fcmToken();
        String tablet = fcmToken();
        register(owner, phone, "ANDROID", null).statusCode(201);
        register(owner, tablet, "IOS", null).statusCode(201);

        assertEquals(List.of(tablet, phone), devices.of(ownerId).stream().map(DeviceBodies.DeviceView::token).toList());
        assertTrue(devices.remove(phone), "the push service reported it invalid");
        assertFalse(devices.remove(phone));
        assertEquals(List.of(tablet), tokens(owner));
    }

    // ---- Preferences

    @Test
    void eachRoleStartsWithItsDefaults() {
        assertEquals(prefs(channels(true, true, false), channels(false, false, false), channels(false, false, false)),
                preferencesOf(Api.newUser("CUSTOMER")));
        assertEquals(prefs(channels(true, true, true), channels(false, false, false), channels(false, false, false)),
                preferencesOf(Api.newUser("RESTAURANT_OWNER")));
        assertEquals(prefs(channels(true, false, false), channels(true, false, false), channels(false, false, false)),
                preferencesOf(Api.newUser("COURIER")));
        assertEquals(prefs(channels(false, true, false), channels(false, false, false), channels(false, false, false)),
                preferencesOf(Api.adminToken()));
    }

    @Test
    void aPutReplacesTheWholeSetAndIsWhatOthersRead() {
        String customer = Api.newUser("CUSTOMER");
        Map<String, Object> mine = prefs(channels(false, true, true), channels(false, false, false),
                channels(true, false, false));
        as(customer).body(mine).put("/me/notification-preferences").then().statusCode(200)
                .contentType(ContentType.JSON).body("ORDER_UPDATES.sms", equalTo(true))
                .body("PROMOTIONS.push", equalTo(true));
        assertEquals(mine, preferencesOf(customer));

        Preferences read = preferences.of(UUID.fromString(Api.userId(customer)), Role.CUSTOMER);
        assertFalse(read.allows(Kind.ORDER_UPDATES, Channel.PUSH));
        assertTrue(read.allows(Kind.ORDER_UPDATES, Channel.SMS));
        assertTrue(read.allows(Kind.PROMOTIONS, Channel.PUSH));

        Map<String, Object> changed = prefs(channels(true, false, false), channels(false, false, false),
                channels(false, false, false));
        as(customer).body(changed).put("/me/notification-preferences").then().statusCode(200);
        assertEquals(changed, preferencesOf(customer));
        // A customer may turn every order update off.
        Map<String, Object> silent = prefs(channels(false, false, false), channels(false, false, false),
                channels(false, false, false));
        as(customer).body(silent).put("/me/notification-preferences").then().statusCode(200);
        assertEquals(silent, preferencesOf(customer));
    }

    @Test
    void anOwnerCannotTurnOffEveryOrderUpdate() {
        String owner = Api.newUser("RESTAURANT_OWNER");
        Map<String, Object> noSms = prefs(channels(true, true, false), channels(false, false, false),
                channels(false, false, false));
        as(owner).body(noSms).put("/me/notification-preferences").then().statusCode(200);

        as(owner).body(prefs(channels(false, false, false), channels(false, false, false), channels(true, true, true)))
                .put("/me/notification-preferences").then().statusCode(400)
                .contentType("application/problem+json").body("type", equalTo("/problems/validation"))
                .body("errors.field", equalTo(List.of("ORDER_UPDATES")));
        assertEquals(noSms, preferencesOf(owner), "nothing changed");
    }

    @Test
    void aCourierCannotTurnOffEveryOffer() {
        String courier = Api.newUser("COURIER");
        as(courier).body(prefs(channels(true, false, false), channels(false, false, false),
                channels(false, false, false))).put("/me/notification-preferences").then().statusCode(400)
                .body("errors.field", equalTo(List.of("OFFERS")));
        assertEquals(prefs(channels(true, false, false), channels(true, false, false), channels(false, false, false)),
                preferencesOf(courier), "still the defaults");
        // Offers by SMS only, order updates all off: allowed.
        as(courier).body(prefs(channels(false, false, false), channels(false, false, true),
                channels(false, false, false))).put("/me/notification-preferences").then().statusCode(200)
                .body("OFFERS.sms", equalTo(true));
    }

    @Test
    void aMissingKindOrChannelIsA400NamingIt() {
        String customer = Api.newUser("CUSTOMER");
        as(customer).body(Map.of("ORDER_UPDATES", channels(true, true, false), "OFFERS", channels(false, false, false)))
                .put("/me/notification-preferences").then().statusCode(400)
                .body("errors.field", equalTo(List.of("PROMOTIONS")));
        as(customer).body(Map.of()).put("/me/notification-preferences").then().statusCode(400)
                .body("errors.field", equalTo(List.of("OFFERS", "ORDER_UPDATES", "PROMOTIONS")));
        as(customer).body(prefs(Map.of("push", true, "email", true), channels(false, false, false),
                channels(false, false, false))).put("/me/notification-preferences").then().statusCode(400)
                .body("errors.field", hasItem("ORDER_UPDATES.sms"));
        as(customer).body(prefs(Map.of("push", "yes", "email", true, "sms", true), channels(false, false, false),
                channels(false, false, false))).put("/me/notification-preferences").then().statusCode(400);
        assertEquals(prefs(channels(true, true, false), channels(false, false, false), channels(false, false, false)),
                preferencesOf(customer), "nothing stored");
    }
}
