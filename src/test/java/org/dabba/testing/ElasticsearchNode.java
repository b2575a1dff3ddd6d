package org.dabba.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Elasticsearch 8.19 node (the integ-test distribution: single node, security off, no painless
 * and no analysis-common) on loopback, run by the distribution's own {@code bin/elasticsearch} from the
 * home that pre-integration-test unpacks to {@code ${dabba.test-servers}/elasticsearch} (see
 * src/test/servers/elasticsearch/pom.xml). That home is only read: config, data, logs and temp files go
 * to this JVM's work directory. Started once per JVM by {@link #shared()}, killed at JVM exit.
 */
public final class ElasticsearchNode {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    /** The JVM-wide system property that holds the running server's address (see ExternalProcess#once). */
    static final String STARTED_PROPERTY = "dabba.test-servers.elasticsearch.url";

    private final String url;

    private ElasticsearchNode(String url) {
        this.url = url;
    }

    public static ElasticsearchNode shared() {
        return new ElasticsearchNode(ExternalProcess.once(STARTED_PROPERTY, () -> start().url));
    }

    /** The REST endpoint, http://127.0.0.1:port (security off: no credentials, no TLS). */
    public String url() {
        return url;
    }

    private static ElasticsearchNode start() {
        Path home = ExternalProcess.testServersDir().resolve("elasticsearch");
        if (!Files.isRegularFile(home.resolve("bin/elasticsearch"))) {
            throw new IllegalStateException("No Elasticsearch in " + home + ": run the build through"
                    + " pre-integration-test (mvn verify), or set -Ddabba.test-servers to a folder holding elasticsearch/bin");
        }
        ExternalProcess node = new ExternalProcess("elasticsearch");
        int httpPort = ExternalProcess.freePort();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path work = node.workDir;
        if (root) {
            // Elasticsearch refuses to run as root, and CI runs as root: it runs as nobody, who may not be
            // allowed into the checkout (a clone in a mode-700 folder). So home and work go to a folder of
            // nobody's own under the world-traversable temp dir, removed at JVM exit.
            try {
                work = Files.createTempDirectory("dabba-elasticsearch-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path own = work;
            node.run("copy.log", START_TIMEOUT, List.of("cp", "-a", home.toString(), own.resolve("home").toString()));
            home = own.resolve("home");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> ExternalProcess.deleteTree(own),
                    "elasticsearch-work-cleanup"));
        }
        Path config = work.resolve("config");
        try {
            Files.createDirectories(config);
            Files.createDirectories(work.resolve("tmp"));
            // Elasticsearch will not start without its logging config; the rest of the stock config/ is
            // replaced: its jvm.options writes GC logs and heap dumps into the (read-only) home.
            Files.copy(home.resolve("config/log4j2.properties"), config.resolve("log4j2.properties"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(config.resolve("jvm.options"), String.join("\n",
                    "-XX:+UseG1GC",
                    "-Djava.io.tmpdir=${ES_TMPDIR}",
                    "-XX:+ExitOnOutOfMemoryError",
                    ""));
            Files.writeString(config.resolve("elasticsearch.yml"), String.join("\n",
                    "network.host: 127.0.0.1",
                    "http.port: " + httpPort,
                    "transport.port: " + ExternalProcess.freePort(),
                    "discovery.type: single-node",
                    "xpack.security.enabled: false",
                    "path.data: " + work.resolve("data"),
                    "path.logs: " + work.resolve("logs"),
                    // Tests run on machines with fuller disks than a server: never let a disk watermark
                    // make an index read-only or leave its shards unassigned.
                    "cluster.routing.allocation.disk.threshold_enabled: false",
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>();
        if (root) {
            node.run("chown.log", START_TIMEOUT, List.of("chown", "-R", "nobody:nogroup", work.toString()));
            command.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        }
        // ExternalProcess passes no environment of its own, hence env(1). This distribution bundles no
        // JDK: it runs on the tests' one (Java 17 is enough for 8.19).
        command.addAll(List.of("env",
                "ES_JAVA_HOME=" + System.getProperty("java.home"),
                "ES_PATH_CONF=" + config,
                // Else a temp dir per start under /tmp, left behind since the node is killed, not stopped.
                "ES_TMPDIR=" + work.resolve("tmp"),
                // After the built-in options, so these win: no pre-touching of the whole heap (faster
                // start, less memory), C1 only as for the other test servers.
                "ES_JAVA_OPTS=-Xms512m -Xmx512m -XX:-AlwaysPreTouch " + String.join(" ", ExternalProcess.jitFlags()),
                home.resolve("bin/elasticsearch").toString()));
        node.start(command);
        String url = "http://127.0.0.1:" + httpPort;
        OpenSearchNode.awaitHealthy(node, "elasticsearch", url, START_TIMEOUT);
        // The server JVM attaches its entitlement agent to itself at boot, which leaves an attach socket
        // /tmp/.java_pid<pid> (always /tmp, whatever java.io.tmpdir says) that a killed JVM never removes.
        ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").endsWith("org.elasticsearch.bootstrap.Elasticsearch"))
                .forEach(p -> Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(
                        Path.of("/tmp/.java_pid" + p.pid())), "elasticsearch-attach-socket")));
        return new ElasticsearchNode(url);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Best effort at JVM exit: an empty socket file is harmless.
        }
    }
}
