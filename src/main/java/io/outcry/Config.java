package io.outcry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Everything an operator can set, read from {@code OUTCRY_*} environment variables with working defaults. */
public record Config(
        int port,
        Path dataDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        Duration dedupeWindow,
        int ingestQueueSize,
        int ingestBatchSize,
        List<String> trustedProxies,
        Duration tick,
        boolean demo,
        String adminToken,
        int retentionDays,
        boolean benchEndpoint) {

    /** Reads the configuration from the given environment (usually {@code System.getenv()}). */
    public static Config from(Map<String, String> env) {
        Path dataDir = Path.of(env.getOrDefault("OUTCRY_DATA_DIR", "./data"));
        String dbUrl = env.getOrDefault("OUTCRY_DB_URL", h2Url(dataDir));
        return new Config(
                intOf(env, "OUTCRY_PORT", 7070),
                dataDir,
                dbUrl,
                env.getOrDefault("OUTCRY_DB_USER", dbUrl.startsWith("jdbc:h2:") ? "sa" : "outcry"),
                env.getOrDefault("OUTCRY_DB_PASSWORD", ""),
                Duration.ofMinutes(intOf(env, "OUTCRY_DEDUPE_MINUTES", 15)),
                intOf(env, "OUTCRY_INGEST_QUEUE", 20_000),
                intOf(env, "OUTCRY_INGEST_BATCH", 1_000),
                listOf(env.getOrDefault("OUTCRY_TRUSTED_PROXIES", "")),
                Duration.ofSeconds(intOf(env, "OUTCRY_TICK_SECONDS", 60)),
                Boolean.parseBoolean(env.getOrDefault("OUTCRY_DEMO", "false")),
                env.getOrDefault("OUTCRY_ADMIN_TOKEN", ""),
                intOf(env, "OUTCRY_RETENTION_DAYS", 90),
                Boolean.parseBoolean(env.getOrDefault("OUTCRY_BENCH_ENDPOINT", "false")));
    }

    /** The embedded H2 file database under the data folder; WRITE_DELAY=0 so an acknowledged commit survives kill -9. */
    public static String h2Url(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("outcry") + ";WRITE_DELAY=0";
    }

    public Config withPort(int port) {
        return new Config(port, dataDir, dbUrl, dbUser, dbPassword, dedupeWindow, ingestQueueSize, ingestBatchSize,
                trustedProxies, tick, demo, adminToken, retentionDays, benchEndpoint);
    }

    public Config withDemo(boolean demo) {
        return new Config(port, dataDir, dbUrl, dbUser, dbPassword, dedupeWindow, ingestQueueSize, ingestBatchSize,
                trustedProxies, tick, demo, adminToken, retentionDays, benchEndpoint);
    }

    public Config withDb(String dbUrl, String dbUser, String dbPassword) {
        return new Config(port, dataDir, dbUrl, dbUser, dbPassword, dedupeWindow, ingestQueueSize, ingestBatchSize,
                trustedProxies, tick, demo, adminToken, retentionDays, benchEndpoint);
    }

    public Config withIngestQueue(int queueSize, int batchSize) {
        return new Config(port, dataDir, dbUrl, dbUser, dbPassword, dedupeWindow, queueSize, batchSize,
                trustedProxies, tick, demo, adminToken, retentionDays, benchEndpoint);
    }

    /** A zero tick turns the scheduled detector off: tests drive it by hand. */
    public Config withTick(Duration tick) {
        return new Config(port, dataDir, dbUrl, dbUser, dbPassword, dedupeWindow, ingestQueueSize, ingestBatchSize,
                trustedProxies, tick, demo, adminToken, retentionDays, benchEndpoint);
    }

    public Config withTrustedProxies(List<String> proxies) {
        return new Config(port, dataDir, dbUrl, dbUser, dbPassword, dedupeWindow, ingestQueueSize, ingestBatchSize,
                proxies, tick, demo, adminToken, retentionDays, benchEndpoint);
    }

    public Config withAdminToken(String token) {
        return new Config(port, dataDir, dbUrl, dbUser, dbPassword, dedupeWindow, ingestQueueSize, ingestBatchSize,
                trustedProxies, tick, demo, token, retentionDays, benchEndpoint);
    }

    /** The variables, their defaults and meaning, for {@code --help} and the README. */
    public static final String HELP = """
            OUTCRY_PORT              HTTP port (7070)
            OUTCRY_DATA_DIR          folder for the embedded database (./data)
            OUTCRY_DB_URL            JDBC URL; jdbc:postgresql://… for several nodes (H2 file under the data folder)
            OUTCRY_DB_USER           database user (sa for H2, outcry otherwise)
            OUTCRY_DB_PASSWORD       database password (empty)
            OUTCRY_DEDUPE_MINUTES    one report per person and service in this window (15)
            OUTCRY_INGEST_QUEUE      reports waiting for a commit before 503 (20000)
            OUTCRY_INGEST_BATCH      most reports committed in one transaction (1000)
            OUTCRY_TRUSTED_PROXIES   comma-separated addresses whose X-Forwarded-For is believed (none)
            OUTCRY_TICK_SECONDS      detector period in seconds (60)
            OUTCRY_DEMO              true to generate demo history and live reports (false)
            OUTCRY_ADMIN_TOKEN       bearer token of the admin API; empty turns it off (empty)
            OUTCRY_RETENTION_DAYS    raw reports kept this many days (90)
            OUTCRY_BENCH_ENDPOINT    true adds POST /api/v1/bench/parse, the parse-only ceiling of bench/ (false)
            """;

    private static int intOf(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
        }
    }

    private static List<String> listOf(String csv) {
        return csv.isBlank() ? List.of() : List.of(csv.trim().split("\\s*,\\s*"));
    }
}
