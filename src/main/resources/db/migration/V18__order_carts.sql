-- Which order a cart became: asked when a cart's checkout lock has lasted too long (was the order paid, is it
-- still waiting for its payment, or did the checkout die?).
create index orders_cart on orders (cart_id, created_at desc);
