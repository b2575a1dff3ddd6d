package org.dabba.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged app ({@code target/quarkus-app/quarkus-run.jar}) started as a separate process with the
 * zero-config default, as a user runs it (or the profile and servers its settings name), on a free port and a data
 * folder of the benchmark's own.
 */
final class BenchApp implements AutoCloseable {

    final String baseUrl;
    /** Where its metrics are: the management interface, not the public port. */
    final String metricsUrl;
    final Path log;
    /** From launching the JVM to the first 200 from /q/health/ready. */
    long startToReadyMs;
    private final Process process;

    private BenchApp(Process process, String baseUrl, String metricsUrl, Path log) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.metricsUrl = metricsUrl;
        this.log = log;
    }

    static BenchApp start(Path dataDir, Map<String, String> systemProperties) throws Exception {
        // A fixed heap, so that the figures do not depend on the machine's memory.
        return start(dataDir, systemProperties, List.of("-Xmx1g"));
    }

    /** Started with these JVM options only (none: {@code java -jar}, as a user starts it). */
    static BenchApp start(Path dataDir, Map<String, String> systemProperties, List<String> jvmOptions)
            throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Build the app first: ./mvnw -DskipTests package");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        int managementPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            managementPort = socket.getLocalPort();
        }
        Files.createDirectories(dataDir);
        Path log = dataDir.resolve("app-" + port + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Ddabba.data-dir=" + dataDir.toAbsolutePath(), "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.port=" + managementPort, "-Dquarkus.log.level=WARN",
                "-Dquarkus.log.category.\"org.dabba\".level=INFO"));
        // Load from one address, far over a client's share: limits stay counted (their cost is measured) but never bite.
        org.dabba.testing.GenerousLimits.config().forEach((k, v) -> command.add("-D" + k + "=" + v));
        // A run logs its users in once and may outlast a production access token.
        command.add("-Ddabba.identity.token-lifetime=PT12H");
        systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        // Extra options for the app's JVM, e.g. a flight recording of the run.
        String jvmArgs = System.getProperty("bench.app-jvm-args", "").strip();
        if (!jvmArgs.isEmpty()) {
            command.addAll(List.of(jvmArgs.split("\\s+")));
        }
        command.addAll(1, jvmOptions);
        // The class-data archive (AppCDS) holds the jar's path relative to the app's folder: run it from there.
        boolean fromAppFolder = jvmOptions.stream().anyMatch(o -> o.startsWith("-XX:SharedArchiveFile="));
        command.addAll(List.of("-jar", fromAppFolder ? jar.getFileName().toString() : jar.toAbsolutePath().toString()));
        long launched = System.nanoTime();
        Process process = new ProcessBuilder(command).directory(fromAppFolder ? jar.getParent().toFile() : null)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        BenchApp app = new BenchApp(process, "http://127.0.0.1:" + port,
                "http://127.0.0.1:" + managementPort + "/q/metrics", log);
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The app exited; see " + log);
            }
            try {
                HttpResponse<Void> ready = client.send(HttpRequest.newBuilder(URI.create(app.baseUrl + "/q/health/ready"))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    app.startToReadyMs = (System.nanoTime() - launched) / 1_000_000;
                    return app;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(20);
        }
        app.close();
        throw new IllegalStateException("The app was not ready within 120 s; see " + log);
    }

    long pid() {
        return process.pid();
    }

    /** The embedded Redis port, read from the app's log, to measure the raw engine beside the app. */
    int redisPort() throws IOException {
        return portFromLog("Embedded Redis up on 127\\.0\\.0\\.1:(\\d+)");
    }

    int postgresPort() throws IOException {
        return portFromLog("Embedded PostgreSQL up on 127\\.0\\.0\\.1:(\\d+)");
    }

    private int portFromLog(String pattern) throws IOException {
        Matcher m = Pattern.compile(pattern).matcher(Files.readString(log));
        if (!m.find()) {
            throw new IllegalStateException("No " + pattern + " in " + log);
        }
        return Integer.parseInt(m.group(1));
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
