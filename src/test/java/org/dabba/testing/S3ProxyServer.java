package org.dabba.testing;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real S3 API (S3Proxy 4.1.0 over an in-memory store) on loopback, run as a separate JVM from
 * {@code ${dabba.test-servers}/s3proxy.jar}, which pre-integration-test copies there.
 * Started once per JVM by {@link #shared()}, killed at JVM exit. Clients must use path-style
 * addressing (AWS SDK v2: {@code forcePathStyle(true)}).
 */
public final class S3ProxyServer {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String ACCESS_KEY = "dabba-test";
    private static final String SECRET_KEY = "dabba-test-secret";

    /** The JVM-wide system property that holds the running server's address (see ExternalProcess#once). */
    static final String STARTED_PROPERTY = "dabba.test-servers.s3proxy.endpoint";

    private final URI endpoint;

    private S3ProxyServer(URI endpoint) {
        this.endpoint = endpoint;
    }

    public static S3ProxyServer shared() {
        return new S3ProxyServer(URI.create(ExternalProcess.once(STARTED_PROPERTY, () -> start().endpoint.toString())));
    }

    /** For {@code endpointOverride}: http://127.0.0.1:port. */
    public URI endpoint() {
        return endpoint;
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    /** S3Proxy accepts any region in a signature; this is the one clients should sign with. */
    public String region() {
        return "us-east-1";
    }

    private static S3ProxyServer start() {
        Path jar = ExternalProcess.testServersDir().resolve("s3proxy.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No " + jar + ": run the build through pre-integration-test"
                    + " (mvn verify), or set -Ddabba.test-servers to a folder holding s3proxy.jar");
        }
        ExternalProcess server = new ExternalProcess("s3proxy");
        URI endpoint = URI.create("http://127.0.0.1:" + ExternalProcess.freePort());
        Path config = server.write("s3proxy.properties", String.join("\n",
                "s3proxy.endpoint=" + endpoint,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                // In-memory store: nothing to clean up, each test JVM starts empty.
                "jclouds.provider=transient-nio2",
                ""));
        server.start(ExternalProcess.java("-Xmx256m", "-jar", jar.toString(), "--properties", config.toString()));
        server.awaitHttp(endpoint, START_TIMEOUT);
        return new S3ProxyServer(endpoint);
    }
}
