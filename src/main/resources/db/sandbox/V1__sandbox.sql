-- The Stripe-compatible sandbox's own tables (dabba.payments.gateway=sandbox), kept in the database so that its
-- intents and pending webhook deliveries survive restarts. Migrated by the sandbox itself when it runs
-- (payment/sandbox/SandboxSchema, history in sandbox_schema_history), never on a database the real gateway uses.
-- "if not exists": databases created before the sandbox had its own location got these tables from the main
-- location's V7, which is no longer there; they keep them as they are.

create table if not exists sandbox_payment_intents (
    id                   varchar(64) primary key,
    client_secret        varchar(128) not null,
    amount               bigint not null check (amount > 0),
    currency             varchar(3) not null,
    status               varchar(40) not null,
    description          text,
    payment_method_types jsonb not null,
    metadata             jsonb not null,
    payment_method       varchar(64),
    latest_charge        varchar(64),
    amount_received      bigint not null default 0,
    amount_refunded      bigint not null default 0,
    last_payment_error   jsonb,
    canceled_at          timestamptz,
    cancellation_reason  varchar(40),
    created              timestamptz not null,
    version              bigint not null default 0
);

create table if not exists sandbox_refunds (
    id             varchar(64) primary key,
    payment_intent varchar(64) not null references sandbox_payment_intents (id),
    charge         varchar(64) not null,
    amount         bigint not null check (amount > 0),
    currency       varchar(3) not null,
    status         varchar(20) not null,
    reason         varchar(40),
    created        timestamptz not null
);
create index if not exists sandbox_refunds_intent on sandbox_refunds (payment_intent);

-- Stripe's Idempotency-Key: the first answer to a key is replayed; other parameters with it are an error.
create table if not exists sandbox_idempotent_requests (
    idempotency_key varchar(255) primary key,
    fingerprint     varchar(64) not null,
    status          int not null,
    response        text not null,
    created_at      timestamptz not null
);

-- Signed events owed to the webhook endpoint, retried with backoff until it answers 2xx.
create table if not exists sandbox_webhook_deliveries (
    event_id        varchar(64) primary key,
    event_type      varchar(80) not null,
    payload         text not null,
    attempts        int not null default 0,
    next_attempt_at timestamptz not null,
    delivered_at    timestamptz,
    abandoned_at    timestamptz,
    last_error      text,
    created_at      timestamptz not null
);
create index if not exists sandbox_webhook_deliveries_due on sandbox_webhook_deliveries (next_attempt_at)
    where delivered_at is null and abandoned_at is null;
