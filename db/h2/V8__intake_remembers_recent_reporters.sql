-- Embedded H2 has one writer, the node's intake, which remembers the last minutes' reporters and subnets in memory
-- (RecentIntake). These two indexes on random keys answered those lookups; every commit rewrote their pages, half of
-- the writer's time per report. PostgreSQL, shared by several nodes, keeps them.
drop index report_kind_reporter;
drop index report_subnet_time;
