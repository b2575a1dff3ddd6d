package org.dabba.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * A real Kafka 4.1.2 broker (KRaft, one node acting as broker and controller) on loopback,
 * run as a separate JVM from the jars that pre-integration-test copies to
 * {@code ${dabba.test-servers}/kafka} (see src/test/servers/kafka/pom.xml).
 * Started once per JVM by {@link #shared()}, killed at JVM exit.
 */
public final class KafkaBroker {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /** The JVM-wide system property that holds the running server's address (see ExternalProcess#once). */
    static final String STARTED_PROPERTY = "dabba.test-servers.kafka.bootstrap-servers";

    private final String bootstrapServers;

    private KafkaBroker(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public static KafkaBroker shared() {
        return new KafkaBroker(ExternalProcess.once(STARTED_PROPERTY, () -> start().bootstrapServers));
    }

    /** host:port for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    private static KafkaBroker start() {
        Path jars = ExternalProcess.testServersDir().resolve("kafka");
        if (!Files.isDirectory(jars)) {
            throw new IllegalStateException("No Kafka jars in " + jars + ": run the build through pre-integration-test"
                    + " (mvn verify), or set -Ddabba.test-servers to a folder holding kafka/*.jar");
        }
        ExternalProcess broker = new ExternalProcess("kafka");
        int port = ExternalProcess.freePort();
        int controllerPort = ExternalProcess.freePort();
        String listener = "127.0.0.1:" + port;
        Path config = broker.write("server.properties", String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://" + listener + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://" + listener,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + broker.workDir.resolve("data"),
                "num.partitions=1",
                // A single node can only hold one replica of each internal topic.
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                // Consumers in tests should get their partitions at once, not after the 3 s default delay.
                "group.initial.rebalance.delay.ms=0",
                ""));
        String classpath = jars + "/*";
        // KRaft storage must be formatted with a cluster id before the first start.
        broker.run("format.log", START_TIMEOUT, ExternalProcess.java("-cp", classpath,
                "kafka.tools.StorageTool", "format", "-t", clusterId(), "-c", config.toString()));
        broker.start(ExternalProcess.java("-Xmx512m", "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-cp", classpath, "kafka.Kafka", config.toString()));
        broker.awaitLog("Kafka Server started", START_TIMEOUT);
        return new KafkaBroker(listener);
    }

    /** A cluster id in Kafka's format (16 random bytes, URL-safe base64), without starting a JVM to ask for one. */
    private static String clusterId() {
        byte[] bytes = new byte[16];
        String id;
        do {
            new SecureRandom().nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (id.startsWith("-")); // Kafka avoids these too: a command line would read them as options.
        return id;
    }
}
