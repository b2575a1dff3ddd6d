-- Deliveries: who took the order (decided by one conditional update: courier_id is null -> the courier), and when
-- the restaurant said the food is ready. Couriers' positions and offers live in Redis, not here.
alter table orders
    add column courier_id uuid references users (id),
    add column ready_at   timestamptz;
create index orders_courier on orders (courier_id) where courier_id is not null;

-- Orders nobody took after every round of offers, for admins (GET /admin/deliveries/unassigned); the row goes
-- when a courier takes the order after all.
create table delivery_unassigned (
    order_id      uuid primary key references orders (id),
    restaurant_id uuid not null references restaurants (id),
    rounds        integer not null,
    flagged_at    timestamptz not null
);
