package org.dabba.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dabba.testing.LocalApp;
import org.junit.jupiter.api.Test;

/**
 * A load balancer may send traffic the moment {@code /q/health/ready} says UP. Sampled from the first answer on, while
 * the packaged app starts: never UP while the REST routes still answer 404, and once UP, Camel's own checks (the
 * context, its routes and consumers) are among those reported. The app talks to the real gateway here
 * ({@code dabba.payments.gateway=stripe}) on a fresh data directory, so its fresh database shows what such a database
 * gets: the app's tables, none of the Stripe sandbox's.
 */
class StartupReadinessIT {

    static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    @Test
    void readyOnlyOnceTheRoutesAnswer() throws Exception {
        Path data = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "startup-readiness-data-");
        List<String> readyBeforeRoutes = new ArrayList<>();
        try (LocalApp app = LocalApp.launch("startup-readiness", data, "-Ddabba.payments.gateway=stripe")) {
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            String readiness = null;
            while (readiness == null && System.nanoTime() < deadline && app.handle().isAlive()) {
                HttpResponse<String> ready = get(app, "/q/health/ready");
                // A public route (no token: the security layer answers before any route is looked up).
                HttpResponse<String> route = login(app);
                if (ready != null && ready.statusCode() == 200) {
                    if (route == null || route.statusCode() == 404) {
                        readyBeforeRoutes.add(ready.body());
                    } else {
                        readiness = ready.body();
                    }
                }
                Thread.sleep(10);
            }
            assertTrue(readyBeforeRoutes.isEmpty(), "ready while the routes answered 404: " + readyBeforeRoutes);
            assertTrue(readiness != null, "never ready within " + START_TIMEOUT + ":\n" + app.log());
            for (String check : List.of("\"context\"", "\"camel-routes\"", "\"camel-consumers\"")) {
                assertTrue(readiness.contains(check), "Camel's check " + check + " in " + readiness);
            }
            assertEquals(400, login(app).statusCode(), "an empty login is refused by the route");

            List<String> tables = tables(data);
            assertTrue(tables.contains("orders"), "the app's tables: " + tables);
            assertEquals(List.of(), tables.stream().filter(t -> t.startsWith("sandbox")).toList(),
                    "no sandbox table where the real gateway is used");
        }
    }

    /** The tables of the embedded PostgreSQL's public schema (its port is on the pid file's fourth line). */
    static List<String> tables(Path data) throws Exception {
        String port = Files.readAllLines(data.resolve("postgres").resolve("postmaster.pid")).get(3).strip();
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                "postgres", "");
                ResultSet rows = db.createStatement().executeQuery(
                        "select table_name from information_schema.tables where table_schema = 'public'")) {
            List<String> tables = new ArrayList<>();
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
            return tables;
        }
    }

    HttpResponse<String> get(LocalApp app, String path) throws InterruptedException {
        return send(HttpRequest.newBuilder(app.uri(path)));
    }

    HttpResponse<String> login(LocalApp app) throws InterruptedException {
        return send(HttpRequest.newBuilder(app.uri("/auth/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws InterruptedException {
        try {
            return http.send(request.timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        }
    }
}
