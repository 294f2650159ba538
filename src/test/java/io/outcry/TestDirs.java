package io.outcry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Temporary folders for tests (node data, browser profiles), deleted after the test class that made them: an H2 file
 * that many quick commits went through is hundreds of megabytes, and a whole run's would fill a small disk. Registered
 * for every class by {@code META-INF/services} and {@code junit-platform.properties}.
 */
public final class TestDirs implements AfterAllCallback {
    private static final List<Path> made = new CopyOnWriteArrayList<>();

    public static Path create(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            made.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getRequiredTestClass().getEnclosingClass() != null) {
            return; // a nested class: its outer class may still use the folders
        }
        for (Path dir : made) {
            made.remove(dir);
            if (!delete(dir)) {
                // A browser still writing its profile as it quits: try again when the test JVM ends.
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            }
        }
    }

    /** Deletes a folder and everything in it; false if something could not be deleted. */
    public static boolean delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
            return true;
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }
}
