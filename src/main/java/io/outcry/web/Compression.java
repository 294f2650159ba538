package io.outcry.web;

import io.javalin.compression.CompressionStrategy;
import io.javalin.compression.Gzip;
import java.util.ArrayList;
import java.util.List;

/** How responses are compressed. */
public final class Compression {
    private Compression() {}

    /**
     * Gzip for every response large enough to gain from it, except live streams: a compressor buffers, and an event
     * held in a buffer is not live.
     */
    public static CompressionStrategy gzipButStreams() {
        CompressionStrategy gzip = new CompressionStrategy(null, new Gzip());
        List<String> excluded = new ArrayList<>(gzip.getExcludedMimeTypes());
        excluded.add("text/event-stream");
        gzip.setExcludedMimeTypes(excluded);
        return gzip;
    }
}
