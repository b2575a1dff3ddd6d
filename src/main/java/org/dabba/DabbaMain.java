package org.dabba;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.quarkus.main.CamelMainApplication;
import org.dabba.platform.local.LocalInfrastructure;

/**
 * Starts Dabba. Unless the {@code prod} profile is chosen, it first starts whatever infrastructure the
 * operator has not configured (embedded PostgreSQL, embedded Redis, a token key pair) so that the app runs
 * with no configuration at all. A packaged jar would run the {@code prod} profile by default; without an
 * explicit profile this main selects {@code local}, the zero-config default.
 */
@QuarkusMain
public class DabbaMain {

    public static final String LOCAL_PROFILE = "local";

    public static void main(String... args) {
        String profile = setting("quarkus.profile");
        if (profile == null && LaunchMode.current() == LaunchMode.NORMAL) {
            profile = LOCAL_PROFILE;
            System.setProperty("quarkus.profile", profile);
        }
        if (profile != null && profile.contains("prod")) {
            // Camel's main must run the app: with a plain Quarkus.run the Camel context never starts.
            Quarkus.run(CamelMainApplication.class, args);
            return;
        }
        String dataDirSetting = setting("dabba.data-dir");
        Path dataDir = Path.of(dataDirSetting == null ? "data" : dataDirSetting).toAbsolutePath();
        System.setProperty("dabba.data-dir", dataDir.toString());
        Map<String, String> config = new LinkedHashMap<>();
        try (LocalInfrastructure infra = LocalInfrastructure.start(dataDir, true, k -> setting(k) != null, config)) {
            config.forEach(System::setProperty);
            Quarkus.run(CamelMainApplication.class, args);
        }
    }

    /** A setting given as a system property or as its environment variable, before Quarkus reads config. */
    static String setting(String key) {
        String value = System.getProperty(key);
        if (value == null) {
            value = System.getenv(key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
        }
        return value == null || value.isBlank() ? null : value;
    }
}
