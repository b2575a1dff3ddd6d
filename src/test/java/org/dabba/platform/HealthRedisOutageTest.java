package org.dabba.platform;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.dabba.testing.OutageRedis;
import org.junit.jupiter.api.Test;

/**
 * What a probe sees when Redis goes away: readiness turns DOWN and names Redis as the cause (the balancer stops
 * sending traffic), liveness stays UP (the pod is not restarted for a dependency's outage), and readiness is UP
 * again once Redis is back. And the channels the instances share (socket messages, revocations) are heard again,
 * once each, after Redis restarts or stalls. Runs on a Redis of its own ({@link OutageRedis}).
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
            // Readiness reads the last background PINGs: the refused connection shows within a tick or two.
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/q/health/ready").then()
                    .statusCode(503).body("status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'redis' }.status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'redis' }.data.reachable", equalTo(false)));
            given().get("/q/health/ready").then()
                    .body("checks.find { it.name == 'Database connections health check' }.status", equalTo("UP"));
            given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        } finally {
            OutageRedis.startServer();
        }
        // The client reconnects on its next command; the first PING after the restart may still meet the old socket.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP")));
    }

    @Test
    void aRedisSlowToAnswerIsBusyNotGone() throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200));
        // Silent for 4 s, less than dabba.health.redis-grace: a busy Redis, and the instance stays in the balancer.
        assertEquals("+OK", OutageRedis.command("CLIENT", "PAUSE", "4000", "ALL"));
        long until = System.nanoTime() + Duration.ofMillis(3_500).toNanos();
        while (System.nanoTime() < until) {
            given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
            Thread.sleep(250);
        }
    }

    @Test
    void theSharedChannelsAreHeardAgainOnceEachAfterRedisRestartsOrStalls() throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(this::eachChannelHeardOnce);

        OutageRedis.command("SHUTDOWN", "NOSAVE");
        OutageRedis.startServer();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(this::eachChannelHeardOnce);

        // Subscriptions dropped, then Redis answers nothing for longer than a subscription waits for its
        // acknowledgement: the attempts give up and are made again, their connections closed, none left twice.
        OutageRedis.command("CLIENT", "KILL", "TYPE", "pubsub");
        OutageRedis.command("CLIENT", "PAUSE", "7000", "ALL");
        await().atMost(Duration.ofSeconds(40)).untilAsserted(this::eachChannelHeardOnce);
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        Thread.sleep(3_000); // a late acknowledgement of an abandoned attempt would show now
        eachChannelHeardOnce();
    }

    void eachChannelHeardOnce() throws Exception {
        for (String channel : new String[] { "dabba:sockets", "dabba:revocations" }) {
            assertEquals(":1", OutageRedis.command("EVAL", "return redis.call('PUBSUB','NUMSUB',KEYS[1])[2]", "1",
                    channel), "subscribers of " + channel);
        }
    }
}
