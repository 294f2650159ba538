-- Hourly totals per service and area, written with the per-minute counts; baselines are learned from them.
create table if not exists hour_count (
    service_id integer     not null references service (id),
    area       varchar(12) not null,
    hour_start timestamp with time zone not null,
    reporters  integer     not null,
    primary key (service_id, area, hour_start)
);

create index if not exists hour_count_hour on hour_count (hour_start);

-- An episode of one series (a service world-wide, in a country or in a region): possible problems that were
-- dismissed, or an outage confirmed and later resolved.
create table if not exists outage (
    id                uuid        not null primary key,
    service_id        integer     not null references service (id),
    -- '*' world-wide, 'FR' a country, 'FR-IDF' a region
    scope             varchar(12) not null,
    -- possible, outage, resolved, dismissed
    state             varchar(10) not null,
    -- the estimated onset (change point), not the tick that noticed it
    started_at        timestamp with time zone not null,
    detected_at       timestamp with time zone not null,
    confirmed_at      timestamp with time zone,
    ended_at          timestamp with time zone,
    updated_at        timestamp with time zone not null,
    peak_at           timestamp with time zone not null,
    -- distinct reporters in the explanation window (15 minutes) at the peak, and how many are usual then
    peak_observed     integer     not null,
    peak_expected     double precision not null,
    -- distinct reporters since the onset
    reporters         integer     not null default 0,
    -- the most reported problem kinds with their shares, e.g. "login:0.52,app:0.31"
    problems          varchar(400) not null default '',
    -- the regions where the service is affected too, comma-separated codes
    regions           varchar(2000) not null default ''
);

create index if not exists outage_service on outage (service_id, started_at);
create index if not exists outage_state on outage (state);
create index if not exists outage_updated on outage (updated_at);

-- The state of every service world-wide after the last detector tick, for status pages and feeds.
create table if not exists service_status (
    service_id        integer     not null primary key references service (id),
    state             varchar(10) not null,
    observed          integer     not null,
    expected          double precision not null,
    updated_at        timestamp with time zone not null
);

-- The last minute the detector has fully processed, so a restart catches up without repeating itself.
create table if not exists detector_tick (
    name              varchar(20) not null primary key,
    last_minute       timestamp with time zone not null
);
