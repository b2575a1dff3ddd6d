package org.dabba.platform.sockets;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/**
 * Failures every socket endpoint answers the same way: a message over the size limit closes the socket as 1009
 * "Message too big", and a frame that does not read as WebSocket with the protocol's status, both without a stack
 * trace, so a hostile client cannot flood the log.
 */
@Singleton
public class SocketErrors {

    // The handlers are public: each endpoint's generated class, in the endpoint's package, calls them.

    static final CloseReason TOO_BIG = new CloseReason(1009, "Message too big");

    @OnError
    public Uni<Void> failed(IllegalStateException failure, WebSocketConnection connection) {
        if (failure.getMessage() != null && failure.getMessage().contains("max message size")) {
            return connection.close(TOO_BIG);
        }
        return Uni.createFrom().failure(failure);
    }

    /** A frame the protocol layer could not read (bad UTF-8, bad framing): closed with the status it chose, quietly. */
    @OnError
    public Uni<Void> corrupt(CorruptedWebSocketFrameException failure, WebSocketConnection connection) {
        if (connection.isClosed()) {
            return Uni.createFrom().voidItem();
        }
        return connection.close(new CloseReason(failure.closeStatus().code(), failure.closeStatus().reasonText()))
                .onFailure().recoverWithNull();
    }
}
