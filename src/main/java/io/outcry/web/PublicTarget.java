package io.outcry.web;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Where the node may send what others asked it to (webhooks, Web Push): an http(s) URL whose host resolves only to
 * public addresses, unless the operator allows private ones. Otherwise whoever registers a URL could make the node
 * reach its own loopback services and its private network.
 *
 * @param allowPrivate any address is allowed (the operator's choice, for a push service or receiver on its network)
 * @param field how requests name the URL, for the messages
 * @param what what reaches public addresses only, for the messages ("webhooks")
 */
public record PublicTarget(boolean allowPrivate, String field, String what) {
    /** Why {@code uri} may not be a target, or null when it may; names the address, never what answers there. */
    public String refusal(URI uri) {
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getUserInfo() != null
                || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
            return field + " is an absolute http or https URL.";
        }
        if (allowPrivate) {
            return null;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return field + "'s host " + uri.getHost() + " is not known.";
        }
        for (InetAddress a : addresses) {
            if (!PublicAddress.isPublic(a)) {
                return field + "'s host resolves to " + a.getHostAddress() + ", a loopback, private or link-local"
                        + " address; " + what + " reach public addresses only.";
            }
        }
        return null;
    }
}
