package org.dabba.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Courier benchmark: location updates per second sent over 1,000 courier WebSockets and processed (the last
 * update of every courier visible in Redis), offer latency (the restaurant's accept answered → the first offer on
 * a courier's socket; the outbox relays right after the commit) p50/p99, and the raw Redis GEOADD and
 * GEOSEARCH rates measured in the same run. Runs the packaged app as a user does (bcrypt cost 4 so that 1,000
 * sign-ups are quick; stale-after 10 min so that couriers stay offerable between phases). Rerun:
 * {@code ./mvnw -q -DskipTests package && ./mvnw -q -o test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.dabba.bench.CourierBench}
 */
public final class CourierBench {

    static final int COURIERS = 1000;
    static final int SENDERS = 8;
    static final double MEASURE_S = 15;
    static final int OFFER_SAMPLES = 30;
    static final double LAT = 17.385;
    static final double LONG = 78.4867;

    /** A courier's socket, and when offers arrived on it (order id → nanoTime of the first). */
    static final class Courier implements WebSocket.Listener {
        final String token;
        WebSocket socket;
        final Map<String, Long> offers;

        Courier(String token, Map<String, Long> offers) {
            this.token = token;
            this.offers = offers;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            String text = data.toString();
            if (text.contains("\"type\":\"offer\"")) {
                long now = System.nanoTime();
                int i = text.indexOf("\"orderId\":\"") + 11;
                offers.putIfAbsent(text.substring(i, i + 36), now);
            }
            webSocket.request(1);
            return null;
        }
    }

    public static void main(String[] args) throws Exception {
        Path data = Files.createTempDirectory("dabba-bench-courier");
        System.out.printf("Courier benchmark on %d cores, %s, data in %s, load average %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), data,
                CartBench.loadAverage());
        List<String> lines = new ArrayList<>();
        try (BenchApp app = BenchApp.start(data, Map.of("dabba.identity.bcrypt-cost", "4",
                "dabba.delivery.stale-after", "PT10M"))) {
            String base = app.baseUrl;
            String ws = base.replace("http://", "ws://");
            Map<String, Long> offers = new ConcurrentHashMap<>();
            Random random = new Random(42);
            List<Courier> couriers = new ArrayList<>();
            for (int i = 0; i < COURIERS; i++) {
                Courier c = new Courier(Http.newUser(base, "COURIER"), offers);
                Http.send("PUT", base + "/couriers/me/availability", c.token, Map.of("status", "AVAILABLE"), 200);
                c.socket = Http.CLIENT.newWebSocketBuilder().buildAsync(URI.create(ws + "/ws/couriers/me?access_token="
                        + URLEncoder.encode(c.token, StandardCharsets.UTF_8)), c).join();
                couriers.add(c);
            }
            System.out.printf("%d couriers connected%n", COURIERS);

            // Location updates: SENDERS threads, each owning a slice of the sockets, round-robin, as fast as the
            // sockets take them; then a marker update each, and the clock stops when Redis shows every marker.
            AtomicLong sent = new AtomicLong();
            long start = System.nanoTime();
            long stopAt = start + (long) (MEASURE_S * 1e9);
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < SENDERS; t++) {
                List<Courier> mine = couriers.subList(t * COURIERS / SENDERS, (t + 1) * COURIERS / SENDERS);
                Thread sender = new Thread(() -> {
                    Random r = new Random(mine.hashCode());
                    List<CompletableFuture<WebSocket>> pending = new ArrayList<>();
                    while (System.nanoTime() < stopAt) {
                        pending.clear();
                        for (Courier c : mine) {
                            pending.add(c.socket.sendText(location(LAT + (r.nextDouble() - 0.5) * 0.08,
                                    LONG + (r.nextDouble() - 0.5) * 0.08), true));
                        }
                        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
                        sent.addAndGet(mine.size());
                    }
                    for (Courier c : mine) {
                        c.socket.sendText(location(LAT + 0.001, LONG + 0.001), true).join();
                    }
                });
                sender.start();
                senders.add(sender);
            }
            for (Thread sender : senders) {
                sender.join();
            }
            long total = sent.get() + COURIERS;
            List<String> ids = couriers.stream().map(c -> {
                try {
                    return CartBench.subject(c.token).toString();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
            String marker = String.valueOf(LAT + 0.001);
            int seen = 0;
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            try (RawRedis redis = new RawRedis(app.redisPort())) {
                for (String id : ids) {
                    while (!marker.equals(text(redis.call("HGET", "dabba:courier:" + id, "lat")))
                            && System.nanoTime() < giveUp) {
                        Thread.sleep(1);
                    }
                    if (marker.equals(text(redis.call("HGET", "dabba:courier:" + id, "lat")))) {
                        seen++;
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            lines.add(String.format("location updates over %d sockets: %d sent in %.1f s = %.0f/s; last update "
                    + "visible in Redis for %d of %d couriers", COURIERS, total, seconds, total / seconds, seen,
                    COURIERS));

            // Offer latency: paid orders of one restaurant amid the couriers; its accept → the first offer.
            String owner = Http.newUser(base, "RESTAURANT_OWNER");
            String restaurantId = CartBench.onlineRestaurant(base, owner);
            String dish = Http.send("POST", base + "/restaurants/" + restaurantId + "/menu/items", owner,
                    Map.of("name", "Bench thali", "price", "250.00", "category", "Mains", "type", "VEG"), 201)
                    .path("id").asText();
            double[] latencies = new double[OFFER_SAMPLES];
            for (int i = 0; i < OFFER_SAMPLES; i++) {
                String orderId = paidOrder(base, restaurantId, dish);
                Http.send("POST", base + "/restaurants/" + restaurantId + "/orders/" + orderId + "/accept", owner,
                        null, 200);
                long accepted = System.nanoTime();
                long deadline = accepted + TimeUnit.SECONDS.toNanos(30);
                while (!offers.containsKey(orderId) && System.nanoTime() < deadline) {
                    Thread.sleep(0, 200_000);
                }
                Long arrived = offers.get(orderId);
                if (arrived == null) {
                    throw new IllegalStateException("No offer of " + orderId + " within 30 s");
                }
                latencies[i] = (arrived - accepted) / 1e6;
            }
            Arrays.sort(latencies);
            lines.add(String.format("offer latency (accept answered → first offer on a socket), %d orders: p50 %.1f ms, "
                    + "p99 %.1f ms, max %.1f ms", OFFER_SAMPLES, latencies[OFFER_SAMPLES / 2],
                    latencies[(int) Math.ceil(OFFER_SAMPLES * 0.99) - 1], latencies[OFFER_SAMPLES - 1]));
            couriers.forEach(c -> c.socket.abort());

            // Raw Redis beside it: GEOADD into a set as large, GEOSEARCH 5 km, nearest 53, as matching asks.
            ThreadLocal<RawRedis> connections = ThreadLocal.withInitial(() -> {
                try {
                    return new RawRedis(app.redisPort());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            ThreadLocal<Random> r = ThreadLocal.withInitial(Random::new);
            List<LoadDriver.Result> raw = new ArrayList<>();
            raw.add(LoadDriver.run("raw Redis GEOADD", 16, 3, 10, () -> connections.get().call("GEOADD",
                    "bench:couriers", String.valueOf(LONG + (r.get().nextDouble() - 0.5) * 0.08),
                    String.valueOf(LAT + (r.get().nextDouble() - 0.5) * 0.08), "c" + r.get().nextInt(COURIERS)) != null));
            raw.add(LoadDriver.run("raw Redis GEOSEARCH 5 km, 53 nearest", 16, 3, 10, () -> {
                connections.get().call("GEOSEARCH", "bench:couriers", "FROMLONLAT", String.valueOf(LONG),
                        String.valueOf(LAT), "BYRADIUS", "5", "km", "ASC", "COUNT", "53", "WITHDIST");
                return true;
            }));
            raw.forEach(x -> lines.add(x.toString()));
        }
        System.out.println();
        lines.forEach(System.out::println);
        System.out.printf("load average now %s%n", CartBench.loadAverage());
    }

    static String location(double lat, double lon) {
        return "{\"type\":\"location\",\"lat\":" + lat + ",\"long\":" + lon + "}";
    }

    static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** A fresh customer's paid order of 1 × the dish, through cart, checkout and the sandbox. */
    static String paidOrder(String base, String restaurantId, String dish) throws Exception {
        String customer = Http.newUser(base, "CUSTOMER");
        String cartId = Http.send("PUT", base + "/carts/items", customer,
                Map.of("restaurantId", restaurantId, "itemId", dish, "quantity", 1), 201).path("cartId").asText();
        HttpRequest checkout = HttpRequest.newBuilder(URI.create(base + "/orders/checkout"))
                .header("Authorization", "Bearer " + customer).header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(Http.JSON.writeValueAsString(Map.of("cartId", cartId,
                        "paymentMethod", "CARD", "deliveryAddress", Map.of("street", "1 Banjara Hills Rd",
                                "city", "Hyderabad", "zipCode", "500034", "latitude", 17.395, "longitude", 78.4867)))))
                .build();
        var order = Http.JSON.readTree(Http.CLIENT.send(checkout, HttpResponse.BodyHandlers.ofString()).body());
        String orderId = order.path("orderId").asText();
        HttpRequest pay = HttpRequest.newBuilder(URI.create(base + "/sandbox/stripe/v1/payment_intents/"
                        + order.path("paymentIntentId").asText() + "/confirm"))
                .header("Authorization", "Bearer sk_test_dabba_sandbox")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("payment_method=pm_card_visa")).build();
        Http.CLIENT.send(pay, HttpResponse.BodyHandlers.discarding());
        for (int i = 0; i < 300; i++) {
            if ("PENDING_RESTAURANT_ACCEPTANCE".equals(Http.send("GET", base + "/orders/" + orderId + "/status",
                    customer, null, 200).path("status").asText())) {
                return orderId;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("Order " + orderId + " was not paid within 15 s");
    }
}
