package org.dabba.platform.local;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.dabba.testing.LocalApp;
import org.junit.jupiter.api.Test;

/**
 * The default opened to the network without saying the sandbox may be: {@code java -jar} with
 * {@code quarkus.http.host=0.0.0.0} refuses to start, says why and how to choose, and leaves no embedded server
 * running.
 */
class SandboxExposureIT {

    @Test
    void theDefaultOnEveryInterfaceRefusesToStartBecauseOfTheSandbox() throws Exception {
        Path data = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "sandbox-exposure-data-");
        try (LocalApp app = LocalApp.launch("sandbox-exposed", data, "-Dquarkus.http.host=0.0.0.0")) {
            int exit = app.awaitExit(Duration.ofSeconds(120));
            assertNotEquals(0, exit, app.log());
            assertTrue(app.log().contains("will not serve on quarkus.http.host=0.0.0.0"), app.log());
            assertTrue(app.log().contains("DABBA_PAYMENTS_SANDBOX_ALLOW_NON_LOOPBACK=true"), app.log());
            await().atMost(CrashRecoveryIT.ORPHANS_GONE_WITHIN).until(() -> CrashRecoveryIT.noServerRunning(data));
        }
    }
}
