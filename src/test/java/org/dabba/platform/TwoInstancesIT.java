package org.dabba.platform;

import static io.restassured.RestAssured.given;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.dabba.testing.Api;
import org.dabba.testing.AppInstance;
import org.dabba.testing.AtOnce;
import org.dabba.testing.TwoInstances;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What two app instances behind a load balancer share ({@link TwoInstances}: A is this test's app, B the packaged jar
 * in a JVM of its own, both prod profile on one PostgreSQL, Redis and Kafka): a client's rate-limit budget and
 * lockout, spent through either instance, are one budget; and the events of one aggregate reach Kafka in the order
 * they were written while both instances relay the outbox at once.
 */
@QuarkusTest
@TestProfile(TwoInstancesIT.InstanceA.class)
class TwoInstancesIT {

    static final TwoInstances INSTANCES = new TwoInstances("platform-it", "dabba_platform_it", "platform-it-admin");
    static final String RESTAURANT_TOPIC = "dabba.restaurant-events";
    static final int LOGINS_PER_ACCOUNT = 6;
    static final int FAILURES_BEFORE_LOCKOUT = 3;

    /** Small login budgets on both instances (the rest stay out of the way). */
    static final Map<String, String> LIMITS = Map.of(
            "dabba.limits.login.per-account", String.valueOf(LOGINS_PER_ACCOUNT),
            "dabba.limits.login.lockout.after-failures", String.valueOf(FAILURES_BEFORE_LOCKOUT));

    public static class InstanceA implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "prod";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = INSTANCES.instanceA();
            config.putAll(LIMITS);
            // A few partitions, as an operator would make the topic, unless a test made it first.
            TwoInstances.topic(TwoInstances.kafka(), RESTAURANT_TOPIC, 3);
            return config;
        }
    }

    static AppInstance instanceB;

    @BeforeAll
    static void startInstanceB() {
        instanceB = INSTANCES.startB(LIMITS);
    }

    @AfterAll
    static void stopInstanceB() {
        if (instanceB != null) {
            instanceB.close();
        }
    }

    static RequestSpecification onB() {
        return given().baseUri("http://127.0.0.1").port(instanceB.port()).contentType(ContentType.JSON);
    }

    static RequestSpecification onA() {
        return given().contentType(ContentType.JSON);
    }

    static Response login(RequestSpecification on, String email, String password) {
        return on.body(Map.of("email", email, "password", password)).post("/auth/login");
    }

    static String customer() {
        String email = "shared-" + UUID.randomUUID() + "@example.com";
        onA().body(Map.of("email", email, "password", "correct-horse", "name", "Shared Budget", "role", "CUSTOMER"))
                .post("/auth/signup").then().statusCode(201);
        return email;
    }

    @Test
    void anAccountsLoginBudgetIsOneBudgetAcrossInstances() {
        String email = customer();
        for (int i = 0; i < LOGINS_PER_ACCOUNT; i++) {
            login(i % 2 == 0 ? onA() : onB(), email, "correct-horse").then().statusCode(200);
        }
        for (RequestSpecification on : List.of(onA(), onB())) {
            Response refused = login(on, email, "correct-horse");
            refused.then().statusCode(429).contentType("application/problem+json");
            assertTrue(Integer.parseInt(refused.header("Retry-After")) > 0, "Retry-After: " + refused.header("Retry-After"));
        }
    }

    @Test
    void wrongPasswordsThroughEitherInstanceLockTheAccountOnBoth() {
        String email = customer();
        for (int i = 0; i < FAILURES_BEFORE_LOCKOUT; i++) {
            login(i % 2 == 0 ? onB() : onA(), email, "wrong-horse").then().statusCode(401);
        }
        // Locked: even the right password is refused, whichever instance it goes to.
        login(onA(), email, "correct-horse").then().statusCode(429).contentType("application/problem+json");
        login(onB(), email, "correct-horse").then().statusCode(429).contentType("application/problem+json");
    }

    /**
     * Several restaurants, each changed step after step through A and B in turn, all at once: both instances' relays
     * drain the outbox together, yet every restaurant's events are on its partition in the order they were written.
     */
    @Test
    void oneAggregatesEventsReachKafkaInTheOrderTheyWereWritten() throws Exception {
        int restaurants = 4;
        int steps = 12;
        String admin = INSTANCES.adminToken();
        List<String[]> owned = new ArrayList<>();
        for (int r = 0; r < restaurants; r++) {
            String owner = Api.newUser("RESTAURANT_OWNER");
            String id = Api.register(owner);
            as(admin).body(Map.of("decision", "APPROVE"))
                    .post("/admin/restaurants/{id}/verification", id).then().statusCode(200);
            owned.add(new String[] { owner, id });
        }
        AtOnce.run(owned.stream().<java.util.function.Supplier<Void>>map(o -> () -> {
            for (int step = 1; step <= steps; step++) {
                RequestSpecification on = step % 2 == 0 ? onB() : onA();
                on.auth().oauth2(o[0]).body(Map.of("description", "step " + step))
                        .patch("/restaurants/{id}", o[1]).then().statusCode(200)
                        .body("description", equalTo("step " + step));
            }
            return null;
        }).toList());

        List<String> expected = new ArrayList<>(List.of("org.dabba.restaurant.registered",
                "org.dabba.restaurant.verified"));
        IntStream.rangeClosed(1, steps).forEach(step -> expected.add("org.dabba.restaurant.updated step " + step));
        Map<String, List<String>> seen = eventsOnTheTopic(owned.stream().map(o -> o[1]).toList(), expected.size());
        for (String[] o : owned) {
            assertEquals(expected, seen.get(o[1]), "events of restaurant " + o[1] + " in the order the topic has them");
        }
    }

    /**
     * Per restaurant, its events in topic order, each once (a relay may publish an event twice; consumers drop the
     * second by its id, so only first arrivals count).
     */
    static Map<String, List<String>> eventsOnTheTopic(List<String> ids, int each) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, List<String>> seen = new HashMap<>();
        Set<String> eventIds = new LinkedHashSet<>();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TwoInstances.kafka());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(RESTAURANT_TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline
                    && !ids.stream().allMatch(id -> seen.getOrDefault(id, List.of()).size() >= each)) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    if (!ids.contains(record.key())) {
                        continue;
                    }
                    JsonNode event = mapper.readTree(record.value());
                    if (!eventIds.add(event.path("id").asText())) {
                        continue;
                    }
                    String type = event.path("type").asText();
                    String seenAs = type.equals("org.dabba.restaurant.updated")
                            ? type + " " + event.path("data").path("description").asText() : type;
                    seen.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(seenAs);
                }
            }
        }
        return seen;
    }
}
