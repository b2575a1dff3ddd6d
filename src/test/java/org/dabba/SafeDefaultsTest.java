package org.dabba;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.LaunchMode;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Where each way of running Dabba lands: the container image on {@code prod}, {@code java -jar} on the
 * zero-config {@code local} profile listening on loopback only, and {@code prod} on every interface (Quarkus's
 * default for a packaged app, which tests of the prod profile keep at localhost).
 */
class SafeDefaultsTest {

    static final Function<String, String> NONE = key -> null;

    @Test
    void theContainerImageRunsTheProdProfile() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src", "main", "docker", "Dockerfile.jvm")).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        int env = lines.indexOf("ENV QUARKUS_PROFILE=prod");
        int cmd = lines.stream().filter(line -> line.startsWith("CMD ") || line.startsWith("ENTRYPOINT "))
                .findFirst().map(lines::indexOf).orElse(-1);
        assertTrue(env >= 0, "ENV QUARKUS_PROFILE=prod in src/main/docker/Dockerfile.jvm: " + lines);
        assertTrue(cmd > env, "set before the app starts: " + lines);
    }

    @Test
    void withQuarkusProfileProdInTheEnvironmentNothingEmbeddedStarts() {
        Map<String, String> environment = Map.of("QUARKUS_PROFILE", "prod");
        String profile = DabbaMain.profile(key -> DabbaMain.setting(key, NONE, environment::get), LaunchMode.NORMAL);
        assertEquals("prod", profile);
        assertFalse(DabbaMain.startsEmbeddedServers(profile));
    }

    @Test
    void javaDashJarWithNothingSetRunsTheLocalProfileOnEmbeddedServers() {
        String profile = DabbaMain.profile(key -> DabbaMain.setting(key, NONE, NONE), LaunchMode.NORMAL);
        assertEquals(DabbaMain.LOCAL_PROFILE, profile);
        assertTrue(DabbaMain.startsEmbeddedServers(profile));
        assertNull(DabbaMain.profile(key -> null, LaunchMode.TEST), "tests keep Quarkus's own choice");
    }

    @Test
    void aSystemPropertyWinsOverTheEnvironment() {
        Map<String, String> properties = Map.of("quarkus.profile", "local");
        Map<String, String> environment = Map.of("QUARKUS_PROFILE", "prod");
        assertEquals("local", DabbaMain.setting("quarkus.profile", properties::get, environment::get));
    }

    @Test
    void theDefaultListensOnLoopbackAndProdOnEveryInterface() throws IOException {
        Properties config = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("src", "main", "resources", "application.properties"))) {
            config.load(in);
        }
        assertEquals("127.0.0.1", config.getProperty("%local.quarkus.http.host"));
        // prod keeps Quarkus's own default for a packaged app: 0.0.0.0
        assertNull(config.getProperty("quarkus.http.host"));
        assertNull(config.getProperty("%prod.quarkus.http.host"));
        assertEquals("false", config.getProperty("dabba.payments.sandbox.allow-non-loopback"));
        assertEquals("stripe", config.getProperty("%prod.dabba.payments.gateway"));
    }
}
