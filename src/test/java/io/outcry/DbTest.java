package io.outcry;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
