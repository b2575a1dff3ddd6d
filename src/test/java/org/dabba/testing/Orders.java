package org.dabba.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** Orders in a given state, made through the public API and the payment sandbox, as a customer would. */
public final class Orders {

    /** The sandbox's secret key (the zero-config default's). */
    public static final String SANDBOX_KEY = "sk_test_dabba_sandbox";

    private Orders() {
    }

    /** An order and everyone around it: the restaurant's owner, the restaurant, the customer, the intent. */
    public record PlacedOrder(String ownerToken, String restaurantId, String customerToken, String orderId,
            String paymentIntentId) {
    }

    /** A paid order (PENDING_RESTAURANT_ACCEPTANCE) of a fresh ONLINE restaurant: 2 × a dish at 250.00. */
    public static PlacedOrder paid() {
        String[] r = Api.onlineRestaurant();
        return paid(r[0], r[1], Api.dish(r[0], r[1], "Paneer Tikka", "250.00"));
    }

    /** A paid order of {@code restaurantId} by a fresh customer: 2 × {@code itemId}. */
    public static PlacedOrder paid(String ownerToken, String restaurantId, String itemId) {
        return paid(ownerToken, restaurantId, itemId, 17.3950, 78.4867);
    }

    /** A paid order of {@code restaurantId} by a fresh customer, delivered at (lat, long): 2 × {@code itemId}. */
    public static PlacedOrder paid(String ownerToken, String restaurantId, String itemId, double lat, double lon) {
        PlacedOrder o = placed(ownerToken, restaurantId, itemId, lat, lon);
        pay(o.paymentIntentId());
        awaitStatus(o.customerToken(), o.orderId(), "PENDING_RESTAURANT_ACCEPTANCE");
        return o;
    }

    /** An order checked out but not paid yet (PAYMENT_PENDING) by a fresh customer: 2 × {@code itemId}. */
    public static PlacedOrder placed(String ownerToken, String restaurantId, String itemId) {
        return placed(ownerToken, restaurantId, itemId, 17.3950, 78.4867);
    }

    /** An order checked out but not paid yet by a fresh customer, delivered at (lat, long): 2 × {@code itemId}. */
    public static PlacedOrder placed(String ownerToken, String restaurantId, String itemId, double lat, double lon) {
        return placedBy(Api.newUser("CUSTOMER"), ownerToken, restaurantId, itemId, lat, lon);
    }

    /** A paid order (PENDING_RESTAURANT_ACCEPTANCE) by {@code customer} of a fresh ONLINE restaurant: 2 × 250.00. */
    public static PlacedOrder paidBy(String customer) {
        String[] r = Api.onlineRestaurant();
        PlacedOrder o = placedBy(customer, r[0], r[1], Api.dish(r[0], r[1], "Paneer Tikka", "250.00"), 17.3950,
                78.4867);
        pay(o.paymentIntentId());
        awaitStatus(customer, o.orderId(), "PENDING_RESTAURANT_ACCEPTANCE");
        return o;
    }

    /** An order checked out but not paid yet by {@code customer}, delivered at (lat, long): 2 × {@code itemId}. */
    public static PlacedOrder placedBy(String customer, String ownerToken, String restaurantId, String itemId,
            double lat, double lon) {
        String cartId = as(customer).body(Map.of("restaurantId", restaurantId, "itemId", itemId, "quantity", 2,
                "specialInstructions", "Less spicy"))
                .put("/carts/items").then().statusCode(201).extract().path("cartId");
        var body = Map.of("cartId", cartId, "paymentMethod", "CARD", "deliveryAddress", Map.of(
                "street", "1 Banjara Hills Rd", "city", "Hyderabad", "zipCode", "500034",
                "latitude", lat, "longitude", lon));
        var response = as(customer).header("Idempotency-Key", UUID.randomUUID().toString()).body(body)
                .post("/orders/checkout").then().statusCode(201).extract();
        return new PlacedOrder(ownerToken, restaurantId, customer, response.path("orderId"),
                response.path("paymentIntentId"));
    }

    /** Confirms the intent in the sandbox with a card that succeeds; the signed webhook follows. */
    public static void pay(String paymentIntentId) {
        given().header("Authorization", "Bearer " + SANDBOX_KEY).formParam("payment_method", "pm_card_visa")
                .post("/sandbox/stripe/v1/payment_intents/{id}/confirm", paymentIntentId).then().statusCode(200);
    }

    public static void awaitStatus(String token, String orderId, String status) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                as(token).get("/orders/{id}/status", orderId).then().statusCode(200).body("status", equalTo(status)));
    }
}
