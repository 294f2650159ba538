package io.outcry;

import io.outcry.official.OfficialSettings;
import io.outcry.report.Rate;
import io.outcry.web.Connections;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

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
        boolean benchEndpoint,
        String pushSubject,
        Abuse abuse,
        boolean hsts,
        OfficialSettings official,
        Connections connections,
        String publicUrl,
        String keySecret,
        boolean webhooksToPrivate,
        boolean pushToPrivate) {

    /**
     * What keeps one person or one network from faking an outage: token buckets per reporter and per subnet, a cap on
     * the reports one subnet adds to a service's counts in a window (zero: no cap), and a proof-of-work challenge
     * asked when a bucket is half empty or the service is spiking.
     */
    public record Abuse(
            Rate reporterLimit,
            Rate subnetLimit,
            int subnetCap,
            Duration subnetWindow,
            boolean challenge,
            String challengeKey,
            long challengeMaxNumber) {
        /** Everything off: for tests of other features that send many reports from one address. */
        public static final Abuse OFF = new Abuse(Rate.OFF, Rate.OFF, 0, Duration.ofMinutes(15), false, "", 1_000);

        public Abuse withChallengeMaxNumber(long max) {
            return new Abuse(reporterLimit, subnetLimit, subnetCap, subnetWindow, challenge, challengeKey, max);
        }
    }

    /** {@code 10/10m}, {@code 300/1h}, {@code 0} or {@code off}. */
    static Rate rate(String name, String text) {
        String t = text.trim();
        if (t.equals("0") || t.equalsIgnoreCase("off")) {
            return Rate.OFF;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,7})/(\\d{1,5})([smhd])").matcher(t);
        if (!m.matches() || Integer.parseInt(m.group(2)) == 0) {
            throw new IllegalArgumentException(name + " must look like 10/10m (tokens/period in s, m, h or d), got '"
                    + text + "'");
        }
        long n = Long.parseLong(m.group(2));
        Duration period = switch (m.group(3)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        return new Rate(Integer.parseInt(m.group(1)), period);
    }

    /** Reads the configuration from the given environment (usually {@code System.getenv()}). */
    public static Config from(Map<String, String> env) {
        Path dataDir = Path.of(env.getOrDefault("OUTCRY_DATA_DIR", "./data"));
        String dbUrl = env.getOrDefault("OUTCRY_DB_URL", h2Url(dataDir));
        return new Config(
                intOf(env, "OUTCRY_PORT", 7070, 0, 65535),
                dataDir,
                dbUrl,
                env.getOrDefault("OUTCRY_DB_USER", dbUrl.startsWith("jdbc:h2:") ? "sa" : "outcry"),
                env.getOrDefault("OUTCRY_DB_PASSWORD", ""),
                Duration.ofMinutes(intOf(env, "OUTCRY_DEDUPE_MINUTES", 15, 1, 1440)),
                intOf(env, "OUTCRY_INGEST_QUEUE", 20_000, 1, 10_000_000),
                intOf(env, "OUTCRY_INGEST_BATCH", 1_000, 1, 100_000),
                listOf(env.getOrDefault("OUTCRY_TRUSTED_PROXIES", "")),
                Duration.ofSeconds(intOf(env, "OUTCRY_TICK_SECONDS", 60, 0, 3600)),
                booleanOf(env, "OUTCRY_DEMO", false),
                env.getOrDefault("OUTCRY_ADMIN_TOKEN", ""),
                intOf(env, "OUTCRY_RETENTION_DAYS", 90, 1, 36_500),
                booleanOf(env, "OUTCRY_BENCH_ENDPOINT", false),
                pushSubject(env.getOrDefault("OUTCRY_PUSH_SUBJECT", "mailto:operator@outcry.invalid")),
                new Abuse(
                        rate("OUTCRY_REPORTER_LIMIT", env.getOrDefault("OUTCRY_REPORTER_LIMIT", "10/10m")),
                        rate("OUTCRY_SUBNET_LIMIT", env.getOrDefault("OUTCRY_SUBNET_LIMIT", "120/1m")),
                        intOf(env, "OUTCRY_SUBNET_CAP", 3, 0, 1_000),
                        Duration.ofMinutes(intOf(env, "OUTCRY_SUBNET_CAP_MINUTES", 15, 1, 1440)),
                        booleanOf(env, "OUTCRY_CHALLENGE", true),
                        env.getOrDefault("OUTCRY_CHALLENGE_KEY", ""),
                        intOf(env, "OUTCRY_CHALLENGE_MAX_NUMBER", 50_000, 1, 100_000_000)),
                booleanOf(env, "OUTCRY_HSTS", false),
                new OfficialSettings(
                        booleanOf(env, "OUTCRY_OFFICIAL_STATUS", true),
                        Duration.ofSeconds(intOf(env, "OUTCRY_OFFICIAL_INTERVAL_SECONDS", 120, 1, 86_400)),
                        Duration.ofSeconds(intOf(env, "OUTCRY_OFFICIAL_TIMEOUT_SECONDS", 10, 1, 300)),
                        intOf(env, "OUTCRY_OFFICIAL_MAX_KB", 16_384, 1, 1_048_576) * 1024L,
                        intOf(env, "OUTCRY_OFFICIAL_CONCURRENCY", 4, 1, 64),
                        booleanOf(env, "OUTCRY_OFFICIAL_ALLOW_PRIVATE", false)),
                new Connections(intOf(env, "OUTCRY_CONNECTIONS_PER_ADDRESS", 100, 0, 1_000_000),
                        Duration.ofSeconds(intOf(env, "OUTCRY_HEADER_TIMEOUT_SECONDS", 10, 1, 3600)),
                        Duration.ofSeconds(intOf(env, "OUTCRY_IDLE_TIMEOUT_SECONDS", 30, 1, 86_400))),
                publicUrl(env.getOrDefault("OUTCRY_PUBLIC_URL", "")),
                env.getOrDefault("OUTCRY_KEY_SECRET", ""),
                booleanOf(env, "OUTCRY_WEBHOOK_ALLOW_PRIVATE", false),
                booleanOf(env, "OUTCRY_PUSH_ALLOW_PRIVATE", false));
    }

    /**
     * The address people and programs reach the node at, for the links of feeds: {@code OUTCRY_PUBLIC_URL} without a
     * trailing slash; empty when not set (the node then links to its port on localhost). Never a request's Host
     * header, which its sender chooses.
     */
    static String publicUrl(String configured) {
        String url = configured.strip();
        if (url.isEmpty()) {
            return "";
        }
        java.net.URI uri;
        try {
            uri = new java.net.URI(url);
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                || uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("OUTCRY_PUBLIC_URL must be an http(s) URL such as"
                    + " https://outcry.example.org, got '" + configured + "'");
        }
        return url.replaceAll("/+$", "");
    }

    /**
     * The embedded H2 file database under the data folder; WRITE_DELAY=0 so an acknowledged commit survives kill -9, and
     * no trace file (outcry.trace.db grew with every failed write and refilled a disk as soon as space was freed).
     */
    public static String h2Url(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("outcry") + ";WRITE_DELAY=0"
                + ";TRACE_LEVEL_FILE=0";
    }

    public Config withPort(int port) {
        return with(c -> c.port = port);
    }

    public Config withDemo(boolean demo) {
        return with(c -> c.demo = demo);
    }

    public Config withDb(String dbUrl, String dbUser, String dbPassword) {
        return with(c -> {
            c.dbUrl = dbUrl;
            c.dbUser = dbUser;
            c.dbPassword = dbPassword;
        });
    }

    public Config withIngestQueue(int queueSize, int batchSize) {
        return with(c -> {
            c.ingestQueueSize = queueSize;
            c.ingestBatchSize = batchSize;
        });
    }

    /** A zero tick turns the scheduled detector off: tests drive it by hand. */
    public Config withTick(Duration tick) {
        return with(c -> c.tick = tick);
    }

    public Config withTrustedProxies(List<String> proxies) {
        return with(c -> c.trustedProxies = proxies);
    }

    public Config withAdminToken(String token) {
        return with(c -> c.adminToken = token);
    }

    public Config withAbuse(Abuse abuse) {
        return with(c -> c.abuse = abuse);
    }

    public Config withConnections(Connections connections) {
        return with(c -> c.connections = connections);
    }

    public Config withHsts(boolean hsts) {
        return with(c -> c.hsts = hsts);
    }

    public Config withOfficial(OfficialSettings official) {
        return with(c -> c.official = official);
    }

    public Config withPushSubject(String subject) {
        return with(c -> c.pushSubject = pushSubject(subject));
    }

    /**
     * RFC 8292's {@code sub}: how a push service reaches the operator, a {@code mailto:} address or an {@code https:}
     * URL; anything else is refused at start rather than by the push services later.
     */
    static String pushSubject(String value) {
        String v = value.trim();
        boolean mail = v.matches("mailto:[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
        boolean web = false;
        if (v.startsWith("https://")) {
            try {
                web = java.net.URI.create(v).getHost() != null;
            } catch (IllegalArgumentException e) {
                web = false;
            }
        }
        if (!mail && !web) {
            throw new IllegalArgumentException(
                    "OUTCRY_PUSH_SUBJECT must be a mailto: address or an https: URL, got '" + value + "'");
        }
        return v;
    }

    public Config withWebhooksToPrivate(boolean allow) {
        return with(c -> c.webhooksToPrivate = allow);
    }

    public Config withPushToPrivate(boolean allow) {
        return with(c -> c.pushToPrivate = allow);
    }

    public Config withPublicUrl(String url) {
        return with(c -> c.publicUrl = publicUrl(url));
    }

    public Config withKeySecret(String secret) {
        return with(c -> c.keySecret = secret);
    }

    /** A copy with some values changed: {@link Values} is the one place besides the record that lists them all. */
    private Config with(Consumer<Values> change) {
        Values c = new Values(this);
        change.accept(c);
        return c.config();
    }

    /** The values of a configuration, to change some of them. */
    private static final class Values {
        int port;
        Path dataDir;
        String dbUrl;
        String dbUser;
        String dbPassword;
        Duration dedupeWindow;
        int ingestQueueSize;
        int ingestBatchSize;
        List<String> trustedProxies;
        Duration tick;
        boolean demo;
        String adminToken;
        int retentionDays;
        boolean benchEndpoint;
        String pushSubject;
        Abuse abuse;
        boolean hsts;
        OfficialSettings official;
        Connections connections;
        String publicUrl;
        String keySecret;
        boolean webhooksToPrivate;
        boolean pushToPrivate;

        Values(Config c) {
            port = c.port;
            dataDir = c.dataDir;
            dbUrl = c.dbUrl;
            dbUser = c.dbUser;
            dbPassword = c.dbPassword;
            dedupeWindow = c.dedupeWindow;
            ingestQueueSize = c.ingestQueueSize;
            ingestBatchSize = c.ingestBatchSize;
            trustedProxies = c.trustedProxies;
            tick = c.tick;
            demo = c.demo;
            adminToken = c.adminToken;
            retentionDays = c.retentionDays;
            benchEndpoint = c.benchEndpoint;
            pushSubject = c.pushSubject;
            abuse = c.abuse;
            hsts = c.hsts;
            official = c.official;
            connections = c.connections;
            publicUrl = c.publicUrl;
            keySecret = c.keySecret;
            webhooksToPrivate = c.webhooksToPrivate;
            pushToPrivate = c.pushToPrivate;
        }

        Config config() {
            return new Config(port, dataDir, dbUrl, dbUser, dbPassword, dedupeWindow, ingestQueueSize, ingestBatchSize,
                    trustedProxies, tick, demo, adminToken, retentionDays, benchEndpoint, pushSubject, abuse, hsts,
                    official, connections, publicUrl, keySecret, webhooksToPrivate, pushToPrivate);
        }
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
            OUTCRY_TICK_SECONDS      detector period in seconds; 0: no detector nor official status (60)
            OUTCRY_DEMO              true to generate demo history and live reports (false)
            OUTCRY_ADMIN_TOKEN       bearer token of the admin API; empty turns it off (empty)
            OUTCRY_RETENTION_DAYS    raw reports kept this many days, at least 1 (90)
            OUTCRY_LOG_FORMAT        text, or json for one JSON object per log line (text)
            OUTCRY_BENCH_ENDPOINT    true adds POST /api/v1/bench/parse, the parse-only ceiling of bench/ (false)
            OUTCRY_REPORTER_LIMIT    reports one person may send, as tokens/period; 0 turns it off (10/10m)
            OUTCRY_SUBNET_LIMIT      reports one /24 (IPv4) or /48 (IPv6) may send; 0 turns it off (120/1m)
            OUTCRY_SUBNET_CAP        reports of one subnet counted per service in the cap window; 0: no cap (3)
            OUTCRY_SUBNET_CAP_MINUTES  the window of that cap, in minutes (15)
            OUTCRY_CHALLENGE         ask a proof-of-work (ALTCHA) when limits are near or a service spikes (true)
            OUTCRY_CHALLENGE_KEY     HMAC key of the challenges; empty: a random key per start (empty)
            OUTCRY_CHALLENGE_MAX_NUMBER  work of a challenge: the largest secret number to search for (50000)
            OUTCRY_PUSH_SUBJECT      how push services reach the operator: mailto: or https: (mailto:operator@outcry.invalid)
            OUTCRY_HSTS              true when served over TLS: adds Strict-Transport-Security (false)
            OUTCRY_OFFICIAL_STATUS   poll the official status pages the catalog names (true)
            OUTCRY_OFFICIAL_INTERVAL_SECONDS  how often each official source is read, jitter added (120)
            OUTCRY_OFFICIAL_TIMEOUT_SECONDS   most time one request to an official source may take (10)
            OUTCRY_OFFICIAL_MAX_KB   largest official answer read, in KiB (16384)
            OUTCRY_OFFICIAL_CONCURRENCY  official sources read at once (4)
            OUTCRY_OFFICIAL_ALLOW_PRIVATE  true lets the poller reach private and loopback addresses (false)
            OUTCRY_CONNECTIONS_PER_ADDRESS  open connections one client address may hold; proxies, loopback exempt (100)
            OUTCRY_HEADER_TIMEOUT_SECONDS   a request's headers must arrive whole within this (10)
            OUTCRY_IDLE_TIMEOUT_SECONDS     a connection silent this long is closed (30)
            OUTCRY_PUBLIC_URL        the node's public address, for the links in feeds (http://localhost:PORT)
            OUTCRY_KEY_SECRET        secret the daily salt of reporter keys is derived with; the same on every node.
                                     Empty: a random one kept in DATA_DIR/key-secret (single H2 node only) (empty)
            OUTCRY_WEBHOOK_ALLOW_PRIVATE  true lets webhooks target private, loopback, link-local addresses (false)
            OUTCRY_PUSH_ALLOW_PRIVATE  true lets Web Push subscriptions name such addresses, for a push service on
                                     the operator's own network (false)
            """;

    /** A whole number from {@code min} to {@code max}: a value out of range is refused, not taken. */
    private static int intOf(Map<String, String> env, String name, int fallback, int min, int max) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                "%s must be a whole number from %,d to %,d, got '%s'", name, min, max, value));
    }

    /** {@code true} or {@code false}, in any case: anything else (yes, 1, on) is refused rather than read as false. */
    private static boolean booleanOf(Map<String, String> env, String name, boolean fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, got '" + value + "'");
        };
    }

    private static List<String> listOf(String csv) {
        return csv.isBlank() ? List.of() : List.of(csv.trim().split("\\s*,\\s*"));
    }
}
