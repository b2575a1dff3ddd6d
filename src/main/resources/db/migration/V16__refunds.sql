-- Refunds become a list per order: several partial refunds (an admin's, for a missing dish) or one full one (a
-- rejection, a cancellation), each kept after the gateway confirmed it, since together they are what went back.

-- Some of the charge went back, some is still charged.
alter table orders drop constraint orders_payment_status_check;
alter table orders add constraint orders_payment_status_check
    check (payment_status in ('PENDING', 'SUCCEEDED', 'FAILED', 'REFUND_PENDING', 'PARTIALLY_REFUNDED', 'REFUNDED'));

-- Existing rows are full refunds not done yet (done ones were deleted): their amount is the order's total.
alter table order_refunds drop constraint order_refunds_pkey;
alter table order_refunds
    add column id                uuid,
    add column amount            numeric(12, 2),
    add column reason            varchar(200),
    add column actor             varchar(60),
    add column status            varchar(20) not null default 'PENDING'
        check (status in ('PENDING', 'SUCCEEDED', 'FAILED')),
    add column gateway_refund_id varchar(64),
    add column created_at        timestamptz;
update order_refunds r set id = gen_random_uuid(), amount = o.total, reason = 'full refund', actor = 'SYSTEM',
    created_at = r.requested_at
    from orders o where o.id = r.order_id;
alter table order_refunds
    alter column id set not null,
    alter column amount set not null,
    alter column created_at set not null,
    add constraint order_refunds_pkey primary key (id),
    add constraint order_refunds_amount_positive check (amount > 0),
    -- null once the refund is over (SUCCEEDED or FAILED): nothing left to attempt.
    alter column next_attempt_at drop not null;
create index order_refunds_order on order_refunds (order_id, created_at);
create unique index order_refunds_gateway_id on order_refunds (gateway_refund_id) where gateway_refund_id is not null;
drop index order_refunds_due;
create index order_refunds_due on order_refunds (next_attempt_at) where status = 'PENDING';

-- A payment_intent.succeeded whose amount, currency or livemode is not the order's: it changed nothing and waits
-- here for an admin (GET /admin/payments/mismatches).
create table payment_mismatches (
    id                uuid primary key,
    event_id          varchar(255) not null,
    payment_intent_id varchar(64) not null,
    order_id          uuid references orders (id),
    expected_amount   bigint not null,
    received_amount   bigint not null,
    expected_currency varchar(3) not null,
    received_currency varchar(3),
    livemode          boolean not null,
    detail            varchar(500) not null,
    received_at       timestamptz not null
);
create index payment_mismatches_received on payment_mismatches (received_at desc, id);

-- The restaurant's cancellation rate: its orders cancelled, by who (history.actor), since a time.
create index order_status_history_cancelled on order_status_history (order_id) where to_status = 'CANCELLED';
create index orders_restaurant_paid on orders (restaurant_id, paid_at) where paid_at is not null;
