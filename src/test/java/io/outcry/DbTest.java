package io.outcry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbTest {
    @Test
    void h2_keeps_the_statements_of_a_whole_batch_parsed(@TempDir Path dir) {
        try (Db db = Db.open("jdbc:h2:file:" + dir.resolve("outcry") + ";WRITE_DELAY=0", "sa", "", 2)) {
            assertEquals(String.valueOf(Db.H2_QUERY_CACHE), queryCacheSize(db));
        }
    }

    @Test
    void a_url_that_sets_the_statement_cache_keeps_its_own(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("outcry") + ";WRITE_DELAY=0;query_cache_size=16";
        try (Db db = Db.open(url, "sa", "", 2)) {
            assertEquals("16", queryCacheSize(db));
        }
    }

    @Test
    void on_postgres_the_writer_has_a_connection_that_keeps_to_indexes_and_readers_do_not() {
        try (Db db = Db.open(TestPostgres.freshDatabaseUrl(), TestPostgres.USER, "", 2)) {
            assertEquals("off", db.intakeDsl().fetchValue("show enable_seqscan"));
            assertEquals("off", db.intakeDsl().transactionResult(tx -> tx.dsl().fetchValue("show enable_seqscan")),
                    "in the writer's transactions too");
            assertEquals("on", db.dsl().fetchValue("show enable_seqscan"));
        }
    }

    @Test
    void on_postgres_a_report_row_costs_no_service_check_and_no_index_on_time_alone() {
        try (Db db = Db.open(TestPostgres.freshDatabaseUrl(), TestPostgres.USER, "", 2)) {
            assertEquals(List.of(), db.dsl().fetchValues("select conname from pg_constraint where contype = 'f'"
                    + " and conrelid in ('report'::regclass, 'minute_count'::regclass, 'works_count'::regclass)"));
            assertEquals(List.of("report_kind_reporter", "report_pkey", "report_service_time", "report_subnet_time"),
                    db.dsl().fetchValues("select indexname from pg_indexes where tablename = 'report'"
                            + " order by indexname"));
            assertEquals(List.of("outage_service_id_fkey"), db.dsl().fetchValues("select conname from pg_constraint"
                    + " where contype = 'f' and conrelid = 'outage'::regclass"), "other tables keep theirs");
        }
    }

    @Test
    void on_h2_the_writer_shares_the_pool(@TempDir Path dir) {
        try (Db db = Db.open("jdbc:h2:file:" + dir.resolve("outcry"), "sa", "", 2)) {
            assertSame(db.dsl(), db.intakeDsl());
        }
    }

    private static String queryCacheSize(Db db) {
        return String.valueOf(db.dsl().fetchValue("select setting_value from information_schema.settings"
                + " where setting_name = 'QUERY_CACHE_SIZE'"));
    }

    /** A start killed half-way through V9 on H2: its table created (H2 commits DDL at once), not yet recorded. */
    @Test
    void a_start_killed_inside_a_migration_recovers_by_itself(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("outcry") + ";WRITE_DELAY=0";
        h2Migrations(url).target("8").load().migrate();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "sa", "")) {
            c.createStatement().execute("create table counts_written (id integer not null primary key check (id = 1),"
                    + " last_report_row bigint not null)");
        }
        try (Db db = Db.open(url, "sa", "", 2)) {
            assertEquals(1, db.dsl().fetchCount(db.dsl().selectFrom("counts_written")));
        }
    }

    /** Flyway's record of a failed migration (what a kill or a full disk leaves on H2) is repaired, not fatal. */
    @Test
    void a_failed_migration_in_the_history_is_run_again(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("outcry") + ";WRITE_DELAY=0";
        Db.open(url, "sa", "", 2).close();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "sa", "")) {
            c.createStatement().execute("update \"flyway_schema_history\" set \"success\" = false"
                    + " where \"version\" = '10'");
        }
        try (Db db = Db.open(url, "sa", "", 2)) {
            assertEquals(0, db.dsl().fetchCount(db.dsl().selectFrom("\"flyway_schema_history\"")
                    .where("\"success\" = false")));
        }
    }

    /** H2 closes a database whose write failed (a full disk); the pool then opens it again by itself. */
    @Test
    void h2_closed_under_the_pool_is_opened_again(@TempDir Path dir) throws Exception {
        try (Db db = Db.open(Config.h2Url(dir), "sa", "", 2)) {
            try {
                db.dsl().execute("shutdown");
            } catch (org.jooq.exception.DataAccessException expected) {
                // H2 answers its own shutdown with "database is closed"
            }
            int failures = 0;
            while (true) {
                try {
                    db.dsl().fetchValue("select 1");
                    break;
                } catch (org.jooq.exception.DataAccessException closed) {
                    failures++;
                    assertTrue(failures < 5, "still closed after " + failures + " tries: " + closed.getMessage());
                }
            }
        }
    }

    @Test
    void h2_writes_no_trace_file(@TempDir Path dir) throws Exception {
        try (Db db = Db.open(Config.h2Url(dir), "sa", "", 2)) {
            assertThrows(org.jooq.exception.DataAccessException.class, () -> db.dsl().execute("select * from nowhere"));
        }
        try (var files = java.nio.file.Files.list(dir)) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".trace.db"))
                    .toList(), "an error is not written to a trace file");
        }
    }

    @Test
    void refuses_a_zero_byte_h2_file_instead_of_starting_empty(@TempDir Path dir) throws Exception {
        Db.open(Config.h2Url(dir), "sa", "", 2).close();
        java.nio.file.Files.write(dir.resolve("outcry.mv.db"), new byte[0]); // cut short after it was set up
        StartRefused refused = assertThrows(StartRefused.class, () -> Db.open(Config.h2Url(dir), "sa", "", 2).close());
        assertTrue(refused.getMessage().contains("is empty (0 bytes)"), refused.getMessage());
        assertEquals(0, java.nio.file.Files.size(dir.resolve("outcry.mv.db")), "left as it was, for the operator");
    }

    /** A first start killed while H2 created its file leaves it empty, never set up: the next start creates it. */
    @Test
    void a_zero_byte_h2_file_never_set_up_is_created_again(@TempDir Path dir) throws Exception {
        java.nio.file.Files.createFile(dir.resolve("outcry.mv.db"));
        try (Db db = Db.open(Config.h2Url(dir), "sa", "", 2)) {
            assertEquals(0, db.dsl().fetchCount(db.dsl().selectFrom("report")));
        }
        assertTrue(java.nio.file.Files.size(dir.resolve("outcry.mv.db")) > 0);
        assertTrue(java.nio.file.Files.exists(dir.resolve("outcry" + Db.SET_UP)));
    }

    /**
     * H2 adds a column by copying the table, dropping it and renaming the copy: a start killed between the drop and
     * the rename (seen by KilledStartTest in V4) left no report table, and every later start failed on it.
     */
    @Test
    void a_table_dropped_by_a_start_killed_while_altering_it_gets_its_copy_back(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("outcry") + ";WRITE_DELAY=0";
        h2Migrations(url).target("3").load().migrate();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "sa", "")) {
            var st = c.createStatement();
            st.execute("insert into category values ('ai', 'AI', 'IA', 'login')");
            st.execute("insert into service (slug, name, category) values ('chatgpt', 'ChatGPT', 'ai')");
            st.execute("insert into report (id, service_id, received_at, reporter_key, subnet_key, channel, demo)"
                    + " select random_uuid(), min(id), current_timestamp, 'k', 's', 'web', false from service");
            st.execute("create table \"REPORT_COPY_4_0\" as select * from report"); // an earlier attempt, killed sooner
            st.execute("create table \"REPORT_COPY_4_1\" as select r.*, 'problem' as kind from report r");
            st.execute("drop table report cascade");
        }
        try (Db db = Db.open(url, "sa", "", 2)) {
            assertEquals(1, db.dsl().fetchCount(db.dsl().selectFrom("report")), "its row is back");
            assertEquals(0, db.dsl().fetchCount(db.dsl().selectFrom("information_schema.tables")
                    .where("table_name like 'REPORT_COPY%'")), "no copy is left");
        }
    }

    /**
     * H2 commits each statement of a migration at once: a start killed after a migration's statements and before
     * Flyway recorded it runs the migration again over its own result. Every migration must take that.
     */
    @Test
    void every_migration_runs_again_over_its_own_result(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("outcry") + ";WRITE_DELAY=0";
        var migrations = h2Migrations(url);
        List<String> versions = java.util.Arrays.stream(migrations.load().info().all())
                .map(m -> m.getVersion().getVersion()).toList();
        assertTrue(versions.size() > 10, versions.toString());
        for (String v : versions) {
            migrations.target(v).load().migrate();
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "sa", "")) {
                c.createStatement().execute("delete from \"flyway_schema_history\" where \"version\" = '" + v + "'");
            }
            try {
                migrations.target(v).load().migrate();
            } catch (org.flywaydb.core.api.FlywayException e) {
                throw new AssertionError("V" + v + " cannot run again over its own result", e);
            }
        }
    }

    /** The migrations an H2 node runs, on the database at {@code url}. */
    private static org.flywaydb.core.api.configuration.FluentConfiguration h2Migrations(String url) {
        return org.flywaydb.core.Flyway.configure().dataSource(url, "sa", "")
                .locations("classpath:db/migration", "classpath:db/h2");
    }
}
