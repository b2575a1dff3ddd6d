package org.dabba.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.dabba.platform.local.LocalInfrastructure;

/**
 * The real embedded PostgreSQL and Redis (and a token key pair) that every test runs against, started
 * through the same {@link LocalInfrastructure} the app's zero-config default uses, once per JVM: the
 * settings are kept in system properties because Quarkus gives each test profile its own class loader.
 */
public class LocalServers implements QuarkusTestResourceLifecycleManager {

    private static final String PREFIX = "dabba.test-servers.local.";

    @Override
    public Map<String, String> start() {
        return config();
    }

    public static synchronized Map<String, String> config() {
        Map<String, String> config = new HashMap<>();
        System.getProperties().forEach((k, v) -> {
            if (k.toString().startsWith(PREFIX)) {
                config.put(k.toString().substring(PREFIX.length()), v.toString());
            }
        });
        if (!config.isEmpty()) {
            return config;
        }
        try {
            Path dataDir = Files.createTempDirectory("dabba-test-data");
            Map<String, String> started = new LinkedHashMap<>();
            LocalInfrastructure infra = LocalInfrastructure.start(dataDir, false, key -> false, started, Set.of());
            Runtime.getRuntime().addShutdownHook(new Thread(infra::close));
            started.put("dabba.data-dir", dataDir.toString());
            started.forEach((k, v) -> System.setProperty(PREFIX + k, v));
            return started;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        // Shared by every test class of the run; stopped by the shutdown hook.
    }
}
