-- "Works for me": counter-reports. They are kept in the report table (same audit, dedupe and limits) but counted
-- apart, so the detector's input (minute_count, hour_count) holds problem reports only.
alter table report add column if not exists kind varchar(8) not null default 'problem';

create index if not exists report_kind_reporter on report (reporter_key, service_id, kind, received_at);

-- Distinct people per minute who said the service works for them, per service and area ('*', a country, a region).
create table if not exists works_count (
    service_id   integer     not null references service (id),
    area         varchar(12) not null,
    minute_start timestamp with time zone not null,
    reporters    integer     not null,
    primary key (service_id, area, minute_start)
);

create index if not exists works_count_minute on works_count (minute_start);
