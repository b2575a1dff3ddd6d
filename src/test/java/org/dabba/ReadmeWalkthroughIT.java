package org.dabba;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dabba.testing.LocalApp;
import org.dabba.testing.MailCatcher;
import org.junit.jupiter.api.Test;

/**
 * The README's walk-through, run as a reader would paste it: its shell block, as written, against the packaged
 * jar on the zero-config default, its email going to a local SMTP catcher as the walk-through's preamble starts
 * them. It must get through to a delivered, rated and partly refunded order and Ravi's receipt, with no refusal but
 * the one it shows on purpose (the dish switched out of stock). Socket steps are skipped: they wait for
 * a person to read them.
 */
class ReadmeWalkthroughIT {

    /** The refusals the walk-through shows on purpose. */
    private static final List<String> SHOWN_ON_PURPOSE = List.of("/problems/item-out-of-stock");
    private static final Pattern PROBLEM = Pattern.compile("\"type\":\"(/problems/[a-z-]+)\"");

    @Test
    void theWalkThroughRunsAsWrittenToADeliveredOrder() throws Exception {
        assumeTrue(onPath("curl") && onPath("python3"),
                "The walk-through needs curl and python3 (apt-get install -y curl python3)");
        String script = walkThrough(Files.readString(Path.of("README.md")));
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "readme-walkthrough-")
                .toAbsolutePath();
        // Started as the walk-through's preamble says: Dabba's email goes to a local SMTP catcher.
        try (MailCatcher mail = MailCatcher.start();
                LocalApp app = LocalApp.start("readme-walkthrough", dir.resolve("data"),
                        "-Dcamel.kamelet.dabba-smtp-email-sink.host=127.0.0.1",
                        "-Dcamel.kamelet.dabba-smtp-email-sink.port=" + mail.smtpPort(),
                        "-Dcamel.kamelet.dabba-smtp-email-sink.security=NONE",
                        "-Dcamel.kamelet.dabba-smtp-email-sink.from=Dabba <no-reply@dabba.local>")) {
            String base = "localhost:" + app.port();
            Path file = dir.resolve("walkthrough.sh");
            Files.writeString(file, script.replace("localhost:8080", base)
                    .replace("http://127.0.0.1:8025", mail.api().toString()));
            Path out = dir.resolve("walkthrough.out");
            Process run = new ProcessBuilder("bash", file.toString()).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean ended = run.waitFor(5, TimeUnit.MINUTES);
            if (!ended) {
                run.destroyForcibly();
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            assertTrue(ended, "The walk-through did not end within 5 minutes:\n" + output);
            assertEquals(0, run.exitValue(), output);
            assertTrue(!output.contains("Traceback"), "A step's answer lacked what the next step reads:\n" + output);
            TreeSet<String> problems = new TreeSet<>();
            Matcher m = PROBLEM.matcher(output);
            while (m.find()) {
                problems.add(m.group(1));
            }
            assertEquals(new TreeSet<>(SHOWN_ON_PURPOSE), problems, output);
            assertTrue(output.contains("\"status\":\"DELIVERED\""), output);
            assertTrue(output.contains("\"stars\":5"), output);
            assertTrue(output.contains("\"emailVerified\":true"), "Ravi proved his email: " + output);
            assertTrue(output.contains("Your Dabba receipt for order #"), "Ravi's receipt arrived: " + output);
        }
    }

    /**
     * The walk-through's shell block (the one that sets {@code B}, after the heading and the catcher's preamble);
     * socket steps become no-ops.
     */
    static String walkThrough(String readme) {
        int heading = readme.indexOf("## A first walk-through with curl");
        assertTrue(heading >= 0, "The README has no walk-through");
        int block = readme.indexOf("```sh\nB=", heading);
        assertTrue(block >= 0, "The walk-through has no block setting B");
        int start = block + "```sh\n".length();
        int end = readme.indexOf("```", start);
        return readme.substring(start, end).replaceAll("(?m)^websocat .*$", ": socket step");
    }

    private static boolean onPath(String command) throws IOException, InterruptedException {
        return new ProcessBuilder("sh", "-c", "command -v " + command).start().waitFor() == 0;
    }
}
