package org.dabba.cart;

import static org.dabba.cart.CartTest.put;
import static org.dabba.cart.CartTest.userId;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.dabba.platform.error.ProblemException;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every read-modify-write of a cart is atomic: parallel requests of one customer never lose a line. */
@QuarkusTest
@WithTestResource(LocalServers.class)
class CartConcurrencyTest {

    static final int PARALLEL = 20;

    @TestHTTPResource("/carts/items")
    URI putUri;

    @Inject
    CartService carts;

    @Inject
    ObjectMapper mapper;

    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    ExecutorService pool;

    @BeforeEach
    void startPool() {
        pool = Executors.newFixedThreadPool(PARALLEL + 1);
    }

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }

    record Answer(int status, JsonNode body) {
    }

    Answer putItem(String token, Map<String, Object> body) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(putUri).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), mapper.readTree(response.body()));
    }

    /** Runs every task at once (released together by a latch) and answers their results in order. */
    <T> List<T> together(List<Callable<T>> tasks) throws Exception {
        CountDownLatch ready = new CountDownLatch(tasks.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                return task.call();
            }));
        }
        ready.await();
        go.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get(120, TimeUnit.SECONDS));
        }
        return results;
    }

    @Test
    void twentyParallelPutsOfTwentyDishesMakeOneCartWithTwentyLines() throws Exception {
        String[] r = Api.onlineRestaurant();
        List<String> dishes = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
            dishes.add(Api.dish(r[0], r[1], "Dish " + i, "10." + (10 + i)));
        }
        String customer = Api.newUser("CUSTOMER");
        List<Callable<Answer>> puts = new ArrayList<>();
        for (String dish : dishes) {
            puts.add(() -> putItem(customer, put(r[1], dish, 1)));
        }
        assertOneCartWithEveryLine(customer, together(puts), PARALLEL);
        as(customer).get("/carts/me").then().statusCode(200)
                .body("items.itemId.toSet()", equalTo(new HashSet<>(dishes)));
    }

    @Test
    void twentyParallelPutsOfOneDishWithTwentyInstructionsMakeTwentyLines() throws Exception {
        String[] r = Api.onlineRestaurant();
        String dish = Api.dish(r[0], r[1], "Masala dosa", "90");
        String customer = Api.newUser("CUSTOMER");
        List<Callable<Answer>> puts = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
            int n = i;
            puts.add(() -> putItem(customer, put(r[1], dish, n % 3 + 1, "instruction " + n)));
        }
        assertOneCartWithEveryLine(customer, together(puts), PARALLEL);
        int expectedItems = 0;
        for (int i = 0; i < PARALLEL; i++) {
            expectedItems += i % 3 + 1;
        }
        as(customer).get("/carts/me").then().statusCode(200).body("totalItems", equalTo(expectedItems));
    }

    private void assertOneCartWithEveryLine(String customer, List<Answer> answers, int lines) {
        long created = answers.stream().filter(a -> a.status() == 201).count();
        long ok = answers.stream().filter(a -> a.status() == 200).count();
        assertEquals(1, created, () -> "exactly one PUT created the cart: " + statuses(answers));
        assertEquals(answers.size() - 1, ok, () -> statuses(answers).toString());
        Set<String> cartIds = new HashSet<>();
        answers.forEach(a -> cartIds.add(a.body().path("cartId").asText()));
        assertEquals(1, cartIds.size(), "every PUT answered the same cart");
        as(customer).get("/carts/me").then().statusCode(200)
                .body("cartId", equalTo(cartIds.iterator().next()))
                .body("items.size()", equalTo(lines));
    }

    private static List<Integer> statuses(List<Answer> answers) {
        return answers.stream().map(Answer::status).toList();
    }

    /**
     * Checkout's lock against adds in flight, several rounds: an add either made it into the cart the lock
     * answered (200) or was refused (409 cart-locked), and nothing changes after the lock.
     */
    @Test
    void aLockRacingAddsLetsNoChangeInAfterIt() throws Exception {
        String[] r = Api.onlineRestaurant();
        List<String> dishes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            dishes.add(Api.dish(r[0], r[1], "Racer " + i, "15"));
        }
        int[] delaysMs = { 0, 2, 5, 10, 20, 40, 80, 160, 320 };
        int addedBeforeLock = 0;
        int refused = 0;
        for (int delayMs : delaysMs) {
            String customer = Api.newUser("CUSTOMER");
            UUID user = userId(customer);
            UUID cartId = UUID.fromString(putItem(customer, put(r[1], dishes.get(0), 1)).body().path("cartId").asText());
            List<Callable<Object>> racers = new ArrayList<>();
            for (String dish : dishes.subList(1, dishes.size())) {
                racers.add(() -> putItem(customer, put(r[1], dish, 2)));
            }
            // The lock lands before, among and after the adds as the delay grows.
            racers.add(() -> {
                Thread.sleep(delayMs);
                return carts.lock(cartId, user);
            });
            List<Object> results = together(racers);
            Cart locked = (Cart) results.get(results.size() - 1);
            Set<String> inLockedCart = new HashSet<>();
            locked.items().forEach(l -> inLockedCart.add(l.itemId().toString()));
            for (int i = 0; i < dishes.size() - 1; i++) {
                Answer add = (Answer) results.get(i);
                String dish = dishes.get(i + 1);
                if (add.status() == 200) {
                    assertTrue(inLockedCart.contains(dish), "an add answered 200 is in the locked cart");
                    addedBeforeLock++;
                } else {
                    assertEquals(409, add.status(), add.body().toString());
                    assertEquals("/problems/cart-locked", add.body().path("type").asText());
                    assertFalse(inLockedCart.contains(dish), "a refused add is not in the cart");
                    refused++;
                }
            }
            assertEquals(inLockedCart.size() - 1, (int) results.stream()
                    .filter(a -> a instanceof Answer answer && answer.status() == 200).count(), "no unanswered line");
            assertEquals(locked, carts.find(cartId).orElseThrow(), "no change after the lock");
            assertEquals(409, assertThrows(ProblemException.class, () -> carts.lock(cartId, user)).problem().getStatus());
        }
        System.out.printf("lock race: %d adds landed before the lock, %d were refused after it%n", addedBeforeLock,
                refused);
        assertTrue(addedBeforeLock > 0 && refused > 0, "the lock raced the adds both ways");
    }
}
