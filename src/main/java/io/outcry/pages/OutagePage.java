package io.outcry.pages;

import io.outcry.outage.Breakdown;
import io.outcry.outage.Outage;
import io.outcry.outage.OutageView;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** What the page of one outage says before its scripts run: its facts and each region's own state and numbers. */
public final class OutagePage {
    private OutagePage() {}

    /** One region of the outage, in words: its name, its state, its reports against the usual. */
    /**
     * @param outage the region's own open record, when it has one, else null
     * @param link the words of the link to it
     */
    public record RegionRow(String code, String state, String text, String outage, String link) {}

    public record Model(OutageView.Shown outage, String serviceSlug, String serviceName, String state,
            String explanation, List<String[]> facts, String regionsNote, List<RegionRow> regions, String chartTitle) {}

    static Model of(Texts.In tx, OutageView v, Outage o, Instant now) {
        OutageView.Shown json = v.json(o, now, ZoneOffset.UTC);
        List<String[]> facts = new ArrayList<>();
        facts.add(new String[] {tx.t("outage.started"), Words.dateTime(tx, o.startedAt())});
        if (o.confirmedAt() != null) {
            facts.add(new String[] {tx.t("outage.confirmed"), Words.dateTime(tx, o.confirmedAt())});
        }
        facts.add(new String[] {tx.t("outage.ended"), o.endedAt() == null ? tx.t("outage.ongoing")
                : Words.dateTime(tx, o.endedAt())});
        facts.add(new String[] {tx.t("outage.duration"), Words.duration(o.duration(now))});
        facts.add(new String[] {tx.t("outage.scope"), "*".equals(o.scope()) ? tx.t("outage.world")
                : tx.pick(json.scopeName())});
        int peakMinutes = json.peak().windowMinutes();
        facts.add(new String[] {tx.t("outage.peak"), tx.t(peakMinutes == 1 ? "outage.peakValue1" : "outage.peakValue",
                "o", Words.people(tx, json.peak().observed()), "m", peakMinutes, "time", Words.time(o.peakAt()), "e",
                Words.usual(tx, o.peakExpectedShown()))});
        facts.add(new String[] {tx.t("outage.reporters"), tx.t("outage.reportersValue", "n",
                Words.people(tx, json.reporters()))});
        Breakdown.Shown breakdown = json.breakdown();
        List<RegionRow> regions = breakdown == null ? List.of() : rows(tx, breakdown);
        String note = regions.isEmpty() ? "" : tx.t(o.isOpen() ? "outage.regionsNow" : "outage.regionsPeak", "m",
                breakdown.windowMinutes(), "time", Words.time(breakdown.until()));
        String chartTitle = "*".equals(o.scope()) ? tx.t("outage.chart")
                : tx.t("outage.chartArea", "area", tx.pick(json.scopeName()));
        return new Model(json, o.service(), v.serviceName(o), o.state().label(), tx.pick(json.explanation()),
                facts, note, regions, chartTitle);
    }

    private static List<RegionRow> rows(Texts.In tx, Breakdown.Shown breakdown) {
        List<RegionRow> rows = new ArrayList<>();
        for (Breakdown.Area.Shown a : breakdown.areas()) {
            String state = a.state();
            String stateText = "ok".equals(state) ? tx.t("region.ok") : tx.t("state." + state).toLowerCase(java.util.Locale.ROOT);
            String text = tx.t("outage.regionRow", "name", tx.pick(a.name()), "state", stateText, "n",
                    Words.count(tx, a.observed()), "e", Words.usual(tx, a.expected()));
            rows.add(new RegionRow(a.code(), state, text, a.outage() == null ? null : a.outage().toString(),
                    tx.t("outage.regionLink", "name", tx.pick(a.name()))));
        }
        return rows;
    }
}
