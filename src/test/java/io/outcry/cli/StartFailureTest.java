package io.outcry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outcry.TestNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator reads when {@code serve} cannot start: one sentence that says what to change, and exit code 1,
 * never a stack trace for the usual mistakes. Each case is a {@code serve} in a JVM of its own, as run by hand.
 */
@Tag("slow")
class StartFailureTest {
    @TempDir
    Path dir;

    /** What a {@code serve} printed (standard output and error together) and its exit code. */
    private record Exit(int code, String output) {}

    private static Exit serve(Map<String, String> env) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.outcry.cli.Main", "serve").redirectErrorStream(true);
        pb.environment().put("OUTCRY_OFFICIAL_STATUS", "false");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        return new Exit(p.exitValue(), out);
    }

    private static void assertOneSentence(Exit e, String sentence) {
        assertOneSentence(e, sentence, 1);
    }

    private static void assertOneSentence(Exit e, String sentence, int code) {
        assertEquals(code, e.code(), e.output());
        assertTrue(e.output().contains("Outcry could not start: " + sentence), e.output());
        assertFalse(e.output().contains("\tat "), "no stack trace: " + e.output());
    }

    @Test
    void a_second_node_on_the_same_folder_or_port_says_what_to_change() throws Exception {
        try (TestNode running = TestNode.fresh()) {
            Path folder = running.config.dataDir();
            assertOneSentence(serve(Map.of("OUTCRY_DATA_DIR", folder.toString(), "OUTCRY_PORT", "0")),
                    "the database in " + folder.toAbsolutePath() + " is in use by another program");
            int port = running.app.port();
            assertOneSentence(serve(Map.of("OUTCRY_DATA_DIR", dir.toString(), "OUTCRY_PORT", String.valueOf(port))),
                    "port " + port + " is in use by another program");
        }
    }

    @Test
    void a_database_that_cannot_be_reached_or_is_damaged_or_a_folder_that_cannot_be_made_is_named() throws Exception {
        assertOneSentence(serve(Map.of("OUTCRY_DATA_DIR", dir.toString(), "OUTCRY_PORT", "0",
                        "OUTCRY_DB_URL", "jdbc:postgresql://127.0.0.1:1/outcry",
                        "OUTCRY_KEY_SECRET", "0123456789abcdef".repeat(4))),
                "cannot reach the database at jdbc:postgresql://127.0.0.1:1/outcry: ");
        assertOneSentence(serve(Map.of("OUTCRY_DATA_DIR", dir.toString(), "OUTCRY_PORT", "0",
                        "OUTCRY_DB_URL", "jdbc:postgresql://127.0.0.1:1/outcry", "OUTCRY_KEY_SECRET", "short")),
                "OUTCRY_KEY_SECRET must be at least 32 characters", 2);
        Path damaged = Files.createDirectories(dir.resolve("damaged"));
        Files.write(damaged.resolve("outcry.mv.db"), new byte[64 * 1024]);
        Files.writeString(damaged.resolve("outcry.set-up"), "");
        assertOneSentence(serve(Map.of("OUTCRY_DATA_DIR", damaged.toString(), "OUTCRY_PORT", "0")),
                "the database file in " + damaged.toAbsolutePath() + " is damaged");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.write(empty.resolve("outcry.mv.db"), new byte[0]);
        Files.writeString(empty.resolve("outcry.set-up"), "");
        assertOneSentence(serve(Map.of("OUTCRY_DATA_DIR", empty.toString(), "OUTCRY_PORT", "0")),
                "the database file " + empty.resolve("outcry.mv.db").toAbsolutePath() + " is empty (0 bytes)");
        Path file = dir.resolve("a-file");
        Files.writeString(file, "");
        assertOneSentence(serve(Map.of("OUTCRY_DATA_DIR", file.resolve("data").toString(), "OUTCRY_PORT", "0")),
                "cannot use ");
    }
}
