package io.outcry.push;

import io.outcry.web.PublicTarget;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One Web Push message, as RFC 8030 sends it: the payload encrypted for the subscriber (RFC 8291, {@code aes128gcm}:
 * ECDH on P-256, HKDF-SHA-256, AES-128-GCM) and the sender identified by a VAPID token (RFC 8292, an ES256 JWT).
 * Everything is in the JDK.
 */
public final class WebPush {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();
    private static final int RECORD_SIZE = 4096;
    private static final ECParameterSpec P256 = newKeyPair().getPublic() instanceof ECPublicKey k ? k.getParams() : null;

    private final KeyPair vapid;
    private final String subject;
    private final PublicTarget endpoints;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param subject how the push service can reach the operator: a {@code mailto:} or {@code https:} URL
     * @param allowPrivate subscriptions may name loopback, private and link-local addresses
     */
    public WebPush(KeyPair vapid, String subject, boolean allowPrivate) {
        this.vapid = vapid;
        this.subject = subject;
        this.endpoints = new PublicTarget(allowPrivate, "subscription.endpoint", "push notifications");
    }

    /**
     * Why the node will not send to this endpoint, or null when it will. Anyone may subscribe, so an endpoint is
     * checked when it is given and again before each push: its host's addresses may have changed since.
     */
    public String refusal(URI endpoint) {
        return endpoints.refusal(endpoint);
    }

    /** Where a subscriber's browser says to send, and the keys it gave to encrypt for it. */
    public record Target(String endpoint, String p256dh, String auth) {}

    /** The VAPID public key, base64url, as browsers take it for {@code applicationServerKey}. */
    public String publicKey() {
        return B64.encodeToString(raw((ECPublicKey) vapid.getPublic()));
    }

    /** The request that delivers {@code payload} to one subscriber, kept by the push service for {@code ttl}. */
    public HttpRequest request(Target target, byte[] payload, Duration ttl, Instant now) {
        URI endpoint = URI.create(target.endpoint());
        byte[] body = encrypt(payload, UNB64.decode(target.p256dh()), UNB64.decode(target.auth()));
        return HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Encoding", "aes128gcm")
                .header("Content-Type", "application/octet-stream")
                .header("TTL", String.valueOf(ttl.toSeconds()))
                .header("Urgency", "high")
                .header("Authorization", "vapid t=" + token(endpoint, now) + ", k=" + publicKey())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    /** RFC 8291 section 3: one record, the payload then the last-record delimiter 0x02. */
    byte[] encrypt(byte[] payload, byte[] subscriberKey, byte[] authSecret) {
        try {
            KeyPair ephemeral = newKeyPair();
            byte[] serverKey = raw((ECPublicKey) ephemeral.getPublic());
            KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
            ecdh.init(ephemeral.getPrivate());
            ecdh.doPhase(publicKey(subscriberKey), true);
            byte[] shared = ecdh.generateSecret();
            byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), subscriberKey, serverKey);
            byte[] ikm = hkdf(authSecret, shared, keyInfo, 32);
            byte[] salt = new byte[16];
            random.nextBytes(salt);
            byte[] cek = hkdf(salt, ikm, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
            byte[] nonce = hkdf(salt, ikm, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
            Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
            byte[] sealed = aes.doFinal(concat(payload, new byte[] {2}));
            if (sealed.length + 86 > RECORD_SIZE) {
                throw new IllegalArgumentException("a push payload is at most " + (RECORD_SIZE - 103) + " bytes");
            }
            return concat(salt, ByteBuffer.allocate(4).putInt(RECORD_SIZE).array(), new byte[] {65}, serverKey,
                    sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 8292: an ES256 JWT for the push service's origin, valid 12 hours. */
    String token(URI endpoint, Instant now) {
        String audience = endpoint.getScheme() + "://" + endpoint.getRawAuthority();
        String header = B64.encodeToString("{\"typ\":\"JWT\",\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8));
        String claims = B64.encodeToString(("{\"aud\":\"" + audience + "\",\"exp\":"
                + now.plus(Duration.ofHours(12)).getEpochSecond() + ",\"sub\":\"" + subject + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        String signed = header + "." + claims;
        try {
            Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
            es256.initSign(vapid.getPrivate());
            es256.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + B64.encodeToString(es256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HKDF-SHA-256 (RFC 5869) for outputs of at most 32 bytes: extract, then one round of expand. */
    static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt, "HmacSHA256"));
        byte[] prk = mac.doFinal(ikm);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        return Arrays.copyOf(mac.doFinal(concat(info, new byte[] {1})), length);
    }

    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A P-256 public key in the uncompressed form browsers exchange: 0x04, then x and y, 32 bytes each. */
    public static byte[] raw(ECPublicKey key) {
        byte[] out = new byte[65];
        out[0] = 4;
        copy32(key.getW().getAffineX(), out, 1);
        copy32(key.getW().getAffineY(), out, 33);
        return out;
    }

    public static ECPublicKey publicKey(byte[] raw) throws GeneralSecurityException {
        if (raw.length != 65 || raw[0] != 4) {
            throw new GeneralSecurityException("not an uncompressed P-256 point");
        }
        ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(raw, 1, 33)),
                new BigInteger(1, Arrays.copyOfRange(raw, 33, 65)));
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, P256));
    }

    /** Restores the VAPID key pair from its stored forms (PKCS#8 private key, raw public key). */
    public static KeyPair keyPair(byte[] pkcs8, byte[] rawPublic) throws GeneralSecurityException {
        PrivateKey priv = KeyFactory.getInstance("EC").generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(pkcs8));
        return new KeyPair(publicKey(rawPublic), priv);
    }

    private static void copy32(BigInteger n, byte[] out, int at) {
        byte[] b = n.toByteArray();
        int len = Math.min(b.length, 32);
        System.arraycopy(b, b.length - len, out, at + 32 - len, len);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
