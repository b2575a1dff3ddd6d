package org.dabba.order.events;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.dabba.platform.events.DomainEvent;

/** The payment did not happen: the order ends, nothing charged. */
@DomainEvent.Type(value = "org.dabba.order.payment.failed", version = 1)
public record OrderPaymentFailed(@JsonUnwrapped OrderSnapshot order, String reason) implements OrderEvent {
}
