-- The transactional outbox: events written with the change that caused them, relayed afterwards.
create table outbox_events (
    id             uuid primary key,
    seq            bigserial not null unique,
    aggregate_type varchar(40) not null,
    aggregate_id   uuid not null,
    type           varchar(80) not null,
    payload        jsonb not null,
    created_at     timestamptz not null,
    sent_at        timestamptz
);
create index outbox_events_unsent on outbox_events (seq) where sent_at is null;

-- Which events each consumer has applied, for idempotent consumers.
create table consumed_events (
    consumer    varchar(60) not null,
    event_id    varchar(80) not null,
    consumed_at timestamptz not null default now(),
    primary key (consumer, event_id)
);
