package org.dabba.search;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.dabba.platform.events.DeadLetter;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.junit.jupiter.api.Test;

/** The seed's flow 3 end to end: onboarding and menu events feed the index; the API finds, ranks, enriches. */
@QuarkusTest
@WithTestResource(LocalServers.class)
class SearchTest {

    /** Metrics are on the management interface, not the public port. */
    @TestHTTPResource(value = "/metrics", management = true)
    java.net.URL metrics;

    /** Each test searches around its own point, far from the others' restaurants. */
    static double[] spot() {
        return new double[] { -60 + Math.random() * 120, -170 + Math.random() * 340 };
    }

    @Inject
    ProducerTemplate producer;

    static String restaurantAt(String owner, String name, double lat, double lon) {
        Map<String, Object> body = Api.restaurantBody();
        body.put("name", name);
        body.put("address", Map.of("street", "1 Food St", "city", "Hyderabad", "zipCode", "500001",
                "latitude", lat, "longitude", lon));
        return as(owner).body(body).post("/restaurants").then().statusCode(201).extract().path("id");
    }

    static String dish(String owner, String restaurantId, String name, String type) {
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "price", 199, "category", "Main Course",
                "type", type));
        return as(owner).body(body).post("/restaurants/{r}/menu/items", restaurantId).then().statusCode(201)
                .extract().path("id");
    }

    static ValidatableResponse search(double[] at, String extra) {
        return given().get("/search/restaurants?lat=" + at[0] + "&long=" + at[1] + extra).then();
    }

    @Test
    void aRestaurantOnboardedThroughTheApiIsFoundByAMisspeltDishNearby() {
        double[] at = spot();
        String owner = Api.newUser("RESTAURANT_OWNER");
        String id = restaurantAt(owner, "Paradise Biryani", at[0] + 0.01, at[1]);
        String biryani = dish(owner, id, "Hyderabadi Chicken Biryani", "NON_VEG");
        dish(owner, id, "Mirchi Ka Salan", "VEG");
        Api.approve(id);
        as(owner).body(Map.of("status", "ONLINE")).patch("/restaurants/{id}/status", id).then().statusCode(200);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> search(at, "&query=biriyani")
                .statusCode(200)
                .body("total", equalTo(1))
                .body("results[0].restaurantId", equalTo(id))
                .body("results[0].name", equalTo("Paradise Biryani"))
                .body("results[0].isOpen", equalTo(true))
                .body("results[0].matchedItems.itemId", equalTo(List.of(biryani)))
                .body("results[0].matchedItems[0].name", equalTo("Hyderabadi Chicken Biryani")));
        search(at, "&query=biriyani").body("results[0].distanceKm", equalTo(1.11f))
                .body("results[0].estimatedDeliveryMinutes", equalTo(24));

        // Going OFFLINE shows at once (live status) and is indexed soon after; INACTIVE removes it.
        as(owner).body(Map.of("status", "OFFLINE")).patch("/restaurants/{id}/status", id).then().statusCode(200);
        search(at, "").body("results[0].isOpen", equalTo(false));
        as(Api.adminToken()).body(Map.of("reason", "Closed down")).post("/admin/restaurants/{id}/deactivate", id)
                .then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> search(at, "").body("total", equalTo(0)));
    }

    @Test
    void onlyActiveRestaurantsAreIndexedAndMenuChangesFollow() {
        double[] at = spot();
        String owner = Api.newUser("RESTAURANT_OWNER");
        String id = restaurantAt(owner, "Veggie Delight", at[0], at[1]);
        dish(owner, id, "Masala Dosa", "VEG");
        String pending = restaurantAt(owner, "Pending Place", at[0], at[1] + 0.001);
        dish(owner, pending, "Masala Dosa", "VEG");
        Api.approve(id);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> search(at, "&query=dosa&veg=true")
                .body("results.name", equalTo(List.of("Veggie Delight"))));

        String chicken = dish(owner, id, "Chicken 65", "NON_VEG");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> search(at, "&veg=true").body("total", equalTo(0)));
        as(owner).delete("/restaurants/{r}/menu/items/{i}", id, chicken).then().statusCode(204);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> search(at, "&veg=true").body("total", equalTo(1)));
    }

    @Test
    void badQueriesAre400sNamingTheParameter() {
        given().get("/search/restaurants").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("lat")).body("errors.field", hasItem("long"));
        given().get("/search/restaurants?lat=91&long=0").then().statusCode(400).body("errors[0].field", equalTo("lat"));
        given().get("/search/restaurants?lat=0&long=-181").then().statusCode(400).body("errors[0].field", equalTo("long"));
        given().get("/search/restaurants?lat=north&long=0").then().statusCode(400).body("errors[0].field", equalTo("lat"));
        given().get("/search/restaurants?lat=0&long=0&radius=26").then().statusCode(400)
                .body("errors[0].field", equalTo("radius"));
        given().get("/search/restaurants?lat=0&long=0&radius=0").then().statusCode(400);
        given().get("/search/restaurants?lat=0&long=0&size=51").then().statusCode(400)
                .body("errors[0].field", equalTo("size"));
        given().get("/search/restaurants?lat=0&long=0&sort_by=price").then().statusCode(400)
                .body("errors[0].field", equalTo("sort_by"));
        given().get("/search/restaurants?lat=0&long=0&veg=yes").then().statusCode(400);
        given().get("/search/restaurants?lat=0&long=0&sort_by=delivery_time&size=50").then().statusCode(200)
                .body("page", equalTo(0)).body("size", equalTo(50));
    }

    @Test
    void adminsRebuildTheIndexWhileSearchKeepsAnswering() {
        double[] at = spot();
        String owner = Api.newUser("RESTAURANT_OWNER");
        String id = restaurantAt(owner, "Rebuilt Rasoi", at[0], at[1]);
        Api.approve(id);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> search(at, "").body("total", equalTo(1)));

        as(owner).post("/admin/search/reindex").then().statusCode(403);
        String admin = Api.adminToken();
        as(admin).post("/admin/search/reindex").then().statusCode(202).body("state", equalTo("RUNNING"));
        search(at, "").statusCode(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as(admin).get("/admin/search/reindex")
                .then().statusCode(200).body("state", equalTo("DONE")));
        search(at, "").body("results[0].restaurantId", equalTo(id));
        as(admin).get("/admin/search/status").then().statusCode(200)
                .body("engine", equalTo("lucene")).body("lag", equalTo(0));
        // The same lag, as a metric an operator scrapes.
        given().get(metrics).then().statusCode(200)
                .body(containsString("dabba_search_ingestion_lag_events 0.0"));
    }

    @Test
    void eventsThatKeepFailingEndAsDeadLettersForAdmins() {
        String eventId = UUID.randomUUID().toString();
        producer.sendBody("{{dabba.consumers.search.restaurant-events}}", "{\"specversion\":\"1.0\",\"id\":\"" + eventId
                + "\",\"type\":\"restaurant.updated\",\"subject\":\"not-a-restaurant-id\",\"source\":\"/test\"}");
        String admin = Api.adminToken();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(admin).get("/admin/search/dead-letters")
                .then().statusCode(200).body("eventId", hasItem(eventId)));
        as(Api.newUser("CUSTOMER")).get("/admin/search/dead-letters").then().statusCode(403);
        // One row of the common dead letters, under the consumer that failed.
        long stored = QuarkusTransaction.requiringNew().call(() -> DeadLetter.count("eventId = ?1 and consumer = ?2",
                eventId, "search-ingest-restaurant-events"));
        org.junit.jupiter.api.Assertions.assertEquals(1, stored);
    }
}
