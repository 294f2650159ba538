-- For jOOQ's code generation only, in place of db/h2/V9 (keep the two tables alike): the DDL interpreter cannot read
-- H2's _ROWID_ in that migration's insert. Flyway never runs this folder.
create table counts_written (
    id              integer not null primary key check (id = 1),
    last_report_row bigint  not null
);
