create table notifications (
    id         uuid primary key,
    user_id    uuid not null references users (id),
    type       varchar(80) not null,
    title      varchar(200) not null,
    body       text not null,
    subject_id uuid,
    created_at timestamptz not null
);
create index notifications_user on notifications (user_id, created_at desc);
