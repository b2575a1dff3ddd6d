package org.dabba.order;

import static org.awaitility.Awaitility.await;
import static org.dabba.testing.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.dabba.testing.Api;
import org.dabba.testing.AppInstance;
import org.dabba.testing.KafkaBroker;
import org.dabba.testing.LocalServers;
import org.dabba.testing.Orders;
import org.dabba.testing.Orders.PlacedOrder;
import org.dabba.testing.Sockets;
import org.dabba.testing.Sockets.Client;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two app instances behind one Kafka broker, as behind a load balancer: instance A is this test's app, instance
 * B the packaged jar in a JVM of its own, both in the {@code prod} profile on the same PostgreSQL, Redis, token
 * keys and Kafka. A dashboard connected to B receives the order paid through A (and one on A too): each instance
 * reads the order events with a consumer group of its own and pushes to its own sockets.
 *
 * <p>To stay light both use local files for media and an embedded Lucene index each; A takes payments through
 * its sandbox. They share a database of their own, so that their bootstrap admin (created by whichever app meets
 * an empty database first) does not collide with the other prod-profile tests'.
 */
@QuarkusTest
@TestProfile(RestaurantDashboardKafkaIT.InstanceA.class)
class RestaurantDashboardKafkaIT {

    static final String TOPIC = "dabba.order-events";
    static final String DATABASE = "dabba_dashboard_it";
    static final String ADMIN_PASSWORD = "dashboard-it-admin";
    static final Duration WAIT = Duration.ofSeconds(60);

    public static class InstanceA implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "prod";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = instance("a");
            config.put("quarkus.http.test-port", "0");
            config.put("%prod.dabba.payments.gateway", "sandbox");
            config.put("%prod.dabba.payments.base-url", "http://localhost:${quarkus.http.port}/sandbox/stripe");
            config.put("DABBA_STRIPE_SECRET_KEY", Orders.SANDBOX_KEY);
            config.put("DABBA_STRIPE_WEBHOOK_SECRET", "whsec_dabba_sandbox");
            return config;
        }
    }

    static AppInstance instanceB;

    @BeforeAll
    static void startInstanceB() {
        Map<String, String> config = instance("b");
        // B takes no payments: Stripe as in prod, with keys it never uses.
        config.put("DABBA_STRIPE_SECRET_KEY", "sk_test_dashboard_it_b");
        config.put("DABBA_STRIPE_WEBHOOK_SECRET", "whsec_dashboard_it_b");
        instanceB = AppInstance.start("dabba-instance-b", config);
    }

    @AfterAll
    static void stopInstanceB() {
        if (instanceB != null) {
            instanceB.close();
        }
    }

    /**
     * An instance's settings: the shared servers, its own instance id (so its own dashboard consumer group), its
     * own folders.
     */
    static Map<String, String> instance(String name) {
        Map<String, String> local = LocalServers.config();
        String dataDir = local.get("dabba.data-dir");
        Path own = Path.of(dataDir, "dashboard-it", name);
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", database(local));
        config.put("quarkus.datasource.username", local.get("quarkus.datasource.username"));
        config.put("quarkus.datasource.password", local.get("quarkus.datasource.password"));
        config.put("quarkus.redis.hosts", local.get("quarkus.redis.hosts"));
        config.put("DABBA_JWT_PUBLIC_KEY_LOCATION", "file:" + dataDir + "/keys/jwt-public.pem");
        config.put("DABBA_JWT_PRIVATE_KEY_LOCATION", "file:" + dataDir + "/keys/jwt-private.pem");
        config.put("DABBA_ADMIN_PASSWORD", ADMIN_PASSWORD);
        config.put("KAFKA_BOOTSTRAP_SERVERS", kafka());
        config.put("dabba.instance-id", instanceId(name));
        config.put("%prod.dabba.search.engine", "lucene");
        config.put("%prod.dabba.search.lucene-dir", own.resolve("search").toString());
        config.put("%prod.dabba.media.store-uri", "file:" + own.resolve("media"));
        config.put("%prod.dabba.media.delete-uri", "bean:localMediaFiles?method=delete");
        config.put("DABBA_MEDIA_PUBLIC_BASE_URL", "http://127.0.0.1/media");
        return config;
    }

    static String instanceId(String name) {
        return "dashboard-it-" + name;
    }

    /** The JDBC URL of this test's database on the shared PostgreSQL, created if missing. */
    static String database(Map<String, String> local) {
        String url = local.get("quarkus.datasource.jdbc.url");
        Properties credentials = new Properties();
        credentials.put("user", local.get("quarkus.datasource.username"));
        credentials.put("password", local.get("quarkus.datasource.password"));
        try (Connection c = new org.postgresql.Driver().connect(url, credentials);
                PreparedStatement exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet r = exists.executeQuery(); Statement create = c.createStatement()) {
                if (!r.next()) {
                    create.execute("create database " + DATABASE);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the database " + DATABASE, e);
        }
        return url.substring(0, url.lastIndexOf('/') + 1) + DATABASE;
    }

    /** The broker, with the order topic made up front (as an operator would), so consumers need no auto-creation. */
    static String kafka() {
        String servers = KafkaBroker.shared().bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return servers;
    }

    /**
     * Waits until the instance's dashboard consumer has its position on the order topic, i.e. has committed an
     * offset there. It reads from the newest events on ({@code autoOffsetReset=latest}): an event published before
     * would be skipped; one published after is read, whatever the timing.
     */
    static void awaitReading(String instance) {
        String group = "dabba-dashboard-" + instanceId(instance);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka()))) {
            await("consumer group " + group + " positioned on " + TOPIC).atMost(WAIT)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                            .keySet().stream().anyMatch(p -> p.topic().equals(TOPIC)));
        }
    }

    @Test
    void aDashboardOnInstanceBReceivesAnOrderPaidThroughInstanceA() {
        String owner = Api.newUser("RESTAURANT_OWNER");
        String restaurant = Api.register(owner);
        as(Api.login("admin@dabba.local", ADMIN_PASSWORD)).body(Map.of("decision", "APPROVE"))
                .post("/admin/restaurants/{id}/verification", restaurant).then().statusCode(200);
        Api.switchStatus(owner, restaurant, "ONLINE");
        String item = Api.dish(owner, restaurant, "Paneer Tikka", "250.00");
        String path = "/ws/restaurants/" + restaurant + "/orders";

        // B checks the handshake against the shared database and token keys like A does.
        Sockets.HandshakeRefused refused = assertThrows(Sockets.HandshakeRefused.class,
                () -> Sockets.connect(instanceB.webSocketBase(), path, Api.newUser("RESTAURANT_OWNER")));
        assertEquals(403, refused.status);

        awaitReading("a");
        awaitReading("b");
        try (Client onB = Sockets.connect(instanceB.webSocketBase(), path, owner);
                Client onA = Sockets.connect(path, owner)) {
            assertEquals("snapshot", onB.next(WAIT).path("type").asText());
            assertEquals("snapshot", onA.next(WAIT).path("type").asText());

            PlacedOrder order = Orders.placed(owner, restaurant, item);
            Orders.pay(order.paymentIntentId());

            for (Client dashboard : List.of(onB, onA)) {
                JsonNode pushed = dashboard.next("order.new", WAIT).path("order");
                assertEquals(order.orderId(), pushed.path("orderId").asText());
                assertEquals("PENDING_RESTAURANT_ACCEPTANCE", pushed.path("status").asText());
                assertEquals("Less spicy", pushed.path("items").get(0).path("specialInstructions").asText());
            }
        }
    }
}
