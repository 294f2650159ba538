package io.outcry.report;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Pseudonymous keys for dedupe and rate limits: HMAC-SHA256 of a client's address and user agent, or of its network,
 * under a key of the day, so keys cannot be linked across days or reversed into addresses. IPv6 counts a /64 (one
 * customer's LAN, where a device picks any address it likes) as one address and a /48 (one site, which may hold 65,536
 * /64s) as one network, as IPv4 counts an address and a /24.
 *
 * <p>The key of the day is HMAC-SHA256 of a random salt of the day under the node secret ({@link KeySecret}). The salt
 * is shared by all nodes through the database (the first node of the day draws it; it is deleted the day after next),
 * so one person who reaches two nodes gets one key; the secret is never in the database. The database alone therefore
 * maps no key back to an address (every /24 would have to be tried under every secret); the database and the secret
 * together map today's and yesterday's keys back, as the salts of earlier days are gone.
 */
public final class ReporterKeys {
    private final Clock clock;
    private final SaltStore salts;
    private final byte[] secret;
    private final SecureRandom random = new SecureRandom();
    private volatile Salt salt;

    /** One day's salt and the MACs already keyed with it, reused because keying a MAC costs more than using it. */
    private record Salt(LocalDate day, byte[] bytes, Queue<Mac> macs) {}

    public ReporterKeys(Clock clock, SaltStore salts, byte[] secret) {
        this.clock = clock;
        this.salts = salts;
        this.secret = secret.clone();
    }

    /** The key of one person: their address (for IPv6 its /64) and user agent. */
    public String reporter(InetAddress client, String userAgent) {
        byte[] ua = (userAgent == null ? "" : userAgent).getBytes(StandardCharsets.UTF_8);
        byte[] address = client.getAddress();
        return hmac(concat(new byte[] {'r'}, client instanceof Inet4Address ? address : Arrays.copyOf(address, 8), ua));
    }

    /** The key of the network the person is on: /24 for IPv4, /48 for IPv6. */
    public String subnet(InetAddress client) {
        byte[] address = client.getAddress();
        int keep = client instanceof Inet4Address ? 3 : 6;
        return hmac(concat(new byte[] {'s'}, Arrays.copyOf(address, keep)));
    }

    private Salt currentSalt() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Salt s = salt;
        if (s == null || !today.equals(s.day())) {
            synchronized (this) {
                s = salt;
                if (s == null || !today.equals(s.day())) {
                    byte[] candidate = new byte[32];
                    random.nextBytes(candidate);
                    // The first node of the day stores its candidate; every node then uses the stored one.
                    byte[] shared = HexFormat.of().parseHex(salts.saltOf(today, HexFormat.of().formatHex(candidate)));
                    s = new Salt(today, mac(secret, shared), new ConcurrentLinkedQueue<>());
                    salt = s;
                }
            }
        }
        return s;
    }

    /** HMAC-SHA256 of {@code message} under {@code key}. */
    private static byte[] mac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private String hmac(byte[] message) {
        Salt s = currentSalt();
        Mac mac = s.macs().poll();
        try {
            if (mac == null) {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(s.bytes(), "HmacSHA256"));
            }
            String key = HexFormat.of().formatHex(mac.doFinal(message), 0, 16);
            s.macs().offer(mac); // doFinal reset it; a MAC of yesterday's salt is dropped with its Salt
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length + 1;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length + 1; // a zero byte between parts keeps them unambiguous
        }
        return out;
    }
}
