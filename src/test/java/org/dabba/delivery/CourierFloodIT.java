package org.dabba.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.dabba.testing.GenerousLimits;
import org.dabba.testing.LocalApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Couriers sending positions faster than the app can store them, at a small heap (the packaged jar at -Xmx256m,
 * the per-socket location rate out of the way): the app stays alive and keeps answering everyone else (health, a
 * login, a search) during and after the flood, and never runs out of heap.
 */
class CourierFloodIT {

    static final int COURIERS = 100;
    static final Duration FLOOD = Duration.ofSeconds(30);
    /** Slow is allowed (the flood's driver shares the app's 2 cores); hanging, failing or dying is not. */
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);
    static final String PASSWORD = "flood-password";
    static final ObjectMapper JSON = new ObjectMapper();

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** The couriers' sockets on a client of their own: its one selector thread, busy pumping, would delay probes. */
    final HttpClient sockets = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    LocalApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aFloodOfPositionsAtASmallHeapLeavesTheAppAliveAndAnswering() throws Exception {
        Path data = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "courier-flood-data-");
        List<String> flags = new ArrayList<>(List.of("-Xmx256m", "-Ddabba.identity.bcrypt-cost=4"));
        GenerousLimits.config().forEach((k, v) -> flags.add("-D" + k + "=" + v));
        flags.add("-Ddabba.limits.courier-locations.per-second=1000000");
        int managementPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            managementPort = free.getLocalPort();
        }
        flags.add("-Dquarkus.management.port=" + managementPort);
        app = LocalApp.start("courier-flood", data, flags.toArray(String[]::new));

        String customerEmail = "flood-customer-" + UUID.randomUUID() + "@example.com";
        signUp(customerEmail, "CUSTOMER");
        String admin = new Login(send("POST", "/auth/login", null,
                "{\"email\":\"admin@dabba.local\",\"password\":\"dabba-admin\"}")).path("accessToken").asText();
        List<WebSocket> courierSockets = new ArrayList<>();
        for (int i = 0; i < COURIERS; i++) {
            String email = "flood-courier-" + i + "-" + UUID.randomUUID() + "@example.com";
            String courierId = signUp(email, "COURIER");
            assertEquals(200, send("POST", "/admin/couriers/" + courierId + "/verification", admin,
                    "{\"decision\":\"APPROVE\"}").statusCode());
            String token = login(email).path("accessToken").asText();
            assertEquals(200, send("PUT", "/couriers/me/availability", token, "{\"status\":\"AVAILABLE\"}")
                    .statusCode());
            courierSockets.add(sockets.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + app.port()
                    + "/ws/couriers/me?access_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)),
                    new WebSocket.Listener() {
                    }).get(30, TimeUnit.SECONDS));
        }

        // Every socket sends as fast as it can (the next as soon as the last is written), riding in 10 cm steps.
        AtomicLong sent = new AtomicLong();
        long stopAt = System.nanoTime() + FLOOD.toNanos();
        ExecutorService pumps = Executors.newFixedThreadPool(1);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int i = 0; i < COURIERS; i++) {
            CompletableFuture<Void> finished = new CompletableFuture<>();
            done.add(finished);
            pump(courierSockets.get(i), new double[] { 17.3 + i * 0.001, 78.45 }, stopAt, sent, finished, pumps);
        }
        int probes = 0;
        long slowestMs = 0;
        while (System.nanoTime() < stopAt) {
            long t = System.nanoTime();
            HttpResponse<String> health = get("/q/health");
            assertEquals(200, health.statusCode(), "health during the flood: " + health.body());
            assertAnswered(login(customerEmail).statusCode(), "a login during the flood");
            assertAnswered(get("/search/restaurants?lat=17.385&long=78.4867").statusCode(), "a search during it");
            slowestMs = Math.max(slowestMs, (System.nanoTime() - t) / 1_000_000);
            probes++;
            Thread.sleep(500);
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        pumps.shutdown();
        System.out.printf("Flood: %d positions sent over %d sockets in %s; %d probes, the slowest round %d ms%n",
                sent.get(), COURIERS, FLOOD, probes, slowestMs);
        assertTrue(probes > 3, "probed during the flood: " + probes);
        assertTrue(sent.get() > COURIERS * 10L, "the flood flooded: " + sent.get());

        // After it: alive, answering, and nothing ran out of heap.
        HttpResponse<String> health = get("/q/health");
        assertEquals(200, health.statusCode(), "health after the flood: " + health.body());
        assertEquals(200, login(customerEmail).statusCode());
        assertEquals(200, get("/search/restaurants?lat=17.385&long=78.4867").statusCode());
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                + "/q/metrics")).timeout(ANSWER_WITHIN).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("dabba_courier_positions_total{outcome=\"stored\"}"), "positions counted");
        courierSockets.forEach(WebSocket::abort);
        assertFalse(app.log().contains("OutOfMemoryError"), "no OutOfMemoryError in the app's log");
        assertTrue(app.handle().isAlive());
    }

    /** Answered in time, and either done or refused as overload asks (503 + Retry-After), never a crash. */
    static void assertAnswered(int status, String what) {
        assertTrue(status < 500 || status == 503, what + " answered " + status);
    }

    static void pump(WebSocket socket, double[] at, long stopAt, AtomicLong sent, CompletableFuture<Void> finished,
            ExecutorService executor) {
        if (System.nanoTime() >= stopAt) {
            finished.complete(null);
            return;
        }
        at[0] += 0.000001;
        socket.sendText("{\"type\":\"location\",\"lat\":" + at[0] + ",\"long\":" + at[1] + "}", true)
                .whenCompleteAsync((ws, e) -> {
                    if (e != null) {
                        finished.completeExceptionally(e);
                        return;
                    }
                    sent.incrementAndGet();
                    pump(socket, at, stopAt, sent, finished, executor);
                }, executor);
    }

    /** Signs up (a courier on a bicycle); returns the user id. */
    String signUp(String email, String role) throws Exception {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("email", email, "password", PASSWORD,
                "name", "Flood " + role, "role", role));
        if (role.equals("COURIER")) {
            body.put("courier", Map.of("vehicle", "BICYCLE"));
        }
        HttpResponse<String> r = send("POST", "/auth/signup", null, JSON.writeValueAsString(body));
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("userId").asText();
    }

    HttpResponse<String> loginResponse(String email) throws Exception {
        return send("POST", "/auth/login", null, JSON.writeValueAsString(Map.of("email", email, "password",
                PASSWORD)));
    }

    /** The login's answer as JSON when it is 200; its status otherwise through {@link #login(String)}. */
    Login login(String email) throws Exception {
        return new Login(loginResponse(email));
    }

    record Login(HttpResponse<String> response) {
        int statusCode() {
            return response.statusCode();
        }

        JsonNode path(String field) throws Exception {
            assertEquals(200, response.statusCode(), response.body());
            return JSON.readTree(response.body()).path(field);
        }
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(app.uri(path)).timeout(ANSWER_WITHIN).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.uri(path)).timeout(ANSWER_WITHIN)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
