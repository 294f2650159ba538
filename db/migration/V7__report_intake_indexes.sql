-- Indexes that the intake reads while it writes, one B-tree per lookup and none more.
-- report_kind_reporter (reporter_key, service_id, kind, received_at) answers every lookup that report_reporter
-- (reporter_key, service_id, received_at) did: one index less is one random page less to write per report.
drop index if exists report_reporter;

-- The subnet cap asks for a batch's subnets within the cap window. With service_id second, the window could not
-- narrow the index range, so every lookup read the subnet's whole history.
drop index if exists report_subnet;
create index if not exists report_subnet_time on report (subnet_key, received_at);
