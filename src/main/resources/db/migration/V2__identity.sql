create table users (
    id            uuid primary key,
    email         varchar(254) not null,
    password_hash varchar(100) not null,
    name          varchar(120) not null,
    phone         varchar(20),
    role          varchar(20) not null check (role in ('CUSTOMER', 'RESTAURANT_OWNER', 'COURIER', 'ADMIN')),
    created_at    timestamptz not null,
    updated_at    timestamptz not null,
    constraint users_email_key unique (email)
);
