package org.dabba.restaurant;

import static io.restassured.RestAssured.given;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dabba.testing.Api;
import org.dabba.testing.Images;
import org.dabba.testing.LocalServers;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Restaurant onboarding: sign up, register, verification by an admin, going ONLINE. */
@QuarkusTest
@WithTestResource(LocalServers.class)
class RestaurantOnboardingTest {

    @ConfigProperty(name = "dabba.media.local-dir")
    Path mediaDir;

    private static long stored(String licence) {
        return QuarkusTransaction.requiringNew().call(() -> Restaurant.count("licenseNumber", licence));
    }

    @Test
    void theWholeFlowFromSignupToOnline() {
        String owner = Api.newUser("RESTAURANT_OWNER");
        Map<String, Object> body = Api.restaurantBody();
        body.put("logoUrl", Images.dataUri("image/png", Images.encode("png", 64, 48)));

        String id = as(owner).body(body).post("/restaurants")
                .then().statusCode(201)
                .header("Location", equalTo("/restaurants/" + as(owner).get("/restaurants/mine").path("[0].id")))
                .extract().path("id");

        as(owner).get("/restaurants/{id}", id)
                .then().statusCode(200)
                .body("status", equalTo("PENDING_VERIFICATION"))
                .body("operationalStatus", equalTo("OFFLINE"))
                .body("licenseNumber", equalTo(body.get("licenseNumber")))
                .body("logoUrl", startsWith("http://localhost:"));
        given().get("/restaurants/{id}", id).then().statusCode(404);

        String admin = Api.adminToken();
        as(admin).get("/admin/restaurants?status=PENDING_VERIFICATION&size=100")
                .then().statusCode(200).body("items.id", hasItem(id));
        as(admin).body(Map.of("decision", "APPROVE")).post("/admin/restaurants/{id}/verification", id)
                .then().statusCode(200).body("status", equalTo("ACTIVE"));

        as(owner).body(Map.of("status", "ONLINE")).patch("/restaurants/{id}/status", id)
                .then().statusCode(200).body("operationalStatus", equalTo("ONLINE"));

        given().get("/restaurants/{id}", id)
                .then().statusCode(200)
                .body("status", equalTo("ACTIVE"))
                .body("operationalStatus", equalTo("ONLINE"))
                .body("licenseNumber", nullValue())
                .body("ownerId", nullValue());
    }

    @Test
    void theLogoIsReEncodedStoredAndServed() {
        String owner = Api.newUser("RESTAURANT_OWNER");
        // A phone's photo: EXIF (here the orientation; GPS and camera details travel the same way).
        byte[] jpeg = Images.jpegWithOrientation(40, 30, 6);
        Map<String, Object> body = Api.restaurantBody();
        body.put("logoUrl", Images.base64(jpeg));
        String id = as(owner).body(body).post("/restaurants").then().statusCode(201).extract().path("id");
        String logoUrl = as(owner).get("/restaurants/{id}", id).path("logoUrl");
        String path = logoUrl.substring(logoUrl.indexOf("/media/"));

        byte[] served = given().get(path).then().statusCode(200).contentType("image/jpeg")
                .extract().asByteArray();
        java.awt.image.BufferedImage image = Images.read(served);
        assertEquals(30, image.getWidth(), "turned upright by its EXIF orientation");
        assertEquals(40, image.getHeight());
        assertFalse(new String(served, java.nio.charset.StandardCharsets.ISO_8859_1).contains("Exif"),
                "no metadata is published");
    }

    @Test
    void badLogosAre400sAndStoreNothing() {
        String owner = Api.newUser("RESTAURANT_OWNER");
        Map<String, String> cases = Map.of(
                "not an image", Images.base64("hello, this is text".getBytes()),
                "not base64", "%%%not-base64%%%",
                "too many pixels", Images.base64(Images.encode("png", 4100, 10)),
                "webp too large", Images.base64(Images.webpHeader(5000, 5000)),
                "truncated png", Images.base64(java.util.Arrays.copyOf(Images.encode("png", 10, 10), 12)),
                "over 2 MiB", Images.base64(new byte[2 * 1024 * 1024 + 1]));
        cases.forEach((what, logo) -> {
            Map<String, Object> body = Api.restaurantBody();
            body.put("logoUrl", logo);
            as(owner).body(body).post("/restaurants")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("logoUrl"));
            assertEquals(0, stored((String) body.get("licenseNumber")), what);
        });
        // A header with nothing behind it cannot be re-encoded: refused, not published as it came.
        Map<String, Object> hollow = Api.restaurantBody();
        hollow.put("logoUrl", Images.dataUri("image/webp", Images.webpHeader(300, 200)));
        as(owner).body(hollow).post("/restaurants").then().statusCode(400).body("errors[0].field", equalTo("logoUrl"));
        Map<String, Object> png = Api.restaurantBody();
        png.put("logoUrl", Images.dataUri("image/png", Images.encode("png", 300, 200)));
        as(owner).body(png).post("/restaurants").then().statusCode(201);
    }

    @Test
    void everyBadFieldIsNamedAndNothingIsWritten() {
        String owner = Api.newUser("RESTAURANT_OWNER");
        Map<String, Object> body = Api.restaurantBody();
        body.put("name", " ");
        body.put("address", Map.of("street", "", "city", "Hyderabad", "zipCode", "",
                "latitude", 91, "longitude", -180.5));
        body.put("contact", Map.of("email", "nope", "phone", "12345"));
        as(owner).body(body).post("/restaurants")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("name", "address.street", "address.zipCode", "address.latitude",
                        "address.longitude", "contact.email", "contact.phone"));
        assertEquals(0, stored((String) body.get("licenseNumber")));

        Map<String, Object> noLicence = Api.restaurantBody();
        noLicence.remove("licenseNumber");
        noLicence.remove("address");
        as(owner).body(noLicence).post("/restaurants")
                .then().statusCode(400).body("errors.field", hasItems("licenseNumber", "address"));
    }

    @Test
    void onlyRestaurantOwnersRegister() {
        as(Api.newUser("CUSTOMER")).body(Api.restaurantBody()).post("/restaurants")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void aLicenceNumberIsRegisteredOnceEvenUnderARace() throws Exception {
        String owner = Api.newUser("RESTAURANT_OWNER");
        Map<String, Object> body = Api.restaurantBody();
        as(owner).body(body).post("/restaurants").then().statusCode(201);
        as(Api.newUser("RESTAURANT_OWNER")).body(body).post("/restaurants")
                .then().statusCode(409).body("type", equalTo("/problems/license-taken"));

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 10; round++) {
                Map<String, Object> contested = Api.restaurantBody();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> answers = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    Callable<Integer> register = () -> {
                        start.await();
                        return as(owner).body(contested).post("/restaurants").statusCode();
                    };
                    answers.add(pool.submit(register));
                }
                start.countDown();
                List<Integer> codes = new ArrayList<>();
                for (Future<Integer> answer : answers) {
                    codes.add(answer.get());
                }
                assertEquals(1, codes.stream().filter(c -> c == 201).count(), "round " + round + ": " + codes);
                assertEquals(3, codes.stream().filter(c -> c == 409).count(), "round " + round + ": " + codes);
                assertEquals(1, stored((String) contested.get("licenseNumber")));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedLogoStoreLeavesNoRestaurantBehind() throws Exception {
        // A plain file where the restaurants/ folder should be makes every logo write fail.
        Path restaurants = mediaDir.resolve("restaurants");
        Path aside = mediaDir.resolve("restaurants-aside-" + UUID.randomUUID());
        Files.createDirectories(mediaDir);
        boolean existed = Files.exists(restaurants);
        if (existed) {
            Files.move(restaurants, aside);
        }
        Files.writeString(restaurants, "in the way");
        try {
            Map<String, Object> body = Api.restaurantBody();
            body.put("logoUrl", Images.base64(Images.encode("png", 8, 8)));
            as(Api.newUser("RESTAURANT_OWNER")).body(body).post("/restaurants")
                    .then().statusCode(503).contentType("application/problem+json")
                    .body("type", equalTo("/problems/storage-unavailable"));
            assertEquals(0, stored((String) body.get("licenseNumber")));
        } finally {
            Files.delete(restaurants);
            if (existed) {
                Files.move(aside, restaurants);
            }
        }
    }

    @Test
    void whoSeesWhat() {
        String owner = Api.newUser("RESTAURANT_OWNER");
        String pending = Api.register(owner);
        String otherOwner = Api.newUser("RESTAURANT_OWNER");

        as(otherOwner).get("/restaurants/{id}", pending).then().statusCode(404);
        as(Api.newUser("CUSTOMER")).get("/restaurants/{id}", pending).then().statusCode(404);
        as(Api.adminToken()).get("/restaurants/{id}", pending).then().statusCode(200)
                .body("licenseNumber", notNullValue());
        given().get("/restaurants/{id}", UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/restaurants/not-a-uuid").then().statusCode(404);

        as(owner).get("/restaurants/mine").then().statusCode(200).body("id", hasItem(pending));
        as(otherOwner).get("/restaurants/mine").then().statusCode(200).body("id", not(hasItem(pending)));
        as(Api.newUser("CUSTOMER")).get("/restaurants/mine").then().statusCode(403);
        given().get("/restaurants/mine").then().statusCode(401);
    }

    @Test
    void theOwnerUpdatesTheProfileButNotItsIdentity() {
        String owner = Api.newUser("RESTAURANT_OWNER");
        String id = Api.register(owner);
        long version = ((Number) as(owner).get("/restaurants/{id}", id).path("version")).longValue();

        Map<String, Object> patch = new HashMap<>();
        patch.put("description", "Now with dosa.");
        patch.put("contact", Map.of("email", "hello@spice.example", "phone", "+914012345678"));
        patch.put("logoUrl", Images.base64(Images.encode("png", 16, 16)));
        as(owner).body(patch).patch("/restaurants/{id}", id)
                .then().statusCode(200)
                .body("description", equalTo("Now with dosa."))
                .body("contact.email", equalTo("hello@spice.example"))
                .body("address.city", equalTo("Hyderabad"))
                .body("name", equalTo("The Spice Garden"))
                .body("logoUrl", containsString("/media/restaurants/" + id + "/logo/"))
                .body("version", equalTo((int) version + 1));

        as(owner).body(Map.of("name", "Another Name", "gst", "GST-X")).patch("/restaurants/{id}", id)
                .then().statusCode(400).body("errors.field", hasItems("name", "gst"));
        as(owner).body(Map.of("name", "The Spice Garden")).patch("/restaurants/{id}", id).then().statusCode(200);
        as(owner).body(Map.of("address", Map.of("street", "1 Road", "city", "Pune", "zipCode", "411001",
                "latitude", 100, "longitude", 73.85))).patch("/restaurants/{id}", id)
                .then().statusCode(400).body("errors[0].field", equalTo("address.latitude"));

        as(Api.newUser("RESTAURANT_OWNER")).body(Map.of("description", "mine now"))
                .patch("/restaurants/{id}", id).then().statusCode(404);
        Api.approve(id);
        as(Api.newUser("RESTAURANT_OWNER")).body(Map.of("description", "mine now"))
                .patch("/restaurants/{id}", id).then().statusCode(403);
        as(owner).get("/restaurants/{id}", id).then().body("description", equalTo("Now with dosa."));
    }

    @Test
    void theOwnerSetsHowFarTheRestaurantDelivers() {
        String[] r = Api.activeRestaurant();
        // Unset: it delivers within the platform's default radius (a checkout setting), so none is shown.
        given().get("/restaurants/{id}", r[1]).then().statusCode(200).body("$", not(hasKey("deliveryRadiusKm")));

        as(r[0]).body(Map.of("deliveryRadiusKm", 7.5)).patch("/restaurants/{id}", r[1]).then().statusCode(200)
                .body("deliveryRadiusKm", equalTo(7.50f));
        given().get("/restaurants/{id}", r[1]).then().body("deliveryRadiusKm", equalTo(7.50f));
        for (Object bad : List.of(0, -1, 50.01, 7.555, "far")) {
            as(r[0]).body(Map.of("deliveryRadiusKm", bad)).patch("/restaurants/{id}", r[1]).then().statusCode(400)
                    .body("errors.field", hasItem("deliveryRadiusKm"));
        }
        as(r[0]).body(Map.of("deliveryRadiusKm", 50)).patch("/restaurants/{id}", r[1]).then().statusCode(200)
                .body("deliveryRadiusKm", equalTo(50.00f));
    }

    @Test
    void goingOnlineNeedsAnActiveRestaurantAndItsOwner() {
        String owner = Api.newUser("RESTAURANT_OWNER");
        String id = Api.register(owner);
        as(owner).body(Map.of("status", "ONLINE")).patch("/restaurants/{id}/status", id)
                .then().statusCode(409).body("type", equalTo("/problems/restaurant-not-active"));
        Api.approve(id);
        as(owner).body(Map.of("status", "OPEN")).patch("/restaurants/{id}/status", id)
                .then().statusCode(400).body("errors[0].field", equalTo("status"));
        as(owner).body(Map.of()).patch("/restaurants/{id}/status", id)
                .then().statusCode(400).body("errors[0].field", equalTo("status"));
        as(owner).body(Map.of("status", "ONLINE")).patch("/restaurants/{id}/status", UUID.randomUUID())
                .then().statusCode(404);
        as(Api.newUser("RESTAURANT_OWNER")).body(Map.of("status", "ONLINE")).patch("/restaurants/{id}/status", id)
                .then().statusCode(403);
        as(owner).body(Map.of("status", "ONLINE")).patch("/restaurants/{id}/status", id)
                .then().statusCode(200).body("operationalStatus", equalTo("ONLINE"));
        as(owner).body(Map.of("status", "OFFLINE")).patch("/restaurants/{id}/status", id)
                .then().statusCode(200).body("operationalStatus", equalTo("OFFLINE"));
    }

    @Test
    void adminsDecideOncePendingRestaurantsOnly() {
        String owner = Api.newUser("RESTAURANT_OWNER");
        String id = Api.register(owner);
        String admin = Api.adminToken();

        as(owner).body(Map.of("decision", "APPROVE")).post("/admin/restaurants/{id}/verification", id)
                .then().statusCode(403);
        as(owner).get("/admin/restaurants").then().statusCode(403);
        as(admin).body(Map.of("decision", "REJECT")).post("/admin/restaurants/{id}/verification", id)
                .then().statusCode(400).body("errors[0].field", equalTo("reason"));
        as(admin).body(Map.of("decision", "MAYBE")).post("/admin/restaurants/{id}/verification", id)
                .then().statusCode(400).body("errors[0].field", equalTo("decision"));
        as(admin).body(Map.of("decision", "APPROVE")).post("/admin/restaurants/{id}/verification", UUID.randomUUID())
                .then().statusCode(404);
        as(admin).get("/admin/restaurants?status=SOMETIMES").then().statusCode(400);
        as(admin).get("/admin/restaurants?size=1000").then().statusCode(400);

        as(admin).body(Map.of("decision", "REJECT", "reason", "Licence scan unreadable"))
                .post("/admin/restaurants/{id}/verification", id)
                .then().statusCode(200).body("status", equalTo("REJECTED"))
                .body("statusReason", equalTo("Licence scan unreadable"));
        as(admin).body(Map.of("decision", "APPROVE")).post("/admin/restaurants/{id}/verification", id)
                .then().statusCode(409).body("type", equalTo("/problems/illegal-transition"));
    }

    @Test
    void deactivationTakesAnActiveRestaurantOfflineAndOutOfSight() {
        String[] active = Api.activeRestaurant();
        String owner = active[0];
        String id = active[1];
        String admin = Api.adminToken();
        as(owner).body(Map.of("status", "ONLINE")).patch("/restaurants/{id}/status", id).then().statusCode(200);

        as(admin).post("/admin/restaurants/{id}/deactivate", id).then().statusCode(400);
        as(owner).body(Map.of("reason", "x")).post("/admin/restaurants/{id}/deactivate", id).then().statusCode(403);
        as(admin).body(Map.of("reason", "Hygiene complaint")).post("/admin/restaurants/{id}/deactivate", id)
                .then().statusCode(200)
                .body("status", equalTo("INACTIVE"))
                .body("operationalStatus", equalTo("OFFLINE"));
        given().get("/restaurants/{id}", id).then().statusCode(404);
        as(admin).body(Map.of("reason", "again")).post("/admin/restaurants/{id}/deactivate", id)
                .then().statusCode(409);
        as(owner).body(Map.of("status", "ONLINE")).patch("/restaurants/{id}/status", id).then().statusCode(409);

        as(admin).post("/admin/restaurants/{id}/reactivate", id)
                .then().statusCode(200).body("status", equalTo("ACTIVE"));
        as(admin).post("/admin/restaurants/{id}/reactivate", id).then().statusCode(409);
        given().get("/restaurants/{id}", id).then().statusCode(200);
    }
}
