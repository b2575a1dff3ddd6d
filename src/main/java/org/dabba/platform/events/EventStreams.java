package org.dabba.platform.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;
import java.util.List;
import java.util.Map;

/**
 * Where each stream of events is published: {@code dabba.events.<aggregate>=<Camel endpoint URIs>}. In prod one
 * Kafka topic; by default one seda queue per consuming feature, each fed in order (one queue shared by several
 * consumers would hand them events out of order).
 */
@ConfigMapping(prefix = "dabba.events")
public interface EventStreams {

    @WithParentName
    Map<String, List<String>> endpoints();
}
