package io.outcry.official;

import java.time.Instant;

/**
 * Where the poller stands with one page: when it was last checked, last read, since when it fails (null while it
 * answers) and why, and the page's own overall word when it has one.
 */
public record PageState(String page, Format format, Instant checkedAt, Instant firstOkAt, Instant okAt,
        Instant failingSince, String error, String indicator, String description) {}
