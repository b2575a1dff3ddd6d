package org.dabba.platform.sockets;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.Positive;

/** What the server holds for one WebSocket client ({@code dabba.sockets.*}). */
@ConfigMapping(prefix = "dabba.sockets")
public interface SocketsConfig {

    /** Messages queued for one socket and not yet written, at most: a slower reader is closed (1013). */
    @Positive
    int maxUnsent();

    /** Messages one socket may send in a second; past it, reading that socket pauses until the next second. */
    @Positive
    int maxInboundPerSecond();
}
