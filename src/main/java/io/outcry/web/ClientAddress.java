package io.outcry.web;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The address of the person behind a request. {@code X-Forwarded-For} is believed only when the connection comes
 * from a configured trusted proxy; then the right-most address that is not itself a trusted proxy is the client.
 */
public final class ClientAddress {
    /** Compiled once: {@code String.matches} compiled both patterns again for every request. */
    private static final Pattern IP_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.\\[\\]%a-z]+");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final List<InetAddress> trustedProxies;

    public ClientAddress(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(ClientAddress::parse).toList();
    }

    /** The proxies whose X-Forwarded-For is believed; they carry many clients' connections. */
    public List<InetAddress> trustedProxies() {
        return trustedProxies;
    }

    public InetAddress of(Context ctx) {
        InetAddress peer = parse(ctx.req().getRemoteAddr());
        if (!trustedProxies.contains(peer)) {
            return peer;
        }
        String forwarded = ctx.header("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank()) {
            return peer;
        }
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            InetAddress hop = parseOrNull(hops[i].trim());
            if (hop == null) {
                return peer;
            }
            if (!trustedProxies.contains(hop)) {
                return hop;
            }
        }
        return peer;
    }

    private static InetAddress parse(String literal) {
        InetAddress address = parseOrNull(literal);
        if (address == null) {
            throw new IllegalArgumentException("Not an IP address: " + literal);
        }
        return address;
    }

    /** Parses an IP literal without ever doing a DNS lookup; null when it is not one. */
    private static InetAddress parseOrNull(String literal) {
        if (literal == null || literal.isEmpty() || !IP_CHARACTERS.matcher(literal).matches()) {
            return null;
        }
        String bare = literal.startsWith("[") && literal.endsWith("]") ? literal.substring(1, literal.length() - 1) : literal;
        if (!bare.contains(":") && !IPV4.matcher(bare).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(bare);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
