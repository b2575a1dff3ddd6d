package org.dabba.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.dabba.media.PhotoProcessor;
import org.dabba.media.MediaService;
import org.dabba.media.UploadedImage;
import org.dabba.testing.Images;

/**
 * Menu benchmark: the public-menu GET (100 dishes, 16 concurrent clients) with a warm Redis cache and with the
 * cache bypassed, next to the raw Redis GET of the same cached bytes; then dish photos per second through the
 * API and through the pipeline alone. Runs the packaged app as a user does. Rerun:
 * {@code ./mvnw -q -DskipTests package && ./mvnw -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.dabba.bench.MenuBench}
 */
public final class MenuBench {

    static final int CLIENTS = 16;
    static final double WARMUP_S = 5;
    static final double MEASURE_S = 20;

    public static void main(String[] args) throws Exception {
        Path data = Files.createTempDirectory("dabba-bench-menu");
        String loadBefore = BenchReport.loadBeforeRun();
        System.out.printf("Menu benchmark on %d cores, %s, data in %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), data);
        List<LoadDriver.Result> results = new ArrayList<>();
        String restaurantId;
        try (BenchApp app = BenchApp.start(data, Map.of())) {
            String owner = Http.newUser(app.baseUrl, "RESTAURANT_OWNER");
            restaurantId = seedRestaurant(app.baseUrl, owner);
            String menuUrl = app.baseUrl + "/restaurants/" + restaurantId + "/menu";
            HttpRequest get = HttpRequest.newBuilder(URI.create(menuUrl)).build();
            results.add(LoadDriver.run("GET menu, 100 dishes, warm Redis cache", CLIENTS, WARMUP_S, MEASURE_S,
                    () -> Http.status(get) == 200));

            try (RawRedis probe = new RawRedis(app.redisPort())) {
                byte[] generation = probe.call("GET", "dabba:menu:" + restaurantId + ":generation");
                String key = "dabba:menu:" + restaurantId + ":" + (generation == null ? "0" : new String(generation))
                        + ":all-any";
                System.out.printf("cached menu: %d bytes%n", probe.call("GET", key).length);
                ThreadLocal<RawRedis> connections = ThreadLocal.withInitial(() -> {
                    try {
                        return new RawRedis(app.redisPort());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                results.add(LoadDriver.run("raw Redis GET of the cached menu", CLIENTS, WARMUP_S, MEASURE_S,
                        () -> connections.get().call("GET", key) != null));
            }

            results.add(photosThroughTheApi(app.baseUrl, owner, restaurantId));
        }
        try (BenchApp bypass = BenchApp.start(data, Map.of("dabba.menu.cache-enabled", "false"))) {
            HttpRequest get = HttpRequest.newBuilder(URI.create(bypass.baseUrl + "/restaurants/" + restaurantId + "/menu"))
                    .build();
            results.add(LoadDriver.run("GET menu, 100 dishes, cache bypassed (DB)", CLIENTS, WARMUP_S, MEASURE_S,
                    () -> Http.status(get) == 200));
        }
        results.addAll(pipelineAlone());
        System.out.println();
        results.forEach(System.out::println);
        BenchReport.write("menu", loadBefore, results, List.of());
    }

    /** An approved restaurant with 100 dishes in 10 categories. */
    static String seedRestaurant(String base, String owner) throws Exception {
        Map<String, Object> restaurant = Map.of("name", "Bench Biryani House",
                "address", Map.of("street", "1 Bench Rd", "city", "Hyderabad", "zipCode", "500001",
                        "latitude", 17.385, "longitude", 78.4867),
                "contact", Map.of("email", "bench@example.com", "phone", "+919800000000"),
                "licenseNumber", "BENCH-" + System.nanoTime());
        String id = Http.send("POST", base + "/restaurants", owner, restaurant, 201).path("id").asText();
        String admin = Http.login(base, "admin@dabba.local", Http.adminPassword);
        Http.send("POST", base + "/admin/restaurants/" + id + "/verification", admin, Map.of("decision", "APPROVE"), 200);
        for (int i = 0; i < 100; i++) {
            Map<String, Object> dish = new HashMap<>();
            dish.put("name", "Dish " + i + " Hyderabadi special");
            dish.put("description", "Slow-cooked with saffron, mint and fried onions; serves one. Number " + i);
            dish.put("price", String.format("%d.%02d", 100 + i * 7, i % 100));
            dish.put("category", "Category " + (i % 10));
            dish.put("type", i % 3 == 0 ? "VEG" : "NON_VEG");
            Http.send("POST", base + "/restaurants/" + id + "/menu/items", owner, dish, 201);
        }
        return id;
    }

    static final int[][] PHOTO_SIZES = { { 2000, 1400 }, { 2600, 1800 }, { 3000, 2200 } };

    private static List<byte[]> photos;

    static synchronized List<byte[]> photos() {
        if (photos != null) {
            return photos;
        }
        photos = new ArrayList<>();
        for (int i = 0; i < PHOTO_SIZES.length; i++) {
            photos.add(Images.noisyJpeg(PHOTO_SIZES[i][0], PHOTO_SIZES[i][1], i));
        }
        photos.forEach(p -> System.out.printf("photo: %.2f MB%n", p.length / 1e6));
        return photos;
    }

    static LoadDriver.Result photosThroughTheApi(String base, String owner, String restaurantId) throws Exception {
        List<String> encoded = photos().stream().map(Images::base64).toList();
        AtomicInteger next = new AtomicInteger();
        String url = base + "/restaurants/" + restaurantId + "/menu/items";
        return LoadDriver.run("POST dish with a 1-3 MB photo (API, 4 clients)", 4, 5, 20, () -> {
            int n = next.incrementAndGet();
            Map<String, Object> dish = Map.of("name", "Photo dish " + n, "price", 99, "category", "Photos",
                    "type", "VEG", "imageUrl", encoded.get(n % encoded.size()));
            JsonNode created = Http.send("POST", url, owner, dish, 201);
            return created.hasNonNull("thumbnailUrl");
        });
    }

    static List<LoadDriver.Result> pipelineAlone() throws Exception {
        List<UploadedImage> images = photos().stream()
                .map(p -> UploadedImage.decode(Images.base64(p), "imageUrl", MediaService.LIMITS)).toList();
        AtomicInteger next = new AtomicInteger();
        List<LoadDriver.Result> results = new ArrayList<>();
        for (int threads : new int[] { 1, Runtime.getRuntime().availableProcessors() }) {
            results.add(LoadDriver.run("render 1024+256 JPEGs (pipeline alone)", threads, 5, 15, () ->
                    PhotoProcessor.render(images.get(next.incrementAndGet() % images.size()), "imageUrl", 0.8f,
                            1024, 256).size() == 2));
        }
        return results;
    }
}
