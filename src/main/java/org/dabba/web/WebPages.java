package org.dabba.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/**
 * Serves the web pages (META-INF/resources) ahead of the contract's route, which takes every other path and would
 * answer them 404: the customer's app at /, the partner's, courier's and admin console's pages, and their shared
 * assets. The admin console shares /admin with the admin API, so only its page and its own .js/.css files are
 * served there; every other /admin path stays the API's.
 */
@ApplicationScoped
public class WebPages {

    /** Each path and the folder it is served from (a route's files are found relative to its own prefix). */
    static final Map<String, String> FOLDERS = Map.of(
            "/", "META-INF/resources", "/index.html", "META-INF/resources",
            "/customer/*", "META-INF/resources/customer",
            "/partner/*", "META-INF/resources/partner",
            "/courier/*", "META-INF/resources/courier",
            "/assets/*", "META-INF/resources/assets");

    void install(@Observes Router router) {
        FOLDERS.forEach((path, folder) -> serve(router.route(path), folder));
        // A regex route has no prefix to strip: its files are looked up by the whole path, so from the root.
        serve(router.routeWithRegex("^/admin/([\\w-]+\\.(js|css))?$"), "META-INF/resources");
        for (String page : new String[] { "/partner", "/courier", "/admin" }) {
            router.route(page).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> ctx.redirect(page + "/"));
        }
    }

    private static void serve(Route route, String folder) {
        route.method(HttpMethod.GET).method(HttpMethod.HEAD).handler(WebPages::revalidated)
                .handler(StaticHandler.create(folder).setIndexPage("index.html").setDirectoryListing(false)
                        .setDefaultContentEncoding("UTF-8"));
    }

    /**
     * The pages' files keep their names from one release to the next, so a browser must ask again each time (a
     * 304 when nothing changed) instead of keeping them a day as "immutable", the static handler's default, which
     * would leave it on the last release's modules against this release's API.
     */
    private static void revalidated(RoutingContext ctx) {
        ctx.addHeadersEndHandler(v -> ctx.response().headers().set(HttpHeaders.CACHE_CONTROL, "no-cache"));
        ctx.next();
    }
}
