package org.dabba.platform.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Predicate;
import org.jboss.logging.Logger;
import redis.embedded.RedisServer;

/**
 * The zero-config default: real PostgreSQL and Redis servers and a JWT key pair under one data directory, each
 * started only when its setting is not already given. Used by {@code DabbaMain} and the test harness.
 *
 * <p>A crash never bricks the data directory: one app at a time holds its lock ({@value #LOCK_FILE}, released by
 * the operating system however the app ends), so servers still running there when the lock is taken were left by
 * an app that died, and are stopped first ({@link LeftoverServers}). A {@link Watchdog} stops each server started
 * within seconds of this JVM's death.
 */
public final class LocalInfrastructure implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalInfrastructure.class);

    public static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    public static final String REDIS_HOSTS = "quarkus.redis.hosts";
    public static final String JWT_PUBLIC_KEY = "mp.jwt.verify.publickey.location";
    public static final String JWT_PRIVATE_KEY = "smallrye.jwt.sign.key.location";

    /** Held while an app uses the data directory; holds the pid of that app. */
    public static final String LOCK_FILE = "dabba.lock";
    /** Written by Redis itself at start and removed when it stops cleanly. */
    static final String REDIS_PID_FILE = "redis-server.pid";

    private final Path dataDir;
    private final boolean persistent;
    private final Set<Integer> reservedPorts;
    private final Set<Integer> givenPorts = new java.util.HashSet<>();
    private FileChannel lockChannel;
    private EmbeddedPostgres postgres;
    /** Started on a thread of its own by {@link #begin}; null when PostgreSQL is the operator's. */
    private FutureTask<Void> postgresStart;
    private RedisServer redis;
    private final List<Watchdog> watchdogs = new ArrayList<>();
    private boolean lockedHere;

    private static final Set<Path> LOCKED_HERE = ConcurrentHashMap.newKeySet();

    private LocalInfrastructure(Path dataDir, boolean persistent, Set<Integer> reservedPorts) {
        this.dataDir = dataDir;
        this.persistent = persistent;
        this.reservedPorts = Set.copyOf(reservedPorts);
    }

    /**
     * Starts what is missing: a part whose setting {@code alreadySet} (given by the operator) is left out. Data is
     * kept across restarts when {@code persistent} (not in tests). No server gets one of {@code reservedPorts} (the
     * app's HTTP port: free now, taken by the app only once PostgreSQL and Redis are up). Returns once every server
     * is up.
     */
    public static LocalInfrastructure start(Path dataDir, boolean persistent, Predicate<String> alreadySet,
            Map<String, String> configOut, Set<Integer> reservedPorts) {
        LocalInfrastructure infra = begin(dataDir, persistent, alreadySet, configOut, reservedPorts);
        try {
            infra.awaitPostgres();
            return infra;
        } catch (RuntimeException e) {
            infra.close();
            throw e;
        }
    }

    /**
     * As {@link #start}, but returns while PostgreSQL is still starting (its address is already in
     * {@code configOut}): the app's own boot, most of a start, needs no database until it migrates the schema, which
     * first waits for it ({@link EmbeddedPostgresGate}). Redis, started meanwhile, and the key pair are ready on
     * return.
     */
    public static LocalInfrastructure begin(Path dataDir, boolean persistent, Predicate<String> alreadySet,
            Map<String, String> configOut, Set<Integer> reservedPorts) {
        LocalInfrastructure infra = new LocalInfrastructure(dataDir.toAbsolutePath().normalize(), persistent,
                reservedPorts);
        try {
            Files.createDirectories(infra.dataDir);
            infra.lock();
            if (!alreadySet.test(JDBC_URL)) {
                configOut.putAll(infra.beginPostgres());
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
        } catch (RuntimeException e) {
            infra.close();
            throw e;
        }
    }

    /** The one started by {@link #begin} in this JVM, for the schema migration to wait on. */
    private static volatile LocalInfrastructure starting;

    /**
     * Waits until the embedded PostgreSQL that {@link #begin} started in this JVM accepts connections (at once when
     * there is none); throws if it could not start.
     */
    public static void awaitEmbeddedPostgres() {
        LocalInfrastructure infra = starting;
        if (infra != null) {
            infra.awaitPostgres();
        }
    }

    private void awaitPostgres() {
        if (postgresStart == null) {
            return;
        }
        try {
            postgresStart.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the embedded PostgreSQL was starting", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL under " + dataDir, io);
            }
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        }
    }

    /** Takes the data directory: two PostgreSQL servers on one would corrupt it. */
    private void lock() throws IOException {
        // Closing any channel of a file drops every lock this JVM holds on it: a second start in this JVM must not
        // even open the lock file.
        if (!LOCKED_HERE.add(dataDir)) {
            throw new IllegalStateException("The data directory " + dataDir + " is already in use by this JVM");
        }
        lockedHere = true;
        Path lockFile = dataDir.resolve(LOCK_FILE);
        lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        if (lockChannel.tryLock() == null) {
            String owner = Files.readString(lockFile, StandardCharsets.US_ASCII).strip();
            throw new IllegalStateException("The data directory " + dataDir + " is in use by another running app"
                    + (owner.isEmpty() ? "" : " (pid " + owner + ")")
                    + ": stop it first, or give this one a data directory of its own (DABBA_DATA_DIR)");
        }
        lockChannel.truncate(0);
        lockChannel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)),
                0);
        lockChannel.force(false);
    }

    private Map<String, String> beginPostgres() throws IOException {
        Path pgData = dataDir.resolve("postgres");
        LeftoverServers.stopPostgres(pgData);
        int port = freePort();
        postgresStart = new FutureTask<>(() -> {
            startPostgres(pgData, port);
            return null;
        });
        Thread starter = new Thread(postgresStart, "embedded-postgres-start");
        starter.setDaemon(true);
        starter.start();
        starting = this;
        Map<String, String> config = new LinkedHashMap<>();
        config.put(JDBC_URL, "jdbc:postgresql://127.0.0.1:" + port + "/postgres");
        config.put("quarkus.datasource.username", "postgres");
        config.put("quarkus.datasource.password", "postgres");
        return config;
    }

    private void startPostgres(Path pgData, int port) throws IOException {
        long t0 = System.nanoTime();
        EmbeddedPostgres started = EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(!persistent)
                .setPort(port)
                // Not stopped by a hook of its own, which would run beside the app's graceful stop and take the
                // database from work still finishing (a push being recorded as sent): close() stops it after the
                // app, and the watchdog once the JVM is gone.
                .setRegisterShutdownHook(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "100")
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(dataDir.resolve("postgres.log").toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(dataDir.resolve("postgres.log").toFile()))
                .start();
        synchronized (this) {
            postgres = started;
        }
        LOG.infof("Embedded PostgreSQL up on 127.0.0.1:%d (data in %s) in %d ms", port, pgData,
                (System.nanoTime() - t0) / 1_000_000);
        watch("PostgreSQL", pgData.resolve("postmaster.pid"));
    }

    private Map<String, String> startRedis() throws IOException {
        long t0 = System.nanoTime();
        int port = freePort();
        Path redisData = Files.createDirectories(dataDir.resolve("redis"));
        Path pidFile = redisData.resolve(REDIS_PID_FILE);
        LeftoverServers.stopRedis(pidFile, redisData);
        redis = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("dir " + quoted(redisData))
                .setting("pidfile " + quoted(pidFile))
                .setting(persistent ? "save 60 1" : "save \"\"")
                .setting("appendonly no")
                .setting("protected-mode yes")
                // Kept data is saved by a clean stop (SIGTERM); throwaway data need not wait for it.
                .onShutdownForceStop(!persistent)
                .build();
        redis.start();
        LOG.infof("Embedded Redis up on 127.0.0.1:%d in %d ms", port, (System.nanoTime() - t0) / 1_000_000);
        watch("Redis", pidFile);
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

    /** Starts the watchdog of the server whose pid its pid file names (written before the server is ready). */
    private void watch(String what, Path pidFile) {
        Optional<Long> pid = LeftoverServers.firstNumber(pidFile);
        if (pid.isEmpty()) {
            LOG.warnf("No pid in %s: the embedded %s is not watched", pidFile, what);
            return;
        }
        Watchdog watchdog = Watchdog.guard(what, pid.get());
        if (watchdog != null) {
            synchronized (watchdogs) {
                watchdogs.add(watchdog);
            }
        }
    }

    /** A path as one argument of a Redis configuration line. */
    private static String quoted(Path path) {
        return "\"" + path.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** A free port, never one already given to a server that may not have bound it yet. */
    private int freePort() throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                if (!reservedPorts.contains(socket.getLocalPort()) && givenPorts.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
    }

    /** Stops the servers, then releases their watchdogs and the data directory. */
    @Override
    public void close() {
        closeQuietly(redis == null ? null : redis::stop, "Could not stop the embedded Redis");
        try {
            awaitPostgres(); // a server still starting is stopped once up
        } catch (RuntimeException e) {
            LOG.warn("The embedded PostgreSQL did not start", e);
        }
        closeQuietly(postgres, "Could not stop the embedded PostgreSQL");
        if (starting == this) {
            starting = null;
        }
        synchronized (watchdogs) {
            watchdogs.forEach(Watchdog::close);
            watchdogs.clear();
        }
        closeQuietly(lockChannel, "Could not release the data directory lock");
        if (lockedHere) {
            LOCKED_HERE.remove(dataDir);
        }
    }

    private static void closeQuietly(Closeable closeable, String failure) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (IOException e) {
            LOG.warn(failure, e);
        }
    }
}
