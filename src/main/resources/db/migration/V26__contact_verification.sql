-- How a person is written to (their locale: en or hi) and which of their addresses are proven theirs: an email or
-- SMS goes only to a verified address. Accounts from before stay unverified until their owner verifies.
alter table users add column locale varchar(10) not null default 'en';
alter table users add column email_verified_at timestamptz;
alter table users add column phone_verified_at timestamptz;
