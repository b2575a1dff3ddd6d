package org.dabba.platform.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.jboss.logging.Logger;
import redis.embedded.RedisServer;

/**
 * The zero-config default: real PostgreSQL and Redis servers from Maven artifacts and a JWT key pair,
 * all kept under one data directory. Used by {@code DabbaMain} before Quarkus starts and by the test
 * harness; it returns the configuration that points the app at what it started.
 *
 * <p>Each part starts only when its setting is not already given, so an operator can point the
 * default profile at an external PostgreSQL while Redis stays embedded, for instance.
 */
public final class LocalInfrastructure implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalInfrastructure.class);

    public static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    public static final String REDIS_HOSTS = "quarkus.redis.hosts";
    public static final String JWT_PUBLIC_KEY = "mp.jwt.verify.publickey.location";
    public static final String JWT_PRIVATE_KEY = "smallrye.jwt.sign.key.location";

    private final Path dataDir;
    private final boolean persistent;
    private EmbeddedPostgres postgres;
    private RedisServer redis;

    private LocalInfrastructure(Path dataDir, boolean persistent) {
        this.dataDir = dataDir;
        this.persistent = persistent;
    }

    /**
     * Starts what is missing.
     *
     * @param dataDir where data and keys live
     * @param persistent keep PostgreSQL and Redis data across restarts (false for tests)
     * @param alreadySet tells whether a setting is given by the operator
     */
    public static LocalInfrastructure start(Path dataDir, boolean persistent, Predicate<String> alreadySet,
            Map<String, String> configOut) {
        LocalInfrastructure infra = new LocalInfrastructure(dataDir.toAbsolutePath(), persistent);
        try {
            Files.createDirectories(infra.dataDir);
            if (!alreadySet.test(JDBC_URL)) {
                configOut.putAll(infra.startPostgres());
            }
            if (!alreadySet.test(REDIS_HOSTS)) {
                configOut.putAll(infra.startRedis());
            }
            if (!alreadySet.test(JWT_PUBLIC_KEY) && !alreadySet.test(JWT_PRIVATE_KEY)) {
                configOut.putAll(infra.jwtKeys());
            }
            return infra;
        } catch (IOException e) {
            infra.close();
            throw new UncheckedIOException("Could not start the embedded servers under " + infra.dataDir, e);
        }
    }

    private Map<String, String> startPostgres() throws IOException {
        long t0 = System.nanoTime();
        Path pgData = dataDir.resolve("postgres");
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(!persistent)
                .setPort(freePort())
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "100")
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(dataDir.resolve("postgres.log").toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(dataDir.resolve("postgres.log").toFile()))
                .start();
        LOG.infof("Embedded PostgreSQL up on 127.0.0.1:%d (data in %s) in %d ms", postgres.getPort(), pgData,
                (System.nanoTime() - t0) / 1_000_000);
        Map<String, String> config = new LinkedHashMap<>();
        config.put(JDBC_URL, "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres");
        config.put("quarkus.datasource.username", "postgres");
        config.put("quarkus.datasource.password", "postgres");
        return config;
    }

    private Map<String, String> startRedis() throws IOException {
        int port = freePort();
        Path redisData = Files.createDirectories(dataDir.resolve("redis"));
        redis = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("dir " + redisData)
                .setting(persistent ? "save 60 1" : "save \"\"")
                .setting("appendonly no")
                .setting("protected-mode yes")
                .onShutdownForceStop(true)
                .build();
        redis.start();
        LOG.infof("Embedded Redis up on 127.0.0.1:%d", port);
        return Map.of(REDIS_HOSTS, "redis://127.0.0.1:" + port);
    }

    /** The token signing key pair, generated once and kept, so tokens survive a restart. */
    private Map<String, String> jwtKeys() throws IOException {
        Path keys = Files.createDirectories(dataDir.resolve("keys"));
        Path privateKey = keys.resolve("jwt-private.pem");
        Path publicKey = keys.resolve("jwt-public.pem");
        if (!Files.exists(privateKey) || !Files.exists(publicKey)) {
            KeyPair pair;
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                pair = generator.generateKeyPair();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            privateKey.toFile().setReadable(false, false);
            privateKey.toFile().setReadable(true, true);
            LOG.infof("Generated the token signing key pair in %s", keys);
        }
        return Map.of(JWT_PUBLIC_KEY, publicKey.toUri().toString(), JWT_PRIVATE_KEY, privateKey.toUri().toString());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        try {
            if (redis != null) {
                redis.stop();
            }
        } catch (IOException e) {
            LOG.warn("Could not stop the embedded Redis", e);
        }
        try {
            if (postgres != null) {
                postgres.close();
            }
        } catch (IOException e) {
            LOG.warn("Could not stop the embedded PostgreSQL", e);
        }
    }
}
