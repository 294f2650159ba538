-- The demo's history: where the history a demo node writes ends, and when it was all written. A node stopped while
-- writing it leaves finished_at empty, and its next start writes the history again. One row at most.
create table if not exists demo_history (
    id          integer                  not null primary key,
    written_to  timestamp with time zone not null,
    finished_at timestamp with time zone
);
