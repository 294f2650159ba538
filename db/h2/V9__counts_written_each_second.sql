-- Embedded H2 writes the per-minute counts about once a second instead of with every batch of reports (ReportStore).
-- This row says up to which report row, by H2's internal row key, the counts are written; after a crash the node adds
-- the counts of the rows after it before it takes reports again. The counts of every row stored so far are written.
-- Versions here and in db/migration are one sequence: the next migration of either folder is V10.
create table if not exists counts_written (
    id              integer not null primary key check (id = 1),
    last_report_row bigint  not null
);
insert into counts_written select 1, coalesce(max(_ROWID_), 0) from report having not exists (select 1 from counts_written);
