package org.dabba.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The alert rules load in Prometheus ({@code promtool check rules}: syntax, PromQL, templates) and fire when an operator
 * expects them to, and only then ({@code promtool test rules} on deploy/prometheus/alerts-test.yml: a stuck relay,
 * a healthy one, parked dead letters, dispatch misses, bad webhook signatures). Runs
 * where promtool is installed ({@code apt-get install prometheus} on Debian); skipped elsewhere. That the metrics they
 * read exist is {@link MetricsContractTest}'s job.
 */
class AlertRulesTest {

    @Test
    void promtoolAcceptsTheAlertRules() throws Exception {
        promtool("check", "rules", "deploy/prometheus/alerts.yml");
    }

    @Test
    void theAlertsFireOnTheirScenariosAndOnlyThere() throws Exception {
        promtool("test", "rules", "deploy/prometheus/alerts-test.yml");
    }

    private static void promtool(String... args) throws Exception {
        File promtool = promtool();
        assumeTrue(promtool != null, "promtool not installed (apt-get install prometheus): rules not checked");
        String[] command = new String[args.length + 1];
        command[0] = promtool.getPath();
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        // Read before waiting: a full pipe would block promtool.
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool ended");
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
