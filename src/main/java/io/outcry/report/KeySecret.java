package io.outcry.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The secret the reporter keys' daily salt is derived with, kept out of the database: {@code OUTCRY_KEY_SECRET}, the
 * same on every node of one database; or, for a single node on H2, 32 random bytes in {@code DATA_DIR/key-secret},
 * made on first start and readable by its owner only.
 */
public final class KeySecret {
    static final String FILE = "key-secret";
    private static final int MIN_LENGTH = 32;

    private KeySecret() {}

    /** The configured secret, or the data folder's (made if missing) when the database is the node's own. */
    public static byte[] load(String configured, Path dataDir, boolean sharedDatabase) {
        if (!configured.isEmpty()) {
            if (configured.length() < MIN_LENGTH) {
                throw new IllegalArgumentException("OUTCRY_KEY_SECRET must be at least " + MIN_LENGTH
                        + " characters (e.g. openssl rand -hex 32)");
            }
            return configured.getBytes(StandardCharsets.UTF_8);
        }
        if (sharedDatabase) {
            throw new IllegalArgumentException("OUTCRY_KEY_SECRET must be set, to the same value on every node of one"
                    + " PostgreSQL database (e.g. openssl rand -hex 32): each node would otherwise key one person"
                    + " differently.");
        }
        Path file = dataDir.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dataDir);
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                Path temporary = Files.createTempFile(dataDir, FILE, ".new");
                ownerOnly(temporary);
                Files.writeString(temporary, HexFormat.of().formatHex(secret));
                try {
                    Files.move(temporary, file); // atomic: a crash never leaves a half-written secret
                } catch (FileAlreadyExistsException raced) {
                    Files.delete(temporary);
                }
            }
            String hex = Files.readString(file).strip();
            if (hex.length() < MIN_LENGTH) {
                throw new IllegalStateException("The key secret " + file.toAbsolutePath() + " is cut short: restore"
                        + " it from a backup, or delete it (today's reporter keys then change).");
            }
            return hex.getBytes(StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or make the key secret " + file, e);
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // the folder's own permissions then protect it
        }
    }
}
