package org.dabba.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The alert rules load in Prometheus: {@code promtool check rules} accepts them (syntax, PromQL, templates). Runs
 * where promtool is installed ({@code apt-get install prometheus} on Debian); skipped elsewhere. That the metrics they
 * read exist is {@link MetricsContractTest}'s job.
 */
class AlertRulesTest {

    @Test
    void promtoolAcceptsTheAlertRules() throws Exception {
        File promtool = promtool();
        assumeTrue(promtool != null, "promtool not installed (apt-get install prometheus): rules not checked");
        Process p = new ProcessBuilder(promtool.getPath(), "check", "rules", "deploy/prometheus/alerts.yml")
                .redirectErrorStream(true).start();
        p.waitFor(60, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
    }

    private static File promtool() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, "promtool");
            if (f.canExecute()) {
                return f;
            }
        }
        return null;
    }
}
