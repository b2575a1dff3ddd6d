package org.dabba.notification.channels;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.awaitility.Awaitility.await;
import static org.dabba.testing.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.dabba.testing.Api;
import org.dabba.testing.LocalApp;
import org.dabba.testing.LoopbackWireMock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A deploy while pushes are going out: the packaged app, its FCM channel configured against a stand-in that takes
 * a while to answer, is stopped (SIGTERM, as a rollout does) while pushes are in flight and others still wait, and
 * started again on the same data. Every device is pushed exactly once: those in flight finish before the app
 * stops and are recorded as sent, those waiting are sent by the next start.
 */
class DeliveryRestartIT {

    static final String PROJECT = "dabba-restart";
    static final String SEND = "/v1/projects/" + PROJECT + "/messages:send";
    static final int DEVICES = 6;

    final WireMockServer fcm = LoopbackWireMock.start();

    @AfterEach
    void restore() {
        RestAssured.reset();
        fcm.stop();
    }

    @Test
    void aRestartMidDeliverySendsEachPushOnce() throws Exception {
        fcm.stubFor(post(urlEqualTo("/token")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\": \"ya29.restart\", \"expires_in\": 3600, \"token_type\": \"Bearer\"}")));
        fcm.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(200).withFixedDelay(1500)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"name\": \"projects/dabba-restart/messages/1\"}")));
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "delivery-restart-");
        Path key = dir.resolve("service-account.json");
        Files.writeString(key, ServiceAccount.json(PROJECT, "restart-key", "fcm@dabba-restart.iam.gserviceaccount.com"));
        Path data = dir.resolve("data");
        String http = "http://127.0.0.1:" + fcm.port();
        String[] flags = { "-Dcamel.kamelet.dabba-fcm-push-sink.projectId=" + PROJECT,
            "-Dcamel.kamelet.dabba-fcm-push-sink.serviceAccountKeyFile=" + key.toAbsolutePath(),
            "-Dcamel.kamelet.dabba-fcm-push-sink.baseUrl=" + http,
            "-Dcamel.kamelet.dabba-fcm-push-sink.tokenUri=" + http + "/token",
            // Two in flight at a time, so that some wait unclaimed when the app stops; a short lease, so that an
            // attempt the stop lost would be sent again (and counted twice) within the test.
            "-Ddabba.notifications.delivery.batch-size=2", "-Ddabba.notifications.delivery.lease=PT5S" };

        List<String> tokens = new ArrayList<>();
        try (LocalApp app = LocalApp.start("delivery-restart-1", data, flags)) {
            RestAssured.baseURI = "http://127.0.0.1";
            RestAssured.port = app.port();
            String courier = Api.pendingCourier();
            for (int i = 0; i < DEVICES; i++) {
                String token = "restart-" + i + "-" + UUID.randomUUID();
                as(courier).body(Map.of("platform", "ANDROID", "token", token)).post("/me/devices").then()
                        .statusCode(201);
                tokens.add(token);
            }
            Api.approveCourier(Api.userId(courier)); // the courier is told: one push per device
            await().atMost(Duration.ofSeconds(30)).until(() -> !sends().isEmpty());
        } // SIGTERM while the first pushes wait for FCM's answer

        int beforeRestart = sends().size();
        try (LocalApp app = LocalApp.start("delivery-restart-2", data, flags)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> sent(data) == DEVICES);
            Thread.sleep(7000); // longer than the lease: a lost attempt would be sent again by now
            Map<String, Long> perToken = sends().stream().collect(Collectors.groupingBy(
                    r -> r.getBodyAsString().replaceAll(".*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1"), TreeMap::new,
                    Collectors.counting()));
            assertEquals(tokens.stream().sorted().collect(Collectors.toMap(Function.identity(), t -> 1L, (a, b) -> a,
                    TreeMap::new)), perToken, "each device once; " + beforeRestart + " before the restart\n"
                    + app.log());
            assertEquals(DEVICES, sent(data));
        }
    }

    List<LoggedRequest> sends() {
        return fcm.findAll(postRequestedFor(urlEqualTo(SEND)).withRequestBody(matchingJsonPath("$.message.token")));
    }

    /** The courier's pushes recorded as sent, read from the embedded PostgreSQL (its port: the pid file's 4th line). */
    static int sent(Path data) throws Exception {
        String port = Files.readAllLines(data.resolve("postgres").resolve("postmaster.pid")).get(3).strip();
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                "postgres", "");
                ResultSet rows = db.createStatement().executeQuery("""
                        select count(*) from notification_deliveries
                        where type = 'courier.verified' and channel = 'PUSH' and status = 'SENT'""")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
