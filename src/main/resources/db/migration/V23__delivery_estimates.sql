-- Delivery estimates from what restaurants really take (docs/architecture.md, "Delivery estimates").
-- restaurants.prep_estimate_minutes: the median of the restaurant's last accepted-to-picked-up intervals; null
-- while there are too few, and then the owner's declared prep_time_minutes stands.
alter table restaurants
    add column prep_estimate_minutes integer check (prep_estimate_minutes >= 1);

-- When the courier took the food and handed it over, and what checkout promised. Older orders take the times of
-- their history rows; they have no promise.
alter table orders
    add column picked_up_at         timestamptz,
    add column delivered_at         timestamptz,
    add column promised_delivery_at timestamptz;
update orders o set picked_up_at = (select min(h.at) from order_status_history h
                                    where h.order_id = o.id and h.to_status = 'OUT_FOR_DELIVERY'
                                      and h.from_status is distinct from 'OUT_FOR_DELIVERY')
where o.status in ('OUT_FOR_DELIVERY', 'DELIVERED', 'CANCELLED');
update orders o set delivered_at = (select min(h.at) from order_status_history h
                                    where h.order_id = o.id and h.to_status = 'DELIVERED'
                                      and h.from_status is distinct from 'DELIVERED')
where o.status = 'DELIVERED';

-- The estimate's question (a restaurant's latest pickups) and the stats' (its deliveries in a window).
create index orders_restaurant_picked_up on orders (restaurant_id, picked_up_at desc) where picked_up_at is not null;
create index orders_restaurant_delivered on orders (restaurant_id, delivered_at) where delivered_at is not null;
