package io.outcry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.outcry.catalog.Catalog;
import io.outcry.catalog.CatalogController;
import io.outcry.catalog.CatalogStore;
import io.outcry.catalog.ServiceAdminController;
import io.outcry.demo.DemoJob;
import io.outcry.demo.DemoOfficialPage;
import io.outcry.demo.DemoStore;
import io.outcry.detect.DetectorSettings;
import io.outcry.feed.Feeds;
import io.outcry.feed.WebhookStore;
import io.outcry.geo.Geography;
import io.outcry.geo.PlaceController;
import io.outcry.geo.ReportLocator;
import io.outcry.incident.IncidentController;
import io.outcry.incident.RecentIncidents;
import io.outcry.official.OfficialStatus;
import io.outcry.official.OfficialStatusStore;
import io.outcry.outage.Baselines;
import io.outcry.outage.Breakdown;
import io.outcry.counts.CountStore;
import io.outcry.outage.AreaNames;
import io.outcry.outage.DetectionJob;
import io.outcry.outage.GeoAreaNames;
import io.outcry.outage.MapController;
import io.outcry.outage.OutageController;
import io.outcry.outage.OutageStore;
import io.outcry.outage.OutageView;
import io.outcry.pages.PageController;
import io.outcry.pages.RegionShapes;
import io.outcry.pages.Texts;
import io.outcry.push.PushController;
import io.outcry.push.PushCourier;
import io.outcry.push.PushStore;
import io.outcry.push.WebPush;
import io.outcry.report.Admission;
import io.outcry.report.Challenges;
import io.outcry.report.Intake;
import io.outcry.report.Limits;
import io.outcry.report.Locator;
import io.outcry.report.ReportController;
import io.outcry.report.ReportStore;
import io.outcry.report.ReportWriter;
import io.outcry.report.ReporterKeys;
import io.outcry.counts.RetentionJob;
import io.outcry.counts.RetentionStore;
import io.outcry.report.SaltStore;
import io.outcry.report.SeriesController;
import io.outcry.web.AdminAuth;
import io.outcry.web.ClientAddress;
import io.outcry.web.DiskRoom;
import io.outcry.web.HealthController;
import io.outcry.web.HeavyReads;
import io.outcry.web.Json;
import io.outcry.web.MetricsController;
import io.outcry.web.SlowClients;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires Outcry by hand: database, catalog, intake, HTTP. One instance is one node. */
public final class App implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(App.class);

    static {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    private final Config config;
    private final Db db;
    private final Intake intake;
    private final ReportWriter writer;
    private final RetentionJob retention;
    private final DetectionJob detection;
    private final Baselines baselines;
    private final DemoJob demo;
    private final OfficialStatus official;
    private final Feeds feeds;
    private final PushCourier push;
    private final Notifications peers;
    private final Metrics metrics = new Metrics();
    /** Long reads take turns, leaving a core to the rest. */
    private final HeavyReads heavyReads = HeavyReads.forThisMachine();
    /** This run of this node, told apart from the others in the notices they all hear. */
    private final String node = UUID.randomUUID().toString();
    private final Javalin http;
    private final SlowClients slowClients;
    private final AtomicReference<Catalog> catalog = new AtomicReference<>();
    private final CatalogStore catalogStore;
    private final CompletableFuture<Geography> geography = new CompletableFuture<>();

    private App(Config config, Clock clock) {
        this.config = config;
        byte[] keySecret = StartChecks.keySecret(config);
        this.db = StartChecks.database(config);
        ObjectMapper json = Json.mapper();
        CatalogStore catalogStore = new CatalogStore(db.dsl());
        catalogStore.seed(json);
        catalog.set(catalogStore.load());

        Config.Abuse abuse = config.abuse();
        this.intake = Intake.of(db.dsl(), db.intakeDsl(), config.dedupeWindow(), abuse.subnetCap(),
                abuse.subnetWindow());
        CountStore counts = new CountStore(db.dsl(), intake::writeCountsForReaders);
        recounted(intake.open(clock.instant()));
        this.writer = new ReportWriter(intake, config.ingestQueueSize(), config.ingestBatchSize(),
                metrics::commitTook);
        this.retention = retention(counts, clock);
        // The geography takes seconds to load: it loads once the server has started, and what needs it waits for it.
        Supplier<Geography> geo = geography::join;
        Locator locator = new ReportLocator(geo);
        OutageStore outageStore = new OutageStore(db.dsl(), db.isPostgres(), node);
        DetectorSettings settings = detectorSettings(abuse);
        Baselines baselines = new Baselines(counts, settings);
        this.detection = detection(outageStore, counts, settings, clock);
        AreaNames areaNames = new GeoAreaNames(() -> geo.get().regions());
        this.demo = config.demo() ? new DemoJob(catalog::get, writer, new DemoStore(db.dsl()), clock) : null;
        this.baselines = baselines;
        // Incidents are attributed to a provider whose own status page confirms it (read once official is wired).
        AtomicReference<OfficialStatus> officialLater = new AtomicReference<>();
        RecentIncidents incidents = new RecentIncidents(outageStore, catalog::get, areaNames, clock,
                (serviceId, from, to) -> officialLater.get() == null ? List.of()
                        : officialLater.get().view().disruptions(serviceId, from, to));
        var annotations = annotations(incidents, officialLater::get, outageStore, clock);
        Breakdown breakdown = new Breakdown(outageStore, counts, baselines, detection::areaStates, areaNames,
                settings.windowMinutes());
        Supplier<OutageView> outageView = () -> new OutageView(catalog.get(), areaNames, settings.windowMinutes(),
                annotations, breakdown);
        this.feeds = Feeds.wire(catalog::get, outageStore, outageView, detection, new WebhookStore(db.dsl()),
                config.adminToken(), json, clock, node, config.webhooksToPrivate(), this::publicUrl);
        this.official = official(outageStore, json, clock);
        officialLater.set(official);
        metrics.watch(writer, intake, detection, feeds);
        metrics.watch(heavyReads);
        // Several nodes share one PostgreSQL: each hears the outage changes the others commit. H2 is one node.
        this.peers = db.isPostgres() ? db.listen(OutageStore.CHANNEL, feeds.peerNotices()) : null;
        this.catalogStore = catalogStore;
        // Web Push: browsers told when an outage of a service they chose starts and ends.
        PushStore pushStore = new PushStore(db.dsl());
        WebPush webPush = new WebPush(pushStore.vapidKeys(), config.pushSubject(), config.pushToPrivate());
        this.push = new PushCourier(pushStore, webPush, outageView, json, clock);
        detection.subscribe(push);
        ClientAddress clientAddress = new ClientAddress(config.trustedProxies());
        this.slowClients = new SlowClients(config.connections(), java.util.Set.copyOf(clientAddress.trustedProxies()),
                System::nanoTime);
        Parts parts = new Parts(json, clock, geo, locator, counts, outageStore, baselines, outageView, incidents,
                pushStore, webPush, clientAddress, keySecret);
        this.http = Server.create(config, slowClients, controllers(parts), json, metrics, db::unreachable);
    }

    /**
     * The detector fits its baselines at the minute it judges, which lags the clock while it catches up; pages fit
     * theirs at the clock's time. One cache for both would let a page's later day empty the detector's and keep it
     * from refitting until the detector reaches that day (its minutes then judged against fits made from hours after
     * them, or from none): so the detector has its own, as a replay does.
     */
    private DetectionJob detection(OutageStore outageStore, CountStore counts, DetectorSettings settings, Clock clock) {
        return new DetectionJob(outageStore, counts, new Baselines(counts, settings), catalog::get, clock, settings,
                config.tick());
    }

    /** What the constructor built that the handlers are made of, besides the fields. */
    private record Parts(ObjectMapper json, Clock clock, Supplier<Geography> geo, Locator locator, CountStore counts,
            OutageStore outageStore, Baselines baselines, Supplier<OutageView> outageView, RecentIncidents incidents,
            PushStore pushStore, WebPush webPush, ClientAddress clientAddress, byte[] keySecret) {}

    private static void recounted(int reports) {
        if (reports > 0) {
            log.info("Counted {} reports stored just before the last stop, whose counts were not written", reports);
        }
    }

    /** Raw reports for OUTCRY_RETENTION_DAYS, per-minute counts 30 days, hourly totals as long as baselines read them. */
    private RetentionJob retention(CountStore counts, Clock clock) {
        return new RetentionJob(new RetentionStore(db.dsl()), counts, clock, Duration.ofDays(config.retentionDays()),
                Duration.ofDays(30), Duration.ofDays(7L * (DetectorSettings.defaults().baselineWeeks() + 1)), 5_000,
                Duration.ofMillis(50));
    }

    /** An outage's extra fields: its incident and spillover, and what the official page said of it. */
    private static Function<UUID, Map<String, Object>> annotations(RecentIncidents incidents,
            Supplier<OfficialStatus> official, OutageStore outageStore, Clock clock) {
        return id -> {
            Map<String, Object> m = new LinkedHashMap<>(incidents.annotations(id));
            OfficialStatus o = official.get();
            if (o != null) {
                outageStore.byId(id).ifPresent(outage -> m.putAll(o.view().annotation(outage, clock.instant())));
            }
            return m;
        };
    }

    /** Official status pages beside the crowd; the demo plays its own page, which acknowledges outages late. */
    private OfficialStatus official(OutageStore outageStore, ObjectMapper json, Clock clock) {
        Supplier<OfficialStatus.Sources> sources = demo == null
                ? () -> OfficialStatus.Sources.web(config.official(), json, clock)
                : () -> new OfficialStatus.Sources(DemoOfficialPage.sources(catalog.get()),
                        new DemoOfficialPage(demo::played, clock).reader(catalog::get), Duration.ofSeconds(30));
        return OfficialStatus.wire(config.official(), sources, new OfficialStatusStore(db.dsl(), db.isPostgres()),
                catalog::get, outageStore, feeds.live(), json, clock);
    }

    /** The handler of every route. */
    private Controllers controllers(Parts p) {
        Config.Abuse abuse = config.abuse();
        OutageController outages = new OutageController(catalog::get, p.outageStore(), p.counts(), detection,
                p.baselines(), p.outageView(), p.clock(), config.demo(), () -> demoHistory()
                        .map(h -> new OutageController.DemoHistory("writing", h.written(), h.total())).orElse(null));
        return new Controllers(
                new HealthController(new Readiness(geography, db,
                        db.isPostgres() ? null : DiskRoom.of(config.dataDir(), DiskRoom.MIN_BYTES), writer,
                        config.ingestQueueSize())),
                new CatalogController(catalog::get),
                new ServiceAdminController(catalogStore, catalog::get, this::reloadCatalog,
                        new AdminAuth(config.adminToken())),
                new ReportController(catalog::get, writer, p.counts(),
                        new ReporterKeys(p.clock(), new SaltStore(db.dsl()), p.keySecret()),
                        new Admission(new Limits(abuse.reporterLimit(), abuse.subnetLimit(), p.clock(), 100_000),
                                new Challenges(abuse.challengeKey(), abuse.challengeMaxNumber(), p.clock()),
                                abuse.challenge(), detection::isSpiking),
                        p.clientAddress(), p.locator(), p.clock(), metrics::reportAccepted),
                new SeriesController(catalog::get, p.counts(), new ReportStore(db.dsl()), p.clock()),
                outages,
                new MapController(catalog::get, p.outageStore(), p.counts(), detection, p.baselines(), p.geo(),
                        p.clock(), heavyReads),
                new PlaceController(p.geo()),
                new IncidentController(p.incidents(), p.outageView(), p.clock()),
                feeds,
                new MetricsController(metrics::scrape),
                official.controller(),
                new PageController(catalog::get, outages, p.outageStore(), p.outageView(), Texts.load(p.json()),
                        new RegionShapes(p.json()), p.clock(), config.demo(), this::publicUrl,
                        () -> demoHistory().map(DemoJob.Progress::percent).orElse(null)),
                new PushController(catalog::get, p.pushStore(), p.webPush(),
                        code -> p.geo().get().regions().byCode(code).isPresent(), p.clock()),
                heavyReads);
    }

    /** The detector's settings under the intake's limits: it sets aside what one subnet can add under the cap. */
    public static DetectorSettings detectorSettings(Config.Abuse abuse) {
        DetectorSettings defaults = DetectorSettings.defaults();
        return defaults.withSourceCap(defaults.sourceCapFor(abuse.subnetCap(), (int) abuse.subnetWindow().toMinutes()));
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
            if (app.demo != null) {
                // The demo's history is written behind the server: the detector and the hourly roll-up start once it
                // is all there, and no baseline fitted from a part of it (a page asked for one) is kept.
                app.demo.startAfterHistory(() -> {
                    app.baselines.forget();
                    app.startJobs();
                });
            } else {
                app.startJobs();
            }
            if (config.tick().isPositive()) {
                app.official.start(); // like the detector: tests with a hand-driven clock poll by hand
            }
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        return app;
    }

    /** How much of the demo's history is written, while it is being written. */
    private java.util.Optional<DemoJob.Progress> demoHistory() {
        return demo == null || demo.history().isDone() ? java.util.Optional.empty()
                : java.util.Optional.of(demo.historyProgress());
    }

    private void startJobs() {
        if (config.tick().isPositive()) {
            detection.start();
        }
        retention.start();
    }

    /** Where people reach this node, for the links of feeds: the configured address, or its port on localhost. */
    private String publicUrl() {
        return config.publicUrl().isEmpty() ? "http://localhost:" + http.port() : config.publicUrl();
    }

    /** Official status of this node: its poller is null when {@code OUTCRY_OFFICIAL_STATUS} is off. */
    public OfficialStatus official() {
        return official;
    }

    public int port() {
        return http.port();
    }

    public Db db() {
        return db;
    }

    /** The intake of this node; tests that read the count tables themselves write its held counts first. */
    public Intake intake() {
        return intake;
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

    /** The turns long reads take; tests hold one to see a read wait. */
    public HeavyReads heavyReads() {
        return heavyReads;
    }

    /** Reads the catalog again from the database after the admin API changed it; readers see the new one at once. */
    public void reloadCatalog() {
        catalog.set(catalogStore.load());
    }

    /** The Web Push deliveries of this node. */
    public PushCourier push() {
        return push;
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

    /** Stops HTTP first, then lets queued reports commit, then closes the database. */
    @Override
    public void close() {
        if (peers != null) {
            peers.close();
        }
        feeds.close();
        push.close();
        http.stop();
        slowClients.close();
        if (demo != null) {
            demo.close();
        }
        official.close();
        detection.close();
        retention.close();
        writer.close();
        db.close();
    }
}
