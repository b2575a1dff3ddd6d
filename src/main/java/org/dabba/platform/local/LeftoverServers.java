package org.dabba.platform.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The embedded servers an app left running when it died (kill -9, out of memory): found through their pid files,
 * recognised by their command line, and stopped, so that the next start comes up with the data intact. Only called
 * while holding the data directory's lock: no live app owns them.
 */
final class LeftoverServers {

    private static final Logger LOG = Logger.getLogger(LeftoverServers.class);

    /** A clean stop: PostgreSQL checkpoints, Redis saves its snapshot. Then they are killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private LeftoverServers() {
    }

    /**
     * The PostgreSQL server of {@code pgData} named by its {@code postmaster.pid}, if it still runs: stopped. A pid
     * file naming a live process that is not that server (its pid reused) is removed, since PostgreSQL refuses to
     * start while the pid it names is alive; one naming a dead process is left to PostgreSQL, which also checks
     * through it that no old backend still uses the shared memory.
     */
    static void stopPostgres(Path pgData) {
        Path pidFile = pgData.resolve("postmaster.pid");
        Optional<ProcessHandle> server = firstNumber(pidFile).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (server.isEmpty() || commandLine(server.get()).isEmpty()) {
            // Gone, or another user's process: PostgreSQL itself will say whether it is in the way.
            return;
        }
        if (isServer(server.get(), "postgres", pgData.toString())) {
            stop(server.get(), "PostgreSQL", pgData);
        } else {
            deleteQuietly(pidFile);
        }
    }

    /** The Redis server named by the pid file it wrote at start, if it still runs: stopped. */
    static void stopRedis(Path pidFile, Path redisData) {
        Optional<Long> pid = firstNumber(pidFile);
        if (pid.isEmpty()) {
            return;
        }
        ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive)
                .filter(server -> isServer(server, "redis-server"))
                .ifPresent(server -> stop(server, "Redis", redisData));
        deleteQuietly(pidFile);
    }

    /** Whether the process's command line names every marker (the server's program, its data directory). */
    static boolean isServer(ProcessHandle process, String... markers) {
        String line = commandLine(process).orElse("");
        return !line.isEmpty() && Arrays.stream(markers).allMatch(line::contains);
    }

    private static Optional<String> commandLine(ProcessHandle process) {
        ProcessHandle.Info info = process.info();
        String line = info.command().orElse("") + " " + info.commandLine().orElse("");
        return line.isBlank() ? Optional.empty() : Optional.of(line);
    }

    /** SIGTERM, then SIGKILL (with the children it leaves, e.g. PostgreSQL's backends) after the grace. */
    private static void stop(ProcessHandle server, String what, Path dataDir) {
        LOG.warnf("Stopping the embedded %s (pid %d) of %s, left running by an app that did not stop cleanly",
                what, server.pid(), dataDir);
        List<ProcessHandle> children = server.descendants().toList();
        server.destroy();
        if (awaitExit(server, STOP_GRACE)) {
            return;
        }
        LOG.warnf("The embedded %s (pid %d) did not stop within %s: killing it", what, server.pid(), STOP_GRACE);
        children.forEach(ProcessHandle::destroyForcibly);
        server.destroyForcibly();
        if (!awaitExit(server, KILL_WAIT)) {
            throw new IllegalStateException("The embedded " + what + " (pid " + server.pid() + ") of " + dataDir
                    + " is still running after SIGKILL: stop it by hand (kill -9 " + server.pid() + ")");
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** The number on the file's first line (both pid files start with the pid); empty if none. */
    static Optional<Long> firstNumber(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(file);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debugf(e, "Could not delete %s", file);
        }
    }
}
