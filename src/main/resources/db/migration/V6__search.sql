-- Ranking inputs on the restaurant: zero until orders and ratings exist (later issues feed them).
alter table restaurants
    add column rating            numeric(3, 2) not null default 0 check (rating between 0 and 5),
    add column rating_count      integer not null default 0,
    add column popularity_score  numeric(12, 2) not null default 0,
    add column prep_time_minutes integer not null default 20 check (prep_time_minutes between 1 and 240);

-- Events the search ingestion could not apply after its retries, for admins to inspect.
create table search_dead_letters (
    id         uuid primary key,
    event_id   varchar(80),
    event_type varchar(80),
    subject    varchar(80),
    payload    text not null,
    error      text not null,
    failed_at  timestamptz not null
);
