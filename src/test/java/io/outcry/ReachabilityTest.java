package io.outcry;

import io.outcry.web.Reachability;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** With PostgreSQL down, reads answer 503 with Retry-After at once, not 500 after the pool's 5 s. */
class ReachabilityTest {
    @Test
    void reads_answer_503_at_once_while_postgresql_is_down() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        Config config = TestNode.freshConfig()
                .withDb("jdbc:postgresql://localhost:" + pg.getPort() + "/postgres", "postgres", "")
                .withKeySecret("the secret of this test's single node on PostgreSQL");
        String[] reads = {"/api/v1/outages", "/api/v1/services/chatgpt/reports?since=1h&step=1m"};
        try (TestNode node = TestNode.on(config, new MutableClock(TestNode.START))) {
            for (String path : reads) {
                assertEquals(200, node.client.get(path).status(), path);
            }
            pg.close();
            for (int i = 0; i < 3; i++) { // the first may wait for the pool once
                Client.Answer a = node.client.get(reads[0]);
                assertEquals(503, a.status(), a.body());
            }
            for (int i = 0; i < 10; i++) {
                String path = reads[i % reads.length];
                long start = System.nanoTime();
                Client.Answer a = node.client.get(path);
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertEquals(503, a.status(), path + ": " + a.body());
                assertNotNull(a.header("Retry-After"), path);
                assertTrue(millis < 1_000, path + " took " + millis + " ms");
            }
        } finally {
            pg.close();
        }
    }

    @Test
    void a_database_h2_closed_after_a_failed_write_counts_as_unreachable() throws Exception {
        // On a full disk H2 closes its database: a statement on a connection of it then fails with 90098 or 90121,
        // and the read answers 503 (it answered 500 in bench/full-disk.sh) until the pool opens the database again.
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:h2:mem:reachability", "sa", "");
                java.sql.Statement s = c.createStatement()) {
            try {
                s.execute("shutdown");
            } catch (SQLException closing) {
                // H2 may answer its own shutdown with "database is closed"
            }
            SQLException closed = assertThrows(SQLException.class, () -> s.executeQuery("select 1"));
            assertTrue(Reachability.isUnreachable(new org.jooq.exception.DataAccessException("read", closed)),
                    closed.getErrorCode() + " " + closed.getMessage());
        }
        assertTrue(!Reachability.isUnreachable(new SQLException("syntax error", "42000", 42000)));
    }

    /** The pool answers while {@code up}; {@code asked} counts the connections asked of it; time is by hand. */
    private final AtomicBoolean up = new AtomicBoolean(false);
    private final AtomicInteger asked = new AtomicInteger();
    private final AtomicLong nanos = new AtomicLong();
    private final Reachability gate = new Reachability(pool(up, asked), nanos::get);

    @Test
    void a_probe_a_second_tries_the_database_again_away_from_requests_and_its_success_ends_the_outage() throws Exception {
        assertThrows(SQLTransientConnectionException.class, gate::getConnection);
        assertEquals(1, asked.get());
        for (int i = 0; i < 100; i++) {
            assertThrows(SQLTransientConnectionException.class, gate::getConnection);
        }
        assertEquals(1, asked.get(), "not asked again within a second");
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        up.set(true);
        // The request that starts the probe fails at once: a probe can take the pool's whole timeout.
        assertThrows(SQLTransientConnectionException.class, gate::getConnection);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> asked.get() == 2);
        Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> gate.getConnection() != null);
        int before = asked.get();
        assertNotNull(gate.getConnection());
        assertEquals(before + 1, asked.get(), "up again: every request goes to the pool");
    }

    @Test
    void a_statement_that_found_the_database_gone_makes_the_next_requests_fail_at_once() throws Exception {
        up.set(true);
        assertNotNull(gate.getConnection());
        up.set(false);
        gate.unreachable(); // what Errors says when a statement on a held connection failed with SQLSTATE 08
        assertThrows(SQLTransientConnectionException.class, gate::getConnection);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> asked.get() == 2); // the probe, not the request
        assertThrows(SQLTransientConnectionException.class, gate::getConnection);
        assertEquals(2, asked.get(), "requests do not wait on the pool while it is known to be gone");
    }

    /** A pool that fails as Hikari does when the database is unreachable, until {@code up}. */
    private static DataSource pool(AtomicBoolean up, AtomicInteger asked) {
        Connection connection = (Connection) Proxy.newProxyInstance(ReachabilityTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (p, m, args) -> m.getName().equals("isValid") ? up.get() : null);
        return new DataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                asked.incrementAndGet();
                if (!up.get()) {
                    throw new SQLTransientConnectionException("Connection is not available, request timed out");
                }
                return connection;
            }

            @Override
            public Connection getConnection(String user, String password) {
                throw new UnsupportedOperationException();
            }

            @Override
            public PrintWriter getLogWriter() {
                return null;
            }

            @Override
            public void setLogWriter(PrintWriter out) {}

            @Override
            public void setLoginTimeout(int seconds) {}

            @Override
            public int getLoginTimeout() {
                return 0;
            }

            @Override
            public Logger getParentLogger() {
                return Logger.getGlobal();
            }

            @Override
            public <T> T unwrap(Class<T> type) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean isWrapperFor(Class<?> type) {
                return false;
            }
        };
    }
}
