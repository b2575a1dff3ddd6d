package org.dabba.bench;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cart benchmark: add-to-cart ({@code PUT /carts/items}, each one changing a line of the customer's own cart
 * of up to 10 lines) and {@code GET /carts/me} from 16 concurrent customers through the API, next to the raw
 * Redis round trips measured in the same run: a GET of such a cart, and the very cart script the app runs
 * (EVALSHA, same arguments). Runs the packaged app as a user does. Rerun:
 * {@code ./mvnw -q -DskipTests package && ./mvnw -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.dabba.bench.CartBench}
 */
public final class CartBench {

    static final int CLIENTS = 16;
    static final int DISHES = 10;
    static final double WARMUP_S = 5;
    static final double MEASURE_S = 20;

    /** One customer per client thread: carts are per user, so this measures the app, not one user's queue. */
    record Customer(String token, UUID userId) {
    }

    public static void main(String[] args) throws Exception {
        Path data = Files.createTempDirectory("dabba-bench-cart");
        String loadBefore = BenchReport.loadBeforeRun();
        System.out.printf("Cart benchmark on %d cores, %s, data in %s, load average %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), data, loadAverage());
        List<LoadDriver.Result> results = new ArrayList<>();
        try (BenchApp app = BenchApp.start(data, Map.of())) {
            String base = app.baseUrl;
            String owner = Http.newUser(base, "RESTAURANT_OWNER");
            String restaurantId = onlineRestaurant(base, owner);
            List<String> dishes = new ArrayList<>();
            List<String> prices = new ArrayList<>();
            for (int i = 0; i < DISHES; i++) {
                String price = String.format("%d.%02d", 90 + 17 * i, (37 * i) % 100);
                dishes.add(Http.send("POST", base + "/restaurants/" + restaurantId + "/menu/items", owner,
                        Map.of("name", "Bench dish " + i, "price", price, "category", "Mains", "type", "VEG"), 201)
                        .path("id").asText());
                prices.add(price);
            }
            List<Customer> customers = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                String token = Http.newUser(base, "CUSTOMER");
                customers.add(new Customer(token, subject(token)));
            }

            AtomicInteger nextCustomer = new AtomicInteger();
            ThreadLocal<Customer> customer = ThreadLocal.withInitial(
                    () -> customers.get(nextCustomer.getAndIncrement() % CLIENTS));
            ThreadLocal<int[]> counter = ThreadLocal.withInitial(() -> new int[1]);
            String putUrl = base + "/carts/items";
            results.add(LoadDriver.run("PUT /carts/items (add or change a line)", CLIENTS, WARMUP_S, MEASURE_S, () -> {
                int n = counter.get()[0]++;
                Map<String, Object> body = Map.of("restaurantId", restaurantId, "itemId", dishes.get(n % DISHES),
                        "quantity", 1 + (n / DISHES) % 5);
                HttpRequest put = HttpRequest.newBuilder(URI.create(putUrl))
                        .header("Authorization", "Bearer " + customer.get().token())
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(Http.JSON.writeValueAsString(body))).build();
                int status = Http.CLIENT.send(put, HttpResponse.BodyHandlers.discarding()).statusCode();
                return status == 200 || status == 201;
            }));
            results.add(LoadDriver.run("GET /carts/me", CLIENTS, WARMUP_S, MEASURE_S, () -> {
                HttpRequest get = HttpRequest.newBuilder(URI.create(base + "/carts/me"))
                        .header("Authorization", "Bearer " + customer.get().token()).build();
                return Http.status(get) == 200;
            }));

            // The same work straight on the app's Redis, over 16 connections, one cart per connection.
            String script = script();
            // The app's add also confirms the restaurant's menu generation in the same script run.
            String menuGenerationKey = "dabba:menu:" + restaurantId + ":generation";
            String menuGeneration;
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(script.getBytes(StandardCharsets.UTF_8)));
            try (RawRedis probe = new RawRedis(app.redisPort())) {
                probe.call("SCRIPT", "LOAD", script);
                byte[] cart = probe.call("GET", "dabba:cart:user:" + customers.get(0).userId());
                System.out.printf("a cart of %d lines: %d bytes of JSON%n", DISHES, cart.length);
                byte[] generation = probe.call("GET", menuGenerationKey);
                menuGeneration = generation == null ? "0" : new String(generation, StandardCharsets.UTF_8);
            }
            ThreadLocal<RawRedis> connections = ThreadLocal.withInitial(() -> {
                try {
                    return new RawRedis(app.redisPort());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            results.add(LoadDriver.run("raw Redis GET of a 10-line cart", CLIENTS, WARMUP_S, MEASURE_S,
                    () -> connections.get().call("GET", "dabba:cart:user:" + customer.get().userId()) != null));
            long ttlMs = 7L * 24 * 3600 * 1000;
            String generation = menuGeneration;
            results.add(LoadDriver.run("raw Redis EVALSHA of the cart script (put)", CLIENTS, WARMUP_S, MEASURE_S,
                    () -> {
                        int n = counter.get()[0]++;
                        int dish = n % DISHES;
                        Customer c = customer.get();
                        // The argument layout documented at the top of redis/cart.lua.
                        String line = Http.JSON.writeValueAsString(Map.of("itemId", dishes.get(dish),
                                "name", "Bench dish " + dish, "unitPrice", prices.get(dish),
                                "quantity", 1 + (n / DISHES) % 5));
                        byte[] outcome = connections.get().call("EVALSHA", sha, "2", "dabba:cart:user:" + c.userId(),
                                menuGenerationKey, "put", Instant.now().toString(), String.valueOf(ttlMs),
                                "dabba:cart:id:", c.userId().toString(), restaurantId, UUID.randomUUID().toString(),
                                "INR", "0", line, "100", generation);
                        String answer = outcome == null ? "" : new String(outcome, StandardCharsets.UTF_8);
                        // "unchanged" when a line is put again as it is, as the API's 200 counts too.
                        return answer.equals("updated") || answer.equals("unchanged");
                    }));
        }
        System.out.println();
        results.forEach(System.out::println);
        LoadDriver.Result put = results.get(0);
        LoadDriver.Result script = results.get(3);
        String ratio = String.format("API PUT / raw script: p50 %.1fx, p99 %.1fx, throughput %.2fx",
                put.p50Ms() / script.p50Ms(), put.p99Ms() / script.p99Ms(), put.throughput() / script.throughput());
        System.out.printf("%n%s; load average now %s%n", ratio, loadAverage());
        BenchReport.write("cart", loadBefore, results, List.of(ratio));
    }

    /** An approved restaurant, ONLINE. */
    static String onlineRestaurant(String base, String owner) throws Exception {
        Map<String, Object> restaurant = Map.of("name", "Bench Cart Kitchen",
                "address", Map.of("street", "1 Bench Rd", "city", "Hyderabad", "zipCode", "500001",
                        "latitude", 17.385, "longitude", 78.4867),
                "contact", Map.of("email", "cart-bench@example.com", "phone", "+919800000001"),
                "licenseNumber", "CART-BENCH-" + System.nanoTime());
        String id = Http.send("POST", base + "/restaurants", owner, restaurant, 201).path("id").asText();
        String admin = Http.login(base, "admin@dabba.local", Http.adminPassword);
        Http.send("POST", base + "/admin/restaurants/" + id + "/verification", admin, Map.of("decision", "APPROVE"), 200);
        Http.send("PATCH", base + "/restaurants/" + id + "/status", owner, Map.of("status", "ONLINE"), 200);
        return id;
    }

    static UUID subject(String token) throws Exception {
        byte[] payload = Base64.getUrlDecoder().decode(token.split("\\.")[1]);
        return UUID.fromString(Http.JSON.readTree(payload).path("sub").asText());
    }

    static String script() throws Exception {
        try (InputStream in = CartBench.class.getResourceAsStream("/redis/cart.lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
