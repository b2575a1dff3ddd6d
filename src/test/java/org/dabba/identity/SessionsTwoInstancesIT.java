package org.dabba.identity;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.dabba.testing.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.dabba.testing.AppInstance;
import org.dabba.testing.Sockets;
import org.dabba.testing.Sockets.Client;
import org.dabba.testing.TwoInstances;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ending a session on one instance ends it on the other too ({@link TwoInstances}: A is this test's app, B the
 * packaged jar, prod profile on one PostgreSQL and Redis): its access token is refused there at once and its
 * sockets there close.
 */
@QuarkusTest
@TestProfile(SessionsTwoInstancesIT.InstanceA.class)
class SessionsTwoInstancesIT {

    static final TwoInstances INSTANCES = new TwoInstances("sessions-it", "dabba_sessions_it", "sessions-it-admin");
    static final Duration CLOSE_WITHIN = Duration.ofSeconds(20);

    public static class InstanceA implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "prod";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return INSTANCES.instanceA();
        }
    }

    static AppInstance instanceB;

    @BeforeAll
    static void startInstanceB() {
        instanceB = INSTANCES.startB(Map.of());
    }

    @AfterAll
    static void stopInstanceB() {
        if (instanceB != null) {
            instanceB.close();
        }
    }

    /** A fresh courier logged in on A: {userId, accessToken}. */
    static String[] courier() {
        String email = "courier-" + UUID.randomUUID() + "@example.com";
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "correct-horse", "name", "Asha", "role", "COURIER",
                        "courier", Map.of("vehicle", "BICYCLE")))
                .post("/auth/signup").then().statusCode(201).extract().path("userId");
        JsonPath login = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "correct-horse"))
                .post("/auth/login").then().statusCode(200).extract().jsonPath();
        return new String[] { id, login.getString("accessToken") };
    }

    static int notificationsOnB(String token) {
        return given().auth().oauth2(token).baseUri("http://127.0.0.1").port(instanceB.port())
                .get("/notifications").statusCode();
    }

    @Test
    void disablingOnAClosesTheSocketOnBAndRefusesTheTokenThere() {
        String[] courier = courier();
        assertEquals(200, notificationsOnB(courier[1]));
        try (Client onB = Sockets.connect(instanceB.webSocketBase(), "/ws/couriers/me", courier[1])) {
            as(INSTANCES.adminToken()).body(Map.of("status", "DISABLED"))
                    .put("/admin/users/{id}/status", courier[0]).then().statusCode(200);
            await().atMost(CLOSE_WITHIN).until(onB::isClosed);
            assertEquals("1008 account-disabled", onB.closedWith());
        }
        assertEquals(401, notificationsOnB(courier[1]));
    }

    @Test
    void loggingOutOnAClosesTheSessionsSocketOnB() {
        String[] courier = courier();
        try (Client onB = Sockets.connect(instanceB.webSocketBase(), "/ws/couriers/me", courier[1])) {
            given().auth().oauth2(courier[1]).post("/auth/logout").then().statusCode(204);
            await().atMost(CLOSE_WITHIN).until(onB::isClosed);
            assertEquals("1008 session-ended", onB.closedWith());
        }
        assertEquals(401, notificationsOnB(courier[1]));
    }
}
