-- Embedded H2 has one writer, the node's intake, which remembers the last minutes' reporters and subnets in memory
-- (RecentIntake). These two indexes on random keys answered those lookups; every commit rewrote their pages, half of
-- the writer's time per report. PostgreSQL, shared by several nodes, keeps them.
-- Versions here and in db/migration are one sequence: the next migration of either folder is V9.
drop index if exists report_kind_reporter;
drop index if exists report_subnet_time;
