-- Restaurants' opening hours: a weekly schedule in the restaurant's time zone with exceptions for dates
-- (JSON of RestaurantBodies.Hours, checked by the service; null: no schedule, open whenever ONLINE), and when
-- they next open or close, which the restaurant-hours-boundaries job claims to republish the restaurant so
-- that search flips with its hours.
alter table restaurants add column opening_hours jsonb;
alter table restaurants add column hours_boundary_at timestamptz;
create index restaurants_hours_boundary on restaurants (hours_boundary_at) where hours_boundary_at is not null;
