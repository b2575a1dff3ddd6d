package org.dabba.testing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The suite's span exporter: Quarkus exports to a {@link SpanExporter} bean instead of OTLP, so the tests read the
 * spans the app really made. Only the latest spans are kept, so that a long suite does not hoard them.
 */
@Singleton
public class RecordedSpans implements SpanExporter {

    static final int KEPT = 50_000;

    private final ConcurrentLinkedDeque<SpanData> spans = new ConcurrentLinkedDeque<>();
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
        spans.addAll(batch);
        count.addAndGet(batch.size());
        while (count.get() > KEPT && spans.pollFirst() != null) {
            count.decrementAndGet();
        }
        return CompletableResultCode.ofSuccess();
    }

    public List<SpanData> all() {
        return new ArrayList<>(spans);
    }

    /** The spans of one trace. */
    public List<SpanData> trace(String traceId) {
        return spans.stream().filter(s -> s.getTraceId().equals(traceId)).toList();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
