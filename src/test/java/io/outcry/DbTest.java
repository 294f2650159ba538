package io.outcry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
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

    private static String queryCacheSize(Db db) {
        return String.valueOf(db.dsl().fetchValue("select setting_value from information_schema.settings"
                + " where setting_name = 'QUERY_CACHE_SIZE'"));
    }
}
