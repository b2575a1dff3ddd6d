package org.dabba.platform.local;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.dabba.testing.LocalApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The zero-config default after a crash, with the packaged jar as a user runs it ({@link LocalApp}): an app killed
 * with SIGKILL leaves no embedded server running for long (its watchdogs stop them within seconds), and when even
 * the watchdogs die with it (SIGKILL to the whole process group), the next start on the same data directory stops
 * the leftovers itself and comes up with the data intact.
 */
class CrashRecoveryIT {

    static final Duration ORPHANS_GONE_WITHIN = Duration.ofSeconds(10);
    static final String PASSWORD = "correct-horse-battery";
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final List<LocalApp> apps = new ArrayList<>();

    @AfterEach
    void stopWhatIsLeft() {
        apps.forEach(LocalApp::close);
    }

    LocalApp start(String name, Path data) {
        LocalApp app = LocalApp.start(name, data);
        apps.add(app);
        return app;
    }

    @Test
    void aKilledAppLeavesNoServersBehindAndTheNextStartOnItsDataComesUpWithTheData() throws Exception {
        Path data = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "crash-recovery-data-");
        String email = "crash-" + UUID.randomUUID() + "@example.com";

        // A first run: on loopback only, a customer signs up.
        LocalApp first = start("crash-first", data);
        assertListensOnLoopbackOnly(first);
        assertEquals(201, post(first, "/auth/signup", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD
                + "\",\"name\":\"Ravi\",\"role\":\"CUSTOMER\"}"));
        Servers firstServers = Servers.of(data);
        List<ProcessHandle> firstWatchdogs = watchdogsOf(first);
        assertEquals(2, firstWatchdogs.size(), "a watchdog per embedded server");

        // It dies with its watchdogs (SIGKILL to its process group): PostgreSQL and Redis are left running.
        firstWatchdogs.forEach(ProcessHandle::destroyForcibly);
        first.handle().destroyForcibly();
        first.handle().onExit().get();
        for (ProcessHandle watchdog : firstWatchdogs) {
            watchdog.onExit().get();
        }
        assertTrue(alive(firstServers.postgres) && alive(firstServers.redis), "the servers outlive the app");

        // The next start on the same data directory stops them and comes up; the customer is still there.
        LocalApp second = start("crash-second", data);
        assertEquals(200, login(second, email));
        assertFalse(alive(firstServers.postgres), "the leftover PostgreSQL was stopped");
        assertFalse(alive(firstServers.redis), "the leftover Redis was stopped");
        assertTrue(second.log().contains("left running by an app that did not stop cleanly"), second.log());

        // Killed alone (kill -9 <pid>), it leaves servers that its watchdogs stop within seconds.
        Servers secondServers = Servers.of(data);
        List<ProcessHandle> secondWatchdogs = watchdogsOf(second);
        second.handle().destroyForcibly();
        await().atMost(ORPHANS_GONE_WITHIN).pollInterval(Duration.ofMillis(200)).until(() ->
                !alive(secondServers.postgres) && !alive(secondServers.redis)
                        && secondWatchdogs.stream().noneMatch(ProcessHandle::isAlive));

        // And the start after that finds the data too; a clean stop leaves nothing running.
        LocalApp third = start("crash-third", data);
        assertEquals(200, login(third, email));
        Servers thirdServers = Servers.of(data);
        List<ProcessHandle> thirdWatchdogs = watchdogsOf(third);
        third.close();
        await().atMost(ORPHANS_GONE_WITHIN).pollInterval(Duration.ofMillis(200)).until(() ->
                !alive(thirdServers.postgres) && !alive(thirdServers.redis) && noServerRunning(data)
                        && thirdWatchdogs.stream().noneMatch(ProcessHandle::isAlive));
    }

    /** The pids of the embedded servers, from the pid files they wrote under the data directory. */
    record Servers(long postgres, long redis) {
        static Servers of(Path data) {
            long postgres = LeftoverServers.firstNumber(data.resolve("postgres").resolve("postmaster.pid")).orElseThrow();
            long redis = LeftoverServers.firstNumber(data.resolve("redis").resolve(LocalInfrastructure.REDIS_PID_FILE))
                    .orElseThrow();
            return new Servers(postgres, redis);
        }
    }

    /** Whether no pid file under the data directory names a running process (a clean stop removes them). */
    static boolean noServerRunning(Path data) {
        return Stream.of(data.resolve("postgres").resolve("postmaster.pid"),
                        data.resolve("redis").resolve(LocalInfrastructure.REDIS_PID_FILE))
                .map(LeftoverServers::firstNumber).flatMap(Optional::stream).noneMatch(CrashRecoveryIT::alive);
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    static List<ProcessHandle> watchdogsOf(LocalApp app) {
        return app.handle().children()
                .filter(p -> p.info().commandLine().orElse("").contains("dabba-watchdog"))
                .toList();
    }

    /** Bound to 127.0.0.1: nothing answers on this machine's other addresses. */
    static void assertListensOnLoopbackOnly(LocalApp app) throws IOException {
        assertTrue(app.log().contains("Listening on: http://127.0.0.1:" + app.port()), app.log());
        Optional<InetAddress> external = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst();
        if (external.isPresent()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(external.get(), app.port()), 2000);
                throw new AssertionError("The app answers on " + external.get() + ":" + app.port());
            } catch (ConnectException refused) {
                // as it should
            }
        }
    }

    int post(LocalApp app, String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(app.uri(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    int login(LocalApp app, String email) throws Exception {
        return post(app, "/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
    }
}
