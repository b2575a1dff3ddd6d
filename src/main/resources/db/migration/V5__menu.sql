create table menu_items (
    id             uuid primary key,
    restaurant_id  uuid not null references restaurants (id),
    name           varchar(120) not null,
    description    varchar(1000),
    price          numeric(10, 2) not null check (price > 0 and price <= 100000),
    category       varchar(60) not null,
    type           varchar(10) not null check (type in ('VEG', 'NON_VEG')),
    is_available   boolean not null default true,
    image_url      varchar(1024),
    thumbnail_url  varchar(1024),
    image_key      varchar(512),
    thumbnail_key  varchar(512),
    created_at     timestamptz not null,
    updated_at     timestamptz not null,
    -- Soft delete: orders keep pointing at the dishes they were made of.
    deleted_at     timestamptz,
    version        bigint not null default 0
);
create index menu_items_live on menu_items (restaurant_id, category, name) where deleted_at is null;
