package io.outcry;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import io.outcry.web.Reachability;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderNameCase;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database: a connection pool (and on PostgreSQL the report writer's own connection), the schema migrated by
 * Flyway, and jOOQ contexts in the URL's dialect.
 */
public final class Db implements AutoCloseable {
    private final HikariDataSource pool;
    private final DSLContext dsl;
    /** The pool as readers see it: fails at once while the database is known to be unreachable. */
    private final Reachability readers;
    /** PostgreSQL: the report writer's own connection (see {@link #intakeDsl}); null on H2. */
    private final HikariDataSource intakePool;
    private final DSLContext intakeDsl;
    private final SQLDialect dialect;
    private static final Logger log = LoggerFactory.getLogger(Db.class);

    private Db(HikariDataSource pool, HikariDataSource intakePool, SQLDialect dialect) {
        this.pool = pool;
        this.intakePool = intakePool;
        this.dialect = dialect;
        // Unquoted names: H2 folds them to upper case, PostgreSQL to lower, and both find what Flyway created.
        Settings settings = new Settings()
                .withRenderQuotedNames(RenderQuotedNames.NEVER)
                .withRenderNameCase(RenderNameCase.AS_IS)
                .withExecuteLogging(false)
                .withRenderSchema(false);
        this.readers = new Reachability(pool, System::nanoTime);
        this.dsl = DSL.using(readers, dialect, settings);
        this.intakeDsl = intakePool == null ? dsl : DSL.using(intakePool, dialect, settings);
    }

    /** Parsed statements H2 keeps per connection. */
    static final int H2_QUERY_CACHE = 64;

    /** Opens the pool and brings the schema up to date. */
    public static Db open(String url, String user, String password, int poolSize) {
        SQLDialect dialect = dialectOf(url);
        emptyH2File(url);
        HikariDataSource pool = new HikariDataSource(config(url, user, password, dialect, "outcry",
                Math.max(2, poolSize)));
        try {
            if (dialect == SQLDialect.H2) {
                finishInterruptedCopies(pool);
            }
            migrate(Flyway.configure()
                    .dataSource(pool)
                    // db/h2 and db/postgres hold what only one engine changes: indexes H2's single writer does
                    // without, checks PostgreSQL ran per row. Their versions are taken in both.
                    .locations("classpath:db/migration", dialect == SQLDialect.H2 ? "classpath:db/h2"
                            : "classpath:db/postgres"));
            markSetUp(url);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        HikariDataSource intakePool = null;
        if (dialect == SQLDialect.POSTGRES) {
            HikariConfig intake = config(url, user, password, dialect, "outcry-intake", 1);
            // Every lookup of a batch has its index. Until autovacuum has analysed a young report table, the planner
            // guesses that a reporter or subnet matches hundreds of rows and scans the table, a hundred times slower
            // than the index. Set once for the connection: a `set local` in each transaction would be a round trip
            // per batch.
            intake.setConnectionInitSql("set enable_seqscan = off");
            try {
                intakePool = new HikariDataSource(intake);
            } catch (RuntimeException e) {
                pool.close();
                throw e;
            }
        }
        return new Db(pool, intakePool, dialect);
    }

    /**
     * H2 opens a 0-byte database file as a new, empty database: every report and outage would be gone without a word.
     * Such a file is what a full disk or a crash at the wrong moment leaves. If its database had been set up once
     * (its marker file says so), the start stops and says so. If not, it is what a first start killed while H2 was
     * creating the file leaves, with nothing in it to lose: it is removed and the database created again.
     */
    static void emptyH2File(String url) {
        java.nio.file.Path file = h2File(url, ".mv.db");
        try {
            if (file == null || !java.nio.file.Files.exists(file) || java.nio.file.Files.size(file) > 0) {
                return;
            }
            if (java.nio.file.Files.exists(h2File(url, SET_UP))) {
                throw new StartRefused("The database file " + file.toAbsolutePath() + " is empty (0 bytes):"
                        + " it was cut short (a full disk, a crash). Restore it from a backup, or move it and "
                        + h2File(url, SET_UP).getFileName() + " away to start with an empty database.");
            }
            log.warn("The database file {} is empty and was never set up (a first start was stopped while creating"
                    + " it): it is created again", file.toAbsolutePath());
            java.nio.file.Files.delete(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot read the database file " + file, e);
        }
    }

    /**
     * H2 changes a table's columns by copying it: it creates {@code T_COPY_<session>_<n>} with the new columns, copies
     * the rows, drops {@code T}, then renames the copy {@code T}. A start killed between the drop and the rename (in
     * a migration that adds a column) leaves no {@code T}, and every later start fails on it; one killed before the
     * drop leaves a stray copy. So before migrating: a copy whose table is gone becomes the table again (the one with
     * the most columns when there are several: the latest change), and stray copies of a table that is there are
     * dropped. The failed migration then runs again over it ({@code if not exists}).
     */
    static void finishInterruptedCopies(javax.sql.DataSource pool) {
        try (java.sql.Connection c = pool.getConnection(); java.sql.Statement st = c.createStatement()) {
            java.util.Map<String, Integer> columns = new java.util.HashMap<>();
            try (java.sql.ResultSet rs = st.executeQuery("select table_name, count(*) from information_schema.columns"
                    + " where table_schema = current_schema group by table_name")) {
                while (rs.next()) {
                    columns.put(rs.getString(1), rs.getInt(2));
                }
            }
            java.util.regex.Pattern copy = java.util.regex.Pattern.compile("(.+)_COPY_[0-9]+_[0-9]+");
            java.util.Map<String, java.util.List<String>> copies = new java.util.TreeMap<>();
            for (String table : columns.keySet()) {
                java.util.regex.Matcher m = copy.matcher(table);
                if (m.matches()) {
                    copies.computeIfAbsent(m.group(1), t -> new java.util.ArrayList<>()).add(table);
                }
            }
            for (var e : copies.entrySet()) {
                java.util.List<String> strays = new java.util.ArrayList<>(e.getValue());
                if (!columns.containsKey(e.getKey())) {
                    String latest = strays.stream().max(java.util.Comparator.comparing(columns::get)).orElseThrow();
                    log.warn("Table {} was being altered when a start was stopped: its copy {} becomes it again",
                            e.getKey(), latest);
                    st.execute("alter table \"" + latest + "\" rename to \"" + e.getKey() + "\"");
                    dropPrefix(st, e.getKey(), latest + "_");
                    strays.remove(latest);
                }
                for (String stray : strays) {
                    log.warn("Dropping {}, a copy of {} left by a start stopped while altering it", stray, e.getKey());
                    st.execute("drop table \"" + stray + "\" cascade");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot look for tables left half-altered", e);
        }
    }

    /** H2 names a copy's constraints and indexes after the copy: they get their own names back, which migrations use. */
    private static void dropPrefix(java.sql.Statement st, String table, String prefix) throws SQLException {
        java.util.List<String> renames = new java.util.ArrayList<>();
        try (java.sql.ResultSet rs = st.executeQuery("select constraint_name from information_schema.table_constraints"
                + " where table_schema = current_schema and table_name = '" + table + "'")) {
            while (rs.next()) {
                if (rs.getString(1).startsWith(prefix)) {
                    renames.add("alter table \"" + table + "\" rename constraint \"" + rs.getString(1) + "\" to \""
                            + rs.getString(1).substring(prefix.length()) + "\"");
                }
            }
        }
        for (String rename : renames) {
            st.execute(rename);
        }
        renames.clear();
        try (java.sql.ResultSet rs = st.executeQuery("select index_name from information_schema.indexes"
                + " where table_schema = current_schema and table_name = '" + table + "'")) {
            while (rs.next()) {
                if (rs.getString(1).startsWith(prefix)) {
                    renames.add("alter index \"" + rs.getString(1) + "\" rename to \""
                            + rs.getString(1).substring(prefix.length()) + "\"");
                }
            }
        }
        for (String rename : renames) {
            st.execute(rename);
        }
    }

    /** Beside an H2 database once its schema is set up: from then on an empty database file is a loss, not a start. */
    static final String SET_UP = ".set-up";

    private static void markSetUp(String url) {
        java.nio.file.Path marker = h2File(url, SET_UP);
        if (marker == null || java.nio.file.Files.exists(marker)) {
            return;
        }
        try {
            java.nio.file.Files.writeString(marker, "The database beside this file has been set up; an empty one is a"
                    + " loss.\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot write " + marker, e);
        }
    }

    /** The file of an H2 file database with this suffix, or null when the URL is not an H2 file. */
    private static java.nio.file.Path h2File(String url, String suffix) {
        if (!url.startsWith("jdbc:h2:file:")) {
            return null;
        }
        return java.nio.file.Path.of(url.substring("jdbc:h2:file:".length()).split(";", 2)[0] + suffix);
    }

    /** H2's "database is closed" (90098) and "called at shutdown" (90121), e.g. after a write failed on a full disk. */
    private static final Set<Integer> H2_CLOSED = Set.of(90098, 90121);

    /**
     * A connection of a database H2 has closed (a write failed on a full disk) never works again, and Hikari would keep
     * handing it out, since H2's codes are not the standard ones for a lost connection: it is evicted, and the next
     * connection opens the database again, which works as soon as there is space.
     */
    private static SQLExceptionOverride.Override h2Closed(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (H2_CLOSED.contains(x.getErrorCode())) {
                return SQLExceptionOverride.Override.MUST_EVICT;
            }
        }
        return SQLExceptionOverride.Override.CONTINUE_EVICT;
    }

    /**
     * Brings the schema up to date, and recovers by itself from a start that was killed half-way through a migration.
     * H2 commits each DDL statement at once, so such a kill leaves part of a migration applied, or Flyway's record of a
     * failed one. Every migration is written to be run again over its own partial result ({@code if not exists}), so
     * after a failure Flyway's history is repaired (failed entries removed, checksums realigned) and the migration run
     * once more; a second failure is a real one and stops the start.
     */
    static void migrate(FluentConfiguration configuration) {
        Flyway flyway = configuration.load();
        try {
            flyway.migrate();
        } catch (FlywayException first) {
            log.warn("The schema migration failed ({}); repairing Flyway's history and migrating again",
                    first.getMessage().lines().findFirst().orElse(""));
            flyway.repair();
            // The repaired migration may come before later ones that were applied: it is run out of order.
            configuration.outOfOrder(true).load().migrate();
        }
    }

    private static HikariConfig config(String url, String user, String password, SQLDialect dialect, String name,
            int poolSize) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(url);
        hikari.setUsername(user);
        hikari.setPassword(password);
        hikari.setMaximumPoolSize(poolSize);
        hikari.setPoolName(name);
        if (dialect == SQLDialect.POSTGRES) {
            // A request waits at most 5 s for a connection, then fails (503 on /ready) instead of piling up.
            hikari.setConnectionTimeout(5_000);
            // The driver turns a batch of inserts (the demo's history, the hourly totals) into multi-row inserts,
            // when no parameter follows the values.
            hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
            hikari.addDataSourceProperty("ApplicationName", "outcry");
            hikari.addDataSourceProperty("connectTimeout", "5");
            hikari.addDataSourceProperty("tcpKeepAlive", "true");
        }
        if (dialect == SQLDialect.H2 && !url.toUpperCase(Locale.ROOT).contains("QUERY_CACHE_SIZE=")) {
            // H2 re-parses a statement that is not among the last few a connection ran (8 by default). A writer's
            // batch runs more texts than that (lookups whose IN lists vary in length, inserts, count upserts), so
            // each batch would parse its statements again, a cost paid per report. A URL's own wins
            // (H2 refuses a setting given twice).
            hikari.addDataSourceProperty("QUERY_CACHE_SIZE", String.valueOf(H2_QUERY_CACHE));
        }
        if (dialect == SQLDialect.H2) {
            hikari.setExceptionOverride(new SQLExceptionOverride() {
                @java.lang.Override // plain @Override names the interface's own enum here
                public SQLExceptionOverride.Override adjudicate(SQLException e) {
                    return h2Closed(e);
                }
            });
        }
        return hikari;
    }

    static SQLDialect dialectOf(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return SQLDialect.H2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return SQLDialect.POSTGRES;
        }
        throw new IllegalArgumentException("OUTCRY_DB_URL must be a jdbc:h2: or jdbc:postgresql: URL, got " + url);
    }

    public DSLContext dsl() {
        return dsl;
    }

    /** A statement failed for want of the database: readers fail at once until a probe reaches it again. */
    public void unreachable() {
        readers.unreachable();
    }

    /**
     * The report writer's statements: on PostgreSQL a connection of its own on which the planner keeps to indexes,
     * so that a batch's lookups never scan the report table; on H2 the same as {@link #dsl}.
     */
    public DSLContext intakeDsl() {
        return intakeDsl;
    }

    public boolean isPostgres() {
        return dialect == SQLDialect.POSTGRES;
    }

    /**
     * Starts listening on a PostgreSQL channel on a connection of its own (outside the pool), handing each payload to
     * {@code onPayload} on the listener's thread. PostgreSQL only.
     */
    public Notifications listen(String channel, java.util.function.Consumer<String> onPayload) {
        if (!isPostgres()) {
            throw new IllegalStateException("LISTEN/NOTIFY needs PostgreSQL");
        }
        // The pool's own login: the listener reaches the same database as the same user.
        return new Notifications(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword(), channel, onPayload);
    }

    @Override
    public void close() {
        if (intakePool != null) {
            intakePool.close();
        }
        pool.close();
    }
}
