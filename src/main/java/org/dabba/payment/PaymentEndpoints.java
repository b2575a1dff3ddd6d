package org.dabba.payment;

import io.quarkus.value.registry.ValueRegistry;
import io.quarkus.vertx.http.HttpServer;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.camel.component.http.HttpComponent;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where payment traffic goes, and its HTTP client. With the sandbox the app calls itself: a localhost URL at the
 * configured {@code quarkus.http.port} is pointed at the port really listened on (random with port 0).
 */
@ApplicationScoped
public class PaymentEndpoints {

    /** The Camel component name of the payment HTTP client (its own timeouts, no automatic retries). */
    public static final String HTTP_COMPONENT = "payment-http";

    @Inject
    PaymentsConfig config;

    @ConfigProperty(name = "quarkus.http.port")
    int configuredPort;

    @Inject
    Instance<ValueRegistry> runtimeValues;

    private volatile int startedOnPort;

    void started(@ObservesAsync HttpServerStart start) {
        startedOnPort = start.options().getPort();
    }

    /** The port the HTTP server really listens on, once it does; 0 before. */
    private int listeningPort() {
        if (runtimeValues.isResolvable()) {
            Integer port = runtimeValues.get().getOrDefault(HttpServer.HTTP_PORT, null);
            if (port != null && port > 0) {
                return port;
            }
        }
        return startedOnPort;
    }

    /** The gateway's API root, without a trailing slash. */
    public String gatewayBaseUrl() {
        String base = config.gateway() == PaymentsConfig.Gateway.SANDBOX ? self(config.baseUrl()) : config.baseUrl();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** Where the sandbox delivers its events. */
    public String sandboxWebhookUrl() {
        return self(config.sandbox().webhookUrl());
    }

    private String self(String url) {
        int port = listeningPort();
        try {
            URI uri = new URI(url);
            boolean loopback = "localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost());
            if (port <= 0 || port == configuredPort || !loopback || uri.getPort() != configuredPort) {
                return url;
            }
            return new URI(uri.getScheme(), uri.getUserInfo(), uri.getHost(), port, uri.getPath(), uri.getQuery(),
                    uri.getFragment()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Not a URL: " + url, e);
        }
    }

    /** The payment timeout everywhere; no automatic retries: a POST is retried by its caller, with its key. */
    @Produces
    @Singleton
    @Named(HTTP_COMPONENT)
    HttpComponent paymentHttp(PaymentsConfig config) {
        HttpComponent http = new HttpComponent();
        long millis = config.timeout().toMillis();
        http.setConnectTimeout(millis);
        http.setConnectionRequestTimeout(millis);
        http.setSoTimeout(millis);
        http.setResponseTimeout(millis);
        http.setAutomaticRetriesDisabled(true);
        return http;
    }
}
