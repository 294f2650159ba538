package io.outcry.bench;

import io.outcry.Config;
import io.outcry.Db;
import io.outcry.TestDirs;
import io.outcry.catalog.CatalogStore;
import io.outcry.catalog.Service;
import io.outcry.report.Location;
import io.outcry.report.NewReport;
import io.outcry.report.Intake;
import io.outcry.report.TimeOrderedIds;
import io.outcry.web.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The report writer's own cost, without HTTP: {@code Intake.write} on a fresh database, one thread, batches of
 * a fixed size (with {@code -Dvaried=true}, sizes from 1 to twice that less one, as under load), reports with
 * distinct reporters and subnets spread over services and places as in the ingest bench.
 * It prints microseconds of writer time per report, the number that bounds durable ingest on one node.
 *
 * <p>Run: {@code bench/writer.sh [reports=200000] [batch=64] [jdbc-url|postgres]}; {@code postgres} starts an
 * embedded PostgreSQL 17 with durable commits for the run.
 */
public final class WriterBench {
    private static final String[] LOCATIONS = {"FR|FR-IDF", "US|US-CA", "", "DE|DE-BY", "GB|", "BR|BR-SP", "",
        "IN|IN-MH", "US|US-NY", "JP|", "GB|GB-ENG", "CA|CA-ON", "", "FR|"};

    public static void main(String[] args) throws Exception {
        int reports = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        Path dir = Files.createTempDirectory("outcry-writer");
        Config config = Config.from(Map.of("OUTCRY_DATA_DIR", dir.toString()));
        String db = args.length > 2 ? args[2] : config.dbUrl();
        try {
            if (db.equals("postgres")) {
                try (EmbeddedPg pg = EmbeddedPg.start()) {
                    run(pg.url(), pg.user(), "", reports, batchSize);
                }
            } else {
                run(db, config.dbUser(), config.dbPassword(), reports, batchSize);
            }
        } finally {
            TestDirs.delete(dir); // hundreds of MB of H2 file per run
        }
    }

    private static void run(String url, String user, String password, int reports, int batchSize) {
        try (Db db = Db.open(url, user, password, 2)) {
            new CatalogStore(db.dsl()).seed(Json.mapper());
            List<Service> services = new CatalogStore(db.dsl()).load().services().subList(0, 10);
            Intake store = Intake.of(db.dsl(), db.intakeDsl(), Duration.ofMinutes(15),
                    Integer.getInteger("cap", 3), Duration.ofMinutes(15));
            Random random = new Random(1);
            Instant start = Instant.now();
            long n = 0;
            long timed = 0;
            long nanos = 0;
            int warmUp = reports / 5;
            boolean varied = Boolean.getBoolean("varied");
            while (n < reports + warmUp) {
                // Under load the writer commits whatever arrived meanwhile: sizes vary around the mean.
                int size = varied ? 1 + random.nextInt(2 * batchSize - 1) : batchSize;
                List<NewReport> batch = new ArrayList<>(size);
                for (int i = 0; i < size; i++, n++) {
                    batch.add(report(services.get((int) (n % services.size())), n, start.plusMillis(n / 5), random));
                }
                long t0 = System.nanoTime();
                store.write(batch);
                if (n > warmUp) {
                    nanos += System.nanoTime() - t0;
                    timed += batch.size();
                }
            }
            double micros = nanos / 1000.0 / timed;
            System.out.printf(Locale.ROOT,
                    "| writer, batches of %d | %,d reports | %.1f µs per report | %,.0f reports/s |%n", batchSize, timed,
                    micros, 1e6 / micros);
        }
    }

    private static NewReport report(Service s, long n, Instant at, Random random) {
        String[] place = LOCATIONS[(int) ((n / 3) % LOCATIONS.length)].split("\\|", -1);
        Location location = place.length < 2 ? Location.UNKNOWN
                : new Location(place[0], place[1].isEmpty() ? null : place[1], null, "picked");
        byte[] key = new byte[16];
        random.nextBytes(key);
        String reporter = HexFormat.of().formatHex(key);
        boolean clientId = n % 2 == 0;
        UUID id = TimeOrderedIds.next(at);
        return new NewReport(id, clientId, s.id(), s.slug(), at, null, location, reporter, reporter.substring(0, 12),
                "api", false);
    }
}
