package org.dabba.testing;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged jar run as a user runs it, {@code java -jar} with no profile: the zero-config {@code local} default
 * with its embedded PostgreSQL and Redis, on a data directory of the test's choosing and a free port, as a child
 * JVM (log under target/test-servers-run/). For tests of what the default does on its own machine: binding,
 * start-up refusals, a crash and the next start.
 */
public final class LocalApp implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final ExternalProcess process;
    private final int port;

    private LocalApp(ExternalProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the app on {@code dataDir} with extra JVM flags (e.g. {@code -Dkey=value}) and waits until it is ready. */
    public static LocalApp start(String name, Path dataDir, String... flags) {
        LocalApp app = launch(name, dataDir, flags);
        app.process.awaitReady(app.port, START_TIMEOUT);
        return app;
    }

    /** Starts the app without waiting for it, for a start that is meant to fail. */
    public static LocalApp launch(String name, Path dataDir, String... flags) {
        int port = ExternalProcess.freePort();
        List<String> command = new ArrayList<>(List.of("-Xmx512m", "-Ddabba.data-dir=" + dataDir.toAbsolutePath(),
                "-Dquarkus.http.port=" + port));
        command.addAll(List.of(flags));
        ExternalProcess process = ExternalProcess.packagedApp(name, command);
        return new LocalApp(process, port);
    }

    public int port() {
        return port;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** The app's JVM. */
    public ProcessHandle handle() {
        return process.handle();
    }

    /** What the app has logged so far. */
    public String log() {
        return process.output();
    }

    /** Waits for the app to exit by itself; its exit code. */
    public int awaitExit(Duration timeout) {
        return process.awaitExit(timeout);
    }

    /** A graceful stop (SIGTERM), as Ctrl-C or a service manager would. */
    @Override
    public void close() {
        process.terminate(STOP_GRACE);
    }
}
