package org.dabba.platform.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;
import java.util.List;
import java.util.Map;

/**
 * Where each stream of events is published: {@code dabba.events.<aggregate>=<Camel endpoint URIs>}. In prod
 * that is one Kafka topic that every consumer group reads. By default it is one seda queue per consuming
 * feature, comma-separated, each fed in order (a single seda queue shared by several consumers would hand
 * them events in parallel and out of order). Consumers name their own URIs under {@code dabba.consumers.*}
 * so that each can carry its Kafka consumer group.
 */
@ConfigMapping(prefix = "dabba.events")
public interface EventStreams {

    @WithParentName
    Map<String, List<String>> endpoints();
}
