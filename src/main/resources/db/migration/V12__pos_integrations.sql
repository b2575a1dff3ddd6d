-- Restaurants' POS webhooks and the order events owed to them. A delivery is written when its order event is
-- consumed and is sent by the restaurant-pos-delivery route until the POS answers 2xx (DELIVERED) or the last
-- attempt failed (DEAD). Removing the integration removes its deliveries.

create table pos_integrations (
    id            uuid primary key,
    restaurant_id uuid not null references restaurants (id),
    url           varchar(2048) not null,
    -- The HMAC key both sides share: kept as given, since every delivery is signed with it.
    secret        varchar(256) not null,
    created_at    timestamptz not null,
    updated_at    timestamptz not null,
    constraint pos_integrations_restaurant_key unique (restaurant_id)
);

create table pos_deliveries (
    id               uuid primary key,
    -- The order in which deliveries were recorded: one order's deliveries are sent in this order.
    seq              bigint generated always as identity,
    integration_id   uuid not null references pos_integrations (id) on delete cascade,
    event_id         varchar(64) not null,
    event_type       varchar(80) not null,
    order_id         uuid not null,
    -- The JSON sent, byte for byte the same on every attempt (each attempt is signed afresh).
    payload          text not null,
    status           varchar(10) not null check (status in ('PENDING', 'DELIVERED', 'DEAD')),
    attempts         int not null default 0,
    last_status_code int,
    last_error       text,
    next_attempt_at  timestamptz,
    delivered_at     timestamptz,
    created_at       timestamptz not null,
    -- A redelivered event is recorded once.
    constraint pos_deliveries_integration_event_key unique (integration_id, event_id)
);
-- The worker's question: which pending deliveries are due.
create index pos_deliveries_due on pos_deliveries (next_attempt_at) where status = 'PENDING';
-- Is an earlier delivery of the same order still pending? And has this order reached the POS at all?
create index pos_deliveries_order on pos_deliveries (integration_id, order_id, seq);
-- The owner's list, newest first.
create index pos_deliveries_list on pos_deliveries (integration_id, seq desc);
