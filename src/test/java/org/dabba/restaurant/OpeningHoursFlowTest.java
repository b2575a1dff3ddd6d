package org.dabba.restaurant;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.dabba.search.SearchDocument;
import org.dabba.search.SearchIndex;
import org.dabba.search.SearchQuery;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.junit.jupiter.api.Test;

/**
 * Opening hours end to end: the owner sets them, a restaurant outside them refuses carts and checkout with when it
 * opens, search shows it, and the boundary job flips the search document when the hours close.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class OpeningHoursFlowTest {

    /** The restaurant of Api.restaurantBody() is at 17.3850, 78.4867; this point is about 1.1 km north. */
    static final double LAT = 17.3950;
    static final double LON = 78.4867;

    @Inject
    SearchIndex index;

    /** The same range, HH:mm in UTC, every day of the week. */
    static Map<String, Object> everyDay(Instant opens, Instant closes) {
        Map<String, Object> range = Map.of("opens", hhmm(opens), "closes", hhmm(closes));
        Map<String, Object> weekly = new HashMap<>();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")) {
            weekly.put(day, List.of(range));
        }
        return new HashMap<>(Map.of("timeZone", "UTC", "weekly", weekly));
    }

    static String hhmm(Instant t) {
        return t.atOffset(ZoneOffset.UTC).toLocalTime().truncatedTo(ChronoUnit.MINUTES).toString();
    }

    static ValidatableResponse setHours(String token, String restaurantId, Map<String, Object> body) {
        return as(token).body(body).put("/restaurants/{id}/hours", restaurantId).then();
    }

    @Test
    void ownersSetTheirHoursAndEveryoneReadsThem() {
        String[] r = Api.activeRestaurant();
        given().get("/restaurants/{id}/hours", r[1]).then().statusCode(200)
                .body("scheduled", equalTo(false)).body("timeZone", nullValue());

        Map<String, Object> body = Map.of("timeZone", "Asia/Kolkata",
                "weekly", Map.of("MONDAY", List.of(Map.of("opens", "18:00", "closes", "23:30"),
                        Map.of("opens", "11:00", "closes", "15:00")), "FRIDAY", List.of(Map.of("opens", "18:00",
                        "closes", "02:00"))),
                "exceptions", List.of(Map.of("date", "2027-01-01", "closed", true)));
        setHours(r[0], r[1], body).statusCode(200).body("scheduled", equalTo(true))
                .body("timeZone", equalTo("Asia/Kolkata"))
                .body("weekly.MONDAY.opens", equalTo(List.of("11:00", "18:00")))
                .body("weekly.FRIDAY[0].closes", equalTo("02:00"))
                .body("exceptions[0].date", equalTo("2027-01-01")).body("exceptions[0].closed", equalTo(true));
        given().get("/restaurants/{id}/hours", r[1]).then().statusCode(200)
                .body("weekly.MONDAY.size()", equalTo(2)).body("exceptions.size()", equalTo(1));

        // Another owner, a customer: no. An admin: yes.
        setHours(Api.newUser("RESTAURANT_OWNER"), r[1], body).statusCode(403);
        setHours(Api.newUser("CUSTOMER"), r[1], body).statusCode(403);
        setHours(Api.adminToken(), r[1], body).statusCode(200);
        given().contentType("application/json").body(body).put("/restaurants/{id}/hours", r[1]).then().statusCode(401);

        // Bad schedules: 400s naming the field.
        Map<String, Object> bad = new HashMap<>(body);
        bad.put("timeZone", "India/Hyderabad");
        setHours(r[0], r[1], bad).statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("timeZone"));
        bad = new HashMap<>(body);
        bad.put("weekly", Map.of("MONDAY", List.of(Map.of("opens", "11:00", "closes", "15:00"),
                Map.of("opens", "14:30", "closes", "16:00")), "FUNDAY", List.of(), "TUESDAY",
                List.of(Map.of("opens", "11", "closes", "15:00"))));
        setHours(r[0], r[1], bad).statusCode(400)
                .body("errors.field", hasItem("weekly.MONDAY[1]"))
                .body("errors.field", hasItem("weekly.FUNDAY"))
                .body("errors.field", hasItem("weekly.TUESDAY[0].opens"));
        bad = new HashMap<>(body);
        bad.put("exceptions", List.of(Map.of("date", "2030-01-01", "closed", true)));
        setHours(r[0], r[1], bad).statusCode(400).body("errors.field", hasItem("exceptions[0].date"));
        // What was stored before stays.
        given().get("/restaurants/{id}/hours", r[1]).then().body("timeZone", equalTo("Asia/Kolkata"));

        // Removing the schedule: open whenever ONLINE again.
        as(r[0]).delete("/restaurants/{id}/hours", r[1]).then().statusCode(200).body("scheduled", equalTo(false));
        setHours(r[0], UUID.randomUUID().toString(), body).statusCode(404);
    }

    @Test
    void outsideItsHoursARestaurantRefusesCartsAndCheckoutWithWhenItOpens() {
        String[] r = Api.onlineRestaurant();
        String dish = Api.dish(r[0], r[1], "Paneer Tikka", "150.00");
        String customer = Api.newUser("CUSTOMER");
        String cartId = as(customer).body(Map.of("restaurantId", r[1], "itemId", dish, "quantity", 1))
                .put("/carts/items").then().statusCode(201).extract().path("cartId");

        // Hours that open in two hours: closed now, ONLINE or not.
        Instant now = Instant.now();
        String opensAt = now.plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MINUTES).toString();
        setHours(r[0], r[1], everyDay(now.plus(Duration.ofHours(2)), now.plus(Duration.ofHours(3)))).statusCode(200)
                .body("openNow", equalTo(false)).body("withinHours", equalTo(false)).body("opensAt", equalTo(opensAt));
        given().get("/restaurants/{id}", r[1]).then().body("openNow", equalTo(false)).body("opensAt", equalTo(opensAt));

        as(customer).body(Map.of("restaurantId", r[1], "itemId", dish, "quantity", 2)).put("/carts/items").then()
                .statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("/problems/restaurant-closed"))
                .body("restaurantId", equalTo(r[1])).body("opensAt", equalTo(opensAt));
        summary(customer, cartId).then().statusCode(409).body("type", equalTo("/problems/restaurant-closed"))
                .body("opensAt", equalTo(opensAt));
        checkout(customer, cartId).then().statusCode(409).body("type", equalTo("/problems/restaurant-closed"))
                .body("opensAt", equalTo(opensAt));
        as(customer).get("/carts/{id}", cartId).then().body("status", equalTo("ACTIVE"));

        // Within its hours but OFFLINE: closed as before hours existed, with no opening to promise.
        setHours(r[0], r[1], everyDay(now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)))).statusCode(200)
                .body("openNow", equalTo(true)).body("withinHours", equalTo(true)).body("opensAt", nullValue());
        Api.switchStatus(r[0], r[1], "OFFLINE");
        as(customer).body(Map.of("restaurantId", r[1], "itemId", dish, "quantity", 2)).put("/carts/items").then()
                .statusCode(409).body("type", equalTo("/problems/restaurant-closed")).body("opensAt", nullValue());
        summary(customer, cartId).then().statusCode(409).body("type", equalTo("/problems/restaurant-closed"))
                .body("opensAt", nullValue());

        // Within its hours and ONLINE: orders again.
        Api.switchStatus(r[0], r[1], "ONLINE");
        as(customer).body(Map.of("restaurantId", r[1], "itemId", dish, "quantity", 2)).put("/carts/items").then()
                .statusCode(200);
        summary(customer, cartId).then().statusCode(200);
    }

    @Test
    void searchShowsOpenNowAndTheBoundaryJobFlipsTheDocumentWhenTheHoursClose() {
        double[] at = { -60 + Math.random() * 120, -170 + Math.random() * 340 };
        String owner = Api.newUser("RESTAURANT_OWNER");
        String closing = restaurantAt(owner, "Closing Soon", at[0] + 0.001, at[1]);
        String always = restaurantAt(owner, "Always Open", at[0] + 0.02, at[1]);
        for (String id : List.of(closing, always)) {
            Api.approve(id);
            Api.switchStatus(owner, id, "ONLINE");
        }
        // Hours that close at the next whole minute at least 5 s away.
        Instant now = Instant.now();
        Instant closesAt = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        if (Duration.between(now, closesAt).toSeconds() < 5) {
            closesAt = closesAt.plus(Duration.ofMinutes(1));
        }
        Instant opensAgain = now.minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofDays(1));
        setHours(owner, closing, everyDay(now.minus(Duration.ofHours(1)), closesAt)).statusCode(200)
                .body("nextChangeAt", equalTo(closesAt.toString()));

        // Open and nearer: first.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            SearchDocument d = document(at, closing);
            assertTrue(d.open());
            assertNull(d.opensAt());
            search(at).body("results.name", equalTo(List.of("Closing Soon", "Always Open")))
                    .body("results[0].openNow", equalTo(true)).body("results[0].isOpen", equalTo(true))
                    .body("results[0].opensAt", nullValue());
        });

        // After the boundary the job republishes it: the document says closed and when it opens, and closed
        // restaurants rank after open ones, as they always have.
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            SearchDocument d = document(at, closing);
            assertFalse(d.open());
            assertEquals(opensAgain, d.opensAt());
        });
        assertFalse(Instant.now().isBefore(closesAt));
        search(at).body("results.name", equalTo(List.of("Always Open", "Closing Soon")))
                .body("results[1].openNow", equalTo(false)).body("results[1].isOpen", equalTo(false))
                .body("results[1].opensAt", equalTo(opensAgain.toString()));
    }

    /** The restaurant's document as the index holds it (not the live enrichment of the API). */
    private SearchDocument document(double[] at, String restaurantId) {
        SearchDocument found = index.search(new SearchQuery(at[0], at[1], 7, List.of(), SearchQuery.SortBy.RELEVANCE,
                false, 0, 10, null, 25)).hits().stream().map(SearchIndex.Hit::document)
                .filter(d -> d.restaurantId().toString().equals(restaurantId)).findFirst().orElse(null);
        assertNotNull(found, "indexed");
        return found;
    }

    static ValidatableResponse search(double[] at) {
        return given().get("/search/restaurants?lat=" + at[0] + "&long=" + at[1]).then().statusCode(200);
    }

    static String restaurantAt(String owner, String name, double lat, double lon) {
        Map<String, Object> body = Api.restaurantBody();
        body.put("name", name);
        body.put("address", Map.of("street", "1 Food St", "city", "Hyderabad", "zipCode", "500001",
                "latitude", lat, "longitude", lon));
        return as(owner).body(body).post("/restaurants").then().statusCode(201).extract().path("id");
    }

    static io.restassured.response.Response summary(String customer, String cartId) {
        return as(customer).queryParam("cartId", cartId).queryParam("lat", LAT).queryParam("long", LON)
                .get("/checkout/summary");
    }

    static io.restassured.response.Response checkout(String customer, String cartId) {
        return as(customer).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("cartId", cartId, "paymentMethod", "CARD", "deliveryAddress", Map.of("street",
                        "1 Banjara Hills Rd", "city", "Hyderabad", "zipCode", "500034", "latitude", LAT,
                        "longitude", LON)))
                .post("/orders/checkout");
    }
}
