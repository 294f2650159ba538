package io.outcry.web;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the disk that holds the database has room to store reports. A full disk fails writes while reads still
 * work; the database may even take a few reports into free pages of its own file, then fail again, so a write that
 * worked says little: the free space of the disk is what a node is ready by.
 */
public final class DiskRoom {
    /** Below this much free space a node says it is not ready: the database grows by pages of a few megabytes. */
    public static final long MIN_BYTES = 16L << 20;

    private final FileStore store;
    private final long minBytes;

    private DiskRoom(FileStore store, long minBytes) {
        this.store = store;
        this.minBytes = minBytes;
    }

    /** The disk of {@code dir} (made if missing), with room when at least {@code minBytes} are free. */
    public static DiskRoom of(Path dir, long minBytes) {
        try {
            Files.createDirectories(dir);
            return new DiskRoom(Files.getFileStore(dir), minBytes);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the disk of " + dir, e);
        }
    }

    /** True while the disk has at least the minimum free; false if it cannot say. */
    public boolean enough() {
        try {
            return store.getUsableSpace() >= minBytes;
        } catch (IOException e) {
            return false;
        }
    }
}
