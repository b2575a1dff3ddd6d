package org.dabba.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A real OpenSearch 2.19 node (single node, with the Netty transport, common analysis and painless
 * modules) on loopback, run as a separate JVM from the jars and launcher that pre-integration-test
 * builds into {@code ${dabba.test-servers}/opensearch} (see src/test/servers/opensearch/pom.xml).
 * Started once per JVM by {@link #shared()}, killed at JVM exit.
 */
public final class OpenSearchNode {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    /** The JVM-wide system property that holds the running server's address (see ExternalProcess#once). */
    static final String STARTED_PROPERTY = "dabba.test-servers.opensearch.url";

    private final String url;

    private OpenSearchNode(String url) {
        this.url = url;
    }

    public static OpenSearchNode shared() {
        return new OpenSearchNode(ExternalProcess.once(STARTED_PROPERTY, () -> start().url));
    }

    /** The REST endpoint, http://127.0.0.1:port (no security, no credentials). */
    public String url() {
        return url;
    }

    private static OpenSearchNode start() {
        Path jars = ExternalProcess.testServersDir().resolve("opensearch");
        if (!Files.isRegularFile(jars.resolve("opensearch-launcher.jar"))) {
            throw new IllegalStateException("No OpenSearch jars in " + jars + ": run the build through"
                    + " pre-integration-test (mvn verify), or set -Ddabba.test-servers to a folder holding opensearch/*.jar");
        }
        ExternalProcess node = new ExternalProcess("opensearch");
        String url = "http://127.0.0.1:" + ExternalProcess.freePort();
        // Settings as key=value arguments (see OpenSearchLauncher); data and logs go under path.home.
        node.start(ExternalProcess.java("-Xms256m", "-Xmx512m", "-cp", jars + "/*",
                "org.dabba.testservers.OpenSearchLauncher",
                "path.home=" + node.workDir,
                "http.port=" + URI.create(url).getPort(),
                "transport.port=" + ExternalProcess.freePort()));
        awaitHealthy(node, "opensearch", url, START_TIMEOUT);
        return new OpenSearchNode(url);
    }

    /**
     * Waits for a node speaking the Elasticsearch/OpenSearch REST API to be usable: first for its HTTP
     * port (failing early, with the log, if the process dies), then for cluster health yellow or green,
     * which the server itself waits for. Shared with {@link ElasticsearchNode}.
     */
    static void awaitHealthy(ExternalProcess process, String name, String url, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        process.awaitHttp(URI.create(url + "/_cluster/health"), timeout);
        long left = Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toSeconds());
        HttpRequest health = HttpRequest.newBuilder(URI.create(
                url + "/_cluster/health?wait_for_status=yellow&timeout=" + left + "s"))
                .timeout(Duration.ofSeconds(left + 5)).build();
        String failure;
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(health, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return;
            }
            failure = "answered " + response.statusCode() + " " + response.body();
        } catch (IOException e) {
            failure = "failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        }
        Path log = process.workDir.resolve(name + ".log");
        throw new IllegalStateException(name + " was not yellow or green within " + timeout + ": " + health.uri()
                + " " + failure + " (log " + log + "):\n" + tail(log));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Arrays.asList(new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\n"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }
}
