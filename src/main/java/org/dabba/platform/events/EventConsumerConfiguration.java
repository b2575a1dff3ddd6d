package org.dabba.platform.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * The one way an event consumer fails: its route ({@code event-consumers}) retries with exponential backoff, then
 * parks the event as received in {@code dead_letters} and moves on. The entry route ({@code event-consumer-entries})
 * has no error handler, so its failure reaches the caller: the retries when live, the admin when replayed.
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
