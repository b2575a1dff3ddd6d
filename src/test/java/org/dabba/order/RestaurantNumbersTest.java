package org.dabba.order;

import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.config.JsonPathConfig;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.dabba.testing.Orders;
import org.dabba.testing.Orders.PlacedOrder;
import org.junit.jupiter.api.Test;

/** A restaurant's day in figures: for its owner and admins, one UTC day, money exact. */
@QuarkusTest
@WithTestResource(LocalServers.class)
class RestaurantNumbersTest {

    static final RestAssuredConfig EXACT = RestAssuredConfig.config().jsonConfig(JsonConfig.jsonConfig()
            .numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));

    @Test
    void todaysPaidOrdersRevenueAndPrepTime() {
        PlacedOrder order = Orders.paid();
        String owner = order.ownerToken();
        String restaurant = order.restaurantId();
        as(owner).get("/restaurants/{r}/numbers", restaurant).then().statusCode(200)
                .body("orders", equalTo(1)).body("avgPrepMinutes", nullValue());

        as(owner).body(Map.of("prepTimeMinutes", 15))
                .post("/restaurants/{r}/orders/{o}/accept", restaurant, order.orderId()).then().statusCode(200);
        as(owner).post("/restaurants/{r}/orders/{o}/ready", restaurant, order.orderId()).then().statusCode(200);
        BigDecimal total = as(owner).config(EXACT).get("/orders/{id}", order.orderId()).then().statusCode(200)
                .extract().path("pricing.total");

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        var numbers = as(owner).config(EXACT).queryParam("date", today)
                .get("/restaurants/{r}/numbers", restaurant).then().statusCode(200)
                .body("restaurantId", equalTo(restaurant)).body("date", equalTo(today))
                .body("orders", equalTo(1)).body("cancelledOrders", equalTo(0))
                .body("currency", equalTo("INR")).body("avgPrepMinutes", notNullValue())
                .body("ratingCount", equalTo(0)).extract();
        assertEquals(0, total.compareTo(numbers.path("revenue")), "revenue is the order's exact total");

        // Another day has none of it; an admin reads the same figures.
        as(owner).queryParam("date", "2020-01-01").get("/restaurants/{r}/numbers", restaurant).then()
                .statusCode(200).body("orders", equalTo(0)).body("revenue", equalTo(0.0f))
                .body("avgPrepMinutes", nullValue());
        as(Api.adminToken()).get("/restaurants/{r}/numbers", restaurant).then().statusCode(200)
                .body("orders", equalTo(1));
    }

    @Test
    void anotherOwnerIsForbiddenAndABadDateIsNamed() {
        String[] r = Api.activeRestaurant();
        String stranger = Api.newUser("RESTAURANT_OWNER");
        as(stranger).get("/restaurants/{r}/numbers", r[1]).then().statusCode(403)
                .contentType("application/problem+json");
        as(Api.newUser("CUSTOMER")).get("/restaurants/{r}/numbers", r[1]).then().statusCode(403);
        as(r[0]).queryParam("date", "04-12-2026").get("/restaurants/{r}/numbers", r[1]).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("date"));
        as(r[0]).queryParam("date", "2026-02-30").get("/restaurants/{r}/numbers", r[1]).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("date"));
    }
}
