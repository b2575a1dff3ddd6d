package org.dabba.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The overload gate on a bare Vert.x router: with its one slot taken by a slow request, the next request is refused
 * at once with 503 problem+json and Retry-After, health probes still pass, and the slot is free again once the slow
 * one is answered.
 */
class InFlightLimitTest {

    Vertx vertx;
    HttpServer server;
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch slowArrived = new CountDownLatch(1);
    Counter refused;
    InFlightLimit.Gate gate;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        refused = Counter.builder("refused").register(new SimpleMeterRegistry());
        gate = new InFlightLimit.Gate(1, 3, refused);
        Router router = Router.router(vertx);
        router.route().order(InFlightLimit.ORDER).handler(gate);
        router.get("/slow").blockingHandler(ctx -> {
            slowArrived.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ctx.response().end("slow");
        }, false);
        router.get("/fast").handler(ctx -> ctx.response().end("fast"));
        router.get("/q/health").handler(ctx -> ctx.response().end("UP"));
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void oneRequestBeyondTheCapIsRefusedAtOnceWith503AndRetryAfter() throws Exception {
        CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> {
            try {
                return get("/slow");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(slowArrived.await(10, TimeUnit.SECONDS));

        HttpResponse<String> refusedAnswer = get("/fast");
        assertEquals(503, refusedAnswer.statusCode());
        assertEquals("3", refusedAnswer.headers().firstValue("Retry-After").orElse(null));
        assertEquals("application/problem+json", refusedAnswer.headers().firstValue("Content-Type").orElse(null));
        JsonNode problem = new ObjectMapper().readTree(refusedAnswer.body());
        assertEquals("/problems/overloaded", problem.path("type").asText(), refusedAnswer.body());
        assertEquals(503, problem.path("status").asInt());
        assertEquals(1, refused.count(), 0.0);
        assertEquals(200, get("/q/health").statusCode(), "health probes are not counted");

        release.countDown();
        assertEquals("slow", slow.get(10, TimeUnit.SECONDS).body());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (gate.inFlight() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(200, get("/fast").statusCode(), "the slot is free again once the slow one is answered");
    }
}
