package org.dabba.media;

import io.quarkus.value.registry.ValueRegistry;
import io.quarkus.vertx.http.HttpServer;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.dabba.platform.error.ProblemException;
import org.jboss.logging.Logger;

/** Object storage for images through the {@code media-store} route: a folder by default, an S3 bucket in prod. */
@ApplicationScoped
public class MediaStore {

    private static final Logger LOG = Logger.getLogger(MediaStore.class);

    @Inject
    ProducerTemplate producer;

    @Inject
    MediaConfig config;

    @Inject
    Instance<ValueRegistry> runtimeValues;

    private volatile int startedOnPort;

    /** Stores the object and returns its public URL; 503 if the store cannot take it. */
    public String store(String key, byte[] bytes, String contentType) {
        try {
            producer.sendBodyAndHeaders("direct:media-store", bytes, headers(key, contentType, bytes.length));
        } catch (CamelExecutionException e) {
            LOG.errorf(e.getCause(), "Storing media object %s failed", key);
            throw ProblemException.of(503, "storage-unavailable", "Storage unavailable",
                    "The image could not be stored right now; nothing was saved. Try again shortly.");
        }
        return publicUrl(key);
    }

    /** A failure is logged, not thrown: an orphan costs storage, failing the change would cost the user. */
    public void delete(String key) {
        if (key == null) {
            return;
        }
        try {
            producer.sendBodyAndHeaders("direct:media-delete", null, headers(key, null, 0));
        } catch (CamelExecutionException e) {
            LOG.warnf(e.getCause(), "Deleting media object %s failed; it stays as an orphan", key);
        }
    }

    /** The headers both store endpoints read: the file component's name and the S3 key and metadata. */
    static Map<String, Object> headers(String key, String contentType, long length) {
        Map<String, Object> headers = new java.util.HashMap<>();
        headers.put(Exchange.FILE_NAME, key);
        headers.put("CamelAwsS3Key", key);
        if (contentType != null) {
            headers.put("CamelAwsS3ContentType", contentType);
            headers.put("CamelAwsS3ContentLength", length);
        }
        return headers;
    }

    public String publicUrl(String key) {
        String base = servedHere(config.publicBaseUrl());
        return (base.endsWith("/") ? base : base + "/") + key;
    }

    /**
     * While this app serves the media itself (serve-local), a loopback base means this app: the port in it is
     * whatever {@code quarkus.http.port} said when the setting was read, while the app may listen elsewhere (port 0
     * picks one at start, as tests do). The URL then says the port it really listens on.
     */
    String servedHere(String base) {
        int port = listeningPort();
        try {
            URI uri = new URI(base);
            boolean loopback = "localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost());
            if (port <= 0 || !config.serveLocal() || !loopback || uri.getPort() == port) {
                return base;
            }
            return new URI(uri.getScheme(), uri.getUserInfo(), uri.getHost(), port, uri.getPath(), uri.getQuery(),
                    uri.getFragment()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("dabba.media.public-base-url is not a URL: " + base, e);
        }
    }

    private int listeningPort() {
        if (runtimeValues.isResolvable()) {
            Integer port = runtimeValues.get().getOrDefault(HttpServer.HTTP_PORT, null);
            if (port != null && port > 0) {
                return port;
            }
        }
        return startedOnPort;
    }

    void started(@ObservesAsync HttpServerStart start) {
        startedOnPort = start.options().getPort();
    }
}
