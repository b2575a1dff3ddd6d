package org.dabba.platform;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.dabba.testing.OutageRedis;
import org.junit.jupiter.api.Test;

/**
 * What a probe sees when Redis goes away: readiness turns DOWN and names Redis as the cause (the balancer stops
 * sending traffic), liveness stays UP (the pod is not restarted for a dependency's outage), and readiness is UP
 * again once Redis is back. Runs on a Redis of its own ({@link OutageRedis}).
 */
@QuarkusTest
@WithTestResource(OutageRedis.class)
class HealthRedisOutageTest {

    @Test
    void redisDownTakesTheInstanceOutOfTheBalancerButDoesNotRestartIt() throws Exception {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check", "redis", "search", "dabba-routes"));

        OutageRedis.command("SHUTDOWN", "NOSAVE");
        try {
            given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'redis' }.status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'Database connections health check' }.status", equalTo("UP"));
            given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        } finally {
            OutageRedis.startServer();
        }
        // The client reconnects on its next command; the first PING after the restart may still meet the old socket.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP")));
    }
}
