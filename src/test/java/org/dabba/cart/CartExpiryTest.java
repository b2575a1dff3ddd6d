package org.dabba.cart;

import static org.awaitility.Awaitility.await;
import static org.dabba.cart.CartTest.put;
import static org.dabba.cart.CartTest.putItem;
import static org.dabba.cart.CartTest.userId;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.junit.jupiter.api.Test;

/** An idle cart expires: the same rules with a two-second TTL instead of seven days. */
@QuarkusTest
@TestProfile(CartExpiryTest.ShortTtl.class)
@WithTestResource(LocalServers.class)
class CartExpiryTest {

    public static class ShortTtl implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dabba.cart.ttl", "PT2S");
        }
    }

    @Inject
    CartService carts;

    @Inject
    RedisDataSource redis;

    @Test
    void anIdleCartExpiresWithItsIndex() {
        String[] r = Api.onlineRestaurant();
        String dish = Api.dish(r[0], r[1], "Rasmalai", "110");
        String customer = Api.newUser("CUSTOMER");
        String cartId = putItem(customer, put(r[1], dish, 1)).then().statusCode(201).extract().path("cartId");
        long ttl = redis.key().pttl(CartStore.userKey(userId(customer)));
        assertTrue(ttl > 0 && ttl <= 2_000, "the configured TTL: " + ttl);

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> as(customer).get("/carts/me").then().statusCode(404));
        as(customer).get("/carts/{id}", cartId).then().statusCode(404);
        assertTrue(carts.find(UUID.fromString(cartId)).isEmpty());
        assertFalse(redis.key().exists(CartStore.idKey(UUID.fromString(cartId))), "the index expires with the cart");

        String next = putItem(customer, put(r[1], dish, 1)).then().statusCode(201)
                .body("totalItems", equalTo(1)).extract().path("cartId");
        assertNotEquals(cartId, next);
    }
}
