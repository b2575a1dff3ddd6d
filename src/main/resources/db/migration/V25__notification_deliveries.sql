-- One message to one person on one channel (push to a device, an email, an SMS): planned from a notification by
-- the person's preferences and verified addresses, sent by notification-delivery through the channel's kamelet.
-- Durable: due rows are claimed with a lease (platform/jobs/Leases), failures come due again after a backoff, the
-- last failure parks a dead letter. (notification_id, channel, address) is unique: planning twice sends once.
create table notification_deliveries (
    id              uuid primary key,
    notification_id uuid not null,
    user_id         uuid not null references users (id),
    channel         varchar(10) not null check (channel in ('PUSH', 'EMAIL', 'SMS')),
    -- the device token, the email address or the phone number, as it was when planned
    address         text not null,
    type            varchar(100) not null,
    subject_id      uuid,
    -- the channel's message (kamelets/README.md), rendered in the person's locale
    payload         text not null,
    status          varchar(10) not null
        check (status in ('PENDING', 'SENT', 'DEAD', 'GONE', 'EXPIRED', 'CANCELLED')),
    attempts        int not null default 0,
    due_at          timestamptz,
    -- an offer's end or an alert's relevance: a delivery still unsent then is EXPIRED, not dead-lettered
    expires_at      timestamptz,
    -- the owner's new-order SMS waits for this: cancelled if the order is acknowledged first
    unless_acknowledged boolean not null default false,
    last_error      text,
    created_at      timestamptz not null,
    sent_at         timestamptz,
    unique (notification_id, channel, address)
);
create index notification_deliveries_due on notification_deliveries (due_at) where status = 'PENDING';
create index notification_deliveries_subject on notification_deliveries (subject_id, type) where status = 'PENDING';
create index notification_deliveries_notification on notification_deliveries (notification_id);
