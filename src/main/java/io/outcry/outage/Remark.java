package io.outcry.outage;

import java.util.Map;

/**
 * An extra field of an outage that says something of it from elsewhere (what the company's status page said): a
 * sentence by language, which a feed reads after the outage's own explanation.
 */
public interface Remark {
    /** The sentence, {@code en} and {@code fr}. */
    Map<String, String> sentence();
}
