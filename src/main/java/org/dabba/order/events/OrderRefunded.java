package org.dabba.order.events;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.math.BigDecimal;
import java.util.UUID;
import org.dabba.platform.events.DomainEvent;

/** Money went back: {@code amount} of one refund, done at the gateway. */
@DomainEvent.Type(value = "org.dabba.order.payment.refunded", version = 1)
public record OrderRefunded(@JsonUnwrapped OrderSnapshot order, String paymentIntentId, UUID refundId,
        String gatewayRefundId, BigDecimal amount) implements OrderEvent {
}
