package org.dabba.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/**
 * Serves the web pages (META-INF/resources: the way in at /, the partner's page, their shared assets) ahead of the
 * contract's route, which takes every other path and would answer them 404.
 */
@ApplicationScoped
public class WebPages {

    /** Each path and the folder it is served from (a route's files are found relative to its own path). */
    static final Map<String, String> FOLDERS = Map.of("/", "META-INF/resources", "/index.html", "META-INF/resources",
            "/partner/*", "META-INF/resources/partner", "/assets/*", "META-INF/resources/assets");

    void install(@Observes Router router) {
        FOLDERS.forEach((path, folder) -> router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD)
                .handler(StaticHandler.create(folder).setIndexPage("index.html").setDirectoryListing(false)
                        .setDefaultContentEncoding("UTF-8")));
        router.route("/partner").method(HttpMethod.GET).method(HttpMethod.HEAD)
                .handler(ctx -> ctx.redirect("/partner/"));
    }
}
