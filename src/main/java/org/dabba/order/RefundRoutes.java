package org.dabba.order;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.platform.events.DeadLetters;
import org.dabba.platform.http.Paging;

/** The refund process's routes ({@link OrderRefunds}): the immediate attempt, the sweep, {@code GET /admin/refunds}. */
@ApplicationScoped
public class RefundRoutes extends RouteBuilder {

    @Inject
    OrderRefunds refunds;

    @Override
    public void configure() {
        from("direct:orderRefundList").routeId("order-refund-list")
                .process(e -> e.getMessage().setBody(refunds.pending(Paging.page(e), Paging.size(e))));

        // A refund attempt that fails is recorded and retried by the sweep below; only a failure to record it takes
        // the consumers' one path (retries, then a dead letter).
        DeadLetters.consumer(this, "order-refund", "{{dabba.consumers.orders.refunds}}")
                .bean(refunds, "onEvent");

        from("timer:order-refund-retry?delay=2000&period={{dabba.orders.refund.poll-interval}}")
                .routeId("order-refund-retry")
                .process(e -> refunds.retryDue());
    }
}
