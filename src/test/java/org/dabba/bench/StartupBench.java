package org.dabba.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Start-up and memory of the packaged app with the zero-config default (embedded PostgreSQL and Redis) on a data
 * folder already initialised: the time from launching {@code java -jar target/quarkus-app/quarkus-run.jar} to the
 * first 200 from {@code /q/health/ready} over several starts (p50 and max), how much of it the embedded servers
 * take (from the app's log), and the app's resident memory (VmRSS) after a journey: customers ordering the whole
 * way (cart, checkout, payment, the restaurant's screen, accept, a courier's offer) for a while. Each set of JVM
 * options is measured in the same run; results also go to {@code target/bench/startup.json}. Rerun:
 *
 * <pre>
 * ./mvnw -q -DskipTests package -Dquarkus.package.jar.appcds.enabled=true && \
 * ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.dabba.bench.StartupBench
 * </pre>
 */
public final class StartupBench {

    static final int STARTS = Integer.getInteger("bench.starts", 5);
    static final double JOURNEY_S = Double.parseDouble(System.getProperty("bench.journey-seconds", "20"));
    static final int CUSTOMERS = Integer.getInteger("bench.customers", 8);
    static final Path ARCHIVE = Path.of("target/quarkus-app/app-cds.jsa");
    static final Pattern POSTGRES = Pattern.compile("Embedded PostgreSQL up on \\S+ \\(data in [^)]*\\) in (\\d+) ms");
    static final Pattern REDIS = Pattern.compile("Embedded Redis up on \\S+ in (\\d+) ms");
    static final Pattern QUARKUS = Pattern.compile("started in (\\d+\\.\\d+)s");

    private StartupBench() {
    }

    record Variant(String name, List<String> jvmOptions) {
    }

    public static void main(String[] args) throws Exception {
        Path data = Files.createTempDirectory("dabba-bench-startup");
        String loadBefore = BenchReport.loadBeforeRun();
        System.out.printf("Start-up benchmark on %d cores, %s, data in %s, load average %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), data, loadBefore);
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant("java -jar, no options", List.of()));
        if (Files.exists(ARCHIVE)) {
            // Relative to the app's folder, where BenchApp starts it.
            variants.add(new Variant("AppCDS archive", List.of("-XX:SharedArchiveFile=" + ARCHIVE.getFileName())));
        } else {
            System.out.println("No " + ARCHIVE + ": package with -Dquarkus.package.jar.appcds.enabled=true to measure it");
        }
        // More sets of options, separated by ';', each on top of the last set above.
        List<String> base = variants.get(variants.size() - 1).jvmOptions();
        for (String extra : System.getProperty("bench.startup-options", "").split(";")) {
            if (!extra.isBlank()) {
                List<String> options = new ArrayList<>(base);
                options.addAll(List.of(extra.strip().split("\\s+")));
                variants.add(new Variant(String.join(" ", options), options));
            }
        }
        // Quick sign-ups, Quarkus's start-up line in the log, and a short graceful stop between the starts.
        Map<String, String> props = Map.of("dabba.identity.bcrypt-cost", "4",
                "quarkus.log.category.\"io.quarkus\".level", "INFO", "camel.main.shutdown-timeout", "2");

        // The first start initialises the data folder (the database cluster, the key pair, the schema): not counted.
        try (BenchApp first = BenchApp.start(data, props, List.of())) {
            System.out.printf("first start (initialises the data folder): %d ms%n", first.startToReadyMs);
        }
        ArrayNode results = Http.JSON.createArrayNode();
        List<String> lines = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Variant v : variants) {
            long[] ready = new long[STARTS];
            long[] postgres = new long[STARTS];
            long[] redis = new long[STARTS];
            double[] quarkus = new double[STARTS];
            Map<String, Long> memory = Map.of();
            int orders = 0;
            for (int i = 0; i < STARTS; i++) {
                try (BenchApp app = BenchApp.start(data, props, v.jvmOptions())) {
                    ready[i] = app.startToReadyMs;
                    String log = Files.readString(app.log);
                    postgres[i] = find(POSTGRES, log).map(Long::parseLong).orElse(-1L);
                    redis[i] = find(REDIS, log).map(Long::parseLong).orElse(-1L);
                    quarkus[i] = find(QUARKUS, log).map(Double::parseDouble).orElse(Double.NaN);
                    System.out.printf("%-40s start %d: ready in %5d ms (PostgreSQL %d ms, Redis %d ms, Quarkus "
                            + "'started in' %.3f s)%n", v.name(), i + 1, ready[i], postgres[i], redis[i], quarkus[i]);
                    if (i == STARTS - 1) {
                        orders = journey(app.baseUrl);
                        Thread.sleep(2000);
                        memory = memory(app.pid(), data);
                        System.out.printf("%-40s after the journey (%d orders): %s%n", v.name(), orders, memory);
                    }
                }
            }
            long[] sorted = ready.clone();
            Arrays.sort(sorted);
            long p50 = sorted[(STARTS - 1) / 2];
            long max = sorted[STARTS - 1];
            long pgP50 = median(postgres);
            long redisP50 = median(redis);
            lines.add(String.format("%-40s ready p50 %5d ms, max %5d ms (embedded PostgreSQL p50 %d ms, Redis p50 %d ms)"
                    + "; after %d orders: app RSS %d MiB (peak %d MiB), PostgreSQL+Redis RSS %d MiB", v.name(), p50,
                    max, pgP50, redisP50, orders, memory.getOrDefault("VmRSS", -1L) / 1024,
                    memory.getOrDefault("VmHWM", -1L) / 1024, memory.getOrDefault("serversRSS", -1L) / 1024));
            ObjectNode r = results.addObject();
            r.put("what", v.name()).put("readyP50Ms", p50).put("readyMaxMs", max).put("postgresP50Ms", pgP50)
                    .put("redisP50Ms", redisP50).put("journeyOrders", orders)
                    .put("rssMiB", memory.getOrDefault("VmRSS", -1L) / 1024)
                    .put("peakRssMiB", memory.getOrDefault("VmHWM", -1L) / 1024)
                    .put("serversRssMiB", memory.getOrDefault("serversRSS", -1L) / 1024);
            notes.add(String.format("%s: %s; ready after (ms) %s", v.name(), v.jvmOptions().isEmpty() ? "no JVM options"
                    : "JVM options " + String.join(" ", v.jvmOptions()),
                    Arrays.toString(ready)));
        }
        lines.add("load average before " + loadBefore + ", after " + CartBench.loadAverage());
        System.out.println();
        lines.forEach(System.out::println);
        notes.add(String.format("%d starts each on a warm data folder; journey: %d customers ordering for %.0f s",
                STARTS, CUSTOMERS, JOURNEY_S));
        ObjectNode json = BenchReport.header("startup", loadBefore);
        json.put("journeySeconds", JOURNEY_S).put("customers", CUSTOMERS).set("rows", results);
        ArrayNode text = json.putArray("notes");
        notes.forEach(text::add);
        BenchReport.save("startup", json);
    }

    /**
     * Customers ordering the whole way at one restaurant with its dashboard open and couriers online, for
     * {@code bench.journey-seconds}; returns the orders that reached the restaurant's screen.
     */
    static int journey(String base) throws Exception {
        String ws = base.replace("http://", "ws://");
        Map<String, AtomicInteger> newOrders = new ConcurrentHashMap<>();
        Map<String, CompletableFuture<Long>> onScreen = new ConcurrentHashMap<>();
        Map<String, CompletableFuture<Long>> offers = new ConcurrentHashMap<>();
        List<OrderBench.Trip> trips = new CopyOnWriteArrayList<>();
        List<WebSocket> sockets = new ArrayList<>();
        String owner = Http.newUser(base, "RESTAURANT_OWNER");
        String id = OrderBench.restaurant(base, owner, (int) (System.nanoTime() % 1000), OrderBench.LAT,
                OrderBench.LONG);
        String dish = Http.send("POST", base + "/restaurants/" + id + "/menu/items", owner,
                Map.of("name", "Bench thali", "price", "250.00", "category", "Mains", "type", "VEG"), 201)
                .path("id").asText();
        OrderBench.Restaurant r = new OrderBench.Restaurant(id, owner, dish, OrderBench.LAT, OrderBench.LONG);
        sockets.add(Http.CLIENT.newWebSocketBuilder().buildAsync(URI.create(ws + "/ws/restaurants/" + id
                + "/orders?access_token=" + URLEncoder.encode(owner, StandardCharsets.UTF_8)),
                new OrderBench.Dashboard(newOrders, onScreen)).join());
        for (int c = 0; c < 4; c++) {
            String courier = Http.newUser(base, "COURIER");
            Http.send("PUT", base + "/couriers/me/availability", courier, Map.of("status", "AVAILABLE"), 200);
            WebSocket socket = Http.CLIENT.newWebSocketBuilder().buildAsync(URI.create(ws
                    + "/ws/couriers/me?access_token=" + URLEncoder.encode(courier, StandardCharsets.UTF_8)),
                    new OrderBench.CourierSocket(offers, new java.util.concurrent.CopyOnWriteArrayList<>())).join();
            socket.sendText(CourierBench.location(OrderBench.LAT + 0.001 * c, OrderBench.LONG), true).join();
            sockets.add(socket);
        }
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            customers.add(Http.newUser(base, "CUSTOMER"));
        }
        long stopAt = System.nanoTime() + (long) (JOURNEY_S * 1e9);
        List<Thread> clients = new ArrayList<>();
        for (String customer : customers) {
            Thread client = new Thread(() -> {
                while (System.nanoTime() < stopAt) {
                    try {
                        // The customer looks the restaurant up and reads its menu, then orders.
                        Http.send("GET", base + "/restaurants/" + id + "/menu", customer, null, 200);
                        OrderBench.order(base, customer, r, onScreen, offers, trips);
                    } catch (Exception e) {
                        // an order without a courier's offer within its wait still reached the screen: counted below
                    }
                }
            });
            client.start();
            clients.add(client);
        }
        for (Thread client : clients) {
            client.join();
        }
        sockets.forEach(WebSocket::abort);
        return newOrders.size();
    }

    /** The app's VmRSS and VmHWM in KiB, and the resident memory of its embedded servers' processes summed. */
    static Map<String, Long> memory(long pid, Path data) throws Exception {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:") || line.startsWith("VmHWM:")) {
                m.put(line.substring(0, 5), Long.parseLong(line.replaceAll("\\D", "")));
            }
        }
        long servers = 0;
        List<ProcessHandle> processes = new ArrayList<>(ProcessHandle.of(pid).orElseThrow().descendants().toList());
        // PostgreSQL runs detached from the app: its postmaster and backends (shared buffers count in each).
        long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postgres/postmaster.pid")).get(0).strip());
        ProcessHandle.of(postmaster).ifPresent(p -> {
            processes.add(p);
            processes.addAll(p.descendants().toList());
        });
        for (ProcessHandle child : processes.stream().distinct().toList()) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + child.pid() + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        servers += Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
            } catch (Exception gone) {
                // a short-lived child
            }
        }
        m.put("serversRSS", servers);
        return m;
    }

    static java.util.Optional<String> find(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
    }

    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(sorted.length - 1) / 2];
    }
}
