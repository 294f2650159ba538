package io.outcry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The code stays readable by a stranger: no class over {@value #MAX_CLASS_LINES} lines, no method or constructor over
 * {@value #MAX_METHOD_LINES} lines (from its declaration to its closing brace, Javadoc not counted), and no import
 * cycle between packages, all read from {@code src/main/java} as text.
 */
class SourceShapeTest {
    static final int MAX_CLASS_LINES = 400;
    static final int MAX_METHOD_LINES = 60;
    private static final Path MAIN = Path.of("src/main/java");
    private static final String ROOT = "io.outcry";
    /** A block's header that declares a method or constructor: a name, its parameters, perhaps what it throws. */
    private static final Pattern METHOD = Pattern.compile("(\\w+)\\s*\\([^;]*\\)\\s*(throws\\s+[\\w.,\\s]+)?$");
    private static final Set<String> NOT_METHODS = Set.of("if", "for", "while", "switch", "catch", "synchronized",
            "try", "return", "new", "else");
    /** Headers of blocks that are not methods though they end in parentheses: types, anonymous classes. */
    private static final Pattern NOT_A_METHOD = Pattern.compile("\\b(record|class|enum|interface|new)\\s+[A-Z]");
    private static final Pattern REFERENCE =
            Pattern.compile("\\b" + Pattern.quote(ROOT) + "((?:\\.[a-z]\\w*)*)\\.[A-Z]");

    @Test
    void no_class_is_over_400_lines() {
        List<String> over = new ArrayList<>();
        for (Path file : sources()) {
            int lines = read(file).split("\n", -1).length - 1;
            if (lines > MAX_CLASS_LINES) {
                over.add(MAIN.relativize(file) + " " + lines);
            }
        }
        assertEquals(List.of(), over, "classes over " + MAX_CLASS_LINES + " lines");
    }

    @Test
    void no_method_is_over_60_lines() {
        List<String> over = new ArrayList<>();
        for (Path file : sources()) {
            methods(code(read(file))).forEach((nameAndLine, lines) -> {
                if (lines > MAX_METHOD_LINES) {
                    String method = MAIN.relativize(file) + " " + nameAndLine.substring(0, nameAndLine.indexOf(':'));
                    over.add(method + " (line " + nameAndLine.substring(nameAndLine.indexOf(':') + 1) + ") " + lines);
                }
            });
        }
        assertEquals(List.of(), over, "methods over " + MAX_METHOD_LINES + " lines");
    }

    @Test
    void no_two_packages_import_each_other_even_through_others() {
        Map<String, Set<String>> imports = new TreeMap<>();
        for (Path file : sources()) {
            String from = packageOf(file);
            Set<String> to = imports.computeIfAbsent(from, k -> new TreeSet<>());
            Matcher m = REFERENCE.matcher(code(read(file)));
            while (m.find()) {
                String target = ROOT + m.group(1);
                if (!target.equals(from)) {
                    to.add(target);
                }
            }
        }
        assertEquals(List.of(), cycles(imports), "packages in an import cycle");
    }

    /** Each method and constructor by its name and first line, with its length in lines. */
    static Map<String, Integer> methods(String code) {
        Map<String, Integer> out = new TreeMap<>();
        Deque<Integer> opened = new ArrayDeque<>();
        Deque<String> names = new ArrayDeque<>();
        int headerStart = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '{') {
                String header = code.substring(headerStart, i).strip();
                Matcher m = METHOD.matcher(header);
                boolean method = m.find() && !NOT_METHODS.contains(m.group(1)) && !header.contains("->")
                        && !header.contains("=") && !NOT_A_METHOD.matcher(header).find();
                opened.push(method ? lineOf(code, headerStart + code.substring(headerStart, i).indexOf(header)) : -1);
                names.push(method ? m.group(1) : "");
                headerStart = i + 1;
            } else if (c == '}') {
                int start = opened.isEmpty() ? -1 : opened.pop();
                String name = names.isEmpty() ? "" : names.pop();
                if (start >= 0) {
                    out.put(name + ":" + start, lineOf(code, i) - start + 1);
                }
                headerStart = i + 1;
            } else if (c == ';') {
                headerStart = i + 1;
            }
        }
        return out;
    }

    /** The strongly connected groups of more than one package (Tarjan), each as its sorted names. */
    static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        List<Set<String>> out = new ArrayList<>();
        for (String node : graph.keySet()) {
            if (!index.containsKey(node)) {
                connect(node, graph, index, low, stack, out);
            }
        }
        return out;
    }

    private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, List<Set<String>> out) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, out);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (stack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> group = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                group.add(w);
            } while (!w.equals(v));
            if (group.size() > 1) {
                out.add(group);
            }
        }
    }

    /** The source with comments, strings, text blocks and characters blanked out, its lines kept. */
    static String code(String source) {
        StringBuilder b = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            String end = source.startsWith("//", i) ? "\n" : source.startsWith("/*", i) ? "*/"
                    : source.startsWith("\"\"\"", i) ? "\"\"\"" : source.charAt(i) == '"' ? "\""
                    : source.charAt(i) == '\'' ? "'" : null;
            if (end == null) {
                b.append(source.charAt(i++));
                continue;
            }
            int from = i;
            i += end.equals("\n") || end.equals("*/") ? 2 : end.length(); // past the opening
            while (i < source.length() && !source.startsWith(end, i)) {
                i += source.charAt(i) == '\\' && !end.equals("\n") && !end.equals("*/") ? 2 : 1;
            }
            i = Math.min(source.length(), i + (end.equals("\n") ? 0 : end.length()));
            source.substring(from, i).chars().forEach(c -> b.append(c == '\n' ? '\n' : ' '));
        }
        return b.toString();
    }

    private static int lineOf(String code, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (code.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String packageOf(Path file) {
        return MAIN.relativize(file.getParent()).toString().replace('/', '.');
    }

    private static List<Path> sources() {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
