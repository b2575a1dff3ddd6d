package org.dabba.platform.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.HashMap;
import java.util.Map;

/**
 * A W3C trace context ({@code traceparent}, {@code tracestate}) as text, the form it takes where it outlives a thread:
 * an outbox row, a CloudEvent's extension, a PaymentIntent's metadata.
 *
 * @param traceparent null when there was no span to continue (traces off, or work outside any trace)
 * @param tracestate null when the trace carries no vendor state
 */
public record TraceContext(String traceparent, String tracestate) {

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    private static final TextMapPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    /** The context of the current span; empty when there is none (tracing off, or outside any traced work). */
    public static TraceContext current() {
        return of(Context.current());
    }

    public static TraceContext of(Context context) {
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return new TraceContext(null, null);
        }
        Map<String, String> carrier = new HashMap<>();
        W3C.inject(context, carrier, Map::put);
        String state = carrier.get(TRACESTATE);
        return new TraceContext(carrier.get(TRACEPARENT), state == null || state.isEmpty() ? null : state);
    }

    public boolean isEmpty() {
        return traceparent == null;
    }

    /** The context to continue: the remote span this one names, or the root (a new trace) when empty or malformed. */
    public Context context() {
        if (traceparent == null) {
            return Context.root();
        }
        Map<String, String> carrier = new HashMap<>();
        carrier.put(TRACEPARENT, traceparent);
        if (tracestate != null) {
            carrier.put(TRACESTATE, tracestate);
        }
        return W3C.extract(Context.root(), carrier, MAP);
    }
}
