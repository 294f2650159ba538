package io.outcry.report;

import io.javalin.http.Context;
import io.outcry.catalog.Catalog;
import io.outcry.catalog.ProblemKind;
import io.outcry.catalog.Service;
import io.outcry.counts.CountStore;
import io.outcry.counts.Anonymity;
import io.outcry.web.ClientAddress;
import io.outcry.web.JsonBody;
import io.outcry.web.Problem;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** {@code POST /api/v1/reports}: validates, locates and keys a report, then answers once its batch committed. */
public final class ReportController {
    static final int MAX_BODY_BYTES = 4_096;
    private static final List<String> FIELDS = List.of("service", "problem", "location", "lat", "lon", "id", "altcha");

    private final Supplier<Catalog> catalog;
    private final ReportWriter writer;
    private final CountStore counts;
    private final ReporterKeys keys;
    private final Admission admission;
    private final ClientAddress clientAddress;
    private final Locator locator;
    private final Clock clock;
    private final Consumer<String> accepted;

    /** @param accepted told the outcome of each report answered with success (stored, duplicate, retry) */
    public ReportController(Supplier<Catalog> catalog, ReportWriter writer, CountStore counts, ReporterKeys keys,
            Admission admission, ClientAddress clientAddress, Locator locator, Clock clock,
            Consumer<String> accepted) {
        this.accepted = accepted;
        this.catalog = catalog;
        this.writer = writer;
        this.counts = counts;
        this.keys = keys;
        this.admission = admission;
        this.clientAddress = clientAddress;
        this.locator = locator;
        this.clock = clock;
    }

    /** The fields of a report as sent, before validation. */
    record Fields(String service, String problem, String location, Double lat, Double lon, String id, String altcha) {
        /** Blank strings are absent fields; the others are trimmed. */
        Fields trimmed() {
            return new Fields(blankToNull(service), blankToNull(problem), blankToNull(location), lat, lon,
                    blankToNull(id), blankToNull(altcha));
        }
    }

    /** How a report's JSON is refused: unknown fields and values of the wrong type, named. */
    private static final JsonBody.Refusals REFUSALS = new JsonBody.Refusals(
            (name, known) -> Problem.badRequest(name, "Unknown field '" + clip(name) + "'; a report has " + FIELDS + "."),
            (field, item) -> Problem.badRequest(field, field + (field.equals("lat") || field.equals("lon")
                    ? " must be a number." : " must be a string.")));

    /** The answer to a report: what was stored (or had been), and how many people reported the service lately. */
    record Answer(UUID id, String service, Instant receivedAt, String problem, Location location, String channel,
            boolean counted, String note, Integer reportersLast15Minutes, String reportersLast15MinutesLabel) {}

    /** The answer to "it works for me". */
    record WorksAnswer(UUID id, String service, Instant receivedAt, boolean works, Location location, boolean counted,
            String note, Integer worksLast15Minutes, String worksLast15MinutesLabel) {}

    /** The answer to a refinement: what it added. */
    record Refined(UUID id, boolean problemAdded, boolean placeAdded, Location location) {}

    /** The benchmark's answer: the report as parsed, never counted. */
    record Parsed(UUID id, String service, boolean counted) {}

    public void create(Context ctx) throws InterruptedException {
        Sent sent = read(ctx);
        NewReport report = validate(sent.fields(), sent.channel(), clientAddress.of(ctx), ctx.userAgent());
        admission.admit(report, sent.fields().altcha());
        Accepted outcome = await(submit(report));
        this.accepted.accept(outcome.kind().name());
        boolean stored = outcome.kind() == Accepted.Kind.STORED || outcome.kind() == Accepted.Kind.CAPPED;
        ctx.status(stored ? 201 : 200).json(answer(outcome));
    }

    /** {@code GET /api/v1/challenge}: a fresh proof-of-work challenge, never cached. */
    public void challenge(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.json(admission.challenges().issue());
    }

    /**
     * {@code POST /api/v1/services/{slug}/works}: "it works for me", with an optional location and id. Same
     * validation, location, dedupe (apart from problem reports) and limits as a report; never counted as a problem.
     */
    public void works(Context ctx) throws InterruptedException {
        String slug = ctx.pathParam("slug");
        Sent sent = read(ctx);
        Fields f = sent.fields();
        if (f.problem() != null) {
            throw Problem.badRequest("problem", "Saying it works names no problem; leave problem out.");
        }
        if (f.service() != null && !f.service().equals(slug)) {
            throw Problem.badRequest("service", "The service is the one in the URL, '" + clip(slug) + "'.");
        }
        Fields withService = new Fields(slug, null, f.location(), f.lat(), f.lon(), f.id(), f.altcha());
        NewReport r = validate(withService, sent.channel(), clientAddress.of(ctx), ctx.userAgent());
        NewReport works = new NewReport(r.id(), r.idFromClient(), r.serviceId(), r.serviceSlug(), r.receivedAt(), null,
                r.location(), r.reporterKey(), r.subnetKey(), r.channel(), r.demo(), NewReport.Kind.WORKS);
        admission.admit(works, f.altcha());
        Accepted accepted = await(submit(works));
        this.accepted.accept("WORKS_" + accepted.kind().name());
        Report stored = accepted.report();
        String note = accepted.kind() == Accepted.Kind.DUPLICATE
                ? "You already said this service works for you recently; it was counted once." : null;
        Instant now = clock.instant();
        int lately = counts.worksBetween(now.minus(Duration.ofMinutes(15)), now.plus(Duration.ofMinutes(1)))
                .getOrDefault(works.serviceId(), 0);
        ctx.status(accepted.kind() == Accepted.Kind.STORED ? 201 : 200).json(new WorksAnswer(stored.id(),
                stored.service(), stored.receivedAt(), true, stored.location().isKnown() ? stored.location() : null,
                accepted.kind() == Accepted.Kind.STORED, note, Anonymity.shown(lately), label(lately)));
    }

    /**
     * {@code PATCH /api/v1/reports/{id}}: after a one-tap report, its reporter adds the problem kind and the place
     * (a region code or the device's position), each once, within the dedupe window. Anyone else gets 404.
     */
    public void refine(Context ctx) {
        UUID id = uuid(ctx.pathParam("id"));
        Fields f = read(ctx).fields();
        Service service = named(f, "Name the service of the report with its slug.", false);
        if ((f.lat() == null) != (f.lon() == null)) {
            throw Problem.badRequest(f.lat() == null ? "lat" : "lon", "Send both lat and lon, or neither.");
        }
        InetAddress client = clientAddress.of(ctx);
        Location place = f.location() == null && f.lat() == null ? null
                : locator.locate(f.location(), f.lat(), f.lon(), null);
        Instant now = clock.instant();
        var refined = writer.refine(id, service.id(), keys.reporter(client, ctx.userAgent()),
                        now.minus(Intake.RECENT), f.problem(), place)
                .orElseThrow(() -> Problem.notFound("No report of yours with this id in the last 15 minutes."));
        ctx.json(new Refined(id, refined.problem(), refined.place(), place));
    }

    private record Sent(Fields fields, String channel) {}

    /** The body as JSON or as a form, and the channel it came through. */
    private Sent read(Context ctx) {
        if (ctx.contentLength() > MAX_BODY_BYTES) {
            throw Problem.tooLarge("A report is at most " + MAX_BODY_BYTES + " bytes.");
        }
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase();
        Fields fields;
        String channel;
        if (type.startsWith("application/json")) {
            fields = fromJson(ctx.bodyAsBytes());
            channel = "api";
        } else if (type.startsWith("application/x-www-form-urlencoded")) {
            fields = fromForm(ctx);
            channel = "web";
        } else {
            throw Problem.unsupportedMediaType("Send application/json or application/x-www-form-urlencoded.");
        }
        if ("api".equals(channel) && "web".equals(ctx.header("X-Outcry-Client"))) {
            channel = "web";
        }
        return new Sent(fields, channel);
    }

    /** The benchmark's ceiling: the same parsing, validation and keying as {@link #create}, and nothing stored. */
    public void parseOnly(Context ctx) {
        if (!ctx.contentType().startsWith("application/json")) {
            throw Problem.unsupportedMediaType("Send application/json.");
        }
        NewReport report = validate(fromJson(ctx.bodyAsBytes()), "api", clientAddress.of(ctx), ctx.userAgent());
        ctx.status(201).json(new Parsed(report.id(), report.serviceSlug(), false));
    }

    private Fields fromJson(byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            throw Problem.tooLarge("A report is at most " + MAX_BODY_BYTES + " bytes.");
        }
        return JsonBody.read(body, Fields.class, REFUSALS).trimmed();
    }

    private static Fields fromForm(Context ctx) {
        for (String name : ctx.formParamMap().keySet()) {
            if (!FIELDS.contains(name)) {
                throw Problem.badRequest(name, "Unknown field '" + clip(name) + "'; a report has " + FIELDS + ".");
            }
        }
        return new Fields(blankToNull(ctx.formParam("service")), blankToNull(ctx.formParam("problem")),
                blankToNull(ctx.formParam("location")), formNumber(ctx, "lat"), formNumber(ctx, "lon"),
                blankToNull(ctx.formParam("id")), blankToNull(ctx.formParam("altcha")));
    }

    /**
     * The service a report names, and its problem kind if any, checked against the catalog.
     *
     * @param unnamed the detail when no service is named
     * @param pointToKinds whether an unknown problem kind's detail points to the service's kinds
     */
    private Service named(Fields f, String unnamed, boolean pointToKinds) {
        if (f.service() == null) {
            throw Problem.badRequest("service", unnamed);
        }
        Catalog current = catalog.get();
        Service service = current.bySlug(f.service())
                .orElseThrow(() -> Problem.unknown("service", "No service has the slug '" + clip(f.service()) + "'."));
        if (f.problem() != null
                && current.problemsOf(service).stream().map(ProblemKind::slug).noneMatch(f.problem()::equals)) {
            throw Problem.unknown("problem", "'" + clip(f.problem()) + "' is not a problem kind of " + service.name()
                    + (pointToKinds ? "; see GET /api/v1/services/" + service.slug() : "") + ".");
        }
        return service;
    }

    private NewReport validate(Fields f, String channel, InetAddress client, String userAgent) {
        Service service = named(f, "Name the service with its slug, e.g. \"chatgpt\".", true);
        Instant now = clock.instant();
        UUID id = f.id() == null ? TimeOrderedIds.next(now) : uuid(f.id());
        if ((f.lat() == null) != (f.lon() == null)) {
            throw Problem.badRequest(f.lat() == null ? "lat" : "lon", "Send both lat and lon, or neither.");
        }
        if (f.lat() != null && (f.lat() < -90 || f.lat() > 90 || f.lat().isNaN())) {
            throw Problem.badRequest("lat", "lat is between -90 and 90.");
        }
        if (f.lon() != null && (f.lon() < -180 || f.lon() > 180 || f.lon().isNaN())) {
            throw Problem.badRequest("lon", "lon is between -180 and 180.");
        }
        Location location = locator.locate(f.location(), f.lat(), f.lon(), client);
        return new NewReport(id, f.id() != null, service.id(), service.slug(), now, f.problem(), location,
                keys.reporter(client, userAgent), keys.subnet(client), channel, false);
    }

    private static Answer answer(Accepted accepted) {
        Report r = accepted.report();
        String note = accepted.kind() == Accepted.Kind.DUPLICATE
                ? "You already reported this service recently; your report was counted once." : null;
        // Under five, the count would tell a reporter how many others there are, down to "only you".
        return new Answer(r.id(), r.service(), r.receivedAt(), r.problem(),
                r.location().isKnown() ? r.location() : null, r.channel(), accepted.kind() == Accepted.Kind.STORED,
                note, Anonymity.shown(accepted.recentReporters()), label(accepted.recentReporters()));
    }

    /** What stands for a count too small to give. */
    private static String label(int people) {
        return Anonymity.hidden(people) ? Anonymity.FEWER : null;
    }

    private java.util.concurrent.CompletableFuture<Accepted> submit(NewReport report) {
        try {
            return writer.submit(report);
        } catch (ReportWriter.Full e) {
            throw Problem.unavailable("Too many reports are waiting to be stored; nothing was kept. Send it again.", 1);
        }
    }

    private static Accepted await(java.util.concurrent.CompletableFuture<Accepted> done) throws InterruptedException {
        try {
            return done.get();
        } catch (ExecutionException e) {
            throw Problem.unavailable("The report could not be stored just now; nothing was kept. Send it again.", 1);
        }
    }

    private static Double formNumber(Context ctx, String field) {
        String v = blankToNull(ctx.formParam(field));
        if (v == null) {
            return null;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw Problem.badRequest(field, field + " must be a number.");
        }
    }

    private static UUID uuid(String text) {
        if (!text.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            throw Problem.badRequest("id", "id must be a UUID such as 3f2b8c1e-9d4a-4e6b-8f0a-1c2d3e4f5a6b.");
        }
        return UUID.fromString(text);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Echoes at most 40 characters of what was sent, so a huge field never comes back whole. */
    static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
