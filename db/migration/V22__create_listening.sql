-- When the node heard reports: one row per run of a node (from its first tick to its last), and one per stretch of
-- the demo's written history. Baselines leave out the hours no row covers after the first one: a node that was down
-- heard nothing, which is not hearing no report. Hours before the first row count as heard (a database from before
-- this table, or history written before any node ran).
create table if not exists listening (
    run_id  varchar(64)              not null primary key,
    from_at timestamp with time zone not null,
    to_at   timestamp with time zone not null
);
