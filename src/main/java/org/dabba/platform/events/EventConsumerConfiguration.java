package org.dabba.platform.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * The one way an event consumer fails. A consumer route ({@code routeConfigurationId: event-consumers}) retries a
 * failing event with exponential backoff ({@code dabba.consumers.retry.*}), then parks the event as it was received
 * in {@code dead_letters} ({@link DeadLetters}), and moves on to the next one. The consumer's entry route
 * ({@code event-consumer-entries}) has no error handler of its own, so its failure reaches the caller untouched:
 * the consumer route's retries when live, the admin when replayed.
 */
@ApplicationScoped
public class EventConsumerConfiguration extends RouteConfigurationBuilder {

    static final String DEAD_LETTER = "direct:event-dead-letter";

    @Inject
    ConsumerRetryConfig retry;

    @Override
    public void configuration() {
        routeConfiguration(DeadLetters.CONSUMERS)
                .errorHandler(deadLetterChannel(DEAD_LETTER)
                        // Could not park it: fail loudly rather than drop the event silently.
                        .deadLetterHandleNewException(false)
                        .useOriginalMessage()
                        .maximumRedeliveries(retry.maxRedeliveries())
                        .redeliveryDelay(retry.redeliveryDelay())
                        .maximumRedeliveryDelay(retry.maxRedeliveryDelay())
                        .useExponentialBackOff()
                        .backOffMultiplier(retry.multiplier())
                        .retryAttemptedLogLevel(LoggingLevel.WARN)
                        .logExhausted(false));

        routeConfiguration(DeadLetters.ENTRIES).errorHandler(noErrorHandler());
    }
}
