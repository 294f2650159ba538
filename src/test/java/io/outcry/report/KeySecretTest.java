package io.outcry.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outcry.TestDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class KeySecretTest {
    @Test
    void a_single_node_makes_its_secret_once_readable_by_its_owner_only() throws Exception {
        Path dir = TestDirs.create("outcry-secret");
        byte[] first = KeySecret.load("", dir, false);
        assertTrue(first.length >= 32);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dir.resolve(KeySecret.FILE))));
        assertArrayEquals(first, KeySecret.load("", dir, false), "the same secret after a restart");
    }

    @Test
    void nodes_of_one_postgresql_database_must_be_given_the_secret() {
        Path dir = TestDirs.create("outcry-secret");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeySecret.load("", dir, true));
        assertTrue(e.getMessage().contains("OUTCRY_KEY_SECRET"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KeySecret.load("short", dir, true));
        assertEquals(40, KeySecret.load("x".repeat(40), dir, true).length);
    }
}
