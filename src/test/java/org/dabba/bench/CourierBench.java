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
 * {@code ./mvnw -q -DskipTests package && ./mvnw -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.dabba.bench.CourierBench}
 *
 * <p>Unpaced ({@code -Dbench.unpaced-seconds=60}): instead of the phases above, every socket sends positions as fast
 * as it can (the next as soon as the last is written) for that long, with the per-socket location rate out of the
 * way, while a prober asks for health and a search; then every courier's last position must show in Redis, and
 * what the app counted (stored, coalesced, dropped, implausible), the probes' p50/p99 and the app's heap are
 * printed. What it shows: sending faster than the app stores fills no heap; the newest position of each courier wins.
 */
public final class CourierBench {

    static final int COURIERS = 1000;
    static final int SENDERS = 8;
    static final double MEASURE_S = 15;
    static final int OFFER_SAMPLES = 30;
    static final double LAT = 17.385;
    static final double LONG = 78.4867;
    static final double UNPACED_S = Double.parseDouble(System.getProperty("bench.unpaced-seconds", "0"));

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
        String loadBefore = BenchReport.loadBeforeRun();
        System.out.printf("Courier benchmark on %d cores, %s, data in %s, load average %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), data, loadBefore);
        List<String> lines = new ArrayList<>();
        // The paced phases send random points of an 8 km square: no courier could ride that, so the plausibility
        // check is out of their way; the unpaced mode rides (steps of 10 cm) and keeps it.
        try (BenchApp app = BenchApp.start(data, Map.of("dabba.identity.bcrypt-cost", "4",
                "dabba.delivery.stale-after", "PT10M", "dabba.delivery.max-plausible-speed-kmh",
                UNPACED_S > 0 ? "200" : "100000000"))) {
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
            if (UNPACED_S > 0) {
                lines.addAll(unpaced(app, couriers));
                couriers.forEach(c -> c.socket.abort());
                System.out.println();
                lines.forEach(System.out::println);
                System.out.printf("load average now %s%n", CartBench.loadAverage());
                BenchReport.write("courier-unpaced", loadBefore, List.of(), lines);
                return;
            }

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
        BenchReport.write("courier", loadBefore, List.of(), lines);
    }

    /** Every socket as fast as it can for {@link #UNPACED_S}; the figures as lines. */
    static List<String> unpaced(BenchApp app, List<Courier> couriers) throws Exception {
        String base = app.baseUrl;
        AtomicLong sent = new AtomicLong();
        AtomicLong failedSends = new AtomicLong();
        long start = System.nanoTime();
        long stopAt = start + (long) (UNPACED_S * 1e9);
        java.util.concurrent.ExecutorService pumps = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        Random random = new Random(7);
        List<double[]> positions = new ArrayList<>();
        for (Courier c : couriers) {
            // A courier riding: steps of about 10 cm from a spot of its own, so no position is an implausible jump.
            double[] at = { LAT + (random.nextDouble() - 0.5) * 0.08, LONG + (random.nextDouble() - 0.5) * 0.08 };
            positions.add(at);
            CompletableFuture<Void> finished = new CompletableFuture<>();
            done.add(finished);
            pump(c, at, stopAt, sent, failedSends, finished, pumps);
        }
        // Meanwhile: what everyone else gets (health, a search), and the app's heap.
        List<Double> health = new ArrayList<>();
        List<Double> search = new ArrayList<>();
        Map<Integer, Integer> searchStatus = new java.util.TreeMap<>();
        double maxHeapMiB = 0;
        long nextHeap = 0;
        while (System.nanoTime() < stopAt) {
            health.add(timed(base + "/q/health/ready", null));
            Map<Integer, Integer> status = new java.util.HashMap<>();
            search.add(timed(base + "/search/restaurants?lat=" + LAT + "&long=" + LONG, status));
            status.forEach((k, v) -> searchStatus.merge(k, v, Integer::sum));
            if (System.nanoTime() > nextHeap) {
                maxHeapMiB = Math.max(maxHeapMiB, heapMiB(app.metricsUrl));
                nextHeap = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            }
            Thread.sleep(200);
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        pumps.shutdown();

        // The last word of every courier: a marker each; the clock stops when Redis shows them all.
        long markers = System.nanoTime();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < couriers.size(); i++) {
            double[] at = positions.get(i);
            at[0] += 0.00001;
            expected.add(String.valueOf(at[0]));
            couriers.get(i).socket.sendText(location(at[0], at[1]), true).join();
        }
        int seen = 0;
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (RawRedis redis = new RawRedis(app.redisPort())) {
            for (int i = 0; i < couriers.size(); i++) {
                Courier c = couriers.get(i);
                String marker = expected.get(i);
                String key = "dabba:courier:" + CartBench.subject(c.token);
                while (!marker.equals(text(redis.call("HGET", key, "lat"))) && System.nanoTime() < giveUp) {
                    Thread.sleep(1);
                }
                if (marker.equals(text(redis.call("HGET", key, "lat")))) {
                    seen++;
                }
            }
        }
        double markersMs = (System.nanoTime() - markers) / 1e6;
        String metrics = Http.CLIENT.send(HttpRequest.newBuilder(URI.create(app.metricsUrl)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        List<String> lines = new ArrayList<>();
        lines.add(String.format("unpaced, %d sockets for %.0f s: %d positions sent (%.0f/s), %d sends failed",
                couriers.size(), seconds, sent.get(), sent.get() / seconds, failedSends.get()));
        lines.add(String.format("app counted: stored %.0f, coalesced %.0f, dropped %.0f, implausible %.0f, "
                + "failed %.0f; HTTP refused (503) %.0f; slow sockets closed %.0f",
                metric(metrics, "dabba_courier_positions_total", "stored"),
                metric(metrics, "dabba_courier_positions_total", "coalesced"),
                metric(metrics, "dabba_courier_positions_total", "dropped"),
                metric(metrics, "dabba_courier_positions_total", "implausible"),
                metric(metrics, "dabba_courier_positions_total", "failed"),
                metric(metrics, "dabba_http_overloaded_total", null),
                metric(metrics, "dabba_sockets_slow_readers_total", null)));
        lines.add(String.format("last position of every courier in Redis: %d of %d, all within %.0f ms of the markers",
                seen, couriers.size(), markersMs));
        lines.add(String.format("during the flood, GET /q/health/ready (%d): p50 %.1f ms, p99 %.1f ms; "
                + "GET /search/restaurants (%d, status %s): p50 %.1f ms, p99 %.1f ms", health.size(),
                percentile(health, 0.5), percentile(health, 0.99), search.size(), searchStatus,
                percentile(search, 0.5), percentile(search, 0.99)));
        lines.add(String.format("app heap used (-Xmx1g): at most %.0f MiB sampled during the flood, %.0f MiB after; "
                + "OutOfMemoryError in its log: %s", maxHeapMiB, heapMiB(app.metricsUrl),
                Files.readString(app.log).contains("OutOfMemoryError")));
        return lines;
    }

    private static void pump(Courier c, double[] at, long stopAt, AtomicLong sent, AtomicLong failed,
            CompletableFuture<Void> finished, java.util.concurrent.Executor executor) {
        if (System.nanoTime() >= stopAt) {
            finished.complete(null);
            return;
        }
        at[0] += 0.000001;
        c.socket.sendText(location(at[0], at[1]), true).whenCompleteAsync((ws, e) -> {
            if (e != null) {
                failed.incrementAndGet();
                finished.complete(null);
                return;
            }
            sent.incrementAndGet();
            pump(c, at, stopAt, sent, failed, finished, executor);
        }, executor);
    }

    /** The prober's own client: the sockets' client has one selector thread, busy pumping, that would delay it. */
    private static final java.net.http.HttpClient PROBES = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1).build();

    /** ms for one GET; counts its status in {@code statuses} when given. */
    private static double timed(String url, Map<Integer, Integer> statuses) throws Exception {
        long t = System.nanoTime();
        int status = PROBES.send(HttpRequest.newBuilder(URI.create(url)).timeout(java.time.Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (statuses != null) {
            statuses.merge(status, 1, Integer::sum);
        }
        return (System.nanoTime() - t) / 1e6;
    }

    private static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * p) - 1));
    }

    private static double heapMiB(String metricsUrl) throws Exception {
        String metrics = PROBES.send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double bytes = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                bytes += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return bytes / (1024 * 1024);
    }

    /** A counter's value in Prometheus text (summed over its series, or the one with {@code outcome}). */
    private static double metric(String metrics, String name, String outcome) {
        double sum = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                if (outcome == null || line.contains("outcome=\"" + outcome + "\"")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return sum;
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
