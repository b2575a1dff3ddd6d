package org.dabba.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Two app instances behind one Kafka broker, as behind a load balancer, for the ITs of what instances share:
 * instance A is the {@code @QuarkusTest}'s app (its test profile returns {@link #instanceA()}), instance B the
 * packaged jar in a JVM of its own ({@link #startB}). Both run the {@code prod} profile on the same PostgreSQL,
 * Redis, token keys and Kafka.
 *
 * <p>To stay light both use local files for media and an embedded Lucene index each; A takes payments through its
 * sandbox, B takes none. Each IT gives them a database of its own (so that their bootstrap admin, created by
 * whichever app meets an empty database first, does not collide with the other prod-profile tests'), an admin
 * password and a name for their instance ids and folders.
 */
public final class TwoInstances {

    public static final String ORDER_TOPIC = "dabba.order-events";

    private final String name;
    private final String database;
    private final String adminPassword;

    /** {@code name} makes the instance ids ({@code name-a}, {@code name-b}) and folders. */
    public TwoInstances(String name, String database, String adminPassword) {
        this.name = name;
        this.database = database;
        this.adminPassword = adminPassword;
    }

    public String adminPassword() {
        return adminPassword;
    }

    /** The bootstrap admin's token. */
    public String adminToken() {
        return Api.login("admin@dabba.local", adminPassword);
    }

    /** A's settings, for its test profile's config overrides (add to them as needed). */
    public Map<String, String> instanceA() {
        Map<String, String> config = instance("a");
        config.put("quarkus.http.test-port", "0");
        config.put("%prod.dabba.payments.gateway", "sandbox");
        config.put("%prod.dabba.payments.base-url", "http://localhost:${quarkus.http.port}/sandbox/stripe");
        config.put("DABBA_STRIPE_SECRET_KEY", Orders.SANDBOX_KEY);
        config.put("DABBA_STRIPE_WEBHOOK_SECRET", "whsec_dabba_sandbox");
        return config;
    }

    /** Starts B with its settings and {@code extra} ones (e.g. the same overrides as A's). */
    public AppInstance startB(Map<String, String> extra) {
        Map<String, String> config = instance("b");
        // B takes no payments: Stripe as in prod, with keys it never uses.
        config.put("DABBA_STRIPE_SECRET_KEY", "sk_test_" + name + "_b");
        config.put("DABBA_STRIPE_WEBHOOK_SECRET", "whsec_" + name + "_b");
        config.putAll(extra);
        return AppInstance.start("dabba-" + name + "-b", config);
    }

    /** An instance's {@code dabba.instance-id}: per-instance consumer groups are named after it. */
    public String instanceId(String instance) {
        return name + "-" + instance;
    }

    /**
     * An instance's settings: the shared servers, its own instance id (so its own per-instance consumer groups),
     * its own folders.
     */
    Map<String, String> instance(String instance) {
        Map<String, String> local = LocalServers.config();
        String dataDir = local.get("dabba.data-dir");
        Path own = Path.of(dataDir, name, instance);
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", database(local));
        config.put("quarkus.datasource.username", local.get("quarkus.datasource.username"));
        config.put("quarkus.datasource.password", local.get("quarkus.datasource.password"));
        config.put("quarkus.redis.hosts", local.get("quarkus.redis.hosts"));
        config.put("DABBA_JWT_PUBLIC_KEY_LOCATION", "file:" + dataDir + "/keys/jwt-public.pem");
        config.put("DABBA_JWT_PRIVATE_KEY_LOCATION", "file:" + dataDir + "/keys/jwt-private.pem");
        config.put("DABBA_ADMIN_PASSWORD", adminPassword);
        config.put("KAFKA_BOOTSTRAP_SERVERS", kafka());
        config.put("dabba.instance-id", instanceId(instance));
        config.put("%prod.dabba.search.engine", "lucene");
        config.put("%prod.dabba.search.lucene-dir", own.resolve("search").toString());
        config.put("%prod.dabba.media.store-uri", "file:" + own.resolve("media"));
        config.put("%prod.dabba.media.delete-uri", "bean:localMediaFiles?method=delete");
        config.put("DABBA_MEDIA_PUBLIC_BASE_URL", "http://127.0.0.1/media");
        config.putAll(GenerousLimits.config());
        return config;
    }

    /** The JDBC URL of this IT's database on the shared PostgreSQL, created if missing. */
    private String database(Map<String, String> local) {
        String url = local.get("quarkus.datasource.jdbc.url");
        Properties credentials = new Properties();
        credentials.put("user", local.get("quarkus.datasource.username"));
        credentials.put("password", local.get("quarkus.datasource.password"));
        try (Connection c = new org.postgresql.Driver().connect(url, credentials);
                PreparedStatement exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, database);
            try (ResultSet r = exists.executeQuery(); Statement create = c.createStatement()) {
                if (!r.next()) {
                    create.execute("create database " + database);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the database " + database, e);
        }
        return url.substring(0, url.lastIndexOf('/') + 1) + database;
    }

    /** The broker, with the order topic made up front (as an operator would), so consumers need no auto-creation. */
    public static String kafka() {
        String servers = KafkaBroker.shared().bootstrapServers();
        topic(servers, ORDER_TOPIC, 1);
        return servers;
    }

    /** Makes {@code name} with {@code partitions} on the broker at {@code servers}, unless it is there already. */
    public static void topic(String servers, String name, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
