package io.outcry.feed;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Outcry-Signature} header of webhook deliveries: {@code t=<unix seconds>,v1=<hex HMAC-SHA256>} where the
 * HMAC is keyed with the webhook's secret over {@code t + "." + body}. A receiver recomputes it over the raw body,
 * compares in constant time, and rejects a {@code t} older than five minutes so a captured delivery cannot be
 * replayed later. Retries are signed afresh with their own {@code t}.
 */
public final class Signature {
    public static final String HEADER = "Outcry-Signature";
    /** How old a signed delivery a receiver should still accept. */
    public static final long TOLERANCE_SECONDS = 300;

    private Signature() {}

    public static String header(String secret, long unixSeconds, byte[] body) {
        return "t=" + unixSeconds + ",v1=" + hmac(secret, unixSeconds, body);
    }

    /** What a receiver does: true when the header is well formed, fresh and made with this secret over this body. */
    public static boolean verify(String header, String secret, byte[] body, long nowUnixSeconds) {
        if (header == null) {
            return false;
        }
        Long t = null;
        String v1 = null;
        for (String part : header.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length == 2 && kv[0].equals("t") && kv[1].matches("\\d{1,12}")) {
                t = Long.parseLong(kv[1]);
            } else if (kv.length == 2 && kv[0].equals("v1")) {
                v1 = kv[1];
            }
        }
        if (t == null || v1 == null || Math.abs(nowUnixSeconds - t) > TOLERANCE_SECONDS) {
            return false;
        }
        return MessageDigest.isEqual(hmac(secret, t, body).getBytes(StandardCharsets.US_ASCII),
                v1.getBytes(StandardCharsets.US_ASCII));
    }

    static String hmac(String secret, long unixSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
