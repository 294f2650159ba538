-- Browsers that asked to be told when a service's outage starts and ends (Web Push), with no account: only what
-- delivery needs. A subscription is removed when its push service answers 404 or 410.
create table if not exists push_subscription (
    id          uuid          not null primary key,
    service_id  integer       not null references service (id),
    -- '*' for the service everywhere, or a country or region code
    area        varchar(12)   not null,
    -- where the browser's push service takes messages for it
    endpoint    varchar(1000) not null,
    -- the browser's P-256 public key and auth secret (base64url), to encrypt for it
    p256dh      varchar(100)  not null,
    auth        varchar(40)   not null,
    lang        varchar(2)    not null,
    created_at  timestamp with time zone not null
);

create unique index if not exists push_subscription_target on push_subscription (endpoint, service_id, area);
create index if not exists push_subscription_service on push_subscription (service_id, area);

-- The node's VAPID key pair, made at the first start, so that every node signs with the same key.
create table if not exists push_key (
    id          integer       not null primary key,
    private_key varchar(400)  not null,
    public_key  varchar(100)  not null
);
