package org.dabba.testing;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Another instance of the app, next to the one a {@code @QuarkusTest} runs: the packaged jar
 * ({@code target/quarkus-app/quarkus-run.jar}, built by {@code package} before the ITs run) in the {@code prod}
 * profile, as a child JVM on a free loopback port, for tests of what several instances share. Ready when its
 * readiness probe answers 200; its log is under target/test-servers-run/. {@link #close()} stops it gracefully, so
 * that it leaves its Kafka consumer groups at once.
 */
public final class AppInstance implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final ExternalProcess process;
    private final int port;

    private AppInstance(ExternalProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts the instance with {@code settings} as system properties (any config key, e.g.
     * {@code quarkus.datasource.jdbc.url}, {@code KAFKA_BOOTSTRAP_SERVERS}, {@code %prod.dabba.search.engine}).
     */
    public static AppInstance start(String name, Map<String, String> settings) {
        return start(name, settings, "512m");
    }

    /** As {@link #start(String, Map)}, with a heap of {@code maxHeap} (e.g. {@code 384m}) for several side by side. */
    public static AppInstance start(String name, Map<String, String> settings, String maxHeap) {
        int port = ExternalProcess.freePort();
        List<String> flags = new ArrayList<>(List.of("-Xmx" + maxHeap, "-Dquarkus.profile=prod",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port));
        settings.forEach((key, value) -> flags.add("-D" + key + "=" + value));
        ExternalProcess process = ExternalProcess.packagedApp(name, flags);
        process.awaitReady(port, START_TIMEOUT);
        return new AppInstance(process, port);
    }

    /** The port it listens on (127.0.0.1), for REST calls to it: {@code given().baseUri("http://127.0.0.1").port(..)}. */
    public int port() {
        return port;
    }

    /** ws://127.0.0.1:port, for {@link Sockets#connect(URI, String, String)}. */
    public URI webSocketBase() {
        return URI.create("ws://127.0.0.1:" + port);
    }

    /**
     * A crash: SIGKILL to the JVM, no shutdown hooks, sockets cut without a close frame, Kafka consumers left to time
     * out, leases left to expire. Returns once the process is gone.
     */
    public void crash() {
        ProcessHandle jvm = process.handle();
        jvm.destroyForcibly();
        jvm.onExit().join();
    }

    @Override
    public void close() {
        process.terminate(STOP_GRACE);
    }
}
