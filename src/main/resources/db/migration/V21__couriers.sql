-- Couriers' profiles and their verification by an admin: a courier account gets no offers until APPROVED.
-- Written by delivery when identity signs a courier up (the same transaction), then only by admins' decisions.
create table couriers (
    id                   uuid primary key references users (id),
    status               varchar(20) not null check (status in ('PENDING', 'APPROVED', 'REJECTED', 'SUSPENDED')),
    vehicle              varchar(20) check (vehicle in ('BICYCLE', 'SCOOTER', 'MOTORCYCLE', 'CAR')),
    vehicle_registration varchar(20),
    license_number       varchar(32),
    -- Why it was rejected or suspended; null otherwise.
    status_reason        varchar(1000),
    decided_by           uuid,
    decided_at           timestamptz,
    created_at           timestamptz not null,
    updated_at           timestamptz not null,
    version              bigint not null default 0
);
-- The admins' queue (GET /admin/couriers?status=PENDING), oldest first.
create index couriers_status on couriers (status, created_at);

-- Couriers who signed up before verification existed were already taking orders: they stay able to, without
-- vehicle details; an admin who doubts one suspends them.
insert into couriers (id, status, created_at, updated_at)
select id, 'APPROVED', created_at, now() from users where role = 'COURIER';
