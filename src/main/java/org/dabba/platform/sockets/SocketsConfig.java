package org.dabba.platform.sockets;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.Positive;

/** What the server holds for one WebSocket client ({@code dabba.sockets.*}). */
@ConfigMapping(prefix = "dabba.sockets")
public interface SocketsConfig {

    /**
     * Messages queued for one socket and not yet written to the network, at most. A client that reads slower than
     * it is sent to reaches it and is closed (1013, try again later): it reconnects and its snapshot catches up,
     * instead of the server buffering for it without bound.
     */
    @Positive
    int maxUnsent();

    /**
     * Messages one socket may send in a second; past it, reading that socket pauses until the next second (its
     * frames wait in the client's TCP buffers), so one client cannot keep an event loop from everyone else.
     */
    @Positive
    int maxInboundPerSecond();
}
