package io.outcry.pages;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import io.outcry.catalog.Catalog;
import io.outcry.catalog.Category;
import io.outcry.catalog.Service;
import io.outcry.outage.Breakdown;
import io.outcry.outage.Outage;
import io.outcry.outage.OutageController;
import io.outcry.outage.OutageStore;
import io.outcry.outage.OutageView;
import io.outcry.web.Lang;
import io.outcry.web.Problem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The pages people open, rendered here with their content (state, counts, explanation, last outages) so that they read
 * before any script runs, then kept live by the scripts in {@code web/js}. Unknown services and outages answer 404: a
 * page for browsers, problem JSON for programs.
 *
 * @param publicUrl where people reach this node (OUTCRY_PUBLIC_URL), for links: never a request's Host, which its
 *     sender chooses
 * @param demoHistoryPercent how much of the demo's history is written, in percent, while it is being written; null
 *     otherwise
 */
public record PageController(Supplier<Catalog> catalog, OutageController outages, OutageStore store,
        Supplier<OutageView> view, Texts texts, RegionShapes regionShapes, Clock clock, boolean demo,
        Supplier<String> publicUrl, Supplier<Integer> demoHistoryPercent) {
    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(ContentType.Html);
    private static final List<String> CHART = List.of("/webjars/uplot/1.6.30/dist/uPlot.min.css");
    private static final List<String> MAP = List.of("/webjars/leaflet/1.9.4/dist/leaflet.css");

    /**
     * One service's line of the status: its state, reporters in the window against the usual, regional areas.
     *
     * @param observed reporters over the window, or the API's label ("&lt;5") when there are too few to show
     * @param regionalOutages its open records below the world, each with its name, state and own numbers
     */
    public record Status(String slug, String name, String category, String state, boolean regional, Object observed,
            double expected, int windowMinutes, String outage, List<Breakdown.Area.Shown> regionalOutages) {
        public String badge() {
            return "ok".equals(state) && regional ? "regional" : state;
        }

        public boolean troubled() {
            return !"ok".equals(state) || regional;
        }
    }

    /** An outage as a line of a list. */
    public record OutageLine(String id, String state, String when, String duration, String where, String title) {}

    public record ServiceModel(Service service, Status status, String usual, String headline, List<String> details,
            String outageId, List<OutageLine> history) {}

    public record CategoryModel(String slug, String name, List<Status> services) {}

    public record HomeModel(List<Status> troubled, List<Status> popular, List<CategoryModel> categories) {}

    public void home(Context ctx) {
        Texts.In tx = texts.in(Lang.of(ctx));
        Map<String, Status> statuses = statuses();
        List<Status> troubled = statuses.values().stream().filter(Status::troubled).limit(12).toList();
        List<Status> popular = catalog.get().services().stream()
                .sorted(Comparator.comparingInt(Service::popularity).reversed())
                .limit(24)
                .map(s -> statuses.get(s.slug()))
                .toList();
        String title = tx.t("home.title");
        String description = troubled.isEmpty() ? tx.t("now.none")
                : tx.t("home.description", "names", String.join(", ", troubled.stream().limit(5).map(Status::name)
                        .toList()));
        Page page = page(ctx, tx, title, description, "/", "/js/home.js", "home", MAP, "");
        render(ctx, 200, "home.jte", Map.of("page", page, "model", new HomeModel(troubled, popular,
                categories(tx, statuses))));
    }

    public void service(Context ctx) {
        Texts.In tx = texts.in(Lang.of(ctx));
        String slug = ctx.pathParam("slug");
        Optional<Service> found = catalog.get().bySlug(slug);
        if (found.isEmpty()) {
            notFound(ctx, tx, "service.notFound", "service.notFoundHint");
            return;
        }
        Service service = found.get();
        Status status = statuses().get(service.slug());
        Instant now = clock.instant();
        List<Outage> recent = store.find(List.of(Outage.State.POSSIBLE, Outage.State.OUTAGE, Outage.State.RESOLVED),
                service.id(), now.minus(Duration.ofDays(30)), 20);
        OutageView v = view.get();
        List<OutageLine> history = recent.stream().map(o -> line(tx, v.json(o, now, ZoneOffset.UTC))).toList();
        Optional<Outage> open = recent.stream().filter(o -> o.isOpen() && "*".equals(o.scope())).findFirst();
        List<String> details = new ArrayList<>();
        open.ifPresent(o -> details.add(tx.pick(v.explanation(o, ZoneOffset.UTC))));
        String headlineKey = switch (status.state()) {
            case "outage" -> "service.outageBanner";
            case "possible" -> "service.possibleBanner";
            default -> "service.okBanner";
        };
        String headline = tx.t(headlineKey, "name", service.name());
        if (status.regional()) {
            List<String> areas = status.regionalOutages().stream().map(r -> tx.t("service.regionalArea", "area",
                    tx.pick(r.name()), "n", Words.count(tx, r.observed()), "m", status.windowMinutes(), "e",
                    Words.usual(tx, r.expected()))).toList();
            details.add(tx.t("service.regionalBanner", "name", service.name(), "areas", String.join(", ", areas)));
        }
        String usual = Words.usual(tx, status.expected());
        String title = switch (status.state()) {
            case "outage" -> tx.t("title.serviceOutage", "name", service.name(),
                    "time", open.map(o -> Words.time(o.startedAt())).orElse(""));
            case "possible" -> tx.t("title.servicePossible", "name", service.name());
            default -> status.regional() ? tx.t("title.serviceRegional", "name", service.name())
                    : tx.t("title.serviceOk", "name", service.name());
        };
        String description = tx.t("state." + status.badge()) + ". "
                + tx.t("service.stateLine", "n", Words.people(tx, status.observed()), "m", status.windowMinutes(), "e", usual)
                + (details.isEmpty() ? "" : " " + details.get(0));
        Page page = page(ctx, tx, title, description, "/s/" + service.slug(), "/js/service.js", "service",
                List.of(CHART.get(0), MAP.get(0)), "");
        render(ctx, 200, "service.jte", Map.of("page", page, "model", new ServiceModel(service, status, usual,
                headline, details, open.map(o -> o.id().toString()).orElse(null), history)));
    }

    public void outage(Context ctx) {
        Texts.In tx = texts.in(Lang.of(ctx));
        Optional<Outage> found = parseId(ctx.pathParam("id")).flatMap(store::byId);
        if (found.isEmpty()) {
            notFound(ctx, tx, "outage.notFound", "service.notFoundHint");
            return;
        }
        Outage o = found.get();
        OutagePage.Model model = OutagePage.of(tx, view.get(), o, clock.instant());
        Page page = page(ctx, tx, tx.pick(model.outage().title()) + " · " + Words.dateTime(tx, o.startedAt()),
                model.explanation(), "/o/" + o.id(), "/js/outage.js", "outage", List.of(CHART.get(0), MAP.get(0)), "");
        render(ctx, 200, "outage.jte", Map.of("page", page, "model", model));
    }

    public void category(Context ctx) {
        Texts.In tx = texts.in(Lang.of(ctx));
        Category category = catalog.get().categories().get(ctx.pathParam("slug"));
        if (category == null) {
            notFound(ctx, tx, "category.notFound", "service.notFoundHint");
            return;
        }
        CategoryModel model = categories(tx, statuses()).stream().filter(c -> c.slug().equals(category.slug()))
                .findFirst().orElse(new CategoryModel(category.slug(), name(tx, category), List.of()));
        Page page = page(ctx, tx, tx.t("title.category", "name", model.name()),
                tx.t("category.description", "name", model.name(), "n", model.services().size()),
                "/c/" + category.slug(), "/js/browse.js", "browse", List.of(), "");
        render(ctx, 200, "category.jte", Map.of("page", page, "model", model));
    }

    public void services(Context ctx) {
        Texts.In tx = texts.in(Lang.of(ctx));
        List<CategoryModel> all = categories(tx, statuses());
        int n = all.stream().mapToInt(c -> c.services().size()).sum();
        Page page = page(ctx, tx, tx.t("title.services"), tx.t("services.description", "n", n), "/services",
                "/js/browse.js", "browse", List.of(), "");
        render(ctx, 200, "services.jte", Map.of("page", page, "model", all));
    }

    public void about(Context ctx) {
        Texts.In tx = texts.in(Lang.of(ctx));
        Page page = page(ctx, tx, tx.t("about.title"), tx.about().get(0).paragraphs().get(0), "/about",
                "/js/about.js", "about", List.of(), "about.title");
        render(ctx, 200, "about.jte", Map.of("page", page));
    }

    public void map(Context ctx) {
        Texts.In tx = texts.in(Lang.of(ctx));
        Page page = page(ctx, tx, tx.t("title.map"), tx.t("worldmap.note"), "/map", "/js/livemap.js", "fullmap",
                MAP, "nav.map");
        render(ctx, 200, "map.jte", Map.of("page", page));
    }

    /** Any other address: a page for browsers; programs keep the problem JSON already written. */
    public void missing(Context ctx) {
        if (isHtml(ctx)) {
            return;
        }
        Texts.In tx = texts.in(Lang.of(ctx));
        renderNotFound(ctx, tx, "page.notFound", "service.notFoundHint");
    }

    /**
     * {@code /s/{slug}/badge.svg}: the state and count as a small image for READMEs and dashboards, cached a minute.
     * Its text is escaped as XML by the template.
     */
    public void badge(Context ctx) {
        Texts.In tx = texts.in(Lang.of(ctx));
        Service service = catalog.get().bySlug(ctx.pathParam("slug"))
                .orElseThrow(() -> Problem.notFound(tx.t("service.notFound")));
        StringOutput out = new StringOutput();
        TEMPLATES.render("badge.jte", Badge.of(tx, service.name(), statuses().get(service.slug())), out);
        ctx.header("Cache-Control", "public, max-age=60").header("Vary", "Accept-Language")
                .contentType("image/svg+xml; charset=utf-8").result(out.toString());
    }

    /** {@code /embed/s/{slug}}: a small card that other sites put in a frame; the only page that may be framed. */
    public void embed(Context ctx) {
        Texts.In tx = texts.in(Lang.of(ctx));
        Optional<Service> found = catalog.get().bySlug(ctx.pathParam("slug"));
        if (found.isEmpty()) {
            notFound(ctx, tx, "service.notFound", "service.notFoundHint");
            return;
        }
        Status s = statuses().get(found.get().slug());
        String count = tx.t("service.stateLine", "n", Words.people(tx, s.observed()), "m", s.windowMinutes(), "e", Words.usual(tx,
                s.expected()));
        Page page = page(ctx, tx, s.name(), count, "/s/" + s.slug(), null, "embed", List.of(), "");
        io.outcry.web.SecurityHeaders.allowFraming(ctx);
        render(ctx, 200, "embed.jte", Map.of("page", page, "status", s, "count", count));
        ctx.header("Cache-Control", "public, max-age=30");
    }

    /** {@code /geo/regions/{country}}: one country's region boundaries. */
    public void regions(Context ctx) {
        byte[] body = regionShapes.country(ctx.pathParam("country"));
        ctx.header("Cache-Control", "public, max-age=86400").contentType("application/json").result(body);
    }

    /** {@code /sitemap.xml}: every page, each with its French and English addresses. */
    public void sitemap(Context ctx) {
        ctx.contentType("application/xml; charset=utf-8").result(Sitemap.of(catalog.get(), publicUrl.get()));
    }

    /** Every service's status by slug, most severe first, from the same summary as {@code /api/v1/status}. */
    Map<String, Status> statuses() {
        OutageController.StatusBody body = outages.statusBody();
        Map<String, Status> bySlug = new LinkedHashMap<>();
        for (OutageController.Card s : body.services()) {
            bySlug.put(s.slug(), new Status(s.slug(), s.name(), s.category(), s.state(), s.regionalProblems() != null,
                    s.observed() != null ? s.observed() : s.observedLabel(), s.expected(), body.windowMinutes(),
                    s.outage() == null ? null : s.outage().toString(),
                    s.regionalOutages() == null ? List.of() : s.regionalOutages()));
        }
        return bySlug;
    }

    private List<CategoryModel> categories(Texts.In tx, Map<String, Status> statuses) {
        Catalog c = catalog.get();
        List<CategoryModel> out = new ArrayList<>();
        for (Category category : c.categories().values()) {
            List<Status> members = statuses.values().stream().filter(s -> category.slug().equals(s.category()))
                    .sorted(Comparator.comparing(Status::troubled).reversed()
                            .thenComparing(s -> Catalog.fold(s.name())))
                    .toList();
            if (!members.isEmpty()) {
                out.add(new CategoryModel(category.slug(), name(tx, category), members));
            }
        }
        out.sort(Comparator.comparing(m -> Catalog.fold(m.name())));
        return out;
    }

    private static String name(Texts.In tx, Category c) {
        return tx.fr() ? c.nameFr() : c.nameEn();
    }

    /** The texts in English and in French, for pages that carry both (a name the scripts switch in place). */
    public Texts.In english() {
        return texts.in("en");
    }

    public Texts.In french() {
        return texts.in("fr");
    }

    /** The name of a category in the reader's language. */
    public String categoryName(Texts.In tx, String slug) {
        Category c = catalog.get().categories().get(slug);
        return c == null ? slug : name(tx, c);
    }

    private OutageLine line(Texts.In tx, OutageView.Shown o) {
        String duration = o.endedAt() == null ? tx.t("history.ongoing")
                : Words.duration(Duration.ofSeconds(o.durationSeconds()));
        String where = o.scopeName() != null ? tx.pick(o.scopeName()) : null;
        return new OutageLine(o.id().toString(), o.state(), Words.dateTime(tx, o.startedAt()), duration, where,
                tx.pick(o.title()));
    }

    /**
     * What a card of the home page says of a service: the world's reports against the usual, or, when only some
     * areas have problems, each of them (two at most) named with its own reports against its own usual.
     */
    public List<String> cardLines(Texts.In tx, Status s) {
        if (!"ok".equals(s.state()) || s.regionalOutages().isEmpty()) {
            return List.of(tx.t("now.reporters", "n", Words.people(tx, s.observed()), "m", s.windowMinutes(), "e",
                    Words.usual(tx, s.expected())));
        }
        return s.regionalOutages().stream().limit(2).map(r -> tx.t("now.regionReporters", "area", tx.pick(r.name()),
                "n", Words.people(tx, r.observed()), "m", s.windowMinutes(), "e", Words.usual(tx, r.expected())))
                .toList();
    }

    /** A count of people as a sentence starts with it, for templates. */
    public String peopleText(Texts.In tx, Object observed) {
        return Words.people(tx, observed);
    }

    private Page page(Context ctx, Texts.In tx, String title, String description, String path, String script,
            String bodyClass, List<String> styles, String titleKey) {
        return new Page(tx, title, description, path, publicUrl.get(), script, bodyClass, styles, demo, titleKey,
                demoHistoryPercent.get());
    }

    private void notFound(Context ctx, Texts.In tx, String titleKey, String hintKey) {
        if (!wantsHtml(ctx)) {
            throw Problem.notFound(tx.t(titleKey));
        }
        renderNotFound(ctx, tx, titleKey, hintKey);
    }

    private void renderNotFound(Context ctx, Texts.In tx, String titleKey, String hintKey) {
        // The address is not repeated on the page: whatever it holds never comes back, not even escaped.
        Page page = page(ctx, tx, tx.t(titleKey), tx.t(hintKey), "/", "/js/page.js", "notfound", List.of(), "");
        render(ctx, 404, "notfound.jte", Map.of("page", page, "heading", tx.t(titleKey), "hint", tx.t(hintKey)));
    }

    /** Browsers ask for HTML first; programs ask for JSON or anything. */
    static boolean wantsHtml(Context ctx) {
        String accept = ctx.header("Accept");
        return accept != null && accept.contains("text/html");
    }

    private static boolean isHtml(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith("text/html");
    }

    private void render(Context ctx, int status, String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        Map<String, Object> all = new LinkedHashMap<>(params);
        all.put("pages", this);
        TEMPLATES.render(template, all, out);
        ctx.status(status).contentType("text/html; charset=utf-8").header("Vary", "Accept-Language")
                .header("Content-Language", ((Page) params.get("page")).lang()).result(out.toString());
    }

    private static Optional<UUID> parseId(String text) {
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
