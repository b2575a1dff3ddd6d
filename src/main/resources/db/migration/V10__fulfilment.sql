-- Fulfilment, restaurant side: the restaurant's decision, refunds that are never lost, ratings, popularity.

-- Money on its way back to the customer is REFUND_PENDING until the gateway has refunded it.
alter table orders drop constraint orders_payment_status_check;
alter table orders add constraint orders_payment_status_check
    check (payment_status in ('PENDING', 'SUCCEEDED', 'FAILED', 'REFUND_PENDING', 'REFUNDED'));

-- paid_at: when the payment came (the acceptance timeout counts from it; the restaurant sees only paid orders).
-- prep_time_minutes / estimated_ready_at: what the restaurant promised when it accepted.
alter table orders
    add column paid_at            timestamptz,
    add column prep_time_minutes  integer check (prep_time_minutes between 1 and 240),
    add column estimated_ready_at timestamptz;
update orders o set paid_at = (select min(h.at) from order_status_history h
                               where h.order_id = o.id and h.to_status = 'PENDING_RESTAURANT_ACCEPTANCE');
-- The acceptance timeout's question: which paid orders have waited too long for a decision.
create index orders_awaiting_acceptance on orders (paid_at) where status = 'PENDING_RESTAURANT_ACCEPTANCE';
-- The popularity refresh's question: delivered orders placed since the window's start, per restaurant.
create index orders_delivered on orders (created_at, restaurant_id) where status = 'DELIVERED';

-- One row per order whose money must go back, until the gateway has refunded it (then the row goes): the refund
-- process's durable memory, so a failure or a restart loses nothing. Attempts are leased by moving
-- next_attempt_at forward (FOR UPDATE SKIP LOCKED), so instances never call the gateway for one refund at once.
create table order_refunds (
    order_id          uuid primary key references orders (id),
    payment_intent_id varchar(64) not null,
    requested_at      timestamptz not null,
    attempts          integer not null default 0,
    -- Stripe replays the saved answer of an idempotency key (5xx included) for 24 h: after an answer that failed,
    -- the next attempt uses the next key (dabba-refund-<intent>-<n>); after no answer, the same one.
    key_generation    integer not null default 1,
    next_attempt_at   timestamptz not null,
    last_attempt_at   timestamptz,
    last_error        varchar(500),
    -- When the failure was logged as an ERROR for the admins (once, at dabba.orders.refund.alert-after-attempts).
    alerted_at        timestamptz
);
create index order_refunds_due on order_refunds (next_attempt_at);

-- A customer's rating of a delivered order: the primary key makes it once per order, whatever the races.
create table order_ratings (
    order_id      uuid primary key references orders (id),
    restaurant_id uuid not null references restaurants (id),
    customer_id   uuid not null references users (id),
    stars         smallint not null check (stars between 1 and 5),
    comment       varchar(1000),
    created_at    timestamptz not null
);

-- The restaurant's exact star total, so its average (rating, 2 places) is recomputed without drift by one UPDATE.
alter table restaurants add column rating_total bigint not null default 0 check (rating_total >= 0);
update restaurants set rating_total = round(rating * rating_count);
