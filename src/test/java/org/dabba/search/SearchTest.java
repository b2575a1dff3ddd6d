package org.dabba.search;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import jakarta.inject.Inject;
import java.math.BigDecimal;
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

/** Search end to end: onboarding and menu events feed the index; the API finds, ranks, enriches. */
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

    @Inject
    SearchIngestion ingestion;

    @Inject
    SearchResultCache cache;

    /** Money read back exactly, as BigDecimal. */
    static final RestAssuredConfig EXACT = RestAssuredConfig.config().jsonConfig(JsonConfig.jsonConfig()
            .numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    static final JsonPathConfig EXACT_PATH = JsonPathConfig.jsonPathConfig()
            .numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL);

    static String restaurantAt(String owner, String name, double lat, double lon) {
        return restaurantAt(owner, name, lat, lon, "Hyderabad");
    }

    static String restaurantAt(String owner, String name, double lat, double lon, String city) {
        Map<String, Object> body = Api.restaurantBody();
        body.put("name", name);
        body.put("address", Map.of("street", "1 Food St", "city", city, "zipCode", "500001",
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
        // where it is, for a map of the hits
        JsonPath hit = search(at, "&query=biriyani").extract().jsonPath(EXACT_PATH);
        assertEquals(at[0] + 0.01, hit.getDouble("results[0].latitude"), 1e-6);
        assertEquals(at[1], hit.getDouble("results[0].longitude"), 1e-6);

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
        given().get("/search/restaurants?query=pizza").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("lat and long")).body("detail", containsString("or city"));
        given().get("/search/restaurants?lat=17.4").then().statusCode(400).body("errors[0].field", equalTo("long"));
        given().get("/search/restaurants?city=Pune&sort_by=distance").then().statusCode(400)
                .body("errors[0].field", equalTo("sort_by"));
        given().queryParam("city", "!! ?").get("/search/restaurants").then().statusCode(400)
                .body("errors[0].field", equalTo("city"));
        given().get("/search/restaurants?city=" + "a".repeat(101)).then().statusCode(400)
                .body("errors[0].field", equalTo("city"));
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

    /** A point {@code km} due north of {@code at} (along a meridian: exactly that great-circle distance). */
    static double[] north(double[] at, double km) {
        return new double[] { at[0] + km / (Math.PI * 6371.0087714 / 180), at[1] };
    }

    @Test
    void aRestaurantIsFoundOnlyWithinItsDeliveryRadiusWithTheFeeCheckoutCharges() {
        double[] at = spot();
        String owner = Api.newUser("RESTAURANT_OWNER");
        String small = restaurantAt(owner, "Two Km Tiffins", at[0], at[1]);
        Api.approve(small);
        // Indexed with the default radius (10 km) first, then its own 2 km.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> search(north(at, 3), "&radius=10")
                .body("total", equalTo(1)));
        as(owner).body(Map.of("deliveryRadiusKm", 2)).patch("/restaurants/{id}", small).then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> search(north(at, 3), "&radius=10")
                .body("total", equalTo(0)));
        search(north(at, 1.5), "").body("results.restaurantId", equalTo(List.of(small)))
                .body("results[0].distanceKm", equalTo(1.5f));

        // Without a radius of its own, the platform default (10 km here): found from 3.3 km, with a fee beyond
        // the free 2 km that must be what checkout charges for that very address.
        double[] there = spot();
        String[] wide = { owner, restaurantAt(owner, "Default Radius Dhaba", there[0], there[1]) };
        Api.approve(wide[1]);
        Api.switchStatus(owner, wide[1], "ONLINE");
        String item = Api.dish(owner, wide[1], "Thali", "150.00");
        double[] customerAt = north(there, 3.3);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> search(customerAt, "")
                .body("results.restaurantId", equalTo(List.of(wide[1]))));
        search(north(there, 10.2), "&radius=25").body("total", equalTo(0));
        BigDecimal shown = given().config(EXACT).get("/search/restaurants?lat=" + customerAt[0] + "&long="
                + customerAt[1]).then().statusCode(200).extract().jsonPath(EXACT_PATH).get("results[0].deliveryFee");
        String customer = Api.newUser("CUSTOMER");
        String cart = as(customer).body(Map.of("restaurantId", wide[1], "itemId", item, "quantity", 1))
                .put("/carts/items").then().statusCode(201).extract().path("cartId");
        BigDecimal charged = as(customer).config(EXACT).queryParam("cartId", cart).queryParam("lat", customerAt[0])
                .queryParam("long", customerAt[1]).get("/checkout/summary").then().statusCode(200).extract()
                .jsonPath(EXACT_PATH).get("pricing.deliveryFee");
        assertEquals(charged, shown);
        assertEquals(new BigDecimal("26.50"), shown, "20 + 5 x 1.3 km");
    }

    @Test
    void textSearchByCityNeedsNoPoint() {
        String city = "Mysūru " + UUID.randomUUID().toString().substring(0, 8);
        double[] at = spot();
        String owner = Api.newUser("RESTAURANT_OWNER");
        String id = restaurantAt(owner, "Mylari Dosa Corner", at[0], at[1], city);
        dish(owner, id, "Benne Masala Dosa", "VEG");
        Api.approve(id);
        String other = restaurantAt(owner, "Elsewhere Dosa", at[0], at[1] + 0.001);
        dish(owner, other, "Plain Dosa", "VEG");
        Api.approve(other);
        String asked = city.toUpperCase().replace("Ū", "U");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given()
                .queryParam("city", asked).queryParam("query", "dosaa").get("/search/restaurants").then()
                .statusCode(200)
                .body("results.restaurantId", equalTo(List.of(id)))
                .body("results[0].distanceKm", nullValue())
                .body("results[0].deliveryFee", nullValue())
                .body("results[0].estimatedDeliveryMinutes", nullValue())
                .body("results[0].matchedItems[0].name", equalTo("Benne Masala Dosa")));
        // With a point too, the city narrows the results around it.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> search(at, "&query=dosa")
                .body("total", equalTo(2)));
        given().queryParam("lat", at[0]).queryParam("long", at[1]).queryParam("city", city).queryParam("query", "dosa")
                .get("/search/restaurants").then().statusCode(200)
                .body("results.restaurantId", equalTo(List.of(id)))
                .body("results[0].deliveryFee", equalTo(20.0f));
    }

    @Test
    void eventsThatKeepFailingEndAsDeadLettersForAdmins() {
        String eventId = UUID.randomUUID().toString();
        producer.sendBody("{{dabba.consumers.search.restaurant-events}}", "{\"specversion\":\"1.0\",\"id\":\"" + eventId
                + "\",\"type\":\"org.dabba.restaurant.updated\",\"subject\":\"not-a-restaurant-id\",\"source\":\"/test\"}");
        String admin = Api.adminToken();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(admin).get("/admin/search/dead-letters")
                .then().statusCode(200).body("eventId", hasItem(eventId)));
        as(Api.newUser("CUSTOMER")).get("/admin/search/dead-letters").then().statusCode(403);
        // One row of the common dead letters, under the consumer that failed.
        long stored = QuarkusTransaction.requiringNew().call(() -> DeadLetter.count("eventId = ?1 and consumer = ?2",
                eventId, "search-ingest-restaurant-events"));
        assertEquals(1, stored);
    }

    /** Searches answered from the kept answers so far, as an operator reads them. */
    double cacheHits() {
        return given().get(metrics).then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith("cache_gets_total{") && line.contains("cache=\"search-results\"")
                        && line.contains("result=\"hit\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    /**
     * The search answered from the cache: asked again until the metrics count a hit (any write to the index, such
     * as another test's events still being ingested, empties the cache in between).
     */
    String keptAnswer(double[] at, String extra) {
        for (int attempt = 0; attempt < 20; attempt++) {
            double before = cacheHits();
            String body = search(at, extra).statusCode(200).extract().asString();
            if (cacheHits() > before) {
                return body;
            }
        }
        throw new AssertionError("never answered from the cache: " + extra);
    }

    @Test
    void aRepeatedSearchGetsTheSameAnswerAsAFreshOne() {
        double[] at = spot();
        String owner = Api.newUser("RESTAURANT_OWNER");
        String near = restaurantAt(owner, "Biryani House", at[0], at[1]);
        dish(owner, near, "Chicken Dum Biryani", "NON_VEG");
        dish(owner, near, "Double Ka Meetha", "VEG");
        String veg = restaurantAt(owner, "Udupi Dosa Biryani Corner", at[0] + 0.02, at[1]);
        dish(owner, veg, "Veg Biryani", "VEG");
        dish(owner, veg, "Masala Dosa", "VEG");
        String far = restaurantAt(owner, "Far Away Biryani", at[0] + 0.05, at[1] + 0.01);
        dish(owner, far, "Mutton Biryani", "NON_VEG");
        for (String id : List.of(near, veg, far)) {
            Api.approve(id);
        }
        Api.switchStatus(owner, veg, "ONLINE");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> search(at, "&query=biryani").body("total", equalTo(3))
                .body("results.find { it.restaurantId == '" + veg + "' }.isOpen", equalTo(true)));

        for (String extra : List.of("", "&query=biriyani", "&query=Biryani%20", "&query=dosa&veg=true",
                "&sort_by=distance", "&sort_by=rating&query=biryani", "&sort_by=popularity",
                "&sort_by=delivery_time", "&size=1&page=1", "&radius=3", "&query=meetha")) {
            cache.indexChanged(); // nothing kept: this answer is a fresh one
            String fresh = search(at, extra).statusCode(200).extract().asString();
            assertEquals(fresh, keptAnswer(at, extra), extra);
        }
        // The same text typed differently is the same search.
        search(at, "&query=BIRYANI").body("results.restaurantId", equalTo(List.of(veg, near, far)));
    }

    @Test
    void anIngestedChangeIsInTheVeryNextSearch() {
        double[] at = spot();
        String owner = Api.newUser("RESTAURANT_OWNER");
        String first = restaurantAt(owner, "Kebab Korner", at[0], at[1]);
        String second = restaurantAt(owner, "Kebab Katta", at[0] + 0.02, at[1]);
        for (String id : List.of(first, second)) {
            Api.approve(id);
            Api.switchStatus(owner, id, "ONLINE");
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> search(at, "&query=kebab")
                .body("results.restaurantId", equalTo(List.of(first, second)))
                .body("results.isOpen", equalTo(List.of(true, true))));

        // The nearer one goes OFFLINE: as soon as the worker has indexed it, it ranks below the open one.
        keptAnswer(at, "&query=kebab");
        Api.switchStatus(owner, first, "OFFLINE");
        ingestion.refresh(UUID.fromString(first)); // what the worker does with the event
        search(at, "&query=kebab").body("results.restaurantId", equalTo(List.of(second, first)))
                .body("results.isOpen", equalTo(List.of(true, false)));

        // A dish added: found by it in the very next search.
        assertTrue(keptAnswer(at, "&query=shami").contains("\"total\":0"));
        String roll = dish(owner, second, "Shami Kebab Roll", "NON_VEG");
        ingestion.refresh(UUID.fromString(second));
        search(at, "&query=shami").body("total", equalTo(1))
                .body("results[0].restaurantId", equalTo(second))
                .body("results[0].matchedItems.itemId", equalTo(List.of(roll)));
    }
}
