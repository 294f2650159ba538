-- PostgreSQL only: per-row work the shared database did for every report, which nothing needs.
--
-- The service keys of the report and count tables: each insert ran a trigger that looked up and share-locked its
-- service row, and several nodes locking the same row at once share it through a multixact. Services are never
-- deleted, and the intake writes only ids it resolved from the catalog. The writer's time per report went down by
-- 6-8 % (bench/writer.sh, docs/performance.md). Embedded H2 keeps them: its check is an in-process index probe.
alter table report drop constraint if exists report_service_id_fkey;
alter table minute_count drop constraint if exists minute_count_service_id_fkey;
alter table works_count drop constraint if exists works_count_service_id_fkey;

-- Every reader of the report table goes through the (service, time) index (retention too), as on H2 since V10:
-- an index on time alone was one more B-tree to write per report.
drop index if exists report_time;
