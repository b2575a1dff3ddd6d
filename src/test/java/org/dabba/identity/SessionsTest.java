package org.dabba.identity;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.dabba.platform.security.VerifiedTokens;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.dabba.testing.Sockets;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/**
 * Sessions as a user meets them: short access tokens renewed with single-use refresh tokens, logout, a stolen refresh
 * token ending its session, password changes, admins making admins and disabling accounts, and sockets that close
 * when their token expires or their session ends.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class SessionsTest {

    @Inject
    JWTParser tokens;

    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(15);

    /** A fresh account of {@code role}: {email, userId}. */
    private static String[] account(String role) {
        String email = role.toLowerCase() + "-" + UUID.randomUUID() + "@example.com";
        Map<String, Object> body = new java.util.HashMap<>(
                Map.of("email", email, "password", "correct-horse", "name", "Test " + role, "role", role));
        if (role.equals("COURIER")) {
            // Pending approval, which does not matter here: its socket opens all the same.
            body.put("courier", Map.of("vehicle", "BICYCLE"));
        }
        String id = given().contentType(ContentType.JSON).body(body)
                .post("/auth/signup").then().statusCode(201).extract().path("userId");
        return new String[] { email, id };
    }

    private static JsonPath login(String email, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .post("/auth/login").then().statusCode(200).extract().jsonPath();
    }

    private static io.restassured.response.Response refresh(String refreshToken) {
        return given().contentType(ContentType.JSON).body(Map.of("refreshToken", refreshToken)).post("/auth/refresh");
    }

    private static int notifications(String accessToken) {
        return given().auth().oauth2(accessToken).get("/notifications").statusCode();
    }

    private static void awaitClosed(Sockets.Client socket, String reason) {
        await().atMost(CLOSE_WITHIN).until(socket::isClosed);
        assertEquals("1008 " + reason, socket.closedWith());
    }

    // ---- Login and refresh

    @Test
    void loginGivesAShortAccessTokenAndARefreshTokenThatIsGoodOnce() {
        String[] user = account("CUSTOMER");
        JsonPath first = login(user[0], "correct-horse");
        assertEquals(900, first.getInt("expiresIn"));
        assertEquals("Bearer", first.getString("tokenType"));
        assertTrue(first.getLong("refreshExpiresIn") > 29L * 24 * 3600, "about 30 days");
        assertTrue(first.getString("refreshToken").length() >= 43, "at least 256 bits");

        JsonPath second = refresh(first.getString("refreshToken")).then().statusCode(200)
                .body("accessToken", notNullValue()).body("expiresIn", equalTo(900))
                .extract().jsonPath();
        assertNotEquals(first.getString("refreshToken"), second.getString("refreshToken"));
        assertTrue(second.getLong("refreshExpiresIn") <= first.getLong("refreshExpiresIn"),
                "refreshing does not extend the session");
        assertEquals(200, notifications(second.getString("accessToken")));
        // The old access token is still good until it expires: rotation spends refresh tokens, not sessions.
        assertEquals(200, notifications(first.getString("accessToken")));
    }

    @Test
    void aRefreshTokenUsedTwiceEndsItsWholeSession() {
        String[] user = account("CUSTOMER");
        JsonPath first = login(user[0], "correct-horse");
        JsonPath rotated = refresh(first.getString("refreshToken")).then().statusCode(200).extract().jsonPath();

        // Someone replays the spent token (a thief, or the victim after the thief refreshed first).
        refresh(first.getString("refreshToken")).then().statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/session-ended"))
                .body("detail", containsString("already used"));

        // The legitimately rotated token and its access token are ended too.
        refresh(rotated.getString("refreshToken")).then().statusCode(401)
                .contentType("application/problem+json");
        assertEquals(401, notifications(rotated.getString("accessToken")));
        assertEquals(401, notifications(first.getString("accessToken")));

        // Another login is a new session and works.
        JsonPath again = login(user[0], "correct-horse");
        assertEquals(200, notifications(again.getString("accessToken")));
    }

    @Test
    void refreshRefusesBadInputsClearly() {
        given().contentType(ContentType.JSON).post("/auth/refresh")
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{}").post("/auth/refresh")
                .then().statusCode(400).body("errors.field", hasItem("refreshToken"));
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", "x".repeat(201))).post("/auth/refresh")
                .then().statusCode(400).body("errors.field", hasItem("refreshToken"));
        refresh("not-a-refresh-token").then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("/problems/session-ended"));
    }

    @Test
    void anExpiredAccessTokenIsRefused() {
        String[] user = account("CUSTOMER");
        String expired = Jwt.issuer("https://dabba.local").subject(user[1]).upn(user[0]).groups(Set.of("CUSTOMER"))
                .issuedAt(Instant.now().minusSeconds(1000)).expiresAt(Instant.now().minusSeconds(100)).sign();
        given().auth().oauth2(expired).get("/notifications")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aVerifiedTokenIsRememberedUntilItExpiresAndNoLookalikeWithIt() throws Exception {
        assertTrue(tokens instanceof VerifiedTokens, "bearer tokens go through the verified-token cache");
        String[] user = account("CUSTOMER");
        String token = login(user[0], "correct-horse").getString("accessToken");
        assertEquals(200, notifications(token));
        assertSame(tokens.parse(token), tokens.parse(token), "verified once, then remembered");

        String[] parts = token.split("\\.");
        String otherSignature = parts[0] + "." + parts[1] + "."
                + (parts[2].charAt(0) == 'A' ? 'B' : 'A') + parts[2].substring(1);
        assertEquals(401, notifications(otherSignature));
        String[] stranger = account("CUSTOMER");
        String strangersClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace(user[1], stranger[1]).getBytes(StandardCharsets.UTF_8));
        assertEquals(401, notifications(parts[0] + "." + strangersClaims + "." + parts[2]));

        Instant expiry = Instant.now().plusSeconds(2);
        String shortLived = Jwt.issuer("https://dabba.local").subject(user[1]).upn(user[0])
                .groups(Set.of("CUSTOMER")).expiresAt(expiry).sign();
        assertEquals(200, notifications(shortLived));
        JsonWebToken before = tokens.parse(shortLived);
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(expiry.plusMillis(200)));
        // Past its exp the token is verified anew (smallrye's clock skew still lets it pass for a minute).
        assertNotSame(before, tokens.parse(shortLived));
    }

    // ---- Logout

    @Test
    void logoutEndsTheAccessTokenAtOnceAndTheRefreshTokenButNotOtherSessions() {
        String[] user = account("CUSTOMER");
        JsonPath phone = login(user[0], "correct-horse");
        JsonPath laptop = login(user[0], "correct-horse");
        assertEquals(200, notifications(phone.getString("accessToken")));

        given().auth().oauth2(phone.getString("accessToken")).post("/auth/logout").then().statusCode(204);

        assertEquals(401, notifications(phone.getString("accessToken")));
        refresh(phone.getString("refreshToken")).then().statusCode(401);
        assertEquals(200, notifications(laptop.getString("accessToken")));
        refresh(laptop.getString("refreshToken")).then().statusCode(200);
    }

    @Test
    void logoutWithARefreshTokenEndsThatSessionToo() {
        String[] user = account("CUSTOMER");
        JsonPath first = login(user[0], "correct-horse");
        JsonPath second = login(user[0], "correct-horse");
        given().auth().oauth2(first.getString("accessToken")).contentType(ContentType.JSON)
                .body(Map.of("refreshToken", second.getString("refreshToken")))
                .post("/auth/logout").then().statusCode(204);
        assertEquals(401, notifications(second.getString("accessToken")));
        refresh(second.getString("refreshToken")).then().statusCode(401);

        // Someone else's refresh token changes nothing for its owner.
        String[] other = account("CUSTOMER");
        JsonPath theirs = login(other[0], "correct-horse");
        JsonPath mine = login(user[0], "correct-horse");
        given().auth().oauth2(mine.getString("accessToken")).contentType(ContentType.JSON)
                .body(Map.of("refreshToken", theirs.getString("refreshToken")))
                .post("/auth/logout").then().statusCode(204);
        assertEquals(200, notifications(theirs.getString("accessToken")));
    }

    @Test
    void logoutNeedsATokenAndAReadableBody() {
        given().post("/auth/logout").then().statusCode(401).contentType("application/problem+json");
        String token = Api.newUser("CUSTOMER");
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"refreshToken\":")
                .post("/auth/logout").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("refreshToken", 5))
                .post("/auth/logout").then().statusCode(not(500));
    }

    @Test
    void aSocketClosesWhenItsSessionIsLoggedOut() {
        String[] courier = account("COURIER");
        JsonPath session = login(courier[0], "correct-horse");
        JsonPath otherSession = login(courier[0], "correct-horse");
        try (Sockets.Client socket = Sockets.connect("/ws/couriers/me", session.getString("accessToken"));
                Sockets.Client other = Sockets.connect("/ws/couriers/me", otherSession.getString("accessToken"))) {
            given().auth().oauth2(session.getString("accessToken")).post("/auth/logout").then().statusCode(204);
            awaitClosed(socket, "session-ended");
            assertFalse(other.isClosed(), "the other session's socket stays open");
        }
        assertEquals(401, Sockets.refusedStatus("/ws/couriers/me", session.getString("accessToken")));
    }

    @Test
    void aSocketClosesWhenItsTokenExpires() {
        String[] courier = account("COURIER");
        // A token signed like the app's own, expiring a few seconds from now (time enough for the handshake).
        String shortLived = Jwt.issuer("https://dabba.local").subject(courier[1]).upn(courier[0])
                .groups(Set.of("COURIER")).issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(6)).sign();
        try (Sockets.Client socket = Sockets.connect("/ws/couriers/me", shortLived)) {
            awaitClosed(socket, "token-expired");
        }
    }

    // ---- Password change

    @Test
    void changingOnesPasswordEndsTheOtherSessions() {
        String[] user = account("RESTAURANT_OWNER");
        JsonPath here = login(user[0], "correct-horse");
        JsonPath elsewhere = login(user[0], "correct-horse");

        given().auth().oauth2(here.getString("accessToken")).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", "correct-horse", "newPassword", "battery-staple"))
                .post("/auth/password").then().statusCode(204);

        assertEquals(200, notifications(here.getString("accessToken")));
        assertEquals(401, notifications(elsewhere.getString("accessToken")));
        refresh(elsewhere.getString("refreshToken")).then().statusCode(401);
        refresh(here.getString("refreshToken")).then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("email", user[0], "password", "correct-horse"))
                .post("/auth/login").then().statusCode(401);
        login(user[0], "battery-staple");
    }

    @Test
    void aPasswordChangeRefusesAWrongCurrentPasswordAndBadNewOnes() {
        String[] user = account("CUSTOMER");
        String token = login(user[0], "correct-horse").getString("accessToken");
        change(token, "wrong-horse", "battery-staple").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("currentPassword"));
        change(token, "correct-horse", "short").then().statusCode(400).body("errors.field", hasItem("newPassword"));
        change(token, "correct-horse", "correct-horse").then().statusCode(400)
                .body("errors.field", hasItem("newPassword"));
        change(token, "correct-horse", "x".repeat(73)).then().statusCode(400)
                .body("errors.field", hasItem("newPassword"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("currentPassword", "correct-horse"))
                .post("/auth/password").then().statusCode(400).body("errors.field", hasItem("newPassword"));
        given().contentType(ContentType.JSON)
                .body(Map.of("currentPassword", "correct-horse", "newPassword", "battery-staple"))
                .post("/auth/password").then().statusCode(401).contentType("application/problem+json");
        login(user[0], "correct-horse");
    }

    private static io.restassured.response.Response change(String token, String current, String next) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", current, "newPassword", next)).post("/auth/password");
    }

    // ---- Admins

    @Test
    void anAdminCreatesAnAdminWithAStrongPasswordOnly() {
        String admin = Api.adminToken();
        String email = "admin-" + UUID.randomUUID() + "@example.com";
        for (String weak : new String[] { "Sh0rt-pass!", "password123456", "Password2024!!", "qwertyuiop1234" }) {
            Api.as(admin).body(Map.of("email", email, "name", "Second Admin", "password", weak))
                    .post("/admin/admins").then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem("password"));
        }
        Api.as(admin).body(Map.of("email", "not-an-email", "name", "X", "password", "tamarind-monsoon-ledger"))
                .post("/admin/admins").then().statusCode(400).body("errors.field", hasItem("email"));
        Api.as(admin).body(Map.of("email", email, "name", "Second Admin", "password", "tamarind-monsoon-ledger"))
                .post("/admin/admins").then().statusCode(201).body("userId", notNullValue());
        Api.as(admin).body(Map.of("email", email, "name", "Again", "password", "tamarind-monsoon-ledger"))
                .post("/admin/admins").then().statusCode(409);

        String second = login(email, "tamarind-monsoon-ledger").getString("accessToken");
        given().auth().oauth2(second).get("/admin/restaurants").then().statusCode(200);

        // An admin's own password change obeys the admin rule too.
        change(second, "tamarind-monsoon-ledger", "iloveyou2024!!").then().statusCode(400)
                .body("errors.field", hasItem("newPassword"));
        change(second, "tamarind-monsoon-ledger", "saffron-rickshaw-compass").then().statusCode(204);

        String customer = Api.newUser("CUSTOMER");
        Api.as(customer).body(Map.of("email", "x-" + email, "name", "Sneaky", "password", "tamarind-monsoon-ledger"))
                .post("/admin/admins").then().statusCode(403).contentType("application/problem+json");
        given().contentType(ContentType.JSON)
                .body(Map.of("email", "y-" + email, "name", "Anon", "password", "tamarind-monsoon-ledger"))
                .post("/admin/admins").then().statusCode(401);
    }

    @Test
    void aDisabledAccountLosesItsTokensSessionsAndSocketsAtOnce() {
        String admin = Api.adminToken();
        String[] courier = account("COURIER");
        JsonPath session = login(courier[0], "correct-horse");
        String[] owner = account("RESTAURANT_OWNER");
        JsonPath ownerSession = login(owner[0], "correct-horse");
        String restaurantId = Api.register(ownerSession.getString("accessToken"));
        Api.approve(restaurantId);

        try (Sockets.Client courierSocket = Sockets.connect("/ws/couriers/me", session.getString("accessToken"));
                Sockets.Client dashboard = Sockets.connect("/ws/restaurants/" + restaurantId + "/orders",
                        ownerSession.getString("accessToken"))) {
            dashboard.next(Duration.ofSeconds(10));
            Api.as(admin).body(Map.of("status", "DISABLED")).put("/admin/users/{id}/status", courier[1])
                    .then().statusCode(200).body("status", equalTo("DISABLED")).body("userId", equalTo(courier[1]));
            Api.as(admin).body(Map.of("status", "DISABLED")).put("/admin/users/{id}/status", owner[1])
                    .then().statusCode(200);
            awaitClosed(courierSocket, "account-disabled");
            awaitClosed(dashboard, "account-disabled");
        }

        assertEquals(401, notifications(session.getString("accessToken")));
        refresh(session.getString("refreshToken")).then().statusCode(403)
                .contentType("application/problem+json").body("type", equalTo("/problems/account-disabled"));
        given().contentType(ContentType.JSON).body(Map.of("email", courier[0], "password", "correct-horse"))
                .post("/auth/login").then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("/problems/account-disabled"));
        // Without the password, a disabled account looks like any other wrong login.
        given().contentType(ContentType.JSON).body(Map.of("email", courier[0], "password", "wrong-horse"))
                .post("/auth/login").then().statusCode(401)
                .body("detail", equalTo("Unknown email or wrong password"));
        assertEquals(401, Sockets.refusedStatus("/ws/couriers/me", session.getString("accessToken")));

        Api.as(admin).body(Map.of("status", "ACTIVE")).put("/admin/users/{id}/status", courier[1])
                .then().statusCode(200).body("status", equalTo("ACTIVE"));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(300)).until(() ->
                notifications(tryLogin(courier[0])) == 200);
        // The old session stays ended.
        refresh(session.getString("refreshToken")).then().statusCode(401);
    }

    /** Tokens are issued with whole-second times: one issued in the second an account was disabled is refused. */
    private static String tryLogin(String email) {
        return login(email, "correct-horse").getString("accessToken");
    }

    @Test
    void accountStatusRefusesBadInputsAndNonAdmins() {
        String admin = Api.adminToken();
        String[] user = account("CUSTOMER");
        Api.as(admin).body(Map.of("status", "BANNED")).put("/admin/users/{id}/status", user[1])
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("status"));
        Api.as(admin).body("{}").put("/admin/users/{id}/status", user[1])
                .then().statusCode(400).body("errors.field", hasItem("status"));
        Api.as(admin).body(Map.of("status", "DISABLED")).put("/admin/users/{id}/status", UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
        Api.as(admin).body(Map.of("status", "DISABLED")).put("/admin/users/{id}/status", "not-a-uuid")
                .then().statusCode(404);
        Api.as(Api.newUser("COURIER")).body(Map.of("status", "DISABLED")).put("/admin/users/{id}/status", user[1])
                .then().statusCode(403);
        Api.as(admin).body(Map.of("status", "ACTIVE")).put("/admin/users/{id}/status", user[1])
                .then().statusCode(200).body("status", equalTo("ACTIVE"));
    }

    @Test
    void anAdminCannotDisableTheirOwnAccount() throws Exception {
        String admin = Api.adminToken();
        String payload = new String(java.util.Base64.getUrlDecoder().decode(admin.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        String adminId = new com.fasterxml.jackson.databind.ObjectMapper().readTree(payload).path("sub").asText();
        Api.as(admin).body(Map.of("status", "DISABLED")).put("/admin/users/{id}/status", adminId)
                .then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(admin).get("/admin/restaurants").then().statusCode(200);
    }

    @Test
    void signupStillCannotMakeAnAdmin() {
        given().contentType(ContentType.JSON).body(Map.of("email", "a-" + UUID.randomUUID() + "@example.com",
                "password", "tamarind-monsoon-ledger", "name", "Sneaky", "role", "ADMIN"))
                .post("/auth/signup").then().statusCode(400).body("errors[0].field", equalTo("role"));
    }
}
