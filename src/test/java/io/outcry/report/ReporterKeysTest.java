package io.outcry.report;

import static io.outcry.db.Tables.DAILY_SALT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.outcry.Config;
import io.outcry.Db;
import io.outcry.Engine;
import io.outcry.MutableClock;
import io.outcry.TestNode;
import java.net.InetAddress;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Engine.class)
class ReporterKeysTest {
    @Parameter
    Engine engine;

    @Test
    void nodes_on_one_database_key_a_person_alike_and_forget_the_salts_of_past_days() throws Exception {
        Config config = TestNode.freshConfig(engine);
        MutableClock clock = new MutableClock(TestNode.START);
        InetAddress person = InetAddress.getByName("198.51.100.7");
        try (Db db = Db.open(config.dbUrl(), config.dbUser(), config.dbPassword(), 2)) {
            ReporterKeys nodeA = new ReporterKeys(clock, new SaltStore(db.dsl()));
            ReporterKeys nodeB = new ReporterKeys(clock, new SaltStore(db.dsl()));
            String today = nodeA.reporter(person, "Firefox");
            assertEquals(today, nodeB.reporter(person, "Firefox"));
            assertEquals(nodeA.subnet(person), nodeB.subnet(person));
            assertNotEquals(today, nodeA.reporter(person, "Chrome"));

            clock.advance(Duration.ofDays(1));
            String tomorrow = nodeB.reporter(person, "Firefox");
            assertNotEquals(today, tomorrow, "a new salt every UTC day");
            assertEquals(tomorrow, nodeA.reporter(person, "Firefox"));
            assertEquals(2, db.dsl().fetchCount(DAILY_SALT), "yesterday's salt is kept a day for clocks near midnight");

            clock.advance(Duration.ofDays(1));
            nodeA.reporter(person, "Firefox");
            LocalDate start = LocalDate.of(2026, 11, 26);
            assertEquals(0, db.dsl().fetchCount(DAILY_SALT, DAILY_SALT.SALT_DAY.eq(start)),
                    "two days on, the first day's salt is gone and its keys cannot be recomputed");
            assertEquals(2, db.dsl().fetchCount(DAILY_SALT));
        }
    }
}
