package io.outcry.pages;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outcry.catalog.French;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The pages' texts in English and French, read from {@code web/texts.json}: the same file the scripts import, so a page
 * rendered here and the page its scripts keep live say the same words.
 */
public final class Texts {
    /** One section of the About page. */
    public record Section(String title, List<String> paragraphs, List<String> items) {}

    private record File(Map<String, String> en, Map<String, String> fr, Map<String, List<Section>> about) {}

    private final File file;

    private Texts(File file) {
        this.file = file;
    }

    public static Texts load(ObjectMapper json) {
        try (InputStream in = Texts.class.getResourceAsStream("/web/texts.json")) {
            if (in == null) {
                throw new IllegalStateException("missing /web/texts.json on the classpath");
            }
            return new Texts(json.copy()
                    .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .readValue(in, new TypeReference<File>() {}));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** French "de" before a name, with its article and elision: "d’Amazon", "de Free", "du Crédit Agricole". */
    static String de(String name) {
        return French.of(name);
    }

    /** The texts of one language, as templates use them. */
    public In in(String lang) {
        return new In(lang);
    }

    public final class In {
        private final String lang;

        private In(String lang) {
            this.lang = lang;
        }

        public String lang() {
            return lang;
        }

        public boolean fr() {
            return "fr".equals(lang);
        }

        /**
         * The text of {@code key} with its {@code {name}} placeholders filled from pairs of name and value;
         * {@code {de:name}} and {@code {in:name}} put a service's name in a French sentence.
         */
        public String t(String key, Object... pairs) {
            String s = ("fr".equals(lang) ? file.fr() : file.en()).get(key);
            if (s == null) {
                s = file.en().getOrDefault(key, key);
            }
            for (int i = 0; i + 1 < pairs.length; i += 2) {
                String value = String.valueOf(pairs[i + 1]);
                // {in:name}: the name inside a French sentence, with its article ("avec le Crédit Agricole").
                s = s.replace("{" + pairs[i] + "}", value).replace("{de:" + pairs[i] + "}", de(value))
                        .replace("{in:" + pairs[i] + "}", fr() ? French.named(value) : value);
            }
            return s;
        }

        /** Picks this language from an {@code {en, fr}} map sent by the API. */
        public String pick(Object both) {
            if (both instanceof Map<?, ?> m) {
                Object v = m.get(lang);
                return String.valueOf(v != null ? v : m.get("en"));
            }
            return both == null ? "" : String.valueOf(both);
        }

        public List<Section> about() {
            return file.about().get(lang);
        }
    }
}
