package org.dabba.platform;

import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * {@code dabba.instance-id}: tells this process apart from the other instances, e.g. to name the consumer group of
 * its live pushes (sockets are local). Unless set ({@code DABBA_INSTANCE_ID}, e.g. the pod name), it is random per
 * process: a restarted instance is a new reader that starts at the newest events.
 */
public class InstanceId implements ConfigSource {

    public static final String KEY = "dabba.instance-id";

    private static final String RANDOM = "dabba-" + UUID.randomUUID();

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(KEY);
    }

    @Override
    public String getValue(String propertyName) {
        return KEY.equals(propertyName) ? RANDOM : null;
    }

    /** Below every real source (application.properties is 250, the environment 300). */
    @Override
    public int getOrdinal() {
        return 10;
    }

    @Override
    public String getName() {
        return "dabba-instance-id";
    }
}
