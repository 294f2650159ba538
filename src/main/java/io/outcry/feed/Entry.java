package io.outcry.feed;

import io.outcry.outage.Outage;
import java.time.Instant;
import java.util.List;

/** One outage as a feed item, in one language: what JSON Feed and Atom both render. */
record Entry(
        Outage outage,
        String url,
        String title,
        String text,
        Instant published,
        Instant modified,
        List<String> tags) {}
