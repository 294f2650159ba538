package io.outcry.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outcry.TestDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A node is ready only while the disk of its database has room ({@code bench/full-disk.sh} fills a real one). */
class DiskRoomTest {
    @Test
    void has_room_while_the_disk_has_the_minimum_free_and_not_below() throws Exception {
        Path dir = TestDirs.create("outcry-disk-room");
        long free = Files.getFileStore(dir).getUsableSpace();
        assertTrue(DiskRoom.of(dir, 0).enough());
        assertTrue(DiskRoom.of(dir, free / 2).enough());
        assertFalse(DiskRoom.of(dir, free + (1L << 40)).enough(), "a disk with less than the minimum free");
    }

}
