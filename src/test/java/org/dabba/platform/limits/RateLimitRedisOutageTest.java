package org.dabba.platform.limits;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.dabba.testing.Api;
import org.dabba.testing.OutageRedis;
import org.junit.jupiter.api.Test;

/**
 * Redis away: limits fail open. Sign-up, login and search still answer, without waiting long, and are counted again
 * once Redis is back. Runs on a Redis of its own ({@link OutageRedis}), in the same app as the cart's outage test.
 */
@QuarkusTest
@WithTestResource(OutageRedis.class)
class RateLimitRedisOutageTest {

    /** The limits' Redis timeout (0.5 s) once, with room for a slow machine. */
    static final long BOUND_MS = 2_500;

    @Test
    void loginsSignupsAndSearchesGoOnWhileRedisIsAway() throws Exception {
        OutageRedis.command("SHUTDOWN", "SAVE");
        try {
            long t0 = System.nanoTime();
            String email = "outage-" + UUID.randomUUID() + "@example.com";
            given().contentType(ContentType.JSON)
                    .body(Map.of("email", email, "password", "correct-horse", "name", "Ravi", "role", "CUSTOMER"))
                    .post("/auth/signup").then().statusCode(201);
            Api.login(email, "correct-horse");
            given().contentType(ContentType.JSON).body(Map.of("email", email, "password", "wrong-horse"))
                    .post("/auth/login").then().statusCode(401);
            given().get("/search/restaurants?lat=17.385&long=78.4867").then().statusCode(200);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < BOUND_MS * 2, "answered in " + ms + " ms");
        } finally {
            OutageRedis.startServer();
        }
        // Back: counted again (a login passes and leaves the lockout hash cleared).
        Api.newUser("CUSTOMER");
    }
}
