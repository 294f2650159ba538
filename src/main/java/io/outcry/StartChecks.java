package io.outcry;

import io.outcry.demo.DemoStore;
import io.outcry.report.KeySecret;
import java.util.Optional;

/**
 * What a node checks of its data before it starts on it: that starting loses nothing and shows nothing as what it is
 * not. Each refusal is a {@link StartRefused} that says what to do.
 */
final class StartChecks {
    private StartChecks() {}

    /** The secret reporter keys are derived with (see {@link KeySecret}). */
    static byte[] keySecret(Config config) {
        try {
            return KeySecret.load(config.keySecret(), config.dataDir(), config.dbUrl().startsWith("jdbc:postgresql:"));
        } catch (IllegalStateException cutShort) { // its only refusal: a file cut short, which a new one would replace
            throw new StartRefused(cutShort.getMessage());
        }
    }

    /**
     * The node's database, once it is known to be of the node's kind: the demo's for the demo, a real one otherwise
     * ({@link DemoStore#mixing}).
     */
    static Db database(Config config) {
        // One connection for the report writer, the rest for reads; two PostgreSQL nodes hold 20 of its 100.
        Db db = Db.open(config.dbUrl(), config.dbUser(), config.dbPassword(), 10);
        boolean h2 = config.dbUrl().startsWith("jdbc:h2:");
        Optional<String> mixing = new DemoStore(db.dsl()).mixing(config.demo(),
                h2 ? "the database in " + config.dataDir().toAbsolutePath() : "the database at " + config.dbUrl(),
                h2 ? "a data folder (OUTCRY_DATA_DIR)" : "a database (OUTCRY_DB_URL)");
        if (mixing.isPresent()) {
            db.close();
            throw new StartRefused(mixing.get());
        }
        return db;
    }
}
