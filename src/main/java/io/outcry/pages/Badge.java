package io.outcry.pages;

import io.outcry.outage.Breakdown;
import java.util.Map;

/** What the badge of a service says: its state and a count, in words, with its colour and the widths to draw it. */
final class Badge {
    private Badge() {}

    /** The parameters of {@code badge.jte} for one service's status. */
    static Map<String, Object> of(Texts.In tx, String serviceName, PageController.Status s) {
        String value = tx.t("state." + s.badge()) + (s.troubled() ? " · " + count(tx, s) : "");
        String colour = switch (s.badge()) {
            case "outage" -> "#b91c1c";
            case "possible", "regional" -> "#92400e";
            default -> "#15803d";
        };
        return Map.of("label", serviceName, "value", value, "colour", colour,
                "labelWidth", Words.textWidth(serviceName), "valueWidth", Words.textWidth(value));
    }

    /** The world's reports; with problems in some areas only, the first area's own, named. */
    private static String count(Texts.In tx, PageController.Status s) {
        if (!"ok".equals(s.state()) || s.regionalOutages().isEmpty()) {
            return tx.t("badge.reports", "n", Words.people(tx, s.observed()));
        }
        Breakdown.Area.Shown area = s.regionalOutages().get(0);
        return tx.pick(area.name()) + " · " + tx.t("badge.reports", "n", Words.people(tx, area.observed()));
    }
}
