package io.outcry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outcry.Config;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command line's words: help, an unknown command, a bad option of serve; none of them starts a node. */
class CliTest {
    /** What a run printed and returned. */
    private record Run(int code, String out, String err) {}

    private static Run run(String... args) throws InterruptedException {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void help_names_every_command_and_every_variable_with_its_default() throws InterruptedException {
        for (String word : new String[] {"--help", "-h", "help"}) {
            Run r = run(word);
            assertEquals(0, r.code(), word);
            assertTrue(r.out().contains("java -jar outcry.jar serve [--demo] [--port N]"), r.out());
            assertTrue(r.out().contains("java -jar outcry.jar replay --reports FILE.csv"), r.out());
            assertTrue(r.out().endsWith(Config.HELP.indent(2)), "the variables close the help: " + r.out());
        }
    }

    @Test
    void an_unknown_command_or_a_bad_option_of_serve_is_exit_code_2_and_points_to_help() throws InterruptedException {
        Run unknown = run("server");
        assertEquals(2, unknown.code());
        assertEquals("Unknown command 'server'. Try --help." + System.lineSeparator(), unknown.err());
        Run option = run("serve", "--bogus");
        assertEquals(2, option.code());
        assertEquals("Unknown option '--bogus' of serve. Try --help." + System.lineSeparator(), option.err());
        Run port = run("serve", "--port", "seventy");
        assertEquals(2, port.code());
        assertTrue(port.err().endsWith(" Try --help." + System.lineSeparator()), port.err());
        assertEquals("", option.out() + port.out() + unknown.out());
        for (String[] args : new String[][] {
                {"serve", "--port"}, {"serve", "--port", "70000"}, {"serve", "--port", "-5"}}) {
            Run r = run(args);
            assertEquals(2, r.code(), r.err());
            assertEquals("--port needs a number from 0 (any free port) to 65535. Try --help." + System.lineSeparator(),
                    r.err());
        }
    }
}
