package org.dabba.testservers;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * Runs a single-node OpenSearch on loopback from plain Maven jars, for integration tests.
 *
 * <p>The stock bootstrap cannot be used: it loads plugins from a plugins/ folder with descriptors
 * (the Maven plugin jars carry none) and refuses to run as root (CI runs as root). So this subclasses
 * {@link Node}, whose protected constructor takes plugin classes straight from the classpath.
 *
 * <p>Usage: {@code java -cp 'DIR/*' org.dabba.testservers.OpenSearchLauncher key=value...}, giving at
 * least {@code path.home}, {@code http.port} and {@code transport.port} (path.data and path.logs default
 * to folders of path.home); any other node setting may be given the same way. Runs until killed.
 */
public final class OpenSearchLauncher extends Node {

    private OpenSearchLauncher(Settings settings) {
        super(InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "dabba-test"),
                List.of(Netty4Plugin.class, PainlessPlugin.class, CommonAnalysisPlugin.class),
                // forbidPrivateIndexSettings: true, as a real node has it.
                true);
    }

    public static void main(String[] args) throws Exception {
        Settings.Builder builder = Settings.builder()
                .put("network.host", "127.0.0.1")
                .put("discovery.type", "single-node")
                // Tests run on machines with fuller disks than a server: never let a disk watermark
                // make an index read-only or leave its shards unassigned.
                .put("cluster.routing.allocation.disk.threshold_enabled", false)
                // Without a log4j2.properties, log4j's default console set-up only shows errors.
                .put("logger.level", "INFO");
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("Expected key=value, got: " + arg);
            }
            builder.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Settings settings = builder.build();
        // Console logging only (stdout, which the test harness sends to a file): no log4j2.properties needed.
        LogConfigurator.configureWithoutConfig(settings);
        new OpenSearchLauncher(settings).start();
        // Every OpenSearch thread is a daemon: without this the JVM would exit right after start-up.
        new CountDownLatch(1).await();
    }
}
