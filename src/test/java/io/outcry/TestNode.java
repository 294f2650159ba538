package io.outcry;

import io.outcry.official.OfficialSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A real Outcry node on a free port and a fresh database: H2 in a temporary folder, or one on embedded PostgreSQL. */
public final class TestNode implements AutoCloseable, AfterAllCallback {
    public static final Instant START = Instant.parse("2026-11-26T14:00:00Z");

    public final MutableClock clock;
    public final Config config;
    public final App app;
    public final Client client;

    private TestNode(Config config, MutableClock clock) {
        this.clock = clock;
        this.config = config;
        this.app = App.start(config, clock);
        this.client = new Client(app.port());
    }

    public static TestNode fresh() {
        return fresh(Engine.H2);
    }

    public static Config freshConfig() {
        return freshConfig(Engine.H2);
    }

    public static TestNode fresh(Engine engine) {
        return on(freshConfig(engine), new MutableClock(START));
    }

    public static TestNode on(Config config, MutableClock clock) {
        return new TestNode(config, clock);
    }

    /** A configuration on a free port and an empty database of the given engine; two nodes on it share the data. */
    public static Config freshConfig(Engine engine) {
        Path dir = TestDirs.create("outcry-test");
        // The scheduled detector is off: tests move the clock and call runOnce() themselves. Abuse defences are off
        // too, since most tests send many reports from one address; the tests of those defences turn them on. Tests
        // reach no network: the official status poller is off unless a test turns it on against its local servers.
        Config config = Config.from(Map.of("OUTCRY_DATA_DIR", dir.toString(), "OUTCRY_PORT", "0"))
                .withTick(java.time.Duration.ZERO)
                .withAbuse(Config.Abuse.OFF)
                .withOfficial(OfficialSettings.OFF)
                .withWebhooksToPrivate(true) // webhook tests deliver to servers on this machine
                .withPushToPrivate(true); // and so do push tests, to a push service of their own
        return switch (engine) {
            case H2 -> config;
            // Nodes of one PostgreSQL database share the secret of their reporter keys.
            case POSTGRES -> config.withDb(TestPostgres.freshDatabaseUrl(), TestPostgres.USER, "")
                    .withKeySecret("a secret the test nodes of one database share");
        };
    }

    /**
     * A fresh configuration with the production limits and subnet cap but no proof-of-work puzzles, whose reports may
     * come from many addresses: the test's own address is a trusted proxy, so each report names its client in
     * {@code X-Forwarded-For}.
     */
    public static Config freshConfigWithProductionLimits() {
        return freshConfigWithProductionLimits(Engine.H2);
    }

    public static Config freshConfigWithProductionLimits(Engine engine) {
        Config.Abuse production = Config.from(Map.of()).abuse();
        return freshConfig(engine).withTrustedProxies(java.util.List.of("127.0.0.1", "::1")).withAbuse(
                new Config.Abuse(production.reporterLimit(), production.subnetLimit(), production.subnetCap(),
                        production.subnetWindow(), false, "", 1_000));
    }

    public Db db() {
        return app.db();
    }

    /** A node held in a test class's {@code @RegisterExtension} static field is closed after the class's last test. */
    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        app.close();
    }
}
