-- Dispatch: when the restaurant accepted (the dispatch deadline counts from it) and when the courier took the
-- order (a no-show counts from the later of that and the food being ready). Older accepted orders take the time
-- of their ACCEPTED history row.
alter table orders
    add column accepted_at         timestamptz,
    add column courier_assigned_at timestamptz;
update orders o set accepted_at = (select min(h.at) from order_status_history h
                                   where h.order_id = o.id and h.to_status = 'ACCEPTED')
where o.status in ('ACCEPTED', 'IN_PREPARATION', 'OUT_FOR_DELIVERY', 'DELIVERED');
update orders set courier_assigned_at = updated_at where courier_id is not null;
-- What the dispatch sweep reads: paid orders waiting for a courier, and assigned ones not picked up yet.
create index orders_dispatch on orders (accepted_at) where status in ('ACCEPTED', 'IN_PREPARATION');

-- Couriers who took an order and did not come for it (released with reason no-show), for admins
-- (GET /admin/couriers/{courierId}/stats). One row per courier and order.
create table courier_no_shows (
    id         bigint generated always as identity primary key,
    courier_id uuid not null references users (id),
    order_id   uuid not null references orders (id),
    at         timestamptz not null,
    unique (courier_id, order_id)
);
