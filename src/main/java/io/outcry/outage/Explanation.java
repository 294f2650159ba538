package io.outcry.outage;

import io.outcry.counts.Anonymity;
import io.outcry.catalog.French;
import java.text.NumberFormat;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Map;

/**
 * Why Outcry says a service is down, in words a person can check: how many reported in the window and until when (so
 * the count stays true after it was computed), how many are usual at that time of the week, since when and where. English and French. Every figure is the outage's own, as the
 * API gives it: "N people" is {@link Outage#peakObserved()}, the usual level {@link Outage#peakExpected()}, both over
 * the window ending at {@link Outage#peakAt()}, in the outage's own scope (a regional outage's region).
 */
public final class Explanation {
    private Explanation() {}

    /**
     * @param serviceName the service as people call it
     * @param scopeName null for world-wide, else the country or region name in the language asked
     * @param zone the time zone in which "usual on a Thursday at 14:00" is said
     */
    public static Map<String, String> of(Outage o, String serviceName, String scopeNameEn, String scopeNameFr,
            int windowMinutes, ZoneId zone) {
        return Map.of(
                "en", english(o, serviceName, scopeNameEn, windowMinutes, zone),
                "fr", french(o, serviceName, scopeNameFr, windowMinutes, zone));
    }

    static String english(Outage o, String service, String scope, int window, ZoneId zone) {
        ZonedDateTime peak = o.peakAt().atZone(zone);
        ZonedDateTime start = o.startedAt().atZone(zone);
        String day = peak.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
        String where = scope == null ? "" : " in " + scope;
        String people = Anonymity.hidden(o.peakObserved()) ? "Fewer than " + Anonymity.MIN + " people"
                : number(o.peakObserved(), Locale.ENGLISH) + " people";
        StringBuilder b = new StringBuilder();
        b.append(people).append(" reported problems with ").append(service).append(where)
                .append(window == 1 ? " in the minute to " : " in the " + window + " minutes to ").append(hhmm(peak))
                .append(' ').append(zoneLabel(zone)).append("; ").append(usual(o.peakExpectedShown(), Locale.ENGLISH)).append(" is usual on a ")
                .append(day).append(" at that time.");
        switch (o.state()) {
            case POSSIBLE -> b.append(" Possible problems since ").append(hhmm(start)).append(", not yet confirmed.");
            case OUTAGE -> b.append(" Down since about ").append(hhmm(start)).append('.');
            case RESOLVED -> b.append(" It lasted ").append(minutes(o)).append(" minutes, from about ")
                    .append(hhmm(start)).append(" to ").append(hhmm(o.endedAt().atZone(zone))).append('.');
            case DISMISSED -> b.append(" It did not last long enough to be called an outage.");
        }
        return b.toString();
    }

    static String french(Outage o, String service, String scope, int window, ZoneId zone) {
        ZonedDateTime peak = o.peakAt().atZone(zone);
        ZonedDateTime start = o.startedAt().atZone(zone);
        String day = peak.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.FRENCH);
        String where = scope == null ? "" : " (" + scope + ")";
        String people = Anonymity.hidden(o.peakObserved()) ? "Moins de " + Anonymity.MIN + " personnes ont signalé"
                : number(o.peakObserved(), Locale.FRENCH) + " personnes ont signalé";
        StringBuilder b = new StringBuilder();
        b.append(people).append(" un problème avec ").append(French.named(service)).append(where)
                .append(window == 1 ? " sur la minute jusqu’à " : " sur les " + window + " minutes jusqu’à ")
                .append(hhmm(peak)).append(' ').append(zoneLabel(zone)).append(" ; d’habitude, ").append(usual(o.peakExpectedShown(), Locale.FRENCH))
                .append(" un ").append(day).append(" à cette heure-là.");
        switch (o.state()) {
            case POSSIBLE -> b.append(" Problèmes possibles depuis ").append(hhmm(start)).append(", pas encore confirmés.");
            case OUTAGE -> b.append(" En panne depuis environ ").append(hhmm(start)).append('.');
            case RESOLVED -> b.append(" La panne a duré ").append(minutes(o)).append(" minutes, d’environ ")
                    .append(hhmm(start)).append(" à ").append(hhmm(o.endedAt().atZone(zone))).append('.');
            case DISMISSED -> b.append(" Trop bref pour parler de panne.");
        }
        return b.toString();
    }

    private static long minutes(Outage o) {
        return Math.max(1, o.duration(o.endedAt()).toMinutes());
    }

    /**
     * "about 12" / "environ 12", "about 2.4" / "environ 2,4"; under one, "less than one" / "moins d’une personne" (never
     * "about fewer than 1"). Given the figure as shown (to a tenth), so that 0.96, shown 1.0, is "about 1".
     */
    static String usual(double expected, Locale locale) {
        boolean french = locale == Locale.FRENCH;
        if (expected < 1) {
            return french ? "moins d’une personne" : "less than one";
        }
        return (french ? "environ " : "about ") + usualFigure(expected, locale);
    }

    /**
     * A usual level of one or more as pages and explanations say it: to a tenth under 10 (without a trailing ".0"),
     * whole above, so that "about 2.4" here is the 2.4 the API gives.
     */
    public static String usualFigure(double expected, Locale locale) {
        boolean french = Locale.FRENCH.getLanguage().equals(locale.getLanguage());
        return expected < 10 ? String.format(french ? Locale.FRANCE : Locale.UK, "%.1f", expected)
                .replaceAll("[.,]0$", "") : number(Math.round(expected), locale);
    }

    private static String number(long n, Locale locale) {
        return NumberFormat.getIntegerInstance(locale).format(n).replace('\u202f', '\u00a0');
    }

    private static String hhmm(ZonedDateTime t) {
        return t.format(DateTimeFormatter.ofPattern("HH:mm"));
    }

    private static String zoneLabel(ZoneId zone) {
        return zone.getId().equals("Z") || zone.getId().equals("UTC") ? "UTC" : zone.getId();
    }
}
