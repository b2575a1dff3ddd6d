package org.dabba.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dabba.testing.KafkaBroker;
import org.dabba.testing.TwoInstances;

/**
 * Order pipeline benchmark: {@value #CLIENTS} customers in a closed loop, each order going the whole way a real one
 * goes: cart, checkout, the payment sandbox's confirm (which sends the signed webhook), the order paid, its
 * {@code order.new} on the restaurant's dashboard socket (one socket per restaurant, open before the load, which
 * answers {@code seen} as the dashboard page does), the owner's accept, and the first courier offer on a courier's
 * socket (couriers online around every restaurant). Reports paid orders/s over a measured window after a warm-up,
 * p50/p99 of every stage and of checkout → the restaurant's screen, then checks every order: seen on its dashboard
 * exactly once, its status past paid, one order row per checkout. Beside it, in the same run, the raw engines: a
 * PostgreSQL insert + commit of an outbox-like row over JDBC and a Redis PUBLISH round trip. Writes
 * {@code target/bench/order.json}. Runs the packaged app with the zero-config default, as a user does, or with
 * {@code -Dbench.profile=prod} on the prod profile, every event through a Kafka broker (the order topic in
 * {@value #ORDER_PARTITIONS} partitions; beside it a raw Kafka send; {@code target/bench/order-kafka.json}). Rerun:
 * {@code ./mvnw -q -DskipTests package && ./mvnw -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.dabba.bench.OrderBench} (JFR of the app: {@code -Dbench.app-jvm-args=-XX:StartFlightRecording=...}).
 */
public final class OrderBench {

    static final int CLIENTS = Integer.getInteger("bench.clients", 16);
    /** The raw engines' connections: the app's own pools are about this size, whatever the number of customers. */
    static final int RAW_CLIENTS = 16;
    static final int RESTAURANTS = 8;
    static final int ORDER_PARTITIONS = 12;
    static final int COURIERS_PER_RESTAURANT = 4;
    static final double WARMUP_S = Double.parseDouble(System.getProperty("bench.warmup-seconds", "20"));
    static final double MEASURE_S = Double.parseDouble(System.getProperty("bench.measure-seconds", "40"));
    static final long STAGE_TIMEOUT_MS = 30_000;
    static final double LAT = 17.385;
    static final double LONG = 78.4867;

    /** One order's clock (nanoTime; 0 while not reached). */
    static final class Trip {
        final String orderId;
        final String restaurant;
        long checkoutSent;
        long checkoutAnswered;
        long confirmAnswered;
        volatile long onScreen;
        long acceptSent;
        long acceptAnswered;
        volatile long offered;

        Trip(String orderId, String restaurant) {
            this.orderId = orderId;
            this.restaurant = restaurant;
        }
    }

    /**
     * A socket listener that reads each message once whole: the JDK client may deliver one in parts, and a listener
     * that throws has its socket closed by the client.
     */
    abstract static class WholeMessages implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        /** One whole message, with the time its last part arrived. */
        abstract void onMessage(WebSocket socket, JsonNode message, long receivedAt);

        /** A message that is not JSON. */
        void unreadable(Exception e) {
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            long now = System.nanoTime();
            partial.append(data);
            if (last) {
                try {
                    onMessage(socket, Http.JSON.readTree(partial.toString()), now);
                } catch (Exception e) {
                    unreadable(e);
                }
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }
    }

    /** The restaurant's dashboard: counts each order.new, says seen, and wakes the client waiting for it. */
    static final class Dashboard extends WholeMessages {
        final Map<String, AtomicInteger> newOrders;
        final Map<String, CompletableFuture<Long>> waiting;

        Dashboard(Map<String, AtomicInteger> newOrders, Map<String, CompletableFuture<Long>> waiting) {
            this.newOrders = newOrders;
            this.waiting = waiting;
        }

        @Override
        void onMessage(WebSocket socket, JsonNode m, long receivedAt) {
            // Other messages are not orders; the checks at the end find what went missing.
            if ("order.new".equals(m.path("type").asText())) {
                String id = m.path("order").path("orderId").asText();
                newOrders.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                waiting.computeIfAbsent(id, k -> new CompletableFuture<>()).complete(receivedAt);
                socket.sendText("{\"type\":\"seen\",\"orderId\":\"" + id + "\"}", true);
            }
        }
    }

    /** A courier's socket: the first offer of each order wakes the client waiting for it. */
    static final class CourierSocket extends WholeMessages {
        final Map<String, CompletableFuture<Long>> offers;
        final List<String> closes;

        CourierSocket(Map<String, CompletableFuture<Long>> offers, List<String> closes) {
            this.offers = offers;
            this.closes = closes;
        }

        @Override
        void onMessage(WebSocket socket, JsonNode m, long receivedAt) {
            if ("offer".equals(m.path("type").asText())) {
                offers.computeIfAbsent(m.path("orderId").asText(), k -> new CompletableFuture<>()).complete(receivedAt);
            }
        }

        @Override
        void unreadable(Exception e) {
            closes.add("unreadable message: " + e);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
            closes.add(status + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closes.add(error.toString());
        }
    }

    record Restaurant(String id, String owner, String dish, double lat, double lon) {
    }

    /**
     * CPU time used so far, in ms: the whole machine's (all cores, /proc/stat), the app's JVM and this driver's JVM
     * (/proc/pid/stat); the rest is PostgreSQL, Redis, Kafka and anything else on the machine. Linux only (zeros
     * elsewhere).
     */
    record Cpu(double machineMs, double appMs, double driverMs) {
        /** Linux's USER_HZ: /proc counts CPU time in ticks of 10 ms. */
        static final double TICK_MS = 10;

        static Cpu now(long appPid) {
            try {
                String[] all = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long busy = 0;
                // user nice system (idle iowait) irq softirq steal
                for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                    busy += Long.parseLong(all[i]);
                }
                return new Cpu(busy * TICK_MS, process(appPid), process(ProcessHandle.current().pid()));
            } catch (Exception e) {
                return new Cpu(0, 0, 0);
            }
        }

        private static double process(long pid) throws java.io.IOException {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // After the command's closing parenthesis: state is field 3, utime and stime fields 14 and 15.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_MS;
        }

        Cpu since(Cpu start) {
            return new Cpu(machineMs - start.machineMs, appMs - start.appMs, driverMs - start.driverMs);
        }
    }

    /**
     * Where the app keeps its state and sends its events: the zero-config default's embedded servers (their ports
     * read from the app's log once it runs), or the prod profile's PostgreSQL, Redis and Kafka, started here before it.
     */
    record Engines(String jdbcUrl, String user, String password, int redisPort, String kafka) {

        static Engines embedded(BenchApp app) throws Exception {
            return new Engines("jdbc:postgresql://127.0.0.1:" + app.postgresPort() + "/postgres", "postgres",
                    "postgres", app.redisPort(), null);
        }

        static Engines of(Map<String, String> settings) {
            return new Engines(settings.get("quarkus.datasource.jdbc.url"), settings.get("quarkus.datasource.username"),
                    settings.get("quarkus.datasource.password"),
                    URI.create(settings.get("quarkus.redis.hosts")).getPort(), settings.get("KAFKA_BOOTSTRAP_SERVERS"));
        }

        Connection connect() throws java.sql.SQLException {
            return DriverManager.getConnection(jdbcUrl, user, password);
        }
    }

    /**
     * The prod profile on real servers from Maven artifacts (as the prod-profile ITs run it): PostgreSQL and Redis,
     * a Kafka broker for every event, a database of the run's own; search on a local Lucene index and media in local
     * files (neither is on an order's way), payments through the Stripe-compatible sandbox (Stripe is out of reach).
     */
    static Map<String, String> prodSettings() {
        // The order topic as docs/scaling.md sizes it, made up front as an operator would.
        TwoInstances.topic(KafkaBroker.shared().bootstrapServers(), TwoInstances.ORDER_TOPIC, ORDER_PARTITIONS);
        String adminPassword = "order-bench-admin-" + UUID.randomUUID();
        Map<String, String> settings = new TwoInstances("order-bench", "dabba_order_bench_" + System.currentTimeMillis(),
                adminPassword).instanceA();
        settings.remove("quarkus.http.test-port");
        settings.put("quarkus.profile", "prod");
        settings.put("quarkus.http.host", "127.0.0.1");
        Http.adminPassword = adminPassword;
        return settings;
    }

    public static void main(String[] args) throws Exception {
        // -Dbench.profile=prod: the same loop on the prod profile, every event through Kafka.
        boolean prod = "prod".equals(System.getProperty("bench.profile", "default"));
        String benchmark = prod ? "order-kafka" : "order";
        Path data = Files.createTempDirectory("dabba-bench-order");
        Map<String, String> settings = new LinkedHashMap<>(prod ? prodSettings() : Map.of());
        // Only what a benchmark needs beside the profile: bcrypt cost 4 so that the sign-ups are quick.
        settings.put("dabba.identity.bcrypt-cost", "4");
        String loadBefore = BenchReport.loadBeforeRun();
        System.out.printf("Order pipeline benchmark (%s) on %d cores, %s, data in %s, load average %s%n",
                prod ? "prod profile, events through Kafka at " + settings.get("KAFKA_BOOTSTRAP_SERVERS")
                        : "zero-config default", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), data, loadBefore);
        Map<String, AtomicInteger> newOrders = new ConcurrentHashMap<>();
        Map<String, CompletableFuture<Long>> onScreen = new ConcurrentHashMap<>();
        Map<String, CompletableFuture<Long>> offers = new ConcurrentHashMap<>();
        List<Trip> trips = new CopyOnWriteArrayList<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        List<String> courierCloses = new CopyOnWriteArrayList<>();
        ObjectNode json = Http.JSON.createObjectNode();
        try (BenchApp app = BenchApp.start(data, settings)) {
            Engines engines = prod ? Engines.of(settings) : Engines.embedded(app);
            String base = app.baseUrl;
            String ws = base.replace("http://", "ws://");

            // Restaurants a few km apart, each with its dashboard open and couriers online around it.
            List<Restaurant> restaurants = new ArrayList<>();
            List<WebSocket> sockets = new ArrayList<>();
            List<Runnable> positions = new ArrayList<>();
            Random random = new Random(42);
            for (int i = 0; i < RESTAURANTS; i++) {
                double lat = LAT + 0.02 * (i % 4);
                double lon = LONG + 0.03 * (i / 4);
                String owner = Http.newUser(base, "RESTAURANT_OWNER");
                String id = restaurant(base, owner, i, lat, lon);
                String dish = Http.send("POST", base + "/restaurants/" + id + "/menu/items", owner,
                        Map.of("name", "Bench thali", "price", "250.00", "category", "Mains", "type", "VEG"), 201)
                        .path("id").asText();
                restaurants.add(new Restaurant(id, owner, dish, lat, lon));
                sockets.add(Http.CLIENT.newWebSocketBuilder().buildAsync(URI.create(ws + "/ws/restaurants/" + id
                        + "/orders?access_token=" + URLEncoder.encode(owner, StandardCharsets.UTF_8)),
                        new Dashboard(newOrders, onScreen)).join());
                for (int c = 0; c < COURIERS_PER_RESTAURANT; c++) {
                    String courier = Http.newUser(base, "COURIER");
                    Http.send("PUT", base + "/couriers/me/availability", courier, Map.of("status", "AVAILABLE"), 200);
                    WebSocket socket = Http.CLIENT.newWebSocketBuilder().buildAsync(URI.create(ws
                            + "/ws/couriers/me?access_token=" + URLEncoder.encode(courier, StandardCharsets.UTF_8)),
                            new CourierSocket(offers, courierCloses)).join();
                    sockets.add(socket);
                    double clat = lat + (random.nextDouble() - 0.5) * 0.01;
                    double clon = lon + (random.nextDouble() - 0.5) * 0.01;
                    // Waiting at the restaurant, a metre this way or that: a new fix each time, as a phone sends.
                    AtomicInteger beats = new AtomicInteger();
                    positions.add(() -> {
                        try {
                            socket.sendText(CourierBench.location(clat + (beats.incrementAndGet() % 2) * 0.00001,
                                    clon), true).join();
                        } catch (RuntimeException e) {
                            courierCloses.add("position not sent: " + e);
                        }
                    });
                }
            }
            // A courier's position goes stale after a minute without a new one: they keep telling where they are.
            positions.forEach(Runnable::run);
            ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor();
            beat.scheduleAtFixedRate(() -> positions.forEach(Runnable::run), 15, 15, TimeUnit.SECONDS);
            Thread.sleep(1000);
            System.out.printf("%d restaurants with their dashboards open, %d couriers online%n", RESTAURANTS,
                    RESTAURANTS * COURIERS_PER_RESTAURANT);

            List<String> customers = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                customers.add(Http.newUser(base, "CUSTOMER"));
            }
            long start = System.nanoTime();
            long measureFrom = start + (long) (WARMUP_S * 1e9);
            long stopAt = measureFrom + (long) (MEASURE_S * 1e9);
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                String customer = customers.get(c);
                Restaurant r = restaurants.get(c % RESTAURANTS);
                Thread client = new Thread(() -> {
                    while (System.nanoTime() < stopAt) {
                        try {
                            order(base, customer, r, onScreen, offers, trips);
                        } catch (Exception e) {
                            failures.add(String.format("%s after %.0f s, restaurant %d", e, (System.nanoTime()
                                    - start) / 1e9, restaurants.indexOf(r)));
                            if (failures.size() > 50) {
                                return;
                            }
                        }
                    }
                }, "customer-" + c);
                client.start();
                clients.add(client);
            }
            // The CPU the measured window cost, to say what one paid order costs the machine.
            CompletableFuture<Cpu> windowCpu = CompletableFuture.supplyAsync(() -> {
                sleepUntil(measureFrom);
                Cpu from = Cpu.now(app.pid());
                sleepUntil(stopAt);
                return Cpu.now(app.pid()).since(from);
            });
            for (Thread client : clients) {
                client.join();
            }
            Cpu cpu = windowCpu.join();
            beat.shutdownNow();
            String loadAfterLoad = CartBench.loadAverage();

            // Every order checked: on its dashboard exactly once, past paid, one row per checkout.
            Thread.sleep(2000);
            int lost = 0;
            int duplicated = 0;
            int notPastPaid = 0;
            Set<String> past = Set.of("ACCEPTED", "IN_PREPARATION", "OUT_FOR_DELIVERY", "DELIVERED");
            Map<String, Integer> rowsPerCart = new LinkedHashMap<>();
            int orderRows;
            try (Connection db = engines.connect()) {
                try (var rs = db.createStatement().executeQuery("select id::text, status, cart_id::text from orders")) {
                    Map<String, String> status = new LinkedHashMap<>();
                    while (rs.next()) {
                        status.put(rs.getString(1), rs.getString(2));
                        rowsPerCart.merge(rs.getString(3), 1, Integer::sum);
                    }
                    orderRows = status.size();
                    for (Trip t : trips) {
                        int seen = newOrders.getOrDefault(t.orderId, new AtomicInteger()).get();
                        if (seen == 0) {
                            lost++;
                        } else if (seen > 1) {
                            duplicated++;
                        }
                        if (!past.contains(status.get(t.orderId))) {
                            notPastPaid++;
                        }
                    }
                }
            }
            int stray = (int) newOrders.keySet().stream().filter(id -> trips.stream()
                    .noneMatch(t -> t.orderId.equals(id))).count();
            // A checkout placed twice would be two orders of one cart.
            int cartsOrderedTwice = (int) rowsPerCart.values().stream().filter(n -> n > 1).count();

            // The raw engines beside it, measured on the app's own PostgreSQL, Redis (and Kafka).
            List<LoadDriver.Result> raw = rawEngines(engines);
            sockets.forEach(WebSocket::abort);

            long measured = trips.stream().filter(t -> t.onScreen >= measureFrom && t.onScreen < stopAt).count();
            double rate = measured / MEASURE_S;
            List<Trip> window = trips.stream().filter(t -> t.checkoutSent >= measureFrom).toList();
            // The measured window as two runs in a row, each half of it: do they agree?
            long half = measureFrom + (long) (MEASURE_S / 2 * 1e9);
            double[] runRates = {
                trips.stream().filter(t -> t.onScreen >= measureFrom && t.onScreen < half).count() / (MEASURE_S / 2),
                trips.stream().filter(t -> t.onScreen >= half && t.onScreen < stopAt).count() / (MEASURE_S / 2) };
            List<List<Trip>> runs = List.of(window.stream().filter(t -> t.checkoutSent < half).toList(),
                    window.stream().filter(t -> t.checkoutSent >= half).toList());
            Map<String, Span> spans = new LinkedHashMap<>();
            spans.put("checkout response", t -> t.checkoutAnswered - t.checkoutSent);
            spans.put("sandbox confirm response (sends the signed webhook)", t -> t.confirmAnswered - t.checkoutAnswered);
            spans.put("checkout answered -> paid order.new on the dashboard socket", t -> t.onScreen - t.checkoutAnswered);
            spans.put("confirm answered -> order.new on the dashboard socket", t -> t.onScreen - t.confirmAnswered);
            spans.put("accept response", t -> t.acceptAnswered - t.acceptSent);
            spans.put("accept answered -> first offer on a courier socket", t -> t.offered - t.acceptAnswered);
            spans.put("WHOLE: checkout sent -> restaurant's screen", t -> t.onScreen - t.checkoutSent);
            spans.put("WHOLE: checkout sent -> courier offer", t -> t.offered - t.checkoutSent);
            Map<String, double[]> stages = new LinkedHashMap<>();
            spans.forEach((name, span) -> stages.put(name, ms(window, span)));
            boolean runsAgree = Math.abs(runRates[0] - runRates[1]) <= LoadDriver.AGREE * Math.max(runRates[0],
                    runRates[1]);
            List<String> lines = new ArrayList<>();
            lines.add(String.format("paid orders seen on the restaurant's screen: %d in the %.0f s measured window "
                    + "after %.0f s warm-up = %.1f paid orders/s (%d clients, %d orders in all)", measured, MEASURE_S,
                    WARMUP_S, rate, CLIENTS, trips.size()));
            lines.add(String.format("two runs in a row (each half of the window): %.1f and %.1f paid orders/s, %s",
                    runRates[0], runRates[1], runsAgree ? "within 15 % of each other"
                            : "more than 15 % apart"));
            double cores = Runtime.getRuntime().availableProcessors();
            double others = cpu.machineMs() - cpu.appMs() - cpu.driverMs();
            if (cpu.machineMs() > 0 && measured > 0) {
                lines.add(String.format("CPU per paid order in the measured window: %.0f ms of the machine's (%.0f %% "
                        + "of its %d cores busy) = the app %.0f ms + the load driver %.0f ms + PostgreSQL, Redis%s and "
                        + "the rest %.0f ms; at this cost %d cores carry at most %.0f paid orders/s",
                        cpu.machineMs() / measured, 100 * cpu.machineMs() / (MEASURE_S * 1000 * cores), (int) cores,
                        cpu.appMs() / measured, cpu.driverMs() / measured, prod ? ", Kafka" : "", others / measured,
                        (int) cores, cores * 1000 / (cpu.machineMs() / measured)));
                json.putObject("cpuPerPaidOrderMs").put("machine", cpu.machineMs() / measured)
                        .put("app", cpu.appMs() / measured).put("driver", cpu.driverMs() / measured)
                        .put("others", others / measured);
            }
            ObjectNode stageJson = json.putObject("stages");
            stages.forEach((name, v) -> {
                lines.add(String.format("%-62s n=%5d  p50=%8.1f ms  p99=%8.1f ms  max=%8.1f ms", name, v.length,
                        pct(v, 0.5), pct(v, 0.99), pct(v, 1.0)));
                ObjectNode stage = stageJson.putObject(name).put("n", v.length).put("p50Ms", pct(v, 0.5))
                        .put("p99Ms", pct(v, 0.99)).put("maxMs", pct(v, 1.0));
                for (int r = 0; r < runs.size(); r++) {
                    double[] inRun = ms(runs.get(r), spans.get(name));
                    stage.put("run" + (r + 1), String.format("%.1f ms / %.1f ms", pct(inRun, 0.5), pct(inRun, 0.99)));
                }
            });
            lines.add(String.format("checks: %d orders, lost %d, duplicated on a dashboard %d, not past paid %d, "
                    + "order rows %d (of %d checkouts), carts ordered twice %d, order.new of unknown orders %d, failed "
                    + "iterations %d", trips.size(), lost, duplicated, notPastPaid, orderRows, trips.size(),
                    cartsOrderedTwice, stray, failures.size()));
            failures.stream().limit(30).forEach(f -> lines.add("  failure: " + f));
            lines.add(String.format("courier sockets closed, failed or unreadable during the run: %d", courierCloses.size()));
            courierCloses.stream().limit(10).forEach(c -> lines.add("  courier socket: " + c));
            raw.forEach(x -> lines.add(x.toString()));
            String loadAfter = CartBench.loadAverage();
            lines.add("load average before " + loadBefore + ", at the end of the load " + loadAfterLoad + ", after "
                    + loadAfter);
            System.out.println();
            lines.forEach(System.out::println);

            json.put("benchmark", benchmark).put("profile", prod ? "prod" : "default").put("date", Instant.now().toString())
                    .put("cores", Runtime.getRuntime().availableProcessors())
                    .put("java", System.getProperty("java.version")).put("clients", CLIENTS)
                    .put("restaurants", RESTAURANTS).put("couriers", RESTAURANTS * COURIERS_PER_RESTAURANT)
                    .put("warmupSeconds", WARMUP_S).put("measureSeconds", MEASURE_S)
                    .put("paidOrdersPerSecond", rate).put("ordersMeasured", measured).put("orders", trips.size())
                    .put("lost", lost).put("duplicated", duplicated).put("notPastPaid", notPastPaid)
                    .put("orderRows", orderRows).put("cartsOrderedTwice", cartsOrderedTwice).put("strayNewOrders", stray).put("failures", failures.size())
                    .put("loadAverageBefore", loadBefore).put("loadAverageAfter", loadAfter);
            json.put("paidOrdersPerSecondRun1", runRates[0]).put("paidOrdersPerSecondRun2", runRates[1])
                    .put("runsAgree", runsAgree);
            // The lines the report shows under the table: the throughput, its two runs and the checks.
            ArrayNode notes = json.putArray("notes");
            lines.stream().filter(l -> l.startsWith("paid orders") || l.startsWith("two runs") || l.startsWith("CPU")
                    || l.startsWith("checks:") || l.startsWith("courier sockets")).forEach(notes::add);
            ObjectNode rawJson = json.putObject("raw");
            raw.forEach(x -> rawJson.putObject(x.name()).put("threads", x.threads()).put("p50Ms", x.p50Ms())
                    .put("p99Ms", x.p99Ms()).put("opsPerSecond", x.throughput()));
            Files.createDirectories(Path.of("target/bench"));
            Path result = Path.of("target/bench/" + benchmark + ".json");
            Files.writeString(result, Http.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
            System.out.println("written " + result);
        }
    }

    /** One order the whole way; throws when a stage fails or does not come. */
    static void order(String base, String customer, Restaurant r, Map<String, CompletableFuture<Long>> onScreen,
            Map<String, CompletableFuture<Long>> offers, List<Trip> trips) throws Exception {
        String cartId = cart(base, customer, r);
        long checkoutSent = System.nanoTime();
        HttpRequest checkout = HttpRequest.newBuilder(URI.create(base + "/orders/checkout"))
                .header("Authorization", "Bearer " + customer).header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(Http.JSON.writeValueAsString(Map.of("cartId", cartId,
                        "paymentMethod", "CARD", "deliveryAddress", Map.of("street", "1 Banjara Hills Rd",
                                "city", "Hyderabad", "zipCode", "500034", "latitude", r.lat() + 0.01,
                                "longitude", r.lon()))))).build();
        HttpResponse<String> placed = Http.CLIENT.send(checkout, HttpResponse.BodyHandlers.ofString());
        long checkoutAnswered = System.nanoTime();
        if (placed.statusCode() != 201) {
            throw new IllegalStateException("checkout answered " + placed.statusCode() + ": " + placed.body());
        }
        JsonNode order = Http.JSON.readTree(placed.body());
        Trip t = new Trip(order.path("orderId").asText(), r.id());
        t.checkoutSent = checkoutSent;
        t.checkoutAnswered = checkoutAnswered;
        trips.add(t); // from here on it is checked at the end, whatever happens to it
        CompletableFuture<Long> screen = onScreen.computeIfAbsent(t.orderId, k -> new CompletableFuture<>());
        HttpRequest pay = HttpRequest.newBuilder(URI.create(base + "/sandbox/stripe/v1/payment_intents/"
                        + order.path("paymentIntentId").asText() + "/confirm"))
                .header("Authorization", "Bearer sk_test_dabba_sandbox")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("payment_method=pm_card_visa")).build();
        int paid = Http.status(pay);
        t.confirmAnswered = System.nanoTime();
        if (paid != 200) {
            throw new IllegalStateException("sandbox confirm answered " + paid);
        }
        t.onScreen = within(screen, "order.new of order " + t.orderId);
        CompletableFuture<Long> offer = offers.computeIfAbsent(t.orderId, k -> new CompletableFuture<>());
        t.acceptSent = System.nanoTime();
        Http.send("POST", base + "/restaurants/" + r.id() + "/orders/" + t.orderId + "/accept", r.owner(), null, 200);
        t.acceptAnswered = System.nanoTime();
        t.offered = within(offer, "courier offer of order " + t.orderId);
    }

    static void sleepUntil(long nanoTime) {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** When the stage came; a stage that does not come within the timeout fails the order, saying which. */
    static long within(CompletableFuture<Long> stage, String what) throws Exception {
        try {
            return stage.get(STAGE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException("no " + what + " within " + STAGE_TIMEOUT_MS / 1000 + " s");
        }
    }

    /** A new cart of 1 × the dish; the customer's last cart may still be held by its order's payment a moment. */
    static String cart(String base, String customer, Restaurant r) throws Exception {
        String body = Http.JSON.writeValueAsString(Map.of("restaurantId", r.id(), "itemId", r.dish(), "quantity", 1));
        HttpResponse<String> put = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            put = Http.CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/carts/items"))
                    .header("Authorization", "Bearer " + customer).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (put.statusCode() == 201) {
                return Http.JSON.readTree(put.body()).path("cartId").asText();
            }
            if (put.statusCode() != 409) {
                break;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("PUT /carts/items answered " + put.statusCode() + ": " + put.body());
    }

    /** An approved restaurant at (lat, long), ONLINE. */
    static String restaurant(String base, String owner, int n, double lat, double lon) throws Exception {
        Map<String, Object> restaurant = Map.of("name", "Bench Order Kitchen " + n,
                "address", Map.of("street", n + " Bench Rd", "city", "Hyderabad", "zipCode", "500001",
                        "latitude", lat, "longitude", lon),
                "contact", Map.of("email", "order-bench-" + n + "@example.com", "phone", "+9198000000" + (10 + n)),
                "licenseNumber", "ORDER-BENCH-" + n + "-" + System.nanoTime());
        String id = Http.send("POST", base + "/restaurants", owner, restaurant, 201).path("id").asText();
        String admin = Http.login(base, "admin@dabba.local", Http.adminPassword);
        Http.send("POST", base + "/admin/restaurants/" + id + "/verification", admin, Map.of("decision", "APPROVE"), 200);
        Http.send("PATCH", base + "/restaurants/" + id + "/status", owner, Map.of("status", "ONLINE"), 200);
        return id;
    }

    /**
     * PostgreSQL: insert + commit of an outbox-like row (jsonb payload); Redis: PUBLISH of a dashboard-sized message;
     * Kafka (prod): a send of an order event, waiting for the broker's ack as the outbox relay does.
     */
    static List<LoadDriver.Result> rawEngines(Engines engines) throws Exception {
        try (Connection db = engines.connect()) {
            db.createStatement().execute("create table if not exists bench_outbox (like outbox_events including all)");
        }
        ThreadLocal<PreparedStatement> inserts = ThreadLocal.withInitial(() -> {
            try {
                Connection c = engines.connect();
                return c.prepareStatement("insert into bench_outbox (id, aggregate_type, aggregate_id, type, payload, "
                        + "created_at) values (?, 'order', ?, 'org.dabba.order.payment.success', ?::jsonb, now())");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        String payload = "{\"orderId\":\"" + UUID.randomUUID() + "\",\"restaurantId\":\"" + UUID.randomUUID()
                + "\",\"status\":\"PENDING_RESTAURANT_ACCEPTANCE\",\"total\":\"262.50\",\"currency\":\"INR\"}";
        ThreadLocal<RawRedis> redis = ThreadLocal.withInitial(() -> {
            try {
                return new RawRedis(engines.redisPort());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        String message = "{\"type\":\"order.new\",\"order\":" + payload + "}";
        List<LoadDriver.Result> raw = new ArrayList<>();
        raw.add(LoadDriver.run("raw PostgreSQL insert+commit of an outbox row", RAW_CLIENTS, 3, 10, () -> {
            PreparedStatement s = inserts.get();
            s.setObject(1, UUID.randomUUID());
            s.setObject(2, UUID.randomUUID());
            s.setString(3, payload);
            return s.executeUpdate() == 1; // autocommit: one commit per row, as one order's event
        }));
        raw.add(LoadDriver.run("raw Redis PUBLISH of a dashboard message", RAW_CLIENTS, 3, 10,
                () -> redis.get().call("PUBLISH", "bench:dashboard", message) != null));
        if (engines.kafka() != null) {
            Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, engines.kafka(),
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                    StringSerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            TwoInstances.topic(engines.kafka(), "bench.order-events", 1);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
                raw.add(LoadDriver.run("raw Kafka send of an order event (acks=all)", RAW_CLIENTS, 3, 10,
                        () -> producer.send(new ProducerRecord<>("bench.order-events", UUID.randomUUID().toString(),
                                payload)).get() != null));
            }
        }
        return raw;
    }

    interface Span {
        long of(Trip t);
    }

    static double[] ms(List<Trip> trips, Span span) {
        return trips.stream().mapToLong(span::of).filter(n -> n > 0).mapToDouble(n -> n / 1e6).sorted().toArray();
    }

    static double pct(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.max(0, Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1))];
    }
}
