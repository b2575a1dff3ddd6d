package org.dabba.cart;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.dabba.cart.CartTest.put;
import static org.dabba.cart.CartTest.putItem;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dabba.testing.Api;
import org.dabba.testing.OutageRedis;
import org.junit.jupiter.api.Test;

/**
 * Redis away: cart requests answer 503 problem+json within a bounded time, everything else keeps working, and
 * when Redis is back the carts are whole and usable again. Runs on a Redis of its own ({@link OutageRedis}).
 */
@QuarkusTest
@WithTestResource(OutageRedis.class)
class CartRedisOutageTest {

    /**
     * The menu cache's first Redis timeout (quarkus.redis.timeout) plus the cart's (dabba.cart.redis-timeout) plus
     * the bearer token's revocation check's (dabba.identity.revocation-timeout, once: then it skips Redis a while).
     */
    static final long FIRST_FAILURE_BOUND_MS = 2_000 + 1_000 + 500 + 1_500;
    /** Once the menu cache skips Redis, only the cart's own timeout. */
    static final long LATER_FAILURE_BOUND_MS = 1_000 + 1_500;

    static long timed(Runnable request) {
        long t0 = System.nanoTime();
        request.run();
        return (System.nanoTime() - t0) / 1_000_000;
    }

    static void unavailable(Response response) {
        response.then().statusCode(503).contentType("application/problem+json")
                .body("type", equalTo("/problems/cart-unavailable"));
    }

    @Test
    void redisDownIsA503TheRestWorksAndTheCartIsWholeWhenItIsBack() throws Exception {
        String[] r = Api.onlineRestaurant();
        String a = Api.dish(r[0], r[1], "Appam", "45.50");
        String b = Api.dish(r[0], r[1], "Stew", "120.25");
        String c = Api.dish(r[0], r[1], "Payasam", "60");
        String customer = Api.newUser("CUSTOMER");
        String cartId = putItem(customer, put(r[1], a, 2)).then().statusCode(201).extract().path("cartId");
        putItem(customer, put(r[1], b, 1)).then().statusCode(200);

        OutageRedis.command("SHUTDOWN", "SAVE");
        try {
            long first = timed(() -> unavailable(putItem(customer, put(r[1], c, 1))));
            assertTrue(first < FIRST_FAILURE_BOUND_MS, "503 in " + first + " ms");
            long later = timed(() -> unavailable(as(customer).get("/carts/me")));
            assertTrue(later < LATER_FAILURE_BOUND_MS, "503 in " + later + " ms");
            System.out.printf("Redis down: first 503 after %d ms, the next after %d ms%n", first, later);
            unavailable(as(customer).get("/carts/{id}", cartId));
            unavailable(as(customer).delete("/carts/{id}/items/{i}", cartId, a));
            unavailable(as(customer).delete("/carts/{id}", cartId));

            // Everything that is not a cart keeps working: accounts, restaurants, menus (from the database).
            String other = Api.newUser("CUSTOMER");
            given().get("/restaurants/{id}", r[1]).then().statusCode(200);
            given().get("/restaurants/{id}/menu", r[1]).then().statusCode(200)
                    .body("categories[0].items.size()", equalTo(3));
            as(r[0]).body(Map.of("isAvailable", false)).patch("/restaurants/{r}/menu/items/{i}/availability", r[1], c)
                    .then().statusCode(200);
            as(other).get("/restaurants/{id}/menu/items/{i}", r[1], c).then().statusCode(200)
                    .body("isAvailable", equalTo(false));
            as(r[0]).body(Map.of("isAvailable", true)).patch("/restaurants/{r}/menu/items/{i}/availability", r[1], c)
                    .then().statusCode(200);
        } finally {
            OutageRedis.startServer();
        }

        // Back: the cart as it was, and usable at once (menu invalidations missed meanwhile were replayed).
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> as(customer).get("/carts/me").then().statusCode(200));
        as(customer).get("/carts/me").then().statusCode(200)
                .body("cartId", equalTo(cartId))
                .body("items.itemId", equalTo(List.of(a, b)))
                .body("totalItems", equalTo(3));
        putItem(customer, put(r[1], c, 1)).then().statusCode(200)
                .body("items.itemId", equalTo(List.of(a, b, c))).body("totalItems", equalTo(4));
        as(customer).delete("/carts/{id}/items/{i}", cartId, a).then().statusCode(200).body("totalItems", equalTo(2));
    }

    @Test
    void aRedisThatDoesNotAnswerIsA503WithinTheTimeoutAndTheRetryIsSafe() throws Exception {
        String[] r = Api.onlineRestaurant();
        String a = Api.dish(r[0], r[1], "Puttu", "35");
        String b = Api.dish(r[0], r[1], "Kadala", "55");
        String customer = Api.newUser("CUSTOMER");
        String cartId = putItem(customer, put(r[1], a, 1)).then().statusCode(201).extract().path("cartId");

        // Redis takes commands but answers nothing for 8 s.
        assertEquals("+OK", OutageRedis.command("CLIENT", "PAUSE", "8000", "ALL"));
        long first = timed(() -> unavailable(putItem(customer, put(r[1], b, 2))));
        assertTrue(first < FIRST_FAILURE_BOUND_MS, "503 in " + first + " ms");
        long later = timed(() -> unavailable(putItem(customer, put(r[1], b, 2))));
        assertTrue(later < LATER_FAILURE_BOUND_MS, "503 in " + later + " ms");
        System.out.printf("Redis paused: first 503 after %d ms, the next after %d ms%n", first, later);

        // The timed-out PUTs may still run when Redis wakes up: each whole or not at all, and the same line
        // again changes nothing, so the client's retry leaves exactly the cart it asked for.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> putItem(customer, put(r[1], b, 2)).then().statusCode(200));
        as(customer).get("/carts/me").then().statusCode(200)
                .body("cartId", equalTo(cartId))
                .body("items.itemId", equalTo(List.of(a, b)))
                .body("items.quantity", equalTo(List.of(1, 2)))
                .body("totalItems", equalTo(3));
    }
}
