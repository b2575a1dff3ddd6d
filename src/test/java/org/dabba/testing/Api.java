package org.dabba.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Short ways to get a signed-in user and a restaurant in a given state, through the public API only. */
public final class Api {

    private static final AtomicInteger SEQ = new AtomicInteger();

    private Api() {
    }

    public static String adminToken() {
        return login("admin@dabba.local", "dabba-admin");
    }

    /** Signs up a fresh user with {@code role} and returns its bearer token. */
    public static String newUser(String role) {
        String email = role.toLowerCase() + "-" + UUID.randomUUID() + "@example.com";
        given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "correct-horse", "name", "Test " + role, "role", role))
                .post("/auth/signup").then().statusCode(201);
        return login(email, "correct-horse");
    }

    public static String login(String email, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .post("/auth/login").then().statusCode(200).extract().path("accessToken");
    }

    public static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    public static String uniqueLicence() {
        return "LN-" + System.nanoTime() + "-" + SEQ.incrementAndGet();
    }

    /** The seed's registration body, with a unique licence number. */
    public static Map<String, Object> restaurantBody() {
        return new java.util.HashMap<>(Map.of(
                "name", "The Spice Garden",
                "description", "Authentic Indian cuisine.",
                "address", Map.of("street", "123 Main St", "city", "Hyderabad", "zipCode", "500001",
                        "latitude", 17.3850, "longitude", 78.4867),
                "contact", Map.of("email", "contact@spicegarden.com", "phone", "+919876543210"),
                "licenseNumber", uniqueLicence(),
                "gst", "GSTIN123456789"));
    }

    public static String register(String ownerToken) {
        return as(ownerToken).body(restaurantBody()).post("/restaurants").then().statusCode(201).extract().path("id");
    }

    public static void approve(String restaurantId) {
        as(adminToken()).body(Map.of("decision", "APPROVE"))
                .post("/admin/restaurants/{id}/verification", restaurantId).then().statusCode(200);
    }

    /** A restaurant of a fresh owner, approved; returns {ownerToken, restaurantId}. */
    public static String[] activeRestaurant() {
        String owner = newUser("RESTAURANT_OWNER");
        String id = register(owner);
        approve(id);
        return new String[] { owner, id };
    }

    /** A restaurant of a fresh owner, approved and ONLINE (taking orders); returns {ownerToken, restaurantId}. */
    public static String[] onlineRestaurant() {
        String[] r = activeRestaurant();
        switchStatus(r[0], r[1], "ONLINE");
        return r;
    }

    public static void switchStatus(String ownerToken, String restaurantId, String status) {
        as(ownerToken).body(Map.of("status", status)).patch("/restaurants/{id}/status", restaurantId)
                .then().statusCode(200);
    }

    /** Adds an available dish at {@code price} (a string, exact) and returns its id. */
    public static String dish(String ownerToken, String restaurantId, String name, String price) {
        return as(ownerToken).body(Map.of("name", name, "price", price, "category", "Mains", "type", "VEG"))
                .post("/restaurants/{r}/menu/items", restaurantId).then().statusCode(201).extract().path("id");
    }
}
