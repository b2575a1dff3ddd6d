package org.dabba.platform.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;
import java.util.Map;

/**
 * Where each stream of events is published: {@code dabba.events.<aggregate>=<Camel endpoint URI>}
 * (a seda queue by default, a Kafka topic in prod). Consumers name their own URIs under
 * {@code dabba.consumers.*} so that each can carry its Kafka consumer group.
 */
@ConfigMapping(prefix = "dabba.events")
public interface EventStreams {

    @WithParentName
    Map<String, String> endpoints();
}
