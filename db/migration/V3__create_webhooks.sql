-- Programs that asked to be told about outages: an HTTPS (or HTTP) endpoint, the secret that signs what it receives,
-- and optional filters. Registered through the admin API.
create table if not exists webhook (
    id          uuid         not null primary key,
    url         varchar(2000) not null,
    -- the HMAC-SHA256 key of the Outcry-Signature header; never returned by the API
    secret      varchar(200) not null,
    -- service slugs, comma-separated; empty = every service
    services    varchar(2000) not null default '',
    -- country or region codes, comma-separated; empty = everywhere
    regions     varchar(2000) not null default '',
    created_at  timestamp with time zone not null,
    -- false once deleted: its delivery log is kept
    active      boolean      not null default true
);

-- One row per delivery attempt, for the operator and the receiver's support questions.
create table if not exists webhook_delivery (
    id           uuid        not null primary key,
    webhook_id   uuid        not null references webhook (id),
    -- outage.opened, outage.confirmed, …
    event        varchar(40) not null,
    payload      varchar(100000) not null,
    -- 1 for the first try, then 2, 3 … after each backoff
    attempt      integer     not null,
    -- the receiver's HTTP status, null when no answer came
    status_code  integer,
    error        varchar(500),
    created_at   timestamp with time zone not null,
    -- when a 2xx answer came; null for a failed attempt
    delivered_at timestamp with time zone
);

create index if not exists webhook_delivery_webhook on webhook_delivery (webhook_id, created_at);
