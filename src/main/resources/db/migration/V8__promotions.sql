-- Promotions: admin-managed discount codes, and each order's use of one (for the per-user limit).
create table promotions (
    id               uuid primary key,
    -- Stored upper-case: codes compare case-insensitively.
    code             varchar(40) not null check (code ~ '^[A-Z0-9_-]{3,40}$'),
    type             varchar(12) not null check (type in ('PERCENTAGE', 'FLAT')),
    value            numeric(10, 2) not null check (value > 0 and (type = 'FLAT' or value <= 100)),
    min_order_amount numeric(10, 2) not null default 0 check (min_order_amount >= 0),
    max_discount     numeric(10, 2) check (max_discount > 0),
    valid_from       timestamptz not null,
    valid_until      timestamptz check (valid_until > valid_from),
    per_user_limit   integer check (per_user_limit > 0),
    created_at       timestamptz not null,
    -- Soft delete: orders keep pointing at the promotion they used.
    deleted_at       timestamptz
);
-- One live promotion per code; a deleted one's code may be created again.
create unique index promotions_code_live_key on promotions (code) where deleted_at is null;
create index promotions_created on promotions (created_at desc, id) where deleted_at is null;

-- An order uses at most one promotion. order_id gets its foreign key when the orders table exists.
create table promotion_uses (
    order_id     uuid primary key,
    promotion_id uuid not null references promotions (id),
    user_id      uuid not null references users (id),
    used_at      timestamptz not null
);
create index promotion_uses_per_user on promotion_uses (promotion_id, user_id);

-- Where a restaurant delivers: its own radius, or (null) the platform's dabba.checkout.default-delivery-radius-km.
-- Here rather than in a migration of its own because checkout is what first needs it.
alter table restaurants
    add column delivery_radius_km numeric(5, 2) check (delivery_radius_km > 0 and delivery_radius_km <= 50);
