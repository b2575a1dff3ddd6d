package org.dabba.order;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.dabba.testing.OrderEvents;
import org.dabba.testing.Orders;
import org.dabba.testing.Orders.PlacedOrder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Refunds against the payment sandbox: on the restaurant's rejection, on the acceptance timeout, for a payment that
 * came after its order ended (the same durable path, picked up by the sweep alone), and who may list pending ones.
 * Failures and retries are {@link RefundRetryTest}'s (WireMock in front of the sandbox).
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class RefundTest {

    @Inject
    CamelContext camel;

    @Inject
    RestaurantDecisions orders;

    @Inject
    OrderPlacement placement;

    @BeforeEach
    void listen() throws Exception {
        OrderEvents.listen(camel);
    }

    /** How many refunds, for how much in minor units, the sandbox made for an intent. */
    static long[] sandboxRefunds(String paymentIntentId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Object[] row = (Object[]) Panache.getEntityManager().createNativeQuery(
                    "select count(*), coalesce(sum(amount), 0) from sandbox_refunds where payment_intent = ?1")
                    .setParameter(1, paymentIntentId).getSingleResult();
            return new long[] { ((Number) row[0]).longValue(), ((Number) row[1]).longValue() };
        });
    }

    static void awaitRefunded(PlacedOrder o) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                as(o.customerToken()).get("/orders/{id}/status", o.orderId()).then()
                        .body("paymentStatus", equalTo("REFUNDED")));
    }

    @Test
    void aRejectionIsRefundedAtTheGatewayOnce() {
        PlacedOrder o = Orders.paid();
        as(o.ownerToken()).body(java.util.Map.of("reason", "Kitchen closed"))
                .post("/restaurants/{r}/orders/{o}/reject", o.restaurantId(), o.orderId()).then().statusCode(200)
                .body("paymentStatus", equalTo("REFUND_PENDING"));
        awaitRefunded(o);

        JsonNode refunded = OrderEvents.await(o.orderId(), "org.dabba.order.payment.refunded");
        String refundId = refunded.path("data").path("gatewayRefundId").asText();
        assertTrue(refundId.startsWith("re_"), refundId);
        assertEquals("REFUNDED", refunded.path("data").path("paymentStatus").asText());
        assertEquals("REJECTED", refunded.path("data").path("status").asText());
        assertEquals(o.paymentIntentId(), refunded.path("data").path("paymentIntentId").asText());
        // 2 × 250.00 + 5 % tax + 5.00 platform fee + 20.00 delivery = 550.00 INR = 55000 paise, all of it back.
        assertEquals(List.of(1L, 55000L), List.of(sandboxRefunds(o.paymentIntentId())[0],
                sandboxRefunds(o.paymentIntentId())[1]));
        as(o.customerToken()).get("/orders/{id}", o.orderId()).then()
                .body("history.paymentStatus", equalTo(List.of("PENDING", "SUCCEEDED", "REFUND_PENDING", "REFUNDED")))
                .body("history[3].to", equalTo("REJECTED"))
                .body("history[3].reason", equalTo("refunded (" + refundId + ")"));
        as(Api.adminToken()).queryParam("size", 100).get("/admin/refunds").then().statusCode(200)
                .body("items.orderId", not(hasItem(o.orderId())));
    }

    @Test
    void anOrderNotDecidedInTimeIsRejectedAndRefunded() {
        PlacedOrder o = Orders.paid();
        Instant paidAt = Instant.parse(as(o.customerToken()).get("/orders/{id}", o.orderId()).then().extract()
                .path("paidAt"));

        // Not yet: 5 minutes (the default) have not passed since the payment.
        orders.rejectUnanswered(paidAt.plus(Duration.ofMinutes(5)));
        as(o.customerToken()).get("/orders/{id}/status", o.orderId()).then()
                .body("status", equalTo("PENDING_RESTAURANT_ACCEPTANCE"));

        assertTrue(orders.rejectUnanswered(paidAt.plus(Duration.ofMinutes(5)).plusMillis(1)) >= 1);
        as(o.customerToken()).get("/orders/{id}", o.orderId()).then()
                .body("status", equalTo("REJECTED"))
                .body("history[2].reason", equalTo("restaurant-timeout"));
        assertEquals("restaurant-timeout", OrderEvents.await(o.orderId(), "org.dabba.order.restaurant.rejected")
                .path("data").path("reason").asText());
        awaitRefunded(o);
        assertEquals(1L, sandboxRefunds(o.paymentIntentId())[0]);
        // The owner's decision comes too late.
        as(o.ownerToken()).post("/restaurants/{r}/orders/{o}/accept", o.restaurantId(), o.orderId()).then()
                .statusCode(409).body("type", equalTo("/problems/illegal-transition"));
    }

    /** Paid after the order was cancelled: the money goes back the one way, with no event to start it. */
    @Test
    void aPaymentForAnOrderAlreadyOverIsRefundedByTheSweep() {
        String[] r = Api.onlineRestaurant();
        PlacedOrder o = Orders.placed(r[0], r[1], Api.dish(r[0], r[1], "Paneer Tikka", "250.00"));
        assertTrue(placement.cancelUnpaid(UUID.fromString(o.orderId()), "test: given up"));
        Orders.pay(o.paymentIntentId()); // the intent was left open, so the sandbox takes the money

        awaitRefunded(o);
        as(o.customerToken()).get("/orders/{id}", o.orderId()).then()
                .body("status", equalTo("CANCELLED"))
                .body("history.paymentStatus", equalTo(List.of("PENDING", "FAILED", "REFUND_PENDING", "REFUNDED")))
                .body("history[2].reason", startsWith("paid after it ended"));
        JsonNode refunded = OrderEvents.await(o.orderId(), "org.dabba.order.payment.refunded");
        assertTrue(refunded.path("data").path("gatewayRefundId").asText().startsWith("re_"));
        assertEquals(1L, sandboxRefunds(o.paymentIntentId())[0]);
        // Not the restaurant's business: it was never paid while it lived.
        as(r[0]).get("/restaurants/{r}/orders", r[1]).then().body("total", equalTo(0));
    }

    @Test
    void onlyAdminsListPendingRefunds() {
        given().get("/admin/refunds").then().statusCode(401).contentType("application/problem+json");
        as(Api.newUser("CUSTOMER")).get("/admin/refunds").then().statusCode(403)
                .body("type", equalTo("/problems/forbidden"));
        as(Api.newUser("RESTAURANT_OWNER")).get("/admin/refunds").then().statusCode(403);
        as(Api.adminToken()).get("/admin/refunds").then().statusCode(200)
                .body("page", equalTo(0)).body("size", equalTo(20));
        as(Api.adminToken()).queryParam("size", 101).get("/admin/refunds").then().statusCode(400)
                .body("errors[0].field", equalTo("size"));
    }
}
