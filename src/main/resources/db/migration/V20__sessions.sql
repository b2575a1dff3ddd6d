-- A disabled account cannot log in or refresh; its tokens and sockets end when it is disabled.
alter table users add column disabled_at timestamptz;

-- One session per login (a refresh-token family): every refresh token of one login belongs to it, and ending it
-- (logout, reuse of a spent refresh token, password change, disabling the account) ends them all.
create table sessions (
    id             uuid primary key,
    user_id        uuid not null references users (id),
    created_at     timestamptz not null,
    expires_at     timestamptz not null,
    revoked_at     timestamptz,
    revoked_reason varchar(40)
);
create index sessions_live_by_user on sessions (user_id) where revoked_at is null;

-- Refresh tokens are random; only their SHA-256 is kept. Each is used once: a used one presented again ends
-- its session.
create table refresh_tokens (
    token_hash varchar(64) primary key,
    session_id uuid not null references sessions (id) on delete cascade,
    issued_at  timestamptz not null,
    used_at    timestamptz
);
create index refresh_tokens_by_session on refresh_tokens (session_id);
