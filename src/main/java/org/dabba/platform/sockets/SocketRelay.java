package org.dabba.platform.sockets;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.dabba.platform.RedisChannels;
import org.jboss.logging.Logger;

/**
 * Sends a socket message to wherever its socket is open: published once on the Redis channel {@code dabba:sockets},
 * every instance hands it to its own {@link LocalSockets}. For messages no event consumer carries to every instance
 * (a courier's offer, a position). Best effort: an instance not subscribed at that moment misses it.
 */
@ApplicationScoped
public class SocketRelay {

    private static final Logger LOG = Logger.getLogger(SocketRelay.class);

    static final String CHANNEL = "dabba:sockets";

    private final Map<String, LocalSockets<UUID>> topics = new ConcurrentHashMap<>();

    @Inject
    ObjectMapper mapper;

    @Inject
    RedisChannels channels;

    @Inject
    SocketWrites writes;

    /** This instance's sockets of {@code topic} ({@code courier}, {@code order}), where its messages arrive. */
    public LocalSockets<UUID> sockets(String topic) {
        LocalSockets<UUID> sockets = new LocalSockets<>(mapper, writes);
        if (topic.indexOf(' ') >= 0 || topics.putIfAbsent(topic, sockets) != null) {
            throw new IllegalArgumentException("Socket topic taken or not a word: " + topic);
        }
        return sockets;
    }

    /** Publishes {@code message} (as JSON) for the sockets of {@code key} in {@code topic}, on every instance. */
    public void publish(String topic, UUID key, Object message) {
        LocalSockets<UUID> sockets = topics.get(topic);
        if (sockets == null) {
            throw new IllegalArgumentException("No socket topic " + topic);
        }
        String wire = topic + ' ' + key + ' ' + sockets.json(message);
        channels.publish(CHANNEL, wire);
    }

    void listen(@Observes StartupEvent start) {
        channels.listen(CHANNEL, this::deliver);
    }

    private void deliver(String wire) {
        int topicEnd = wire.indexOf(' ');
        int keyEnd = topicEnd < 0 ? -1 : wire.indexOf(' ', topicEnd + 1);
        if (keyEnd < 0) {
            LOG.debugf("Socket relay: unreadable message %s", wire);
            return;
        }
        LocalSockets<UUID> sockets = topics.get(wire.substring(0, topicEnd));
        if (sockets != null) {
            sockets.sendJson(UUID.fromString(wire.substring(topicEnd + 1, keyEnd)), wire.substring(keyEnd + 1));
        }
    }
}
