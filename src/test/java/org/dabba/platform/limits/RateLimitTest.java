package org.dabba.platform.limits;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.runtime.datasource.ReactiveRedisDataSourceImpl;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.dabba.platform.error.ProblemException;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.dabba.testing.Sockets;
import org.dabba.testing.Sockets.Client;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every limit with low budgets of its own (3-second windows): 429 rate-limited with Retry-After once a budget is
 * spent, served again once Retry-After has passed; the login lockout growing; a courier's flood of positions dropped
 * with a warning; the socket caps; and two limiters on one Redis sharing their budgets.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
@TestProfile(RateLimitTest.LowLimits.class)
class RateLimitTest {

    public static class LowLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>();
            config.put("dabba.limits.login.per-account", "3");
            config.put("dabba.limits.login.per-address", "5");
            config.put("dabba.limits.login.window", "PT3S");
            config.put("dabba.limits.login.lockout.after-failures", "3");
            config.put("dabba.limits.login.lockout.first", "PT1S");
            config.put("dabba.limits.login.lockout.max", "PT4S");
            config.put("dabba.limits.login.lockout.memory", "PT1M");
            config.put("dabba.limits.signup.per-address", "3");
            config.put("dabba.limits.signup.window", "PT3S");
            config.put("dabba.limits.promo.per-customer", "3");
            config.put("dabba.limits.promo.window", "PT3S");
            config.put("dabba.limits.search.per-address", "3");
            config.put("dabba.limits.search.window", "PT3S");
            config.put("dabba.limits.checkout.per-customer", "2");
            config.put("dabba.limits.checkout.window", "PT3S");
            config.put("dabba.limits.sockets.courier", "2");
            config.put("dabba.limits.sockets.restaurant-dashboard", "2");
            config.put("dabba.limits.courier-locations.per-second", "2");
            return config;
        }
    }

    static final Duration WAIT = Duration.ofSeconds(15);
    static final String SEARCH = "/search/restaurants?lat=17.385&long=78.4867";

    @Inject
    RedisDataSource redis;

    @Inject
    RateLimits limits;

    @Inject
    LimitsConfig config;

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "quarkus.redis.hosts")
    String redisHosts;

    /** Every test starts with full budgets (setting up users spends some: they all come from 127.0.0.1). */
    @BeforeEach
    void forget() {
        forget(true);
    }

    /** Forgets the request budgets, and the lockouts too when {@code lockouts}. */
    void forget(boolean lockouts) {
        List<String> keys = redis.key().keys(RateLimits.PREFIX + "*").stream()
                .filter(k -> lockouts || !k.startsWith(RateLimits.PREFIX + RateLimits.LOGIN_LOCKOUT))
                .toList();
        if (!keys.isEmpty()) {
            redis.key().del(keys.toArray(String[]::new));
        }
    }

    static void assertLimited(Response r, String limit) {
        r.then().statusCode(429).contentType("application/problem+json")
                .body("type", equalTo("/problems/rate-limited"))
                .body("limit", equalTo(limit));
        int retryAfter = Integer.parseInt(r.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 4, "Retry-After " + retryAfter);
        assertEquals(retryAfter, r.<Integer>path("retryAfter"));
    }

    static void sleepRetryAfter(Response r) throws InterruptedException {
        Thread.sleep(Integer.parseInt(r.header("Retry-After")) * 1000L + 150);
    }

    /** A fresh account (email, password correct-horse), the budgets its sign-up spent forgotten. */
    String account(String role) {
        String email = "limits-" + UUID.randomUUID() + "@example.com";
        given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "correct-horse", "name", "Limit Tester", "role", role))
                .post("/auth/signup").then().statusCode(201);
        forget(false);
        return email;
    }

    String token(String role) {
        String token = Api.newUser(role);
        forget(false);
        return token;
    }

    static Response login(String email, String password, String forwardedFor) {
        var spec = given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password));
        if (forwardedFor != null) {
            spec = spec.header("X-Forwarded-For", forwardedFor);
        }
        return spec.post("/auth/login");
    }

    @Test
    void loginPerAccountWhateverTheEmailsCase() throws Exception {
        String email = account("CUSTOMER");
        for (int i = 0; i < 3; i++) {
            login(i == 1 ? email.toUpperCase() : email, "correct-horse", null).then().statusCode(200);
        }
        Response refused = login(email.toUpperCase(), "correct-horse", null);
        assertLimited(refused, RateLimits.LOGIN_PER_ACCOUNT);
        sleepRetryAfter(refused);
        login(email, "correct-horse", null).then().statusCode(200);
    }

    @Test
    void loginPerAddressAndASpoofedForwardedForBuysNothing() throws Exception {
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            emails.add(account("CUSTOMER"));
        }
        // The budget refills as logins go on (one every 600 ms): log in, each time as another account and claiming
        // another address, until refused, which comes after at least the 5 however slow the machine.
        Response refused = null;
        int passed = 0;
        while (refused == null && passed < emails.size() - 1) {
            Response r = login(emails.get(passed), "correct-horse", "203.0.113." + passed);
            if (r.statusCode() == 200) {
                passed++;
            } else {
                refused = r;
            }
        }
        assertTrue(refused != null, "never refused after " + passed + " logins");
        assertTrue(passed >= 5, "refused after " + passed);
        assertLimited(refused, RateLimits.LOGIN_PER_ADDRESS);
        sleepRetryAfter(refused);
        login(emails.get(emails.size() - 1), "correct-horse", null).then().statusCode(200);
    }

    @Test
    void wrongPasswordsLockTheAccountLongerEachTimeUntilALoginSucceeds() throws Exception {
        String email = account("CUSTOMER");
        long first = lockedAfterThreeWrongPasswords(email);
        assertEquals(1, first);
        Thread.sleep(first * 1000 + 150);
        forget(false);
        assertEquals(2, lockedAfterThreeWrongPasswords(email), "the second lockout doubles");
        Thread.sleep(2 * 1000 + 150);
        forget(false);
        login(email, "correct-horse", null).then().statusCode(200);
        forget(false);
        assertEquals(1, lockedAfterThreeWrongPasswords(email), "a successful login starts over");
    }

    /** Three wrong passwords (401 each), then even the right one is refused: the lockout's Retry-After. */
    private long lockedAfterThreeWrongPasswords(String email) {
        for (int i = 0; i < 3; i++) {
            login(email, "wrong-horse", null).then().statusCode(401);
        }
        Response locked = login(email, "correct-horse", null);
        assertLimited(locked, RateLimits.LOGIN_LOCKOUT);
        return Long.parseLong(locked.header("Retry-After"));
    }

    @Test
    void tokenRefreshesPerAddress() throws Exception {
        String email = account("CUSTOMER");
        String refreshToken = login(email, "correct-horse", null).then().statusCode(200).extract().path("refreshToken");
        forget(false);
        // Refreshes with tokens nobody holds (401 each) spend the address's budget too, and answer fast. The budget
        // refills as they go on (one every 600 ms): send them until refused, which comes after at least the 5.
        Response refused = null;
        int answered = 0;
        while (refused == null && answered < 100) {
            Response r = refresh("guess-" + answered);
            if (r.statusCode() == 401) {
                answered++;
            } else {
                refused = r;
            }
        }
        assertTrue(refused != null, "never refused after " + answered + " refreshes");
        assertTrue(answered >= 5, "refused after " + answered);
        assertLimited(refused, RateLimits.REFRESH_PER_ADDRESS);
        sleepRetryAfter(refused);
        refresh(refreshToken).then().statusCode(200);
    }

    @Test
    void wrongCurrentPasswordsLockTheAccountLikeWrongLogins() {
        String email = account("CUSTOMER");
        String token = login(email, "correct-horse", null).then().statusCode(200).extract().path("accessToken");
        forget(false);
        Map<String, String> wrong = Map.of("currentPassword", "wrong-horse", "newPassword", "battery-staple");
        for (int i = 0; i < 3; i++) {
            as(token).body(wrong).post("/auth/password").then().statusCode(400);
        }
        Response locked = as(token).body(Map.of("currentPassword", "correct-horse", "newPassword", "battery-staple"))
                .post("/auth/password");
        assertLimited(locked, RateLimits.LOGIN_LOCKOUT);
        assertLimited(login(email, "correct-horse", null), RateLimits.LOGIN_LOCKOUT);
    }

    static Response refresh(String refreshToken) {
        return given().contentType(ContentType.JSON).body(Map.of("refreshToken", refreshToken)).post("/auth/refresh");
    }

    @Test
    void signupPerAddress() throws Exception {
        for (int i = 0; i < 3; i++) {
            signup().then().statusCode(201);
        }
        Response refused = signup();
        assertLimited(refused, RateLimits.SIGNUP_PER_ADDRESS);
        sleepRetryAfter(refused);
        signup().then().statusCode(201);
    }

    private static Response signup() {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", "192.0.2." + (int) (Math.random() * 250))
                .body(Map.of("email", "signup-" + UUID.randomUUID() + "@example.com", "password", "correct-horse",
                        "name", "Limit Tester", "role", "CUSTOMER"))
                .post("/auth/signup");
    }

    @Test
    void searchPerAddress() throws Exception {
        // The budget refills as searches go on (one a second): search until refused, claiming another address,
        // which comes after at least the 3 however slow the machine.
        Response refused = null;
        int passed = 0;
        while (refused == null && passed < 30) {
            Response r = given().header("X-Forwarded-For", "203.0.113." + passed).get(SEARCH);
            if (r.statusCode() == 200) {
                passed++;
            } else {
                refused = r;
            }
        }
        assertTrue(refused != null, "never refused after " + passed + " searches");
        assertTrue(passed >= 3, "refused after " + passed);
        assertLimited(refused, RateLimits.SEARCH_PER_ADDRESS);
        sleepRetryAfter(refused);
        given().get(SEARCH).then().statusCode(200);
    }

    @Test
    void promotionCodesPerCustomerInSummariesAndCheckouts() throws Exception {
        String customer = token("CUSTOMER");
        String summary = "/checkout/summary?cartId=" + UUID.randomUUID() + "&lat=17.4&long=78.5";
        for (int i = 0; i < 3; i++) {
            as(customer).get(summary + "&promoCode=GUESS" + i).then().statusCode(404);
        }
        Response refused = as(customer).get(summary + "&promoCode=GUESS9");
        assertLimited(refused, RateLimits.PROMO_PER_CUSTOMER);
        assertLimited(checkout(customer, "GUESS10"), RateLimits.PROMO_PER_CUSTOMER);
        as(customer).get(summary).then().statusCode(404); // no code: not counted
        as(Api.newUser("CUSTOMER")).get(summary + "&promoCode=GUESS11").then().statusCode(404); // another customer
        sleepRetryAfter(refused);
        as(customer).get(summary + "&promoCode=GUESS12").then().statusCode(404);
    }

    @Test
    void checkoutsPerCustomer() throws Exception {
        String customer = token("CUSTOMER");
        checkout(customer, null).then().statusCode(404);
        checkout(customer, null).then().statusCode(404);
        Response refused = checkout(customer, null);
        assertLimited(refused, RateLimits.CHECKOUT_PER_CUSTOMER);
        sleepRetryAfter(refused);
        checkout(customer, null).then().statusCode(404);
    }

    private static Response checkout(String customer, String promoCode) {
        Map<String, Object> body = new HashMap<>(Map.of("cartId", UUID.randomUUID().toString(), "paymentMethod", "CARD",
                "deliveryAddress", Map.of("street", "1 Banjara Hills Rd", "city", "Hyderabad", "zipCode", "500034",
                        "latitude", 17.4, "longitude", 78.5)));
        if (promoCode != null) {
            body.put("promoCode", promoCode);
        }
        return as(customer).header("Idempotency-Key", UUID.randomUUID().toString()).body(body)
                .post("/orders/checkout");
    }

    @Test
    void aCouriersFloodOfPositionsIsDroppedWithAWarning() throws Exception {
        String courier = token("COURIER");
        String key = "dabba:courier:" + as(courier).body(Map.of("status", "AVAILABLE"))
                .put("/couriers/me/availability").then().statusCode(200).extract().path("courierId");
        try (Client socket = Sockets.connect("/ws/couriers/me", courier)) {
            // Steps of 11 m, so none is ignored as an implausible jump.
            for (int i = 1; i <= 12; i++) {
                socket.send(Map.of("type", "location", "lat", 17.0 + i / 10000.0, "long", 78.48));
            }
            var warning = socket.next("warning", WAIT);
            assertEquals("rate-limited", warning.path("code").asText(), warning.toString());
            await().atMost(WAIT).until(() -> redis.hash(String.class).hget(key, "lat") != null);
            Thread.sleep(300);
            assertNotEquals("17.0012", redis.hash(String.class).hget(key, "lat"), "the flood's last position was dropped");

            Thread.sleep(1100);
            socket.send(Map.of("type", "location", "lat", 17.0015, "long", 78.48));
            await().atMost(WAIT).until(() -> "17.0015".equals(redis.hash(String.class).hget(key, "lat")));
        }
    }

    @Test
    void aUsersSocketsBeyondTheCapCloseTheOldest() {
        String courier = token("COURIER");
        Client first = Sockets.connect("/ws/couriers/me", courier);
        Client second = Sockets.connect("/ws/couriers/me", courier);
        assertFalse(first.isClosed());
        Client third = Sockets.connect("/ws/couriers/me", courier);
        // One over the cap of 2: one of them closes (the oldest the server counted: the boards below prove which,
        // since their snapshot shows when each was counted; couriers' sockets say nothing on opening).
        List<Client> mine = List.of(first, second, third);
        await().atMost(WAIT).until(() -> mine.stream().filter(Client::isClosed).count() == 1);
        List<Client> open = mine.stream().filter(c -> !c.isClosed()).toList();
        Client otherCourier = Sockets.connect("/ws/couriers/me", token("COURIER"));
        assertEquals(2, open.stream().filter(c -> !c.isClosed()).count(), "another courier's socket counts for them");
        List.of(open.get(0), open.get(1), otherCourier).forEach(Client::close);

        String[] restaurant = Api.activeRestaurant();
        forget(false);
        String path = "/ws/restaurants/" + restaurant[1] + "/orders";
        // Each board has its snapshot (it is open on the server) before the next connects: "oldest" is then certain.
        Client board1 = Sockets.connect(path, restaurant[0]);
        board1.next("snapshot", WAIT);
        Client board2 = Sockets.connect(path, restaurant[0]);
        board2.next("snapshot", WAIT);
        Client board3 = Sockets.connect(path, restaurant[0]);
        await().atMost(WAIT).until(board1::isClosed);
        assertFalse(board2.isClosed());
        assertFalse(board3.isClosed());
        List.of(board2, board3).forEach(Client::close);
    }

    /**
     * What instances share: a second limiter with its own Redis client and nothing else in common with this app's
     * (as another instance would be) spends and sees the same budgets, so a client spreading its requests over
     * instances gets no more than its share.
     */
    @Test
    void twoInstancesShareTheirBudgetsThroughRedis() {
        Redis client = Redis.createClient(vertx, redisHosts);
        try {
            RateLimits other = new RateLimits(new ReactiveRedisDataSourceImpl(vertx, client, RedisAPI.api(client)),
                    config);
            String address = "198.51.100.23";
            limits.search(address);
            other.search(address);
            limits.search(address);
            ProblemException here = assertThrows(ProblemException.class, () -> limits.search(address));
            ProblemException there = assertThrows(ProblemException.class, () -> other.search(address));
            assertEquals(429, here.problem().getStatus());
            assertEquals(RateLimits.SEARCH_PER_ADDRESS, there.problem().getExtensions().get("limit"));
            assertTrue(there.headers().containsKey("Retry-After"));

            String account = "shared-" + UUID.randomUUID() + "@example.com";
            limits.loginFailed(account);
            other.loginFailed(account);
            limits.loginFailed(account);
            ProblemException locked = assertThrows(ProblemException.class, () -> other.login(account, "192.0.2.1"));
            assertEquals(RateLimits.LOGIN_LOCKOUT, locked.problem().getExtensions().get("limit"));
        } finally {
            client.close();
        }
    }
}
