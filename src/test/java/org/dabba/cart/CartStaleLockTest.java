package org.dabba.cart;

import static org.dabba.cart.CartTest.put;
import static org.dabba.cart.CartTest.putItem;
import static org.dabba.cart.CartTest.userId;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.dabba.testing.Orders;
import org.junit.jupiter.api.Test;

/**
 * A checkout's lock on a cart that outlives the checkout (the app died between lock and order, or the unlock or
 * clear after the payment never reached Redis) is let go once it is older than {@code dabba.cart.lock-timeout}, by
 * what the order says; a lock a live checkout holds stays. Locks are back-dated in Redis rather than waited for.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class CartStaleLockTest {

    @Inject
    CartService carts;

    @Inject
    RedisDataSource redis;

    @Inject
    ObjectMapper mapper;

    /** A customer, their restaurant and dish, and a cart of one dish locked by a checkout that never made its order. */
    private record Abandoned(String customer, String restaurantId, String dish, String cartId) {
    }

    private Abandoned abandonedCheckout(String dishName) {
        String[] r = Api.onlineRestaurant();
        String dish = Api.dish(r[0], r[1], dishName, "80.00");
        String customer = Api.newUser("CUSTOMER");
        String cartId = putItem(customer, put(r[1], dish, 1)).then().statusCode(201).extract().path("cartId");
        carts.lock(UUID.fromString(cartId), userId(customer));
        return new Abandoned(customer, r[1], dish, cartId);
    }

    @Test
    void aLockLeftByACheckoutThatDiedIsLetGoAfterTheLockTimeout() throws Exception {
        Abandoned a = abandonedCheckout("Kulfi");
        putItem(a.customer(), put(a.restaurantId(), a.dish(), 2)).then().statusCode(409)
                .body("type", equalTo("/problems/cart-locked"));

        backdateLock(a.customer(), Duration.ofMinutes(3));
        putItem(a.customer(), put(a.restaurantId(), a.dish(), 2)).then().statusCode(200)
                .body("cartId", equalTo(a.cartId())).body("status", equalTo("ACTIVE")).body("totalItems", equalTo(2));
    }

    @Test
    void aStaleLockIsAlsoLetGoWhenTheCustomerOnlyLooksAtTheCart() throws Exception {
        Abandoned a = abandonedCheckout("Jalebi");
        backdateLock(a.customer(), Duration.ofMinutes(3));

        as(a.customer()).get("/carts/me").then().statusCode(200).body("status", equalTo("ACTIVE"));
    }

    @Test
    void aLockHeldByAnOrderWaitingForItsPaymentStays() throws Exception {
        String[] r = Api.onlineRestaurant();
        String dish = Api.dish(r[0], r[1], "Lassi", "70.00");
        Orders.PlacedOrder o = Orders.placed(r[0], r[1], dish);
        backdateLock(o.customerToken(), Duration.ofMinutes(3));

        putItem(o.customerToken(), put(r[1], dish, 5)).then().statusCode(409)
                .body("type", equalTo("/problems/cart-locked"));
        as(o.customerToken()).get("/carts/me").then().statusCode(200)
                .body("status", equalTo("CHECKOUT_IN_PROGRESS"));
    }

    @Test
    void aLockLeftAfterTheOrderWasPaidClearsTheCart() throws Exception {
        String[] r = Api.onlineRestaurant();
        String dish = Api.dish(r[0], r[1], "Falooda", "120.00");
        Orders.PlacedOrder o = Orders.paid(r[0], r[1], dish);
        String cartId = as(o.customerToken()).get("/orders/{id}", o.orderId()).then().extract().path("cartId");
        UUID customerId = userId(o.customerToken());
        // As if the clear after the payment had not reached Redis: the locked cart is still there.
        Instant lockedAt = Instant.now().minus(Duration.ofMinutes(3));
        String cart = """
                {"cartId":"%s","userId":"%s","restaurantId":"%s","status":"CHECKOUT_IN_PROGRESS","currency":"INR",
                 "createdAt":"%s","updatedAt":"%s","lockedAt":"%s","items":[{"itemId":"%s","name":"Falooda",
                 "unitPrice":"120.00","quantity":2}]}""".formatted(cartId, customerId, r[1], lockedAt, lockedAt,
                lockedAt, dish);
        redis.value(String.class).set(CartStore.userKey(customerId), cart, new SetArgs().px(Duration.ofMinutes(5)));
        redis.value(String.class).set(CartStore.idKey(UUID.fromString(cartId)), customerId.toString(),
                new SetArgs().px(Duration.ofMinutes(5)));

        as(o.customerToken()).get("/carts/me").then().statusCode(404);
        putItem(o.customerToken(), put(r[1], dish, 1)).then().statusCode(201);
    }

    /** Moves the customer's cart lock {@code by} into the past, as if the checkout had taken that long. */
    private void backdateLock(String customer, Duration by) throws Exception {
        String key = CartStore.userKey(userId(customer));
        ObjectNode cart = (ObjectNode) mapper.readTree(redis.value(String.class).get(key));
        cart.put("lockedAt", Instant.parse(cart.get("lockedAt").asText()).minus(by).toString());
        redis.value(String.class).set(key, mapper.writeValueAsString(cart), new SetArgs().keepttl());
    }
}
