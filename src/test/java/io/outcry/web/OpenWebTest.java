package io.outcry.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outcry.Client.Answer;
import io.outcry.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What any client on the open web may send gets a 4xx that says what was wrong, never a 500 or a hang. */
class OpenWebTest {
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.fresh();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=latin-1", "application/json;charset=no-such-charset",
        "application/x-www-form-urlencoded; charset=latin-1", "application/json; charset=\"\""})
    void refuses_a_charset_it_cannot_read_with_415(String contentType) {
        String body = contentType.contains("json") ? "{\"service\":\"chatgpt\"}" : "service=chatgpt";
        Answer a = node.client.post("/api/v1/reports", contentType, body);
        assertEquals(415, a.status(), a.body());
        assertTrue(a.header("Content-Type").startsWith("application/problem+json"), a.header("Content-Type"));
        assertTrue(a.body().contains("charset"), a.body());
    }

    @Test
    void reads_utf_8_named_any_way() {
        Answer a = node.client.post("/api/v1/reports", "application/json; charset=UTF-8", "{\"service\":\"chatgpt\"}");
        assertEquals(201, a.status(), a.body());
    }
}
