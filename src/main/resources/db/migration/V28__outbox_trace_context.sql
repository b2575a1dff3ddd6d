-- The trace an event was published in (W3C trace context), so that its relay and its consumers continue that trace
-- however long it waits in the outbox. Null for events published untraced (or before traces existed).
alter table outbox_events add column traceparent varchar(55), add column tracestate text;
