package io.outcry.feed;

import io.javalin.http.Context;
import io.outcry.web.Problem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The bearer token of the admin API ({@code OUTCRY_ADMIN_TOKEN}). Without one configured the admin API does not
 * exist (404); a missing or malformed Authorization header is 401 with a Bearer challenge, a wrong token 403. Tokens
 * are compared in constant time over their hashes and never logged.
 */
final class AdminToken {
    private final byte[] expectedHash;

    AdminToken(String token) {
        this.expectedHash = token == null || token.isBlank() ? null : sha256(token);
    }

    void check(Context ctx) {
        if (expectedHash == null) {
            throw Problem.notFound("No resource at " + ctx.path());
        }
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"outcry-admin\"");
            throw Problem.of(401, "unauthorized", "Unauthorized", "The admin API needs Authorization: Bearer <token>.");
        }
        if (!MessageDigest.isEqual(expectedHash, sha256(header.substring(7).trim()))) {
            throw Problem.of(403, "forbidden", "Forbidden", "This token does not open the admin API.");
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
