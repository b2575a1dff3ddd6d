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

    public static final String DEFAULT_ADMIN_PASSWORD = "dabba-admin";

    private static volatile String adminPassword = DEFAULT_ADMIN_PASSWORD;

    public static String adminToken() {
        return login("admin@dabba.local", adminPassword);
    }

    /** For ITs whose app has an admin password of its own (it approves the couriers {@link #newUser} makes). */
    public static void adminPassword(String password) {
        adminPassword = password;
    }

    /**
     * Signs up a fresh user with {@code role} and returns its bearer token. A courier signs up with a scooter's
     * details and is approved by the admin, as every courier must be before taking orders.
     */
    public static String newUser(String role) {
        if (!"COURIER".equals(role)) {
            return signup(signupBody(role));
        }
        String courier = pendingCourier();
        approveCourier(userId(courier));
        return courier;
    }

    /** A courier just signed up (with a scooter), not yet verified: no offers for them. */
    public static String pendingCourier() {
        return signup(signupBody("COURIER"));
    }

    /** Signs up {@code body} (a {@link #signupBody}) and returns the new user's token. */
    public static String signup(Map<String, Object> body) {
        given().contentType(ContentType.JSON).body(body).post("/auth/signup").then().statusCode(201);
        return login((String) body.get("email"), (String) body.get("password"));
    }

    /** A sign-up body with a fresh email; a courier's carries a scooter, its plate and a driving licence. */
    public static Map<String, Object> signupBody(String role) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("email",
                role.toLowerCase() + "-" + UUID.randomUUID() + "@example.com", "password", "correct-horse",
                "name", "Test " + role, "role", role));
        if ("COURIER".equals(role)) {
            body.put("courier", courierDetails());
        }
        return body;
    }

    public static Map<String, Object> courierDetails() {
        return new java.util.HashMap<>(Map.of("vehicle", "SCOOTER", "vehicleRegistration", "TS09AB1234",
                "licenseNumber", "DL-" + SEQ.incrementAndGet()));
    }

    public static void approveCourier(String courierId) {
        as(adminToken()).body(Map.of("decision", "APPROVE"))
                .post("/admin/couriers/{id}/verification", courierId).then().statusCode(200);
    }

    /** The user id in a token (its subject). */
    public static String userId(String token) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1])).path("sub").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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

    /** A restaurant's registration body as the API documents it, with a unique licence number. */
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
