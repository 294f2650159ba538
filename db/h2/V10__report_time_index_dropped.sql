-- Embedded H2 only. Every reader of the report table on H2 now goes through the (service, time) index: retention,
-- the dedupe read-back and the start-up read of the last minutes. One index less is one page path less to rewrite at
-- every group commit: durable ingest 45.5 -> 49 % of the ceiling (median, paired; docs/performance.md).
drop index if exists report_time;
