-- An event the relay cannot publish is retried with a backoff, then parked (and copied to dead_letters) so that
-- the events behind it go on; one aggregate's events still leave in the order they were written.
alter table outbox_events
    add column attempts        integer not null default 0,
    add column last_error      varchar(1000),
    add column next_attempt_at timestamptz,
    add column parked_at       timestamptz;
drop index outbox_events_unsent;
create index outbox_events_unsent on outbox_events (seq) where sent_at is null and parked_at is null;
-- "Does an earlier event of this aggregate wait for its next attempt?", asked for every candidate.
create index outbox_events_unsent_by_aggregate on outbox_events (aggregate_id, seq)
    where sent_at is null and parked_at is null;
