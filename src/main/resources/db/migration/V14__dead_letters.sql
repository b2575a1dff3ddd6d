-- One dead-letter table for every event consumer: an event a consumer gave up on after its bounded retries,
-- kept as it was received so that it can be replayed to that consumer alone (or discarded).
create table dead_letters (
    id             uuid primary key,
    consumer       varchar(120) not null,
    event_id       varchar(200),
    event_type     varchar(200),
    subject        varchar(200),
    payload        text not null,
    error          varchar(1000) not null,
    attempts       integer not null check (attempts > 0),
    created_at     timestamptz not null,
    last_failed_at timestamptz not null,
    status         varchar(16) not null default 'PARKED' check (status in ('PARKED', 'REPLAYED', 'DISCARDED')),
    replayed_at    timestamptz,
    discarded_at   timestamptz
);
-- A redelivered event that fails again updates its parked row instead of adding a second one.
create unique index dead_letters_parked_event on dead_letters (consumer, event_id) where status = 'PARKED';
create index dead_letters_consumer_status on dead_letters (consumer, status, created_at desc);
create index dead_letters_created on dead_letters (created_at desc);

-- The search ingestion's own dead letters move into the common table (by the route that reads each stream).
insert into dead_letters (id, consumer, event_id, event_type, subject, payload, error, attempts, created_at,
                          last_failed_at, status)
select id,
       case when event_type like 'menu.%' then 'search-ingest-menu-events' else 'search-ingest-restaurant-events' end,
       event_id, event_type, subject, payload, left(error, 1000), 1, failed_at, failed_at, 'PARKED'
from search_dead_letters
on conflict do nothing;
drop table search_dead_letters;

-- The hand-off of a notification to the outbound channel is durable: a notification not sent by channel_due_at
-- is handed again by the sweep (notification-channel-sweep), so a restart loses none. Notifications written
-- before this change count as sent (they were handed to the channel, or given up on, back then).
alter table notifications
    add column channel_sent_at  timestamptz,
    add column channel_due_at   timestamptz,
    add column channel_attempts integer not null default 0;
update notifications set channel_sent_at = created_at;
create index notifications_channel_due on notifications (channel_due_at) where channel_sent_at is null;
