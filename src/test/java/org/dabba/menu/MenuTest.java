package org.dabba.menu;

import static io.restassured.RestAssured.given;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.dabba.platform.events.OutboxEvent;
import org.dabba.testing.Api;
import org.dabba.testing.Images;
import org.dabba.testing.LocalServers;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** A restaurant's menu: dishes, their photos, and the cached public menu. */
@QuarkusTest
@WithTestResource(LocalServers.class)
class MenuTest {

    @ConfigProperty(name = "dabba.media.local-dir")
    Path mediaDir;

    static Map<String, Object> dish(String name, String category, String type, Object price) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("description", "A classic Indian dish...");
        body.put("price", price);
        body.put("category", category);
        body.put("type", type);
        return body;
    }

    static Map<String, Object> tikka() {
        return dish("Chicken Tikka Masala", "Main Course", "NON_VEG", 350.00);
    }

    static String addDish(String owner, String restaurantId, Map<String, Object> body) {
        return as(owner).body(body).post("/restaurants/{r}/menu/items", restaurantId)
                .then().statusCode(201).extract().path("id");
    }

    private Path stored(String publicUrl) {
        return mediaDir.resolve(publicUrl.substring(publicUrl.indexOf("/media/") + "/media/".length()));
    }

    private static long liveItems(String restaurantId) {
        return QuarkusTransaction.requiringNew().call(() ->
                MenuItem.count("restaurantId = ?1 and deletedAt is null", UUID.fromString(restaurantId)));
    }

    @Test
    void theOwnerAddsADishWithAPhotoThatIsResizedAndThumbnailed() {
        String[] r = Api.activeRestaurant();
        Map<String, Object> body = tikka();
        body.put("imageUrl", Images.dataUri("image/jpeg", Images.noisyJpeg(2400, 1600, 1)));
        body.put("isAvailable", true);

        Response created = as(r[0]).body(body).post("/restaurants/{r}/menu/items", r[1]);
        created.then().statusCode(201)
                .header("Location", startsWith("/restaurants/" + r[1] + "/menu/items/"))
                .body("id", notNullValue())
                .body("name", equalTo("Chicken Tikka Masala"))
                .body("price", equalTo(350.00f))
                .body("type", equalTo("NON_VEG"))
                .body("isAvailable", equalTo(true));

        BufferedImage full = Images.read(given().get(path(created.path("imageUrl"))).then().statusCode(200)
                .contentType("image/jpeg").extract().asByteArray());
        BufferedImage thumb = Images.read(given().get(path(created.path("thumbnailUrl"))).then().statusCode(200)
                .extract().asByteArray());
        assertEquals(1024, full.getWidth());
        assertEquals(683, full.getHeight(), 1);
        assertEquals(256, thumb.getWidth());
        assertEquals(171, thumb.getHeight(), 1);
    }

    @Test
    void exifRotatedPhotosComeOutUpright() {
        String[] r = Api.activeRestaurant();
        Map<String, Object> body = tikka();
        // Stored landscape 400x300 with "rotate 90° clockwise": it is a portrait photo.
        body.put("imageUrl", Images.base64(Images.jpegWithOrientation(400, 300, 6)));
        String url = as(r[0]).body(body).post("/restaurants/{r}/menu/items", r[1])
                .then().statusCode(201).extract().path("imageUrl");
        BufferedImage upright = Images.read(given().get(path(url)).then().statusCode(200).extract().asByteArray());
        assertEquals(300, upright.getWidth());
        assertEquals(400, upright.getHeight());
    }

    @Test
    void everyRuleIsA400NamingItsField() {
        String[] r = Api.activeRestaurant();
        Object[][] cases = {
            { "name", "" }, { "name", "x".repeat(121) }, { "description", "x".repeat(1001) },
            { "price", 0 }, { "price", -5 }, { "price", 100000.01 }, { "price", 1.234 }, { "price", "cheap" },
            { "price", null }, { "category", "" }, { "category", "x".repeat(61) }, { "type", "VEGAN" },
            { "type", null }, { "isAvailable", "perhaps" },
        };
        for (Object[] c : cases) {
            Map<String, Object> body = tikka();
            body.put((String) c[0], c[1]);
            as(r[0]).body(body).post("/restaurants/{r}/menu/items", r[1])
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem(c[0]));
        }
        assertEquals(0, liveItems(r[1]));
        as(r[0]).body(dish("Lassi", "Drinks", "VEG", 100000)).post("/restaurants/{r}/menu/items", r[1])
                .then().statusCode(201).body("isAvailable", equalTo(true)).body("price", equalTo(100000.00f));
    }

    @Test
    void badPhotosAre400sAndNothingIsStored() throws Exception {
        String[] r = Api.activeRestaurant();
        long filesBefore = countFiles();
        byte[] png = Images.encode("png", 20, 20);
        byte[] bomb = java.util.Arrays.copyOf(png, png.length);
        // A PNG header claiming 10000 x 10000 (100 megapixels): refused before any pixel is decoded.
        java.nio.ByteBuffer.wrap(bomb).putInt(16, 10_000).putInt(20, 10_000);
        Map<String, String> cases = Map.of(
                "not an image", Images.base64("just text".getBytes()),
                "corrupt jpeg", Images.base64(java.util.Arrays.copyOf(Images.encode("jpg", 300, 300), 400)),
                "decompression bomb", Images.base64(bomb),
                "over 5 MiB", Images.base64(new byte[5 * 1024 * 1024 + 1]));
        cases.forEach((what, image) -> {
            Map<String, Object> body = tikka();
            body.put("imageUrl", image);
            as(r[0]).body(body).post("/restaurants/{r}/menu/items", r[1])
                    .then().statusCode(400).body("errors[0].field", equalTo("imageUrl"));
        });
        assertEquals(0, liveItems(r[1]));
        assertEquals(filesBefore, countFiles());
    }

    private long countFiles() throws Exception {
        if (!Files.exists(mediaDir)) {
            return 0;
        }
        try (var files = Files.walk(mediaDir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void putChangesOnlyTheFieldsSentAndReplacesThePhoto() {
        String[] r = Api.activeRestaurant();
        Map<String, Object> body = tikka();
        body.put("imageUrl", Images.base64(Images.encode("png", 300, 200)));
        Response created = as(r[0]).body(body).post("/restaurants/{r}/menu/items", r[1]);
        String id = created.path("id");
        Path oldImage = stored(created.path("imageUrl"));
        Path oldThumb = stored(created.path("thumbnailUrl"));
        assertTrue(Files.exists(oldImage));

        as(r[0]).body(Map.of("price", 375.50)).put("/restaurants/{r}/menu/items/{i}", r[1], id)
                .then().statusCode(200)
                .body("price", equalTo(375.50f))
                .body("name", equalTo("Chicken Tikka Masala"))
                .body("category", equalTo("Main Course"))
                .body("imageUrl", equalTo(created.path("imageUrl")));

        String newUrl = as(r[0]).body(Map.of("imageUrl", Images.base64(Images.encode("jpg", 500, 500))))
                .put("/restaurants/{r}/menu/items/{i}", r[1], id)
                .then().statusCode(200).extract().path("imageUrl");
        assertNotEquals(created.path("imageUrl"), newUrl);
        assertTrue(Files.exists(stored(newUrl)));
        assertFalse(Files.exists(oldImage), "the replaced photo is removed");
        assertFalse(Files.exists(oldThumb), "the replaced thumbnail is removed");

        as(r[0]).body(Map.of("price", 1.999)).put("/restaurants/{r}/menu/items/{i}", r[1], id)
                .then().statusCode(400).body("errors[0].field", equalTo("price"));
        as(r[0]).body(Map.of("name", " ")).put("/restaurants/{r}/menu/items/{i}", r[1], id)
                .then().statusCode(400).body("errors[0].field", equalTo("name"));
        as(r[0]).body(Map.of("price", 10)).put("/restaurants/{r}/menu/items/{i}", r[1], UUID.randomUUID())
                .then().statusCode(404);
    }

    @Test
    void availabilityTogglesStrictly() {
        String[] r = Api.activeRestaurant();
        String id = addDish(r[0], r[1], tikka());
        as(r[0]).body(Map.of("isAvailable", false)).patch("/restaurants/{r}/menu/items/{i}/availability", r[1], id)
                .then().statusCode(200).body("isAvailable", equalTo(false));
        as(r[0]).body(Map.of()).patch("/restaurants/{r}/menu/items/{i}/availability", r[1], id)
                .then().statusCode(400).body("errors[0].field", equalTo("isAvailable"));
        as(r[0]).body(Map.of("isAvailable", "false")).patch("/restaurants/{r}/menu/items/{i}/availability", r[1], id)
                .then().statusCode(400);
        as(r[0]).body(Map.of("isAvailable", true))
                .patch("/restaurants/{r}/menu/items/{i}/availability", r[1], UUID.randomUUID())
                .then().statusCode(404);
    }

    @Test
    void deletedDishesAreGoneButKeptForHistoryAndTheirPhotosRemoved() {
        String[] r = Api.activeRestaurant();
        Map<String, Object> body = tikka();
        body.put("imageUrl", Images.base64(Images.encode("png", 300, 300)));
        Response created = as(r[0]).body(body).post("/restaurants/{r}/menu/items", r[1]);
        String id = created.path("id");

        as(r[0]).delete("/restaurants/{r}/menu/items/{i}", r[1], id).then().statusCode(204);
        as(r[0]).get("/restaurants/{r}/menu/items/{i}", r[1], id).then().statusCode(404);
        as(r[0]).body(Map.of("price", 10)).put("/restaurants/{r}/menu/items/{i}", r[1], id).then().statusCode(404);
        as(r[0]).body(Map.of("isAvailable", true)).patch("/restaurants/{r}/menu/items/{i}/availability", r[1], id)
                .then().statusCode(404);
        as(r[0]).delete("/restaurants/{r}/menu/items/{i}", r[1], id).then().statusCode(404);
        assertFalse(Files.exists(stored(created.path("imageUrl"))));
        assertFalse(Files.exists(stored(created.path("thumbnailUrl"))));

        MenuItem kept = QuarkusTransaction.requiringNew().call(() -> MenuItem.findById(UUID.fromString(id)));
        assertNotNull(kept.deletedAt);
        assertEquals("Chicken Tikka Masala", kept.name);
    }

    @Test
    void onlyTheOwnerOfAnEditableRestaurantChangesItsMenu() {
        String[] r = Api.activeRestaurant();
        String id = addDish(r[0], r[1], tikka());
        String otherOwner = Api.newUser("RESTAURANT_OWNER");
        as(otherOwner).body(tikka()).post("/restaurants/{r}/menu/items", r[1]).then().statusCode(403);
        as(otherOwner).delete("/restaurants/{r}/menu/items/{i}", r[1], id).then().statusCode(403);
        as(Api.newUser("CUSTOMER")).body(tikka()).post("/restaurants/{r}/menu/items", r[1]).then().statusCode(403);
        given().contentType("application/json").body(tikka()).post("/restaurants/{r}/menu/items", r[1])
                .then().statusCode(401);
        as(r[0]).body(tikka()).post("/restaurants/{r}/menu/items", UUID.randomUUID()).then().statusCode(404);

        // A pending restaurant can prepare its menu; another owner cannot even see that it exists.
        String owner = Api.newUser("RESTAURANT_OWNER");
        String pending = Api.register(owner);
        addDish(owner, pending, tikka());
        as(otherOwner).body(tikka()).post("/restaurants/{r}/menu/items", pending).then().statusCode(404);

        String admin = Api.adminToken();
        as(admin).body(Map.of("decision", "REJECT", "reason", "No licence"))
                .post("/admin/restaurants/{id}/verification", pending).then().statusCode(200);
        as(owner).body(tikka()).post("/restaurants/{r}/menu/items", pending)
                .then().statusCode(409).body("type", equalTo("/problems/restaurant-not-editable"));
    }

    @Test
    void thePublicMenuIsGroupedFilteredAndOnlyForActiveRestaurants() {
        String owner = Api.newUser("RESTAURANT_OWNER");
        String id = Api.register(owner);
        addDish(owner, id, tikka());
        addDish(owner, id, dish("Paneer Tikka", "Starters", "VEG", 250));
        Map<String, Object> soldOut = dish("Dal Makhani", "Main Course", "VEG", "199.5");
        soldOut.put("isAvailable", false);
        addDish(owner, id, soldOut);

        given().get("/restaurants/{r}/menu", id).then().statusCode(404);
        as(owner).get("/restaurants/{r}/menu", id).then().statusCode(200);
        Api.approve(id);

        given().get("/restaurants/{r}/menu", id)
                .then().statusCode(200)
                .body("restaurantId", equalTo(id))
                .body("categories.name", equalTo(List.of("Main Course", "Starters")))
                .body("categories[0].items.name", equalTo(List.of("Chicken Tikka Masala", "Dal Makhani")))
                .body("categories[0].items[1].price", equalTo(199.50f))
                .body("categories[0].items[1].isAvailable", equalTo(false))
                .body("categories[1].items[0].thumbnailUrl", nullValue());
        given().get("/restaurants/{r}/menu?type=VEG", id)
                .then().statusCode(200).body("categories.items.flatten().name",
                        equalTo(List.of("Dal Makhani", "Paneer Tikka")));
        given().get("/restaurants/{r}/menu?type=VEG&available=true", id)
                .then().statusCode(200).body("categories.items.flatten().name", equalTo(List.of("Paneer Tikka")));
        given().get("/restaurants/{r}/menu?type=VEGAN", id).then().statusCode(400);
        given().get("/restaurants/{r}/menu?available=maybe", id).then().statusCode(400);
        given().get("/restaurants/{r}/menu", UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void everyChangeIsVisibleInTheNextReadAndEtagsRevalidate() {
        String[] r = Api.activeRestaurant();
        String id = addDish(r[0], r[1], tikka());

        Response first = given().get("/restaurants/{r}/menu", r[1]);
        String etag = first.header("ETag");
        assertNotNull(etag);
        given().header("If-None-Match", etag).get("/restaurants/{r}/menu", r[1]).then().statusCode(304);

        as(r[0]).body(Map.of("isAvailable", false)).patch("/restaurants/{r}/menu/items/{i}/availability", r[1], id)
                .then().statusCode(200);
        given().header("If-None-Match", etag).get("/restaurants/{r}/menu", r[1])
                .then().statusCode(200).header("ETag", not(equalTo(etag)))
                .body("categories[0].items[0].isAvailable", equalTo(false));

        as(r[0]).body(dish("Naan", "Breads", "VEG", 40)).post("/restaurants/{r}/menu/items", r[1]);
        given().get("/restaurants/{r}/menu", r[1]).then().body("categories.name", hasItem("Breads"));

        as(r[0]).delete("/restaurants/{r}/menu/items/{i}", r[1], id).then().statusCode(204);
        given().get("/restaurants/{r}/menu", r[1]).then().body("categories.name", not(hasItem("Main Course")));

        // A change of the restaurant itself invalidates its menu too.
        as(Api.adminToken()).body(Map.of("reason", "Closed for renovation"))
                .post("/admin/restaurants/{id}/deactivate", r[1]).then().statusCode(200);
        given().get("/restaurants/{r}/menu", r[1]).then().statusCode(404);
    }

    @Test
    void changesPublishMenuEventsKeyedByRestaurant() {
        String[] r = Api.activeRestaurant();
        String id = addDish(r[0], r[1], tikka());
        as(r[0]).body(Map.of("price", 360)).put("/restaurants/{r}/menu/items/{i}", r[1], id).then().statusCode(200);
        as(r[0]).body(Map.of("isAvailable", false)).patch("/restaurants/{r}/menu/items/{i}/availability", r[1], id);
        as(r[0]).delete("/restaurants/{r}/menu/items/{i}", r[1], id).then().statusCode(204);

        List<String> types = QuarkusTransaction.requiringNew().call(() -> OutboxEvent.<OutboxEvent>list(
                "aggregateType = 'menu' and aggregateId = ?1 order by seq", UUID.fromString(r[1]))
                .stream().map(e -> e.type).toList());
        assertEquals(List.of("org.dabba.menu.item.created", "org.dabba.menu.item.updated",
                "org.dabba.menu.item.availability.changed", "org.dabba.menu.item.deleted"), types);
    }

    private static String path(String url) {
        return url.substring(url.indexOf("/media/"));
    }
}
