package org.dabba.testing;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * GreenMail standalone, the SMTP catcher of the README's walk-through, as a child JVM on free loopback ports: it
 * takes any mail (no authentication), keeps it, and shows it on its JSON API ({@code /api/user/{email}/messages/INBOX}).
 * The jar is {@code ${dabba.test-servers}/greenmail.jar}, which pre-integration-test copies there.
 */
public final class MailCatcher implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final ExternalProcess process;
    private final int smtpPort;
    private final URI api;

    private MailCatcher(ExternalProcess process, int smtpPort, URI api) {
        this.process = process;
        this.smtpPort = smtpPort;
        this.api = api;
    }

    public static MailCatcher start() {
        Path jar = ExternalProcess.testServersDir().resolve("greenmail.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No " + jar + ": run the build through pre-integration-test"
                    + " (mvn verify), or set -Ddabba.test-servers to a folder holding greenmail.jar");
        }
        int smtp = ExternalProcess.freePort();
        int apiPort = ExternalProcess.freePort();
        ExternalProcess process = new ExternalProcess("greenmail");
        process.start(ExternalProcess.java("-Xmx128m", "-Dgreenmail.smtp.hostname=127.0.0.1",
                "-Dgreenmail.smtp.port=" + smtp, "-Dgreenmail.auth.disabled", "-Dgreenmail.api.hostname=127.0.0.1",
                "-Dgreenmail.api.port=" + apiPort, "-jar", jar.toString()));
        URI api = URI.create("http://127.0.0.1:" + apiPort);
        process.awaitHttpOk(api.resolve("/api/service/readiness"), START_TIMEOUT);
        return new MailCatcher(process, smtp, api);
    }

    public int smtpPort() {
        return smtpPort;
    }

    /** Its JSON API, e.g. http://127.0.0.1:port. */
    public URI api() {
        return api;
    }

    @Override
    public void close() {
        process.terminate(Duration.ofSeconds(5));
    }
}
