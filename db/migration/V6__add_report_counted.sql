-- False when the report was stored but left out of the counts because its subnet had reached its cap for the
-- service: one network cannot add more than a few reporters to a series, however many addresses it has.
alter table report add column if not exists counted boolean not null default true;

create index if not exists report_subnet on report (subnet_key, service_id, received_at);
