package io.outcry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.outcry.catalog.Catalog;
import io.outcry.catalog.CatalogController;
import io.outcry.catalog.CatalogStore;
import io.outcry.catalog.ServiceAdminController;
import io.outcry.demo.DemoJob;
import io.outcry.detect.DetectorSettings;
import io.outcry.feed.Feeds;
import io.outcry.outage.AreaNames;
import io.outcry.geo.GeoAreaNames;
import io.outcry.geo.Geography;
import io.outcry.geo.PlaceController;
import io.outcry.geo.ReportLocator;
import io.outcry.incident.IncidentController;
import io.outcry.incident.RecentIncidents;
import io.outcry.outage.DetectionJob;
import io.outcry.outage.MapController;
import io.outcry.outage.OutageController;
import io.outcry.outage.OutageStore;
import io.outcry.outage.OutageView;
import io.outcry.report.Admission;
import io.outcry.report.Challenges;
import io.outcry.report.Limits;
import io.outcry.report.Locator;
import io.outcry.report.ReportController;
import io.outcry.report.ReportStore;
import io.outcry.report.ReportWriter;
import io.outcry.report.RetentionJob;
import io.outcry.report.RetentionStore;
import io.outcry.report.ReporterKeys;
import io.outcry.report.SaltStore;
import io.outcry.report.SeriesController;
import io.outcry.web.AdminAuth;
import io.outcry.web.ClientAddress;
import io.outcry.web.Controllers;
import io.outcry.web.Errors;
import io.outcry.web.HealthController;
import io.outcry.web.Json;
import io.outcry.web.MetricsController;
import io.outcry.web.Routes;
import io.outcry.web.SlowClients;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires Outcry by hand: database, catalog, intake, HTTP. One instance is one node. */
public final class App implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(App.class);
    /** Connections the kernel holds for the node to accept; it caps this at net.core.somaxconn (4096 by default). */
    static final int ACCEPT_QUEUE = 1_024;

    private final Config config;
    private final Db db;
    private final ReportStore reports;
    private final ReportWriter writer;
    private final RetentionJob retention;
    private final DetectionJob detection;
    private final DemoJob demo;
    private final Feeds feeds;
    private final Notifications peers;
    private final Metrics metrics = new Metrics();
    /** This run of this node, told apart from the others in the notices they all hear. */
    private final String node = UUID.randomUUID().toString();
    private final Javalin http;
    private final SlowClients slowClients;
    private final AtomicReference<Catalog> catalog = new AtomicReference<>();
    private final CatalogStore catalogStore;
    private final CompletableFuture<Geography> geography = new CompletableFuture<>();

    private App(Config config, Clock clock) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        this.config = config;
        // One connection for the report writer, the rest for reads; two PostgreSQL nodes hold 20 of its 100.
        this.db = Db.open(config.dbUrl(), config.dbUser(), config.dbPassword(), 10);
        ObjectMapper json = Json.mapper();
        CatalogStore catalogStore = new CatalogStore(db.dsl());
        catalogStore.seed(json);
        catalog.set(catalogStore.load());

        Config.Abuse abuse = config.abuse();
        ReportStore reportStore = new ReportStore(db.dsl(), db.intakeDsl(), config.dedupeWindow(),
                abuse.subnetCap(), abuse.subnetWindow());
        this.reports = reportStore;
        int recounted = reportStore.open(clock.instant());
        if (recounted > 0) {
            log.info("Counted {} reports stored just before the last stop, whose counts were not written", recounted);
        }
        this.writer = new ReportWriter(reportStore, config.ingestQueueSize(), config.ingestBatchSize(),
                metrics::commitTook);
        // Raw reports for OUTCRY_RETENTION_DAYS, per-minute counts 30 days, hourly totals as long as baselines read them.
        this.retention = new RetentionJob(new RetentionStore(db.dsl()), clock, Duration.ofDays(config.retentionDays()),
                Duration.ofDays(30), Duration.ofDays(7L * (DetectorSettings.defaults().baselineWeeks() + 1)), 5_000,
                Duration.ofMillis(50));
        // The geography takes seconds to load: it loads once the server has started, and what needs it waits for it.
        Supplier<Geography> geo = geography::join;
        Locator locator = new ReportLocator(geo);
        OutageStore outageStore = new OutageStore(db.dsl(), db.isPostgres(), node, reportStore::writeCountsForReaders);
        // The detector sets aside what one subnet can add to a series under the intake's cap.
        DetectorSettings defaults = DetectorSettings.defaults();
        DetectorSettings settings = defaults.withSourceCap(
                defaults.sourceCapFor(abuse.subnetCap(), (int) abuse.subnetWindow().toMinutes()));
        this.detection = new DetectionJob(outageStore, catalog::get, clock, settings, config.tick());
        AreaNames areaNames = new GeoAreaNames(() -> geo.get().regions());
        this.demo = config.demo() ? new DemoJob(catalog::get, writer, db.dsl(), clock) : null;
        if (demo != null) {
            demo.fillHistory();
        }
        RecentIncidents incidents = new RecentIncidents(outageStore, catalog::get, areaNames, clock);
        java.util.function.Supplier<OutageView> outageView = () -> new OutageView(catalog.get(), areaNames,
                settings.windowMinutes(), incidents::annotations);
        this.feeds = Feeds.wire(catalog::get, outageStore, outageView, detection, db.dsl(), config.adminToken(), json,
                clock, node);
        metrics.watch(writer, reportStore, detection, feeds);
        // Several nodes share one PostgreSQL: each hears the outage changes the others commit. H2 is one node.
        this.peers = db.isPostgres() ? db.listen(OutageStore.CHANNEL, feeds.peerNotices()) : null;
        this.catalogStore = catalogStore;
        ClientAddress clientAddress = new ClientAddress(config.trustedProxies());
        this.slowClients = new SlowClients(config.connections(), java.util.Set.copyOf(clientAddress.trustedProxies()),
                System::nanoTime);
        Controllers controllers = new Controllers(
                new HealthController(() -> isReady()),
                new CatalogController(catalog::get),
                new ServiceAdminController(catalogStore, catalog::get, this::reloadCatalog,
                        new AdminAuth(config.adminToken()), json),
                new ReportController(catalog::get, writer, reportStore,
                        new ReporterKeys(clock, new SaltStore(db.dsl())),
                        new Admission(new Limits(abuse.reporterLimit(), abuse.subnetLimit(), clock, 100_000),
                                new Challenges(abuse.challengeKey(), abuse.challengeMaxNumber(), clock),
                                abuse.challenge(), detection::isSpiking),
                        clientAddress, locator, json, clock, metrics::reportAccepted),
                new SeriesController(catalog::get, reportStore, clock),
                new OutageController(catalog::get, outageStore, detection, outageView, clock, config.demo()),
                new MapController(catalog::get, outageStore, detection, geo, clock),
                new PlaceController(geo),
                new IncidentController(incidents, outageView, clock),
                feeds,
                new MetricsController(metrics::scrape));
        this.http = Javalin.create(javalin -> {
            javalin.concurrency.useVirtualThreads = true;
            javalin.jetty.addConnector((server, httpConfig) -> {
                ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
                connector.setPort(config.port());
                // Jetty leaves the listen queue to Java's default of 50: in a burst of new connections (an outage sends
                // everyone to the page at once) the kernel dropped those beyond it, and each waited a second to retry.
                connector.setAcceptQueueSize(ACCEPT_QUEUE);
                connector.setIdleTimeout(config.connections().idleTimeout().toMillis());
                connector.addBean(slowClients);
                return connector;
            });
            javalin.http.maxRequestSize = 1_000_000;
            // The buffer Javalin copies each result through, allocated per response: Jetty's 32 kB made most of the
            // garbage of an ingest load. Answers are smaller; cached bodies are written at once (HttpCache).
            javalin.http.responseBufferSize = 4_096;
            javalin.jsonMapper(new JavalinJackson(json, true));
            javalin.startup.showJavalinBanner = false;
            javalin.http.compressionStrategy = Feeds.compression();
            Errors.register(javalin, metrics::reportRejected);
            Routes.register(javalin, controllers, config.benchEndpoint(), config.hsts());
        });
    }

    /** Starts a node on the configured port (0 picks a free one). */
    public static App start(Config config, Clock clock) {
        App app = new App(config, clock);
        try {
            app.http.start();
            Geography.sharedAsync().whenComplete((g, e) -> {
                if (e != null) {
                    app.geography.completeExceptionally(e);
                } else {
                    app.geography.complete(g);
                }
            });
            if (config.tick().isPositive()) {
                app.detection.start();
            }
            if (app.demo != null) {
                app.demo.start();
            }
            app.retention.start();
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        return app;
    }

    public int port() {
        return http.port();
    }

    public Config config() {
        return config;
    }

    public Db db() {
        return db;
    }

    /** The reports of this node; tests that read the count tables themselves write its held counts first. */
    public ReportStore reports() {
        return reports;
    }

    /** The demo traffic of this node, if it runs in demo mode. */
    public java.util.Optional<DemoJob> demo() {
        return java.util.Optional.ofNullable(demo);
    }

    /** The retention job of this node; tests with a hand-driven clock run it themselves. */
    public RetentionJob retention() {
        return retention;
    }

    /** The detector of this node; tests with a hand-driven clock call {@link DetectionJob#runOnce()} themselves. */
    public DetectionJob detection() {
        return detection;
    }

    /** Reads the catalog again from the database after the admin API changed it; readers see the new one at once. */
    public void reloadCatalog() {
        catalog.set(catalogStore.load());
    }

    /** The feeds of this node: live events, webhooks. */
    public Feeds feeds() {
        return feeds;
    }

    /** What this node hears from the others on PostgreSQL, or null on H2. */
    public Notifications peers() {
        return peers;
    }

    /** The HTTP server, for tests that compare the registered routes with the API description. */
    public Javalin http() {
        return http;
    }

    /** Ready: the geography that locates every report is loaded, the database answers, the ingest queue has room. */
    private boolean isReady() {
        if (!geography.isDone() || geography.isCompletedExceptionally()) {
            return false; // a report would wait seconds for it
        }
        try {
            db.dsl().selectOne().fetch();
            return writer.depth() < config.ingestQueueSize();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Stops HTTP first, then lets queued reports commit, then closes the database. */
    @Override
    public void close() {
        if (peers != null) {
            peers.close();
        }
        feeds.close();
        http.stop();
        slowClients.close();
        if (demo != null) {
            demo.close();
        }
        detection.close();
        retention.close();
        writer.close();
        db.close();
    }
}
