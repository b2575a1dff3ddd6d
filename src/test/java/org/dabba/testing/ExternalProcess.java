package org.dabba.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A real server run as a child process for integration tests, with its own work directory
 * and log file, killed by a JVM shutdown hook. Package-private: ITs use the server classes
 * ({@link KafkaBroker}, {@link S3ProxyServer}).
 */
final class ExternalProcess {

    private static final Duration POLL = Duration.ofMillis(100);
    /** Where {@link #freePort} looks: below Linux's ephemeral ports. */
    private static final int FIRST_PORT = 20000;
    private static final int PORT_COUNT = 12000;
    private static final Random PORTS = new SecureRandom();

    final Path workDir;
    private final String name;
    private final Path logFile;
    private final boolean deleteWorkDir;
    private volatile Process process;

    /**
     * Makes a fresh work directory for the server, under target/ when run from the project
     * (kept for post-mortems, removed by mvn clean), else under java.io.tmpdir (deleted on stop),
     * and registers the shutdown hook that stops it.
     */
    ExternalProcess(String name) {
        this.name = name;
        Path target = Path.of("target");
        deleteWorkDir = !Files.isDirectory(target);
        try {
            Path base = deleteWorkDir ? Path.of(System.getProperty("java.io.tmpdir")) : target.resolve("test-servers-run");
            Files.createDirectories(base);
            workDir = Files.createTempDirectory(base, name + "-").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        logFile = workDir.resolve(name + ".log");
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, name + "-stop"));
    }

    /** Where the pre-integration-test phase put the server jars. */
    static Path testServersDir() {
        return Path.of(System.getProperty("dabba.test-servers", "target/test-servers")).toAbsolutePath();
    }

    /**
     * A port free on loopback right now, below the kernel's ephemeral range (32768 and up on Linux): outgoing
     * connections take their local ports from that range, so a port chosen there could be taken by a client
     * socket (even the server's own, connecting to its database) before the server binds it. Another process
     * could still bind this one first.
     */
    static int freePort() {
        for (int i = 0; i < 100; i++) {
            int port = FIRST_PORT + PORTS.nextInt(PORT_COUNT);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // another one
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    /**
     * The java launcher of the running JVM (so the servers use the same JDK as the tests) and its
     * first flags. C1 only: each server JVM starts about a third faster on a 2-core machine, and
     * test traffic never needs C2's peak speed.
     */
    /** Set by benchmarks, which measure the servers at full speed: C2 on, as in production. */
    static final String FULL_JIT = "dabba.test-servers.full-jit";

    static List<String> jitFlags() {
        return Boolean.getBoolean(FULL_JIT) ? List.of() : List.of("-XX:TieredStopAtLevel=1");
    }

    static List<String> java(String... flags) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jitFlags());
        command.addAll(List.of(flags));
        return command;
    }

    /** Writes a file into the work directory and returns its path. */
    Path write(String fileName, String content) {
        try {
            return Files.writeString(workDir.resolve(fileName), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a one-off setup command to completion in the work directory, failing with its output. */
    void run(String logName, Duration timeout, List<String> command) {
        Path log = workDir.resolve(logName);
        try {
            Process p = launch(command, log);
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " timed out after " + timeout + ":\n" + tail(log));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(command + " exited with " + p.exitValue() + ":\n" + tail(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts the long-running server, its output going to {@code <name>.log} in the work directory. */
    void start(List<String> command) {
        process = launch(command, logFile);
    }

    private Process launch(List<String> command, Path log) {
        try {
            return new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + ": " + command, e);
        }
    }

    /** The running process, e.g. to kill it alone (SIGKILL, its children left behind) as a crash would. */
    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Waits for the process to end by itself and returns its exit code; fails (killing it) after the timeout. */
    int awaitExit(Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        fail(name + " did not exit within " + timeout);
        return -1;
    }

    /** Everything the process has written so far. */
    String output() {
        return log();
    }

    /** Waits until the log contains the line fragment; fails early if the process dies. */
    void awaitLog(String fragment, Duration timeout) {
        await("log line \"" + fragment + "\"", timeout, () -> log().contains(fragment));
    }

    /** Waits until any HTTP answer (whatever its status) comes back from the URI. */
    void awaitHttp(URI uri, Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build();
        await("HTTP answer from " + uri, timeout, () -> {
            try {
                client.send(request, HttpResponse.BodyHandlers.discarding());
                return true;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    /** Waits until the URI answers 200 (e.g. a readiness probe); fails early if the process dies. */
    void awaitHttpOk(URI uri, Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build();
        await("200 from " + uri, timeout, () -> {
            try {
                return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    private void await(String what, Duration timeout, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (!process.isAlive()) {
                fail(name + " exited with " + process.exitValue() + " before " + what);
            }
            if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) {
                fail(name + " gave no " + what + " within " + timeout);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void fail(String message) {
        kill();
        String tail = tail(logFile);
        throw new IllegalStateException(message + " (log " + logFile + "):\n" + tail);
    }

    private void stop() {
        kill();
        if (deleteWorkDir) {
            deleteTree(workDir);
        }
    }

    /**
     * A graceful stop (SIGTERM), then SIGKILL after {@code grace}: for a server whose clean exit others notice,
     * such as an app instance leaving its Kafka consumer groups at once instead of after the session timeout.
     */
    void terminate(Duration grace) {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** SIGKILL, not a graceful stop: the data is throwaway and JVM exit should be quick. */
    private void kill() {
        Process p = process;
        if (p != null) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String log() {
        return read(logFile);
    }

    private static String tail(Path log) {
        String[] lines = read(log).split("\n");
        return String.join("\n", Arrays.asList(lines).subList(Math.max(0, lines.length - 40), lines.length));
    }

    private static String read(Path file) {
        try {
            // Lenient decoding, not Files.readString: a multi-byte character may be half written.
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    private static final Map<String, RuntimeException> START_FAILURES = new ConcurrentHashMap<>();

    /**
     * One server per JVM: its address is kept in the JVM-wide system property {@code property}, because
     * Quarkus loads test classes in a new class loader for each test profile, each with its own static
     * fields. A failure is remembered too, so that every test class asking again does not wait out the
     * timeout again.
     */
    static synchronized String once(String property, Supplier<String> start) {
        String started = System.getProperty(property);
        if (started != null) {
            return started;
        }
        RuntimeException failed = START_FAILURES.get(property);
        if (failed != null) {
            throw failed;
        }
        try {
            String address = start.get();
            System.setProperty(property, address);
            return address;
        } catch (RuntimeException e) {
            START_FAILURES.put(property, e);
            throw e;
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // Best effort at JVM exit; a leftover temp dir is harmless.
        }
    }

    /**
     * Starts the packaged app ({@code target/quarkus-app/quarkus-run.jar}, built by {@code package} before the ITs
     * run) as {@code java <jvmFlags> -jar …}, without waiting for it.
     */
    static ExternalProcess packagedApp(String name, List<String> jvmFlags) {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No packaged app at " + jar + ": run the build through package first"
                    + " (mvn verify does)");
        }
        List<String> command = new ArrayList<>(jvmFlags);
        // Its metrics port too is its own (unless given), so that apps started side by side do not meet on the default one.
        if (jvmFlags.stream().noneMatch(flag -> flag.startsWith("-Dquarkus.management.port="))) {
            command.add("-Dquarkus.management.port=" + freePort());
        }
        command.addAll(List.of("-jar", jar.toString()));
        ExternalProcess process = new ExternalProcess(name);
        process.start(java(command.toArray(String[]::new)));
        return process;
    }

    /** Waits until the app on {@code port} (127.0.0.1) answers its readiness probe with 200. */
    void awaitReady(int port, Duration timeout) {
        awaitHttpOk(URI.create("http://127.0.0.1:" + port + "/q/health/ready"), timeout);
    }
}
