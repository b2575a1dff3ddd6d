create table restaurants (
    id                 uuid primary key,
    owner_id           uuid not null references users (id),
    name               varchar(120) not null,
    logo_url           varchar(1024),
    description        text,
    status             varchar(30) not null
        check (status in ('PENDING_VERIFICATION', 'ACTIVE', 'REJECTED', 'INACTIVE')),
    operational_status varchar(10) not null check (operational_status in ('ONLINE', 'OFFLINE')),
    status_reason      text,
    address_street     varchar(200) not null,
    address_city       varchar(100) not null,
    address_zip_code   varchar(20) not null,
    latitude           numeric(9, 7) not null check (latitude between -90 and 90),
    longitude          numeric(10, 7) not null check (longitude between -180 and 180),
    contact_email      varchar(254) not null,
    contact_phone      varchar(20) not null,
    license_number     varchar(64) not null,
    gst                varchar(20),
    created_at         timestamptz not null,
    updated_at         timestamptz not null,
    version            bigint not null default 0,
    constraint restaurants_license_number_key unique (license_number)
);
create index restaurants_owner on restaurants (owner_id);
create index restaurants_status on restaurants (status, created_at);
