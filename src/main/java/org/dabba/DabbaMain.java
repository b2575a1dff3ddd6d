package org.dabba;

import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.camel.quarkus.main.CamelMainApplication;
import org.dabba.platform.local.LocalInfrastructure;

/**
 * Starts Dabba. Unless the {@code prod} profile is chosen, it first starts whatever infrastructure the operator has
 * not configured (embedded PostgreSQL and Redis, a token key pair). Without an explicit profile it selects
 * {@code local}, which listens on loopback only; the container image sets {@code QUARKUS_PROFILE=prod}.
 */
@QuarkusMain
public class DabbaMain {

    public static final String LOCAL_PROFILE = "local";
    /** quarkus.http.port in application.properties. */
    static final int DEFAULT_HTTP_PORT = 8080;

    public static void main(String... args) {
        String profile = profile(DabbaMain::setting, LaunchMode.current());
        if (profile != null) {
            System.setProperty("quarkus.profile", profile);
        }
        // Building the class-data archive (AppCDS) only loads the app's classes and exits: no servers to run.
        if (!startsEmbeddedServers(profile) || ApplicationLifecycleManager.isAppCDSGeneration()) {
            // Camel's main must run the app: with a plain Quarkus.run the Camel context never starts.
            Quarkus.run(CamelMainApplication.class, args);
            return;
        }
        String dataDirSetting = setting("dabba.data-dir");
        Path dataDir = Path.of(dataDirSetting == null ? "data" : dataDirSetting).toAbsolutePath().normalize();
        System.setProperty("dabba.data-dir", dataDir.toString());
        Map<String, String> config = new LinkedHashMap<>();
        // PostgreSQL comes up while Quarkus boots; the schema migration waits for it (EmbeddedPostgresGate).
        try (LocalInfrastructure infra = LocalInfrastructure.begin(dataDir, true, k -> setting(k) != null, config,
                Set.of(httpPort()))) {
            config.forEach(System::setProperty);
            Quarkus.run(CamelMainApplication.class, args);
        }
    }

    /** The port the app will listen on (0: a random one, nothing to keep free). */
    static int httpPort() {
        String port = setting("quarkus.http.port");
        try {
            return port == null ? DEFAULT_HTTP_PORT : Integer.parseInt(port.strip());
        } catch (NumberFormatException e) {
            return DEFAULT_HTTP_PORT; // Quarkus will say what is wrong with it
        }
    }

    /**
     * The profile to run: the one given ({@code QUARKUS_PROFILE} or {@code -Dquarkus.profile}), else {@code local}
     * for {@code java -jar}; null leaves dev and test mode to Quarkus.
     */
    static String profile(Function<String, String> settings, LaunchMode mode) {
        String profile = settings.apply("quarkus.profile");
        return profile == null && mode == LaunchMode.NORMAL ? LOCAL_PROFILE : profile;
    }

    /** Whether the profile runs on embedded servers: every one but {@code prod} (and profiles built on it). */
    static boolean startsEmbeddedServers(String profile) {
        return profile == null || !profile.contains("prod");
    }

    /** A setting given as a system property or as its environment variable, before Quarkus reads config. */
    static String setting(String key) {
        return setting(key, System::getProperty, System::getenv);
    }

    static String setting(String key, Function<String, String> systemProperties, Function<String, String> environment) {
        String value = systemProperties.apply(key);
        if (value == null) {
            value = environment.apply(key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
        }
        return value == null || value.isBlank() ? null : value;
    }
}
