package org.dabba.cart;

import static io.restassured.RestAssured.given;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.dabba.platform.error.ProblemException;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.junit.jupiter.api.Test;

/** Carts: one cart per customer, validated against the live menu, in Redis. */
@QuarkusTest
@WithTestResource(LocalServers.class)
class CartTest {

    static final JsonPathConfig EXACT = JsonPathConfig.jsonPathConfig()
            .numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL);

    @Inject
    CartService carts;

    @Inject
    RedisDataSource redis;

    @Inject
    EntityManager entityManager;

    static Map<String, Object> put(String restaurantId, String itemId, int quantity) {
        Map<String, Object> body = new HashMap<>();
        body.put("restaurantId", restaurantId);
        body.put("itemId", itemId);
        body.put("quantity", quantity);
        return body;
    }

    static Map<String, Object> put(String restaurantId, String itemId, int quantity, String instructions) {
        Map<String, Object> body = put(restaurantId, itemId, quantity);
        body.put("specialInstructions", instructions);
        return body;
    }

    static Response putItem(String customer, Map<String, Object> body) {
        return as(customer).body(body).put("/carts/items");
    }

    static UUID userId(String token) {
        String payload = token.split("\\.")[1];
        String json = new String(java.util.Base64.getUrlDecoder().decode(payload));
        return UUID.fromString(JsonPath.from(json).getString("sub"));
    }

    @Test
    void theFirstPutCreatesTheCartAndTheSameAgainChangesNothing() {
        String[] r = Api.onlineRestaurant();
        String tikka = Api.dish(r[0], r[1], "Chicken Tikka Masala", "350.00");
        String customer = Api.newUser("CUSTOMER");

        Response created = putItem(customer, put(r[1], tikka, 2, "No onions, please"));
        created.then().statusCode(201).contentType("application/json")
                .header("Location", endsWith("/carts/" + created.path("cartId")))
                .body("userId", equalTo(userId(customer).toString()))
                .body("restaurantId", equalTo(r[1]))
                .body("status", equalTo("ACTIVE"))
                .body("items.size()", equalTo(1))
                .body("items[0].itemId", equalTo(tikka))
                .body("items[0].name", equalTo("Chicken Tikka Masala"))
                .body("items[0].quantity", equalTo(2))
                .body("items[0].specialInstructions", equalTo("No onions, please"))
                .body("totalItems", equalTo(2))
                .body("currency", equalTo("INR"));
        JsonPath cart = created.body().jsonPath(EXACT);
        assertEquals(new BigDecimal("350.00"), cart.get("items[0].unitPrice"));
        assertEquals(new BigDecimal("700.00"), cart.get("items[0].lineTotal"));
        assertEquals(new BigDecimal("700.00"), cart.get("subtotal"));

        Response again = putItem(customer, put(r[1], tikka, 2, "No onions, please"));
        again.then().statusCode(200);
        assertEquals(created.body().asString(), again.body().asString(), "the same PUT changes nothing");

        // The same dish with other instructions is another line; the same line gets the quantity sent.
        putItem(customer, put(r[1], tikka, 1)).then().statusCode(200).body("items.size()", equalTo(2));
        putItem(customer, put(r[1], tikka, 5, "No onions, please")).then().statusCode(200)
                .body("items.size()", equalTo(2))
                .body("items[0].quantity", equalTo(5))
                .body("items[1].quantity", equalTo(1))
                .body("items[1].specialInstructions", nullValue())
                .body("totalItems", equalTo(6))
                .body("cartId", equalTo(created.path("cartId")));

        as(customer).get("/carts/me").then().statusCode(200).body("cartId", equalTo(created.path("cartId")));
        as(customer).get("/carts/{id}", (String) created.path("cartId")).then().statusCode(200).body("totalItems", equalTo(6));
    }

    @Test
    void namesAndInstructionsComeBackExactlyAsSent() {
        String[] r = Api.onlineRestaurant();
        String dish = Api.dish(r[0], r[1], "Paneer Tikka — पनीर टिक्का", "220");
        String customer = Api.newUser("CUSTOMER");
        String instructions = "Less \"oil\" / no 🌶️, \\ extra राई\nat the gate";
        putItem(customer, put(r[1], dish, 1, "  " + instructions + "  ")).then().statusCode(201)
                .body("items[0].name", equalTo("Paneer Tikka — पनीर टिक्का"))
                .body("items[0].specialInstructions", equalTo(instructions));
        putItem(customer, put(r[1], dish, 3, instructions)).then().statusCode(200)
                .body("items.size()", equalTo(1)).body("totalItems", equalTo(3));
        as(customer).get("/carts/me").then().body("items[0].specialInstructions", equalTo(instructions));
    }

    @Test
    void theSubtotalIsExactDecimalArithmetic() {
        String[] r = Api.onlineRestaurant();
        String tea = Api.dish(r[0], r[1], "Cutting chai", "0.10");
        String biscuit = Api.dish(r[0], r[1], "Osmania biscuit", "0.20");
        String thali = Api.dish(r[0], r[1], "Thali", "33.33");
        String customer = Api.newUser("CUSTOMER");
        putItem(customer, put(r[1], tea, 1)).then().statusCode(201);
        JsonPath cart = putItem(customer, put(r[1], biscuit, 1)).body().jsonPath(EXACT);
        assertEquals(new BigDecimal("0.30"), cart.get("subtotal"), "not 0.30000000000000004");
        cart = putItem(customer, put(r[1], thali, 3)).body().jsonPath(EXACT);
        assertEquals(new BigDecimal("99.99"), cart.get("items[2].lineTotal"));
        assertEquals(new BigDecimal("100.29"), cart.get("subtotal"));
        assertEquals(5, cart.getInt("totalItems"));
    }

    @Test
    void noCartIsA404AndAnotherUsersCartIsA404Too() {
        String[] r = Api.onlineRestaurant();
        String dish = Api.dish(r[0], r[1], "Dosa", "80");
        String alice = Api.newUser("CUSTOMER");
        String bob = Api.newUser("CUSTOMER");
        as(alice).get("/carts/me").then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("/problems/not-found"));
        String cartId = putItem(alice, put(r[1], dish, 1)).then().statusCode(201).extract().path("cartId");

        as(bob).get("/carts/me").then().statusCode(404);
        as(bob).get("/carts/{id}", cartId).then().statusCode(404);
        as(bob).delete("/carts/{id}", cartId).then().statusCode(404);
        as(bob).delete("/carts/{id}/items/{item}", cartId, dish).then().statusCode(404);
        as(alice).get("/carts/{id}", UUID.randomUUID()).then().statusCode(404);
        as(alice).get("/carts/{id}", "not-a-uuid").then().statusCode(404);
        as(alice).get("/carts/{id}", cartId).then().statusCode(200).body("totalItems", equalTo(1));
    }

    @Test
    void cartsAreForCustomersOnly() {
        String[] r = Api.onlineRestaurant();
        String dish = Api.dish(r[0], r[1], "Idli", "40");
        given().contentType("application/json").body(put(r[1], dish, 1)).put("/carts/items")
                .then().statusCode(401).contentType("application/problem+json");
        given().get("/carts/me").then().statusCode(401);
        given().delete("/carts/{id}", UUID.randomUUID()).then().statusCode(401);
        for (String role : List.of("RESTAURANT_OWNER", "COURIER")) {
            String token = Api.newUser(role);
            putItem(token, put(r[1], dish, 1)).then().statusCode(403).body("type", equalTo("/problems/forbidden"));
            as(token).get("/carts/me").then().statusCode(403);
        }
        as(Api.adminToken()).get("/carts/me").then().statusCode(403);
    }

    @Test
    void theUserIdInTheBodyMustBeTheCallers() {
        String[] r = Api.onlineRestaurant();
        String dish = Api.dish(r[0], r[1], "Vada", "30");
        String customer = Api.newUser("CUSTOMER");
        Map<String, Object> body = put(r[1], dish, 1);
        body.put("userId", userId(Api.newUser("CUSTOMER")).toString());
        putItem(customer, body).then().statusCode(403).body("detail", org.hamcrest.Matchers.containsString("userId"));
        as(customer).get("/carts/me").then().statusCode(404);
        body.put("userId", userId(customer).toString());
        putItem(customer, body).then().statusCode(201);
    }

    @Test
    void everyBadInputIsA400NamingItsFieldAndNothingIsWritten() {
        String[] r = Api.onlineRestaurant();
        String dish = Api.dish(r[0], r[1], "Upma", "50");
        String customer = Api.newUser("CUSTOMER");
        Object[][] cases = {
            { "quantity", 0 }, { "quantity", 51 }, { "quantity", -1 }, { "quantity", 2.5 }, { "quantity", "many" },
            { "quantity", null }, { "restaurantId", null }, { "restaurantId", "nope" }, { "itemId", null },
            { "itemId", 42 }, { "specialInstructions", "x".repeat(251) }, { "userId", "me" },
            { "replaceCart", "perhaps" },
        };
        for (Object[] c : cases) {
            Map<String, Object> body = put(r[1], dish, 1);
            body.put((String) c[0], c[1]);
            putItem(customer, body).then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem(c[0]));
        }
        as(customer).body("").put("/carts/items").then().statusCode(400);
        as(customer).body("{\"quantity\":").put("/carts/items").then().statusCode(400)
                .body("type", equalTo("/problems/malformed-json"));
        as(customer).get("/carts/me").then().statusCode(404);

        putItem(customer, put(r[1], dish, 50, "x".repeat(250))).then().statusCode(201).body("totalItems", equalTo(50));
    }

    @Test
    void everyAddIsCheckedAgainstTheLiveRestaurantAndMenu() {
        String[] r = Api.onlineRestaurant();
        String dish = Api.dish(r[0], r[1], "Pongal", "60");
        String customer = Api.newUser("CUSTOMER");

        putItem(customer, put(UUID.randomUUID().toString(), dish, 1)).then().statusCode(404)
                .body("detail", org.hamcrest.Matchers.startsWith("Restaurant"));
        // A restaurant that is not ACTIVE does not exist for customers.
        String owner = Api.newUser("RESTAURANT_OWNER");
        String pending = Api.register(owner);
        String pendingDish = Api.dish(owner, pending, "Secret dish", "10");
        putItem(customer, put(pending, pendingDish, 1)).then().statusCode(404);

        // Unknown dish, another restaurant's dish, a deleted dish: 404.
        putItem(customer, put(r[1], UUID.randomUUID().toString(), 1)).then().statusCode(404)
                .body("detail", org.hamcrest.Matchers.startsWith("Menu item"));
        String[] other = Api.onlineRestaurant();
        String othersDish = Api.dish(other[0], other[1], "Elsewhere", "10");
        putItem(customer, put(r[1], othersDish, 1)).then().statusCode(404);
        String gone = Api.dish(r[0], r[1], "Soon deleted", "10");
        putItem(customer, put(r[1], gone, 1)).then().statusCode(201);
        as(r[0]).delete("/restaurants/{r}/menu/items/{i}", r[1], gone).then().statusCode(204);
        putItem(customer, put(r[1], gone, 2)).then().statusCode(404);

        // Out of stock: 410, visible at the very next add although the dish is cached.
        putItem(customer, put(r[1], dish, 1)).then().statusCode(200);
        as(r[0]).body(Map.of("isAvailable", false)).patch("/restaurants/{r}/menu/items/{i}/availability", r[1], dish)
                .then().statusCode(200);
        putItem(customer, put(r[1], dish, 2)).then().statusCode(410).contentType("application/problem+json")
                .body("type", equalTo("/problems/item-out-of-stock"));
        as(r[0]).body(Map.of("isAvailable", true)).patch("/restaurants/{r}/menu/items/{i}/availability", r[1], dish);
        putItem(customer, put(r[1], dish, 2)).then().statusCode(200);

        // OFFLINE: 409 restaurant-closed; deactivated: 404.
        Api.switchStatus(r[0], r[1], "OFFLINE");
        putItem(customer, put(r[1], dish, 3)).then().statusCode(409).body("type", equalTo("/problems/restaurant-closed"));
        Api.switchStatus(r[0], r[1], "ONLINE");
        putItem(customer, put(r[1], dish, 3)).then().statusCode(200);
        as(Api.adminToken()).body(Map.of("reason", "Hygiene inspection"))
                .post("/admin/restaurants/{id}/deactivate", r[1]).then().statusCode(200);
        putItem(customer, put(r[1], dish, 4)).then().statusCode(404);

        as(customer).get("/carts/me").then().statusCode(200)
                .body("items.itemId", equalTo(List.of(gone, dish)))
                .body("items[1].quantity", equalTo(3));
    }

    @Test
    void dishesAreReadThroughTheMenuCacheAndLinesKeepThePriceTheyWerePutAt() {
        String[] r = Api.onlineRestaurant();
        String dish = Api.dish(r[0], r[1], "Haleem", "250.00");
        String customer = Api.newUser("CUSTOMER");
        putItem(customer, put(r[1], dish, 1)).then().statusCode(201);
        List<String> cached = redis.key(String.class).keys("dabba:menu:" + r[1] + ":*:item-" + dish);
        assertEquals(1, cached.size(), "the dish came through the menu cache");

        as(r[0]).body(Map.of("price", "275.50", "name", "Hyderabadi Haleem"))
                .put("/restaurants/{r}/menu/items/{i}", r[1], dish).then().statusCode(200);
        JsonPath cart = as(customer).get("/carts/me").body().jsonPath(EXACT);
        assertEquals(new BigDecimal("250.00"), cart.get("items[0].unitPrice"), "cached at add time");
        assertEquals("Haleem", cart.get("items[0].name"));

        cart = putItem(customer, put(r[1], dish, 1)).then().statusCode(200).extract().body().jsonPath(EXACT);
        assertEquals(new BigDecimal("275.50"), cart.get("items[0].unitPrice"), "a PUT takes the current price");
        assertEquals("Hyderabadi Haleem", cart.get("items[0].name"));
    }

    /**
     * Another instance's change to a dish reaches the shared database and bumps the menu's generation in Redis,
     * but not this instance's memory of the dish: the next add here must still see it at once.
     */
    @Test
    void aDishChangedOnAnotherInstanceIsRepricedOrRefusedAtTheNextAdd() {
        String[] r = Api.onlineRestaurant();
        String dish = Api.dish(r[0], r[1], "Misal", "80.00");
        String customer = Api.newUser("CUSTOMER");
        putItem(customer, put(r[1], dish, 1)).then().statusCode(201);
        putItem(customer, put(r[1], dish, 2)).then().statusCode(200);

        changedElsewhere(r[1], "update menu_items set price = 95.50, name = 'Misal Pav' where id = :id", dish);
        JsonPath cart = putItem(customer, put(r[1], dish, 3)).then().statusCode(200).extract().body().jsonPath(EXACT);
        assertEquals(new BigDecimal("95.50"), cart.get("items[0].unitPrice"), "repriced at once");
        assertEquals("Misal Pav", cart.get("items[0].name"));
        assertEquals(3, (Integer) cart.get("items[0].quantity"));

        changedElsewhere(r[1], "update menu_items set is_available = false where id = :id", dish);
        putItem(customer, put(r[1], dish, 4)).then().statusCode(410).contentType("application/problem+json")
                .body("type", equalTo("/problems/item-out-of-stock"));
        assertEquals(3, as(customer).get("/carts/me").body().jsonPath().getInt("items[0].quantity"),
                "nothing written on a refusal");

        // Back in stock elsewhere: this instance's memory of the refusal does not hold it back either.
        changedElsewhere(r[1], "update menu_items set is_available = true where id = :id", dish);
        putItem(customer, put(r[1], dish, 5)).then().statusCode(200).body("items[0].quantity", equalTo(5));
    }

    /** What another instance's committed menu change leaves behind: the row changed, the generation bumped. */
    private void changedElsewhere(String restaurantId, String sql, String itemId) {
        QuarkusTransaction.requiringNew().run(() -> assertEquals(1, entityManager.createNativeQuery(sql)
                .setParameter("id", UUID.fromString(itemId)).executeUpdate()));
        redis.value(String.class).incr("dabba:menu:" + restaurantId + ":generation");
    }

    @Test
    void aDishOfAnotherRestaurantIsAConflictUnlessTheCartIsReplaced() {
        String[] a = Api.onlineRestaurant();
        String[] b = Api.onlineRestaurant();
        String dishA = Api.dish(a[0], a[1], "Biryani", "300");
        String dishB = Api.dish(b[0], b[1], "Pizza", "400");
        String customer = Api.newUser("CUSTOMER");
        String first = putItem(customer, put(a[1], dishA, 2)).then().statusCode(201).extract().path("cartId");

        putItem(customer, put(b[1], dishB, 1)).then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("/problems/cart-restaurant-conflict"))
                .body("cartId", equalTo(first))
                .body("restaurantId", equalTo(a[1]));
        as(customer).get("/carts/me").then().body("cartId", equalTo(first)).body("restaurantId", equalTo(a[1]))
                .body("totalItems", equalTo(2));

        Map<String, Object> replace = put(b[1], dishB, 1);
        replace.put("replaceCart", false);
        putItem(customer, replace).then().statusCode(409);
        replace.put("replaceCart", true);
        Response replaced = putItem(customer, replace);
        replaced.then().statusCode(201).body("restaurantId", equalTo(b[1])).body("items.itemId", equalTo(List.of(dishB)));
        assertNotEquals(first, replaced.path("cartId"));
        as(customer).get("/carts/{id}", first).then().statusCode(404);
        assertTrue(carts.find(UUID.fromString(first)).isEmpty(), "the old cart's index is gone with it");

        // replaceCart on the same restaurant just adds.
        String dishB2 = Api.dish(b[0], b[1], "Garlic bread", "120");
        Map<String, Object> same = put(b[1], dishB2, 1);
        same.put("replaceCart", true);
        putItem(customer, same).then().statusCode(200).body("cartId", equalTo(replaced.path("cartId")))
                .body("items.size()", equalTo(2));
    }

    @Test
    void removingLinesAndTheLastOneDeletesTheCart() {
        String[] r = Api.onlineRestaurant();
        String naan = Api.dish(r[0], r[1], "Naan", "40");
        String dal = Api.dish(r[0], r[1], "Dal", "150");
        String customer = Api.newUser("CUSTOMER");
        String cartId = putItem(customer, put(r[1], naan, 2)).then().statusCode(201).extract().path("cartId");
        putItem(customer, put(r[1], naan, 1, "Butter")).then().statusCode(200);
        putItem(customer, put(r[1], dal, 1)).then().statusCode(200);

        // Only the line with these instructions; "" is the line without.
        as(customer).queryParam("specialInstructions", "Butter").delete("/carts/{c}/items/{i}", cartId, naan)
                .then().statusCode(200).body("items.size()", equalTo(2)).body("totalItems", equalTo(3));
        as(customer).queryParam("specialInstructions", "Butter").delete("/carts/{c}/items/{i}", cartId, naan)
                .then().statusCode(404);
        putItem(customer, put(r[1], naan, 1, "Butter")).then().statusCode(200);
        as(customer).queryParam("specialInstructions", "").delete("/carts/{c}/items/{i}", cartId, naan)
                .then().statusCode(200).body("items.specialInstructions", equalTo(java.util.Arrays.asList(null, "Butter")));
        // Without: every line of the dish.
        putItem(customer, put(r[1], naan, 2)).then().statusCode(200);
        as(customer).delete("/carts/{c}/items/{i}", cartId, naan)
                .then().statusCode(200).body("items.itemId", equalTo(List.of(dal))).body("totalItems", equalTo(1));
        as(customer).delete("/carts/{c}/items/{i}", cartId, naan).then().statusCode(404);
        as(customer).delete("/carts/{c}/items/{i}", cartId, "x").then().statusCode(404);

        as(customer).delete("/carts/{c}/items/{i}", cartId, dal).then().statusCode(204);
        as(customer).get("/carts/me").then().statusCode(404);
        as(customer).get("/carts/{c}", cartId).then().statusCode(404);
        assertFalse(redis.key().exists(CartStore.idKey(UUID.fromString(cartId))));
        putItem(customer, put(r[1], dal, 1)).then().statusCode(201);
    }

    @Test
    void deletingTheCart() {
        String[] r = Api.onlineRestaurant();
        String dish = Api.dish(r[0], r[1], "Kulfi", "90");
        String customer = Api.newUser("CUSTOMER");
        String cartId = putItem(customer, put(r[1], dish, 3)).then().statusCode(201).extract().path("cartId");
        as(customer).delete("/carts/{c}", UUID.randomUUID()).then().statusCode(404);
        as(customer).delete("/carts/{c}", cartId).then().statusCode(204);
        as(customer).get("/carts/me").then().statusCode(404);
        as(customer).delete("/carts/{c}", cartId).then().statusCode(404);
        assertFalse(redis.key().exists(CartStore.userKey(userId(customer)), CartStore.idKey(UUID.fromString(cartId))) > 0);
    }

    @Test
    void everyChangeRestartsTheSevenDayClock() {
        String[] r = Api.onlineRestaurant();
        String dish = Api.dish(r[0], r[1], "Lassi", "70");
        String customer = Api.newUser("CUSTOMER");
        String cartId = putItem(customer, put(r[1], dish, 1)).then().statusCode(201).extract().path("cartId");
        String userKey = CartStore.userKey(userId(customer));
        String idKey = CartStore.idKey(UUID.fromString(cartId));
        long week = Duration.ofDays(7).toMillis();
        assertTrue(redis.key().pttl(userKey) > week - 60_000);
        assertTrue(redis.key().pttl(idKey) > week - 60_000);

        redis.key().pexpire(userKey, 100_000);
        redis.key().pexpire(idKey, 100_000);
        as(customer).get("/carts/me").then().statusCode(200);
        assertTrue(redis.key().pttl(userKey) <= 100_000, "a read is not a change");
        putItem(customer, put(r[1], dish, 2)).then().statusCode(200);
        assertTrue(redis.key().pttl(userKey) > week - 60_000);
        assertTrue(redis.key().pttl(idKey) > week - 60_000);
    }

    @Test
    void aCartHoldsABoundedNumberOfLines() {
        String[] r = Api.onlineRestaurant();
        String dish = Api.dish(r[0], r[1], "Chaat", "25");
        String customer = Api.newUser("CUSTOMER");
        for (int i = 0; i < 100; i++) {
            putItem(customer, put(r[1], dish, 1, "variant " + i)).then().statusCode(i == 0 ? 201 : 200);
        }
        putItem(customer, put(r[1], dish, 1, "one too many")).then().statusCode(409)
                .body("type", equalTo("/problems/cart-full"));
        putItem(customer, put(r[1], dish, 2, "variant 7")).then().statusCode(200).body("totalItems", equalTo(101));
    }

    @Test
    void aLockedCartRefusesEveryChangeUntilCheckoutUnlocksIt() {
        String[] r = Api.onlineRestaurant();
        String[] other = Api.onlineRestaurant();
        String dish = Api.dish(r[0], r[1], "Samosa", "20");
        String second = Api.dish(r[0], r[1], "Jalebi", "60");
        String elsewhere = Api.dish(other[0], other[1], "Momo", "120");
        String customer = Api.newUser("CUSTOMER");
        UUID user = userId(customer);
        String cartId = putItem(customer, put(r[1], dish, 2)).then().statusCode(201).extract().path("cartId");
        UUID id = UUID.fromString(cartId);

        assertThrows(ProblemException.class, () -> carts.lock(id, userId(Api.newUser("CUSTOMER"))),
                "another user's cart is not found");
        Cart locked = carts.lock(id, user);
        assertEquals(Cart.Status.CHECKOUT_IN_PROGRESS, locked.status());
        assertEquals(2, locked.totalItems());
        ProblemException twice = assertThrows(ProblemException.class, () -> carts.lock(id, user));
        assertEquals("/problems/cart-locked", twice.problem().getType());

        as(customer).get("/carts/me").then().statusCode(200).body("status", equalTo("CHECKOUT_IN_PROGRESS"));
        putItem(customer, put(r[1], second, 1)).then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("/problems/cart-locked")).body("cartId", equalTo(cartId));
        putItem(customer, put(r[1], dish, 5)).then().statusCode(409).body("type", equalTo("/problems/cart-locked"));
        Map<String, Object> replace = put(other[1], elsewhere, 1);
        replace.put("replaceCart", true);
        putItem(customer, replace).then().statusCode(409).body("type", equalTo("/problems/cart-locked"));
        as(customer).delete("/carts/{c}/items/{i}", cartId, dish).then().statusCode(409);
        as(customer).delete("/carts/{c}", cartId).then().statusCode(409);
        assertEquals(locked, carts.find(id).orElseThrow(), "nothing changed");

        Cart unlocked = carts.unlock(id);
        assertEquals(Cart.Status.ACTIVE, unlocked.status());
        assertNull(unlocked.lockedAt());
        assertEquals(unlocked, carts.unlock(id), "unlocking an ACTIVE cart changes nothing");
        putItem(customer, put(r[1], second, 1)).then().statusCode(200).body("status", equalTo("ACTIVE"))
                .body("totalItems", equalTo(3));

        carts.lock(id, user);
        assertTrue(carts.clear(id), "checkout clears a locked cart");
        assertFalse(carts.clear(id));
        assertTrue(carts.find(id).isEmpty());
        as(customer).get("/carts/me").then().statusCode(404);
        assertThrows(ProblemException.class, () -> carts.unlock(id));
    }
}
