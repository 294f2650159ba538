-- The salt of the reporter keys, one per UTC day, shared by every node so that one person reaching two nodes gets
-- one key. The first node of the day inserts it; the others read it. Rows older than yesterday are deleted, so keys
-- of past days cannot be recomputed from what the database holds.
create table if not exists daily_salt (
    -- a UTC day (DAY is a reserved word in H2)
    salt_day date        not null primary key,
    -- 32 random bytes, hex
    salt varchar(64) not null
);
