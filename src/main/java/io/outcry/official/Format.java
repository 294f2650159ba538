package io.outcry.official;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The formats of official status sources the poller reads, and which URLs one page is read from. */
public enum Format {
    /** Atlassian Statuspage public API v2: the catalog names {@code /api/v2/summary.json}. */
    STATUSPAGE("statuspage"),
    RSS("rss"),
    ATOM("atom"),
    /** Google's status dashboards (Cloud, Workspace): {@code incidents.json}. */
    GOOGLE_CLOUD("google-cloud"),
    /** Slack's status API v2.0.0: {@code /api/v2.0.0/current}. */
    SLACK("slack");

    private final String label;

    Format(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Format of(String label) {
        for (Format f : values()) {
            if (f.label.equals(label.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown official status format '" + label + "'");
    }

    /**
     * The URLs one page is read from: the catalog's URL, and for Statuspage its {@code incidents.json} too, which
     * keeps resolved incidents with their resolution time (the summary lists only unresolved ones).
     */
    public List<String> urls(String page) {
        if (this == STATUSPAGE && page.endsWith("/summary.json")) {
            return List.of(page, page.substring(0, page.length() - "summary.json".length()) + "incidents.json");
        }
        return List.of(page);
    }

    /** Reads one answer of this format. */
    public Snapshot read(byte[] body, Instant now) throws Unreadable {
        return switch (this) {
            case STATUSPAGE -> StatuspageFormat.read(body);
            case RSS, ATOM -> FeedFormat.read(body, now);
            case GOOGLE_CLOUD -> GoogleFormat.read(body);
            case SLACK -> SlackFormat.read(body);
        };
    }

    /** Whether the URL is one this format may be read from: absolute HTTP(S), no user info. */
    static boolean acceptable(String url) {
        try {
            URI u = new URI(url);
            return ("https".equals(u.getScheme()) || "http".equals(u.getScheme())) && u.getHost() != null
                    && u.getUserInfo() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
