-- Orders: what a customer bought, as checkout priced it, and where its payment stands. Items and the delivery
-- address are snapshots (JSONB): a later menu or address change never rewrites an order.
create table orders (
    id                uuid primary key,
    customer_id       uuid not null references users (id),
    restaurant_id     uuid not null references restaurants (id),
    cart_id           uuid not null,
    status            varchar(40) not null check (status in ('PAYMENT_PENDING', 'PENDING_RESTAURANT_ACCEPTANCE',
                          'ACCEPTED', 'IN_PREPARATION', 'OUT_FOR_DELIVERY', 'DELIVERED', 'PAYMENT_FAILED', 'REJECTED',
                          'CANCELLED')),
    payment_status    varchar(20) not null check (payment_status in ('PENDING', 'SUCCEEDED', 'FAILED', 'REFUNDED')),
    payment_method    varchar(10) not null check (payment_method in ('CARD', 'UPI')),
    payment_intent_id varchar(64),
    -- Kept so that a replayed checkout (same Idempotency-Key) answers what the first one did.
    client_secret     varchar(128),
    promo_code        varchar(40),
    items             jsonb not null,
    delivery_address  jsonb not null,
    distance_km       numeric(8, 3) not null check (distance_km >= 0),
    subtotal          numeric(12, 2) not null check (subtotal >= 0),
    discount          numeric(12, 2) not null check (discount >= 0),
    tax               numeric(12, 2) not null check (tax >= 0),
    platform_fee      numeric(12, 2) not null check (platform_fee >= 0),
    delivery_fee      numeric(12, 2) not null check (delivery_fee >= 0),
    total             numeric(12, 2) not null check (total > 0
                          and total = subtotal - discount + tax + platform_fee + delivery_fee),
    currency          varchar(3) not null,
    idempotency_key   varchar(255) not null,
    version           bigint not null default 0,
    created_at        timestamptz not null,
    updated_at        timestamptz not null,
    -- One order per customer and Idempotency-Key: decides concurrent retries of one checkout.
    constraint orders_customer_idempotency_key unique (customer_id, idempotency_key),
    constraint orders_payment_intent_key unique (payment_intent_id)
);
create index orders_customer_created on orders (customer_id, created_at desc, id);
create index orders_restaurant_created on orders (restaurant_id, created_at desc, id);
-- The expiry route's question: which orders have waited too long for their payment.
create index orders_payment_pending on orders (created_at) where status = 'PAYMENT_PENDING';

-- Every move of the state machine, in order (the first row is the order's creation).
create table order_status_history (
    id             bigint generated always as identity primary key,
    order_id       uuid not null references orders (id),
    from_status    varchar(40),
    to_status      varchar(40) not null,
    payment_status varchar(20) not null,
    reason         varchar(200),
    at             timestamptz not null
);
create index order_status_history_order on order_status_history (order_id, id);

-- No foreign key from promotion_uses.order_id to orders (V8 left room for one): promotion uses are recorded
-- and tested on their own (PromotionsTest), and a use is only ever written in the transaction that creates its
-- order (checkout), so the key would add no guarantee the code does not already give.
