package org.dabba.platform.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Properties;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.Test;

/**
 * Where a consumer's lanes come from: an in-memory source is read in order and handed to lanes by aggregate; a Kafka
 * source is read by that many consumers of its group, each with its share of the partitions (no in-memory lane after
 * Kafka, which could lose events Kafka counts as read). What the lanes do at run time: DeadLetterTest (seda) and
 * ClusterIT / CourierTwoInstancesIT (Kafka).
 */
class ConsumerLanesTest {

    @Test
    void aKafkaSourceIsReadByAsManyConsumersOfItsGroupAsThereAreLanes() throws Exception {
        assertEquals(List.of("kafka:dabba.order-events?groupId=dabba-delivery-matching&consumersCount=4",
                "direct:matching-apply"),
                inputs("{{source}}", 4, "kafka:dabba.order-events?groupId=dabba-delivery-matching"));
    }

    @Test
    void aKafkaSourceWithItsOwnConsumerCountKeepsIt() throws Exception {
        assertEquals(List.of("kafka:t?groupId=g&consumersCount=2", "direct:matching-apply"),
                inputs("{{source}}", 4, "kafka:t?groupId=g&consumersCount=2"));
    }

    @Test
    void aSedaSourceIsHandedToLanesByAggregate() throws Exception {
        assertEquals(List.of("seda:order-events-matching", "seda:matching-lane-0", "seda:matching-lane-1",
                "seda:matching-lane-2", "direct:matching-apply"),
                inputs("{{source}}", 3, "seda:order-events-matching"));
    }

    @Test
    void oneLaneIsThePlainConsumer() throws Exception {
        assertEquals(List.of("kafka:t?groupId=g", "direct:matching-apply"),
                inputs("{{source}}", 1, "kafka:t?groupId=g"));
        assertEquals(List.of("seda:q", "direct:matching-apply"), inputs("{{source}}", 1, "seda:q"));
    }

    /** The input endpoints of the routes consumer "matching" gets from {@code source} (a placeholder, as in config). */
    private static List<String> inputs(String source, int lanes, String resolved) throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Properties config = new Properties();
            config.put("source", resolved);
            camel.getPropertiesComponent().setInitialProperties(config);
            RouteBuilder routes = new RouteBuilder() {
                @Override
                public void configure() {
                    DeadLetters.consumer(this, "matching", source, lanes);
                }
            };
            routes.setCamelContext(camel);
            routes.configure();
            return routes.getRouteCollection().getRoutes().stream().map(RouteDefinition::getInput)
                    .map(input -> camel.resolvePropertyPlaceholders(input.getEndpointUri())).toList();
        }
    }
}
