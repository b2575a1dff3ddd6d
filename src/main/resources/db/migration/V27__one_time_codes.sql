-- One-time codes. A verification code proves an email or phone its owner's: one pending per user and channel (a
-- new one replaces it), kept hashed, bound to the address it was sent to, void once used, expired or guessed wrong
-- too often. A delivery code is what the customer tells the courier at the door: made at pickup, readable by the
-- customer (so kept as is: four digits are no secret from anyone who may read this table), never shown to couriers.
create table verification_codes (
    id          uuid primary key,
    user_id     uuid not null references users (id),
    channel     varchar(10) not null check (channel in ('EMAIL', 'SMS')),
    address     text not null,
    code_hash   varchar(64) not null,
    attempts    int not null default 0,
    expires_at  timestamptz not null,
    used_at     timestamptz,
    created_at  timestamptz not null,
    unique (user_id, channel)
);

create table delivery_codes (
    order_id     uuid primary key,
    customer_id  uuid not null,
    code         varchar(4) not null,
    attempts     int not null default 0,
    created_at   timestamptz not null
);
