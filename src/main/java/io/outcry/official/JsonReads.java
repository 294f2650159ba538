package io.outcry.official;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Reading JSON answers of status sources: a tree, times, strings; anything malformed is {@link Unreadable}. */
final class JsonReads {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonReads() {}

    static JsonNode tree(byte[] body) throws Unreadable {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new Unreadable("empty answer");
            }
            return node;
        } catch (JacksonException e) {
            throw new Unreadable("invalid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new Unreadable("unreadable JSON", e);
        }
    }

    /** The answer as a JSON object that has {@code field}, or unreadable as not a {@code format} answer. */
    static JsonNode object(byte[] body, String field, String format) throws Unreadable {
        JsonNode root = tree(body);
        if (!root.isObject() || !root.has(field)) {
            throw new Unreadable("not a " + format + " answer: no '" + field + "'");
        }
        return root;
    }

    /**
     * An incident's updates, earliest first: each at its {@code atField}, else its {@code createdField} (then
     * required), with its status and its text in {@code textField}; none when {@code list} is not a list.
     */
    static List<OfficialIncident.Update> updates(JsonNode list, String atField, String createdField, String textField)
            throws Unreadable {
        List<OfficialIncident.Update> updates = new ArrayList<>();
        if (list != null && list.isArray()) {
            for (JsonNode u : list) {
                Instant at = time(u.get(atField));
                updates.add(new OfficialIncident.Update(at != null ? at : requiredTime(u, createdField),
                        textOr(u, "status", ""), textOr(u, textField, "")));
            }
        }
        updates.sort((a, b) -> a.at().compareTo(b.at()));
        return updates;
    }

    /** An ISO-8601 time with an offset, or null when absent or empty. */
    static Instant time(JsonNode node) throws Unreadable {
        if (node == null || node.isNull() || node.isMissingNode() || node.asText().isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(node.asText()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(node.asText());
            } catch (DateTimeParseException again) {
                throw new Unreadable("not a time: '" + node.asText() + "'");
            }
        }
    }

    static Instant requiredTime(JsonNode node, String field) throws Unreadable {
        Instant t = time(node.get(field));
        if (t == null) {
            throw new Unreadable("'" + field + "' is missing");
        }
        return t;
    }

    static String text(JsonNode node, String field) throws Unreadable {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || !v.isValueNode()) {
            throw new Unreadable("'" + field + "' is missing");
        }
        return v.asText();
    }

    static String textOr(JsonNode node, String field, String fallback) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? fallback : v.asText();
    }

    static List<String> names(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            for (JsonNode n : array) {
                String name = n.isValueNode() ? n.asText() : textOr(n, field, null);
                if (name != null && !name.isBlank()) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    static JsonNode array(JsonNode node, String field) throws Unreadable {
        JsonNode v = node.get(field);
        if (v == null || !v.isArray()) {
            throw new Unreadable("'" + field + "' is not a list");
        }
        return v;
    }
}
