package org.dabba.platform.tracing;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * One request, one trace: Quarkus opens the request's server span, and Camel's REST route span finds its parent only
 * in the request's headers. The server span's context is written there (as the caller's {@code traceparent} would
 * be, and in its place: the server span already continues the caller's), so the route is a child of the request.
 */
@ApplicationScoped
public class RequestTraces {

    /** Before every other handler: the request's headers are read from the first one on. */
    static final int ORDER = Integer.MIN_VALUE;

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(rc -> {
            TraceContext server = TraceContext.current();
            if (!server.isEmpty()) {
                rc.request().headers().set(TraceContext.TRACEPARENT, server.traceparent());
                if (server.tracestate() == null) {
                    rc.request().headers().remove(TraceContext.TRACESTATE);
                } else {
                    rc.request().headers().set(TraceContext.TRACESTATE, server.tracestate());
                }
            }
            rc.next();
        });
    }
}
