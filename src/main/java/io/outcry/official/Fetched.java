package io.outcry.official;

import java.time.Duration;

/** What one conditional GET of a source gave. */
public sealed interface Fetched {
    /** A new answer, with the validators to send next time. */
    record Body(byte[] bytes, String etag, String lastModified) implements Fetched {}

    /** {@code 304 Not Modified}: the last answer still holds. */
    record NotModified() implements Fetched {}

    /**
     * No usable answer; {@code retryAfter} is set when the host asked for less (429, 503): what its Retry-After said,
     * or zero when it said no time; null for any other failure.
     *
     * @param reason a short sentence for the operator, without the body
     */
    record Failed(String reason, Duration retryAfter) implements Fetched {}
}
