package org.dabba.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import redis.embedded.RedisServer;

/**
 * The shared PostgreSQL, but a Redis of the test's own that it may stop, pause and start again (on the same
 * port and data) without disturbing any other test. Its port and folder are kept in system properties, since
 * the test and this resource may not share a class loader.
 */
public class OutageRedis implements QuarkusTestResourceLifecycleManager {

    static final String PORT = "dabba.test-servers.outage-redis.port";
    static final String DIR = "dabba.test-servers.outage-redis.dir";

    @Override
    public Map<String, String> start() {
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            Path dir = Files.createTempDirectory("dabba-outage-redis");
            System.setProperty(PORT, String.valueOf(port));
            System.setProperty(DIR, dir.toString());
            startServer();
            Map<String, String> config = new HashMap<>(LocalServers.config());
            config.put("quarkus.redis.hosts", "redis://127.0.0.1:" + port);
            return config;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** (Re)starts the server on its port and folder; it loads what it saved when it was shut down. */
    public static void startServer() throws IOException {
        RedisServer server = RedisServer.newRedisServer()
                .port(port())
                .bind("127.0.0.1")
                .setting("dir " + System.getProperty(DIR))
                .setting("save \"\"")
                .setting("appendonly no")
                .onShutdownForceStop(true)
                .build();
        server.start();
    }

    public static int port() {
        return Integer.parseInt(System.getProperty(PORT));
    }

    /** Sends one command and reads the first line of the answer (none when the server closes, e.g. SHUTDOWN). */
    public static String command(String... args) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port())) {
            socket.setSoTimeout(10_000);
            StringBuilder resp = new StringBuilder("*").append(args.length).append("\r\n");
            for (String arg : args) {
                resp.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(resp.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c; (c = in.read()) != -1 && c != '\r'; ) {
                line.append((char) c);
            }
            return line.toString();
        }
    }

    @Override
    public void stop() {
        try {
            command("SHUTDOWN", "NOSAVE");
        } catch (IOException alreadyDown) {
            // nothing to stop
        }
        try (var files = Files.walk(Path.of(System.getProperty(DIR)))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a temporary folder: left to the OS
        }
    }
}
