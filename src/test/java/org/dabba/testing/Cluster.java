package org.dabba.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Three instances of the packaged app (prod profile) on one PostgreSQL, Redis, Kafka and OpenSearch, behind a
 * loopback reverse proxy (Vert.x's HTTP proxy) as behind a production load balancer: round-robin over the instances
 * it believes alive, WebSocket upgrades passed through, and an instance taken out of the rotation as soon as a
 * connection to it fails (a passive health check), the request then going to the next one.
 *
 * <p>Payments run through each instance's sandbox: the sandbox keeps its intents in the shared database, so an
 * intent made through one instance is confirmed through any other; each signed webhook is delivered by whichever
 * instance's sandbox sweep leases it, to that instance itself (not through the proxy).
 *
 * <p>Socket upgrades take turns on a counter of their own, so three sockets opened one after the other land on three
 * different instances; {@link #socketUpstream} says where each path's last upgrade went.
 */
public final class Cluster implements AutoCloseable {

    /** Names the instance that answered, on every proxied HTTP response. */
    public static final String UPSTREAM_HEADER = "X-Dabba-Upstream";

    private final TwoInstances settings;
    private final List<String> names = List.of("a", "b", "c");
    private final Map<String, AppInstance> instances = new ConcurrentHashMap<>();
    private final Set<String> down = ConcurrentHashMap.newKeySet();
    private final Map<String, String> socketUpstreams = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger upgrades = new AtomicInteger();
    private final Vertx vertx = Vertx.vertx();
    private HttpServer proxyServer;
    private Map<String, String> shared;

    /** {@code name} makes the instance ids ({@code name-a}..{@code name-c}); each IT its own database. */
    public Cluster(String name, String database, String adminPassword) {
        settings = new TwoInstances(name, database, adminPassword);
    }

    /** Starts the three instances (each {@code -Xmx384m}, all at once), then the proxy in front of them. */
    public Cluster start(Map<String, String> extra) {
        String searchAlias = "cluster-" + UUID.randomUUID();
        List<Supplier<AppInstance>> starts = new ArrayList<>();
        for (String n : names) {
            Map<String, String> config = settings.instance(n);
            shared = config;
            config.remove("%prod.dabba.search.engine");
            config.remove("%prod.dabba.search.lucene-dir");
            config.put("DABBA_SEARCH_HOSTS", OpenSearchNode.shared().url());
            config.put("dabba.search.elasticsearch.alias", searchAlias);
            config.put("%prod.dabba.payments.gateway", "sandbox");
            config.put("%prod.dabba.payments.base-url", "http://127.0.0.1:${quarkus.http.port}/sandbox/stripe");
            config.put("DABBA_STRIPE_SECRET_KEY", Orders.SANDBOX_KEY);
            config.put("DABBA_STRIPE_WEBHOOK_SECRET", "whsec_dabba_sandbox");
            // A crashed instance's partitions go to a survivor once the broker misses its heartbeats for the session
            // timeout: 10 s (the broker's least is 6 s) instead of Kafka's 45 s, as an operator tuning failover would.
            config.put("camel.component.kafka.session-timeout-ms", "10000");
            config.put("camel.component.kafka.heartbeat-interval-ms", "2000");
            config.putAll(extra);
            starts.add(() -> {
                AppInstance app = AppInstance.start("dabba-" + settings.instanceId(n), config, "384m");
                instances.put(n, app);
                return app;
            });
        }
        try {
            // All at once on an empty database, as a rollout would: they share its migrations and its bootstrap admin.
            AtOnce.run(starts);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        startProxy();
        return this;
    }

    private void startProxy() {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(1000));
        HttpProxy proxy = HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(true), client);
        proxy.originRequestProvider((request, http) -> toAnInstance(request, http, names.size()));
        proxyServer = vertx.createHttpServer().requestHandler(proxy)
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    }

    /**
     * The next live instance in turn; when the connection to it fails it is marked down and the next one tried,
     * so a client's retry or reconnect lands on a survivor.
     */
    private Future<HttpClientRequest> toAnInstance(HttpServerRequest request, HttpClient http, int triesLeft) {
        boolean upgrade = "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
        List<String> live = names.stream().filter(n -> instances.containsKey(n) && !down.contains(n)).toList();
        if (live.isEmpty() || triesLeft == 0) {
            return Future.failedFuture("no instance alive");
        }
        int turn = (upgrade ? upgrades : requests).getAndIncrement();
        String upstream = live.get(Math.floorMod(turn, live.size()));
        RequestOptions options = new RequestOptions().setHost("127.0.0.1").setPort(instances.get(upstream).port());
        return http.request(options).map(origin -> {
            if (upgrade) {
                socketUpstreams.put(request.path(), upstream);
            } else {
                request.response().putHeader(UPSTREAM_HEADER, upstream);
            }
            return origin;
        }).recover(failure -> {
            down.add(upstream);
            return toAnInstance(request, http, triesLeft - 1);
        });
    }

    /** The proxy's port on 127.0.0.1: every client call goes there. */
    public int port() {
        return proxyServer.actualPort();
    }

    /** ws://127.0.0.1:proxy-port. */
    public URI webSocketBase() {
        return URI.create("ws://127.0.0.1:" + port());
    }

    /** Which instance ({@code a}, {@code b} or {@code c}) took the last socket upgrade of {@code path}. */
    public String socketUpstream(String path) {
        return socketUpstreams.get(path);
    }

    /** An instance by name, e.g. to read its port. */
    public AppInstance instance(String name) {
        return instances.get(name);
    }

    /** SIGKILLs instance {@code name}; the proxy learns it is gone from the first connection that fails. */
    public void crash(String name) {
        instances.get(name).crash();
    }

    /** The bootstrap admin's token, through the proxy's current REST defaults. */
    public String adminToken() {
        return settings.adminToken();
    }

    /** An instance's {@code dabba.instance-id}. */
    public String instanceId(String name) {
        return settings.instanceId(name);
    }

    /** A connection to the instances' database, for what an operator would query after an incident. */
    public java.sql.Connection database() throws java.sql.SQLException {
        java.util.Properties credentials = new java.util.Properties();
        credentials.put("user", shared.get("quarkus.datasource.username"));
        credentials.put("password", shared.get("quarkus.datasource.password"));
        return new org.postgresql.Driver().connect(shared.get("quarkus.datasource.jdbc.url"), credentials);
    }

    @Override
    public void close() {
        instances.values().forEach(AppInstance::close);
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
