package io.outcry.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL 17 server for a benchmark run, from the embedded binaries the tests use: durable commits
 * ({@code synchronous_commit=on}, fsync on), one fresh database, stopped on close.
 */
final class EmbeddedPg implements AutoCloseable {
    private final EmbeddedPostgres server;
    private final String url;

    private EmbeddedPg(EmbeddedPostgres server, String url) {
        this.server = server;
        this.url = url;
    }

    static EmbeddedPg start() throws IOException, SQLException {
        EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "100")
                .setServerConfig("shared_buffers", "256MB")
                .start();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database outcry_bench");
        }
        return new EmbeddedPg(server, "jdbc:postgresql://localhost:" + server.getPort() + "/outcry_bench");
    }

    String url() {
        return url;
    }

    String user() {
        return "postgres";
    }

    /** Runs one SQL statement on the bench database, e.g. to read a relation's size. */
    long queryLong(String sql) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(url, user(), "");
                Statement s = c.createStatement();
                var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
