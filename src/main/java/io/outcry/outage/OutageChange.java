package io.outcry.outage;

/** Something a subscriber (the live stream, webhooks) should hear about, after it was committed. */
public record OutageChange(Kind kind, Outage outage) {
    public enum Kind {
        OPENED,
        CONFIRMED,
        UPDATED,
        RESOLVED,
        DISMISSED
    }
}
