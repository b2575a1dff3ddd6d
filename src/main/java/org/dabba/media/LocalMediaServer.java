package org.dabba.media;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Serves the file store at /media in the zero-config default, where no CDN or bucket exists. */
@ApplicationScoped
public class LocalMediaServer {

    @Inject
    MediaConfig config;

    void install(@Observes Router router) {
        if (!config.serveLocal()) {
            return;
        }
        router.get("/media/*").handler(StaticHandler.create(FileSystemAccess.ROOT, config.localDir().toAbsolutePath().toString())
                .setDirectoryListing(false)
                .setCachingEnabled(true)
                .setMaxAgeSeconds(86400));
    }
}
