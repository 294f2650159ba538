package io.outcry.web;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A JSON request body read into a record: the one place where a request's JSON becomes a typed value. JSON types are
 * taken as they are (a number is not a string, a string not a number, 5.5 not a whole number); what a request gets
 * wrong is answered as a problem: not JSON or not an object (400 malformed-body), a field the record does not have or
 * a value of the wrong type (400 naming the field, in the words the caller gives).
 */
public final class JsonBody {
    private static final ObjectMapper STRICT = strict();

    private JsonBody() {}

    /**
     * How a request type words its refusals, in its own messages.
     *
     * @param unknownField a field the request does not have, and the request's fields in their order
     * @param wrongType a value of the wrong JSON type, and whether it is an element of an array field
     */
    public record Refusals(BiFunction<String, List<String>, Problem> unknownField,
            BiFunction<String, Boolean, Problem> wrongType) {}

    /** The body as a {@code type}, or the problem that says what is wrong with it. */
    public static <T extends Record> T read(byte[] body, Class<T> type, Refusals refusals) {
        T value;
        try {
            value = STRICT.readValue(body, type);
        } catch (JacksonException e) {
            throw refused(e, type, refusals);
        } catch (IOException e) {
            throw Problem.malformed("The body could not be read.");
        }
        if (value == null) {
            throw Problem.malformed("The body must be a JSON object.");
        }
        return value;
    }

    /** A body read into a record, and the names of the fields it sent: a partial edit changes only those. */
    public record Sent<T>(T value, Set<String> fields) {}

    /** The body as a {@code type} with the fields it sent, or the problem that says what is wrong with it. */
    public static <T extends Record> Sent<T> readSent(byte[] body, Class<T> type, Refusals refusals) {
        try {
            JsonNode tree = STRICT.readTree(body);
            if (tree == null || !tree.isObject()) {
                throw Problem.malformed("The body must be a JSON object.");
            }
            Set<String> fields = new LinkedHashSet<>();
            tree.fieldNames().forEachRemaining(fields::add);
            return new Sent<>(STRICT.treeToValue(tree, type), Set.copyOf(fields));
        } catch (JacksonException e) {
            throw refused(e, type, refusals);
        } catch (IOException e) {
            throw Problem.malformed("The body could not be read.");
        }
    }

    private static Problem refused(JacksonException e, Class<? extends Record> type, Refusals refusals) {
        if (e instanceof UnrecognizedPropertyException u) {
            return refusals.unknownField().apply(u.getPropertyName(), fieldsOf(type));
        }
        // A value of the wrong type, or a whole number too large for its field, at a path; no path: not an object.
        if (e instanceof JsonMappingException m) {
            List<JsonMappingException.Reference> path = m.getPath();
            if (path.isEmpty() || path.getFirst().getFieldName() == null) {
                return Problem.malformed("The body must be a JSON object.");
            }
            return refusals.wrongType().apply(path.getFirst().getFieldName(), path.size() > 1);
        }
        return Problem.malformed("The body is not valid JSON: " + e.getOriginalMessage());
    }

    /** The fields of a request record, in their order. */
    public static List<String> fieldsOf(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(java.lang.reflect.RecordComponent::getName).toList();
    }

    /** Outcry's mapper, with every coercion between JSON types turned off. */
    private static ObjectMapper strict() {
        ObjectMapper mapper = Json.mapper();
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        for (LogicalType number : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(number).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        return mapper;
    }
}
