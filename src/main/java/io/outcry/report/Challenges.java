package io.outcry.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.altcha.altcha.Altcha;

/**
 * Self-hosted proof-of-work challenges (ALTCHA): the client searches the number whose SHA-256 with the salt gives the
 * challenge, and sends it back signed by our HMAC key. Each challenge is accepted solved once until it expires.
 */
public final class Challenges {
    /** Long enough for a slow phone to solve, short enough that a stock of solutions goes stale. */
    static final long EXPIRES_SECONDS = 300;
    private static final int MAX_REMEMBERED = 200_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String hmacKey;
    private final long maxNumber;
    private final Clock clock;
    private final Map<String, Instant> used = new LinkedHashMap<>();

    /** An empty key makes a random one, so challenges of an earlier start are not accepted. */
    public Challenges(String hmacKey, long maxNumber, Clock clock) {
        this.hmacKey = hmacKey == null || hmacKey.isBlank() ? randomKey() : hmacKey;
        this.maxNumber = maxNumber;
        this.clock = clock;
    }

    /** A fresh challenge, as the ALTCHA widget and our own solver expect it. */
    public Altcha.Challenge issue() {
        try {
            return Altcha.createChallenge(new Altcha.ChallengeOptions()
                    .setAlgorithm(Altcha.Algorithm.SHA256)
                    .setMaxNumber(maxNumber)
                    .setHmacKey(hmacKey)
                    .setExpiresInSeconds(EXPIRES_SECONDS));
        } catch (Exception e) {
            throw new IllegalStateException("ALTCHA could not create a challenge", e);
        }
    }

    /** True once for a valid, unexpired solution (base64 JSON payload); false for anything else, never throws. */
    public boolean accept(String payload) {
        if (payload == null || payload.isBlank() || payload.length() > 2_000) {
            return false;
        }
        boolean valid;
        try {
            valid = Altcha.verifySolution(payload.trim(), hmacKey, true);
        } catch (Exception | StackOverflowError e) {
            return false;
        }
        String challenge = valid ? challengeOf(payload.trim()) : null;
        return challenge != null && firstUse(challenge);
    }

    /**
     * The challenge a payload solves, which is what is used once: the same solution with other spacing, key order or
     * base64 padding is the same solution. A challenge has a single number that solves it, and its signature binds it.
     */
    private static String challengeOf(String payload) {
        try {
            JsonNode node = JSON.readTree(Base64.getDecoder().decode(payload));
            String challenge = node.path("challenge").asText("");
            return challenge.isEmpty() ? null : challenge.toLowerCase(Locale.ROOT);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private synchronized boolean firstUse(String challenge) {
        Instant now = clock.instant();
        for (var it = used.values().iterator(); it.hasNext(); ) {
            if (!it.next().isBefore(now.minusSeconds(2 * EXPIRES_SECONDS))) {
                break; // in order of use: the rest are newer
            }
            it.remove();
        }
        if (used.containsKey(challenge)) {
            return false;
        }
        if (used.size() >= MAX_REMEMBERED) {
            used.remove(used.keySet().iterator().next());
        }
        used.put(challenge, now);
        return true;
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return HexFormat.of().formatHex(key);
    }
}
