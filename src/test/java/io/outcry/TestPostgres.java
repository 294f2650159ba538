package io.outcry;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL 17 server per test JVM, started on first use and stopped by the library's shutdown hook; each
 * caller gets a database of its own on it.
 */
final class TestPostgres {
    static final String USER = "postgres";

    private static final AtomicInteger databases = new AtomicInteger();

    private TestPostgres() {}

    /** Holder idiom: the server starts when the first PostgreSQL test asks for a database, never for H2-only runs. */
    private static final class Server {
        static final EmbeddedPostgres INSTANCE = start();

        private static EmbeddedPostgres start() {
            try {
                return EmbeddedPostgres.builder()
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("max_connections", "200")
                        .setRegisterShutdownHook(true)
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("the embedded PostgreSQL server did not start", e);
            }
        }
    }

    /** Creates an empty database and answers its JDBC URL. */
    static String freshDatabaseUrl() {
        EmbeddedPostgres server = Server.INSTANCE;
        String name = "t_" + databases.incrementAndGet();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return "jdbc:postgresql://localhost:" + server.getPort() + "/" + name;
    }
}
