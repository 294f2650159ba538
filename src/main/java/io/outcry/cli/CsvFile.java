package io.outcry.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;

/**
 * Reads an export given on the command line, separated by commas, semicolons or tabs, and says in plain words why a
 * file cannot be read: a missing file, a folder, bytes that are not UTF-8 (with the line they are on), a quote that is
 * never closed. An operator's export must get an answer, never a stack trace.
 */
final class CsvFile {
    /** Parses the text of a file; may throw {@link IllegalArgumentException} naming a line. */
    interface Parser<T> {
        T parse(Reader in) throws IOException;
    }

    /** How much of the first line is read to tell its separator. */
    private static final int FIRST_LINE_READ = 4096;

    private CsvFile() {}

    /** @throws IllegalArgumentException with a message that starts with the file's name */
    static <T> T read(Path file, Parser<T> parser) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + " is a folder, not a CSV file");
        }
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parser.parse(in);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) { // how Commons CSV's record iterator reports what it could not read
            throw new IllegalArgumentException(why(file, e.getCause()), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(why(file, e), e);
        }
    }

    /**
     * The records of a CSV text, separated as its first line is: by commas, semicolons (what spreadsheets write where
     * the comma is the decimal mark) or tabs, whichever it has most of outside quotes. Empty lines are skipped and
     * fields trimmed.
     */
    static CSVParser records(Reader in) throws IOException {
        BufferedReader text = in instanceof BufferedReader b ? b : new BufferedReader(in);
        text.mark(FIRST_LINE_READ + 1);
        StringBuilder first = new StringBuilder();
        for (int c = text.read(); c != -1 && c != '\n' && first.length() < FIRST_LINE_READ; c = text.read()) {
            first.append((char) c);
        }
        text.reset();
        return CSVFormat.DEFAULT.builder().setDelimiter(delimiterOf(first)).setIgnoreEmptyLines(true).setTrim(true)
                .get().parse(text);
    }

    /** The separator found most often outside quotes in the line, of comma, semicolon and tab; a comma if none. */
    private static char delimiterOf(CharSequence line) {
        int commas = 0;
        int semicolons = 0;
        int tabs = 0;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            switch (line.charAt(i)) {
                case '"' -> quoted = !quoted;
                case ',' -> commas += quoted ? 0 : 1;
                case ';' -> semicolons += quoted ? 0 : 1;
                case '\t' -> tabs += quoted ? 0 : 1;
                default -> { }
            }
        }
        return tabs > Math.max(commas, semicolons) ? '\t' : semicolons > commas ? ';' : ',';
    }

    private static String why(Path file, IOException e) {
        return switch (e) {
            case NoSuchFileException x -> file + ": no such file";
            case AccessDeniedException x -> file + ": permission denied";
            case CharacterCodingException x -> file + ": " + notUtf8(file) + " (save the export as UTF-8)";
            case CSVException x -> file + ": not valid CSV: " + x.getMessage();
            default -> file + ": " + e.getMessage();
        };
    }

    /** Which line's bytes are not UTF-8: the first such. */
    private static String notUtf8(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            long line = 1;
            int start = 0;
            for (int i = 0; i <= bytes.length; i++) {
                if (i == bytes.length || bytes[i] == '\n') {
                    try {
                        StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, start, i - start));
                    } catch (CharacterCodingException bad) {
                        return "line " + line + " is not UTF-8 text";
                    }
                    line++;
                    start = i + 1;
                }
            }
        } catch (IOException e) {
            // the file changed or went away since: say what was found when it was read
        }
        return "it is not UTF-8 text";
    }
}
