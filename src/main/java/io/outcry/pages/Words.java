package io.outcry.pages;

import io.outcry.outage.Explanation;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

/** Numbers, times and durations as the pages say them, in English and French. */
final class Words {
    private Words() {}

    /** The usual count in words: "less than one" below 1, else "about n". */
    static String usual(Texts.In tx, double expected) {
        if (expected < 1) {
            return tx.t("usual.lessThanOne");
        }
        return tx.t("usual.about", "n", Explanation.usualFigure(expected, tx.fr() ? Locale.FRENCH : Locale.ENGLISH));
    }

    /** A count of people as a sentence starts with it: the number, or "Fewer than 5" when the API hides it. */
    static String people(Texts.In tx, Object observed) {
        return observed instanceof Number n ? String.valueOf(n.intValue()) : tx.t("count.fewer");
    }

    /** A count as a region's line gives it: the number, or "fewer than 5" when it is hidden. */
    static Object count(Texts.In tx, Integer observed) {
        return observed != null ? observed : tx.t("map.fewer");
    }

    static String time(Instant t) {
        return DateTimeFormatter.ofPattern("HH:mm 'UTC'").format(t.atOffset(ZoneOffset.UTC));
    }

    static String dateTime(Texts.In tx, Instant t) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(tx.fr() ? Locale.FRANCE : Locale.UK)
                .format(t.atOffset(ZoneOffset.UTC)) + " UTC";
    }

    /** "5 min", "2 h", "2 h 5 min": the same in English and French. */
    static String duration(Duration d) {
        long minutes = Math.max(1, Math.round(d.toSeconds() / 60.0));
        long h = minutes / 60;
        long m = minutes % 60;
        return h == 0 ? m + " min" : m == 0 ? h + " h" : h + " h " + m + " min";
    }

    /** About the width of a text in 11 px Verdana, plus padding: wide enough for every character drawn. */
    static int textWidth(String text) {
        return 12 + (int) Math.ceil(text.codePoints().map(c -> Character.isUpperCase(c) || c == 'm' || c == 'w'
                ? 9 : c == ' ' || c == 'i' || c == 'l' || c == '·' ? 4 : 7).sum());
    }
}
