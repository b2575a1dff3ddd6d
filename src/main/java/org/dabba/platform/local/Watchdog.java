package org.dabba.platform.local;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Stops an embedded server soon after the app that started it dies, however it dies: a tiny {@code sh} process
 * whose standard input is a pipe from this JVM. When the JVM ends the pipe closes and the watchdog stops the server
 * (SIGTERM, then SIGKILL after a grace); a clean shutdown releases it first. It ignores SIGHUP, SIGINT and SIGTERM,
 * which a terminal sends to the whole process group: the app's own shutdown stops the servers then.
 */
final class Watchdog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Watchdog.class);

    private static final Path SHELL = Path.of("/bin/sh");
    private static final String RELEASED = "released";

    /** $1 the server's pid, $2 seconds between SIGTERM and SIGKILL. */
    static final String SCRIPT = String.join("\n",
            "trap '' HUP INT TERM",
            "read -r word || word=",
            "[ \"$word\" = " + RELEASED + " ] && exit 0",
            "kill -TERM \"$1\" 2>/dev/null || exit 0",
            "n=0",
            "while kill -0 \"$1\" 2>/dev/null; do",
            "  n=$((n + 1))",
            "  if [ \"$n\" -gt \"$2\" ]; then kill -KILL \"$1\" 2>/dev/null; exit 0; fi",
            "  sleep 1",
            "done");

    private final String what;
    private final Process process;

    private Watchdog(String what, Process process) {
        this.what = what;
        this.process = process;
    }

    /** A watchdog for the server, or null where there is no POSIX shell (the server then lives on after a crash). */
    static Watchdog guard(String what, long serverPid) {
        if (!Files.isExecutable(SHELL)) {
            LOG.debugf("No %s: the embedded %s is not watched", SHELL, what);
            return null;
        }
        try {
            Process process = new ProcessBuilder(List.of(SHELL.toString(), "-c", SCRIPT, "dabba-watchdog",
                    Long.toString(serverPid), Long.toString(LeftoverServers.STOP_GRACE.toSeconds())))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new Watchdog(what, process);
        } catch (IOException e) {
            LOG.warnf(e, "Could not start the watchdog of the embedded %s (pid %d)", what, serverPid);
            return null;
        }
    }

    long pid() {
        return process.pid();
    }

    /** Leaves the server alone from now on (the app stops it itself). */
    @Override
    public void close() {
        try (OutputStream in = process.getOutputStream()) {
            in.write((RELEASED + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            LOG.debugf(e, "The watchdog of the embedded %s is already gone", what);
        }
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
