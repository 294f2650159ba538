package io.outcry.official;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The official sources the catalog names: each service's {@code "official": {"url", "format", "components"}} in
 * {@code db/seed/catalog.json}. The poller reads these URLs and no others.
 */
public final class OfficialSources {
    private OfficialSources() {}

    public static List<OfficialSource> fromCatalog(ObjectMapper json) {
        try (InputStream in = OfficialSources.class.getResourceAsStream("/db/seed/catalog.json")) {
            if (in == null) {
                throw new IllegalStateException("db/seed/catalog.json is missing from the classpath");
            }
            return of(json.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<OfficialSource> of(JsonNode catalog) {
        List<OfficialSource> out = new ArrayList<>();
        for (JsonNode s : catalog.path("services")) {
            JsonNode o = s.path("official");
            if (o.isMissingNode() || o.isNull()) {
                continue;
            }
            String url = o.path("url").asText();
            if (!Format.acceptable(url) || url.length() > 300) {
                throw new IllegalStateException("service " + s.path("slug").asText() + ": bad official url " + url);
            }
            List<String> components = new ArrayList<>();
            o.path("components").forEach(c -> components.add(c.asText()));
            out.add(new OfficialSource(s.path("slug").asText(), url, Format.of(o.path("format").asText()),
                    List.copyOf(components)));
        }
        return out;
    }
}
