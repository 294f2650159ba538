package io.outcry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.outcry.feed.Feeds;
import io.outcry.outage.DetectionJob;
import io.outcry.report.Intake;
import io.outcry.report.ReportWriter;
import io.outcry.web.HeavyReads;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The operator's figures of one node, in Prometheus text format at {@code /metrics}: intake, detector, outages,
 * streams, webhooks and the JVM. Counts and durations only; no label ever carries an address, an agent or a place.
 */
public final class Metrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer commits = Timer.builder("outcry.ingest.commit")
            .description("Time to commit one batch of reports (rows and counts, one transaction)")
            .publishPercentiles(0.5, 0.99)
            .register(registry);

    public Metrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Reads the gauges from the parts of a node whenever Prometheus scrapes. */
    void watch(ReportWriter writer, Intake intake, DetectionJob detection, Feeds feeds) {
        Gauge.builder("outcry.ingest.queue.depth", writer, ReportWriter::depth)
                .description("Reports waiting for their batch's commit").register(registry);
        Gauge.builder("outcry.ingest.memory.keys", intake, Intake::rememberedKeys)
                .description("Reporter and subnet keys the intake remembers (embedded H2 only)").register(registry);
        FunctionCounter.builder("outcry.ingest.memory.forgotten", intake, Intake::forgottenEarly)
                .description("Keys forgotten before their window ended, to bound memory: a reporter may count twice")
                .register(registry);
        Gauge.builder("outcry.detector.tick", detection, d -> d.lastTickNanos() / 1e9).baseUnit("seconds")
                .description("Duration of the last minute the detector processed").register(registry);
        Gauge.builder("outcry.detector.series", detection, DetectionJob::lastSeriesCount)
                .description("Series (service x area) the detector watched in its last minute").register(registry);
        FunctionCounter.builder("outcry.detector.ticks", detection, DetectionJob::ticksWritten).tag("result", "written")
                .description("Minutes processed by this node's detector, by who wrote them").register(registry);
        FunctionCounter.builder("outcry.detector.ticks", detection, DetectionJob::ticksSkipped)
                .tag("result", "other_node").register(registry);
        Gauge.builder("outcry.outages.open", detection, DetectionJob::openCount)
                .description("Outages possible or confirmed, as of the last tick").register(registry);
        Gauge.builder("outcry.stream.clients", feeds.live(), l -> l.subscriberCount())
                .description("Clients connected to the live stream of this node").register(registry);
        FunctionCounter.builder("outcry.stream.peer.events", feeds, Feeds::peerEventsRelayed)
                .description("Outage changes of other nodes relayed to this node's stream").register(registry);
        FunctionCounter.builder("outcry.webhook.deliveries", feeds.courier(), c -> c.delivered())
                .tag("outcome", "delivered").description("Webhook delivery attempts, by outcome").register(registry);
        FunctionCounter.builder("outcry.webhook.deliveries", feeds.courier(), c -> c.failed())
                .tag("outcome", "failed").register(registry);
    }

    /** The long reads' turns: how many compute now, how many stopped because their client left, how many waited too long. */
    public void watch(HeavyReads heavy) {
        Gauge.builder("outcry.reads.heavy.running", heavy, HeavyReads::running)
                .description("Long reads computing now").register(registry);
        Gauge.builder("outcry.reads.heavy.waiting", heavy, HeavyReads::waiting)
                .description("Long reads waiting for their turn").register(registry);
        FunctionCounter.builder("outcry.reads.heavy.abandoned", heavy, HeavyReads::abandoned)
                .description("Long reads stopped because their client left").register(registry);
        FunctionCounter.builder("outcry.reads.heavy.refused", heavy, HeavyReads::refused)
                .description("Long reads refused after waiting for their turn").register(registry);
    }

    /** A report answered with success: {@code stored}, {@code duplicate} or {@code retry}. */
    public void reportAccepted(String outcome) {
        Counter.builder("outcry.reports.accepted").description("Reports answered with success, by outcome")
                .tag("outcome", outcome.toLowerCase(Locale.ROOT)).register(registry).increment();
    }

    /** A report refused, by the problem type of the answer ({@code invalid-field}, {@code unavailable} …). */
    public void reportRejected(String reason) {
        Counter.builder("outcry.reports.rejected").description("Reports refused, by reason")
                .tag("reason", reason).register(registry).increment();
    }

    /** Records one batch commit of the report writer. */
    public void commitTook(long nanos) {
        commits.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Everything, in the Prometheus text exposition format. */
    public String scrape() {
        return registry.scrape();
    }
}
