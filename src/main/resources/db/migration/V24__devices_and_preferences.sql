-- Where and how a user may be reached when their app is closed (docs/reference/notifications-and-sockets.md,
-- "Devices and preferences"). A push token belongs to one user at a time: the latest to register it.
create table devices (
    token        text primary key check (length(token) between 1 and 4096),
    user_id      uuid not null references users (id),
    platform     varchar(10) not null check (platform in ('ANDROID', 'IOS', 'WEB')),
    app_version  varchar(64),
    created_at   timestamptz not null,
    last_seen_at timestamptz not null
);
create index devices_user on devices (user_id, last_seen_at desc);

-- One row per user who changed their preferences; without one, their role's defaults apply.
-- preferences: {"ORDER_UPDATES": {"push", "email", "sms"}, "OFFERS": {...}, "PROMOTIONS": {...}}.
create table notification_preferences (
    user_id     uuid primary key references users (id),
    preferences jsonb not null,
    updated_at  timestamptz not null
);
