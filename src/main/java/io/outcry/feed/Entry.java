package io.outcry.feed;

import io.outcry.outage.Outage;
import io.outcry.outage.OutageView;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One outage as a feed item, in one language: what JSON Feed and Atom both render.
 *
 * @param peak the outage's peak in the shape of the API's {@code peak}
 */
record Entry(
        Outage outage,
        String url,
        String title,
        String text,
        Instant published,
        Instant modified,
        List<String> tags,
        OutageView.Peak peak,
        Map<String, Object> annotations) {}
