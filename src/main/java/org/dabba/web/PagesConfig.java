package org.dabba.web;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** What the web pages are told about this installation (GET /pages/settings). */
@ConfigMapping(prefix = "dabba.pages")
public interface PagesConfig {

    Map map();

    interface Map {
        /**
         * A tile server's URL with {z}, {x} and {y} (Web Mercator, 256 px tiles), drawn under the pages' maps;
         * without one the maps draw places, rings and a scale on a plain grid.
         */
        Optional<String> tileUrl();

        /** The credit the tile server asks for, shown on the map. */
        Optional<String> attribution();
    }
}
