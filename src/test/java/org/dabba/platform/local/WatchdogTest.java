package org.dabba.platform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pieces of crash recovery on stand-in servers (shell loops named like the real ones): the watchdog that stops
 * a server when its app's JVM is gone, and the recognition of leftovers through their pid files.
 */
class WatchdogTest {

    /** A stand-in server: stops within a second of SIGTERM, its command line naming {@code name} and {@code arg}. */
    static final String SERVER = "trap 'exit 0' TERM; echo ready; while :; do sleep 1; done";
    /** One that ignores SIGTERM, as a server stuck in a long shutdown would. */
    static final String STUBBORN = "trap '' TERM; echo ready; while :; do sleep 1; done";

    final List<Process> started = new ArrayList<>();

    @AfterEach
    void killAll() {
        started.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
    }

    Process sh(String script, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", script));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
        started.add(p);
        return p;
    }

    /** A stand-in server, once its trap is set. */
    Process server(String script, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", script));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).start();
        started.add(p);
        String first = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
        assertEquals("ready", first);
        return p;
    }

    /** The watchdog of a JVM that is already gone: its standard input is at end-of-file at once. */
    Process orphanedWatchdog(long serverPid, int graceSeconds) throws IOException {
        return sh(Watchdog.SCRIPT, "dabba-watchdog", Long.toString(serverPid), Integer.toString(graceSeconds));
    }

    @Test
    void whenTheAppIsGoneTheWatchdogStopsTheServerAndEnds() throws Exception {
        Process server = server(SERVER, "redis-server");
        Process watchdog = orphanedWatchdog(server.pid(), 10);
        assertTrue(server.waitFor(5, TimeUnit.SECONDS), "the server was stopped");
        assertEquals(0, server.exitValue(), "by SIGTERM, cleanly");
        assertTrue(watchdog.waitFor(5, TimeUnit.SECONDS), "the watchdog ended");
    }

    @Test
    void aServerThatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
        Process server = server(STUBBORN, "postgres");
        orphanedWatchdog(server.pid(), 1);
        assertTrue(server.waitFor(8, TimeUnit.SECONDS), "the server was killed");
        assertEquals(128 + 9, server.exitValue(), "by SIGKILL");
    }

    @Test
    void aReleasedWatchdogLeavesTheServerAloneAndSignalsToTheGroupDoNotStopIt() throws Exception {
        Process server = server(SERVER, "redis-server");
        Watchdog watchdog = Watchdog.guard("test server", server.pid());
        ProcessHandle dog = ProcessHandle.of(watchdog.pid()).orElseThrow();
        Thread.sleep(300); // its trap set
        dog.destroy(); // SIGTERM, as a terminal's Ctrl-C or a supervisor sends the whole process group
        Thread.sleep(500);
        assertTrue(dog.isAlive(), "SIGTERM does not end the watchdog");
        watchdog.close();
        assertFalse(dog.isAlive(), "released, it ends");
        Thread.sleep(500);
        assertTrue(server.isAlive(), "and the server runs on");
    }

    @Test
    void aLeftoverServerOfTheDataDirectoryIsStoppedThroughItsPidFile(@TempDir Path dir) throws Exception {
        Path pgData = Files.createDirectories(dir.resolve("postgres"));
        Process postgres = server(SERVER, "postgres", "-D", pgData.toString());
        Files.writeString(pgData.resolve("postmaster.pid"), postgres.pid() + "\n" + pgData + "\n");
        Path redisPid = dir.resolve("redis-server.pid");
        Process redis = server(SERVER, "redis-server", "127.0.0.1:6390");
        Files.writeString(redisPid, redis.pid() + "\n");

        LeftoverServers.stopPostgres(pgData);
        LeftoverServers.stopRedis(redisPid, dir);

        assertFalse(postgres.isAlive());
        assertFalse(redis.isAlive());
        assertFalse(Files.exists(redisPid));
    }

    @Test
    void aPidFileNamingAnotherProgramStopsNothing(@TempDir Path dir) throws Exception {
        Path pgData = Files.createDirectories(dir.resolve("postgres"));
        Process other = server(SERVER, "postgres", "-D", dir.resolve("another").toString());
        Path pgPid = Files.writeString(pgData.resolve("postmaster.pid"), other.pid() + "\n");
        Process notRedis = server(SERVER, "something-else");
        Path redisPid = Files.writeString(dir.resolve("redis-server.pid"), notRedis.pid() + "\n");

        LeftoverServers.stopPostgres(pgData);
        LeftoverServers.stopRedis(redisPid, dir);

        assertTrue(other.isAlive(), "a PostgreSQL of another data directory runs on");
        assertTrue(notRedis.isAlive());
        assertFalse(Files.exists(pgPid), "the stale pid file is gone, so PostgreSQL will start");
        assertFalse(Files.exists(redisPid));
    }

    @Test
    void aPidFileNamingADeadServerIsLeftToPostgresql(@TempDir Path dir) throws Exception {
        Path pgData = Files.createDirectories(dir.resolve("postgres"));
        Process gone = sh("exit 0");
        gone.waitFor();
        Path pgPid = Files.writeString(pgData.resolve("postmaster.pid"), gone.pid() + "\n");
        LeftoverServers.stopPostgres(pgData);
        assertTrue(Files.exists(pgPid), "PostgreSQL reads it to check that no old backend holds its memory");
    }
}
