package org.dabba.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client (the JDK's) for tests: connects with a token in the {@code access_token} query
 * parameter, as a browser would, and queues every JSON message it receives.
 */
public final class Sockets {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Sockets() {
    }

    /** The refused handshake's HTTP status, or thrown if the handshake succeeded. */
    public static int refusedStatus(String path, String token) {
        try {
            Client c = connect(path, token);
            c.close();
            throw new AssertionError("The handshake to " + path + " was accepted");
        } catch (HandshakeRefused e) {
            return e.status;
        }
    }

    /** Connects to {@code path} of the app under test; {@code token} may be null (no credentials). */
    public static Client connect(String path, String token) {
        // The port the test app really listens on (the configured one is 0: random).
        int port = io.restassured.RestAssured.port;
        return connect(URI.create("ws://localhost:" + port), path, token);
    }

    /** Connects to {@code path} of the app at {@code base} (ws://host:port). */
    public static Client connect(URI base, String path, String token) {
        String uri = base + path + (token == null ? "" : "?access_token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8));
        Client client = new Client();
        try {
            client.socket = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create(uri), client).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                throw new HandshakeRefused(h.getResponse().statusCode());
            }
            throw e;
        }
        return client;
    }

    public static final class HandshakeRefused extends RuntimeException {
        public final int status;

        HandshakeRefused(int status) {
            super("WebSocket handshake refused with HTTP " + status);
            this.status = status;
        }
    }

    /** One connection and the messages it has received, oldest first. */
    public static final class Client implements WebSocket.Listener, AutoCloseable {

        private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private volatile WebSocket socket;
        private volatile boolean closed;
        private volatile String closedWith;
        private volatile int closeStatus = -1;

        /** The next message, waiting up to {@code timeout}; fails the test if none comes. */
        public JsonNode next(Duration timeout) {
            try {
                JsonNode m = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (m == null) {
                    throw new AssertionError("No message within " + timeout);
                }
                return m;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** The next message matching {@code wanted}, skipping others; fails the test if none comes in time. */
        public JsonNode next(Predicate<JsonNode> wanted, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<JsonNode> skipped = new ArrayList<>();
            while (true) {
                long left = deadline - System.nanoTime();
                JsonNode m;
                try {
                    m = left <= 0 ? null : messages.poll(left, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
                if (m == null) {
                    throw new AssertionError("No matching message within " + timeout + "; got " + skipped);
                }
                if (wanted.test(m)) {
                    return m;
                }
                skipped.add(m);
            }
        }

        /** The next message of {@code type}, skipping others. */
        public JsonNode next(String type, Duration timeout) {
            return next(m -> type.equals(m.path("type").asText()), timeout);
        }

        /** Nothing more arrives within {@code quiet}; fails with what did arrive. */
        public void assertSilent(Duration quiet) {
            try {
                JsonNode m = messages.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
                if (m != null) {
                    throw new AssertionError("Unexpected message: " + m);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        public void send(Object message) {
            try {
                socket.sendText(JSON.writeValueAsString(message), true).join();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        /** Sends {@code text} as it is, one message, whatever it holds. */
        public void sendRaw(String text) {
            try {
                socket.sendText(text, true).join();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        public boolean isClosed() {
            return closed;
        }

        /** The server's close frame as "code reason" (e.g. "1008 token-expired"); null before one came. */
        public String closedWith() {
            return closedWith;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    messages.add(JSON.createObjectNode().put("type", "unparseable").put("text", partial.toString()));
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closedWith = statusCode + " " + reason;
            closeStatus = statusCode;
            closed = true;
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed = true;
        }

        /** The status the server closed with, or -1 while open (or when the connection just broke). */
        public int closeStatus() {
            return closeStatus;
        }

        @Override
        public void close() {
            if (socket != null && !closed) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(2, TimeUnit.SECONDS)
                        .exceptionally(e -> null).join();
                socket.abort();
            }
        }
    }
}
