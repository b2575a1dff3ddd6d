package org.dabba.menu;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

@ConfigMapping(prefix = "dabba.menu")
public interface MenuConfig {

    /** Serve public menus from Redis (cache-aside); off only to measure what the cache saves. */
    boolean cacheEnabled();

    /** How long a cached menu may live; changes invalidate it at once anyway. */
    Duration cacheTtl();
}
