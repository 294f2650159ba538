package io.outcry.feed;

import io.outcry.official.SourceFetcher;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Where a webhook may be delivered: an http(s) URL whose host resolves only to public addresses, unless the operator
 * allows private ones ({@code OUTCRY_WEBHOOK_ALLOW_PRIVATE}). Otherwise whoever holds the admin token could make the
 * node reach its own loopback services and its private network.
 */
record WebhookTarget(boolean allowPrivate) {
    /** Why {@code uri} may not be a target, or null when it may; names the address, never what answers there. */
    String refusal(URI uri) {
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getUserInfo() != null
                || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
            return "url is an absolute http or https URL.";
        }
        if (allowPrivate) {
            return null;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return "url's host " + uri.getHost() + " is not known.";
        }
        for (InetAddress a : addresses) {
            if (!SourceFetcher.isPublic(a)) {
                return "url's host resolves to " + a.getHostAddress() + ", a loopback, private or link-local address;"
                        + " webhooks reach public addresses only.";
            }
        }
        return null;
    }
}
