package org.dabba.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.builder.RouteBuilder;

/** GET /pages/settings: what the pages need to know of this installation before anyone signs in. */
@ApplicationScoped
public class PageSettingsRoutes extends RouteBuilder {

    public record MapSettings(String tileUrl, String attribution) {
    }

    public record PageSettings(MapSettings map) {
    }

    @Inject
    PagesConfig config;

    @Override
    public void configure() {
        from("direct:pageSettings").routeId("page-settings")
                .process(e -> e.getMessage().setBody(new PageSettings(new MapSettings(
                        config.map().tileUrl().orElse(null), config.map().attribution().orElse(null)))));
    }
}
