package io.outcry.official;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One conditional GET of an official source, as a well-behaved client: a User-Agent naming Outcry, ETag and
 * Last-Modified sent back, one deadline for connection, answer and body, a body read as a stream and abandoned past
 * {@code maxBytes}, redirects followed by hand and only within the same site, and every address of the host checked
 * before connecting: private, loopback, link-local and other non-public addresses are refused unless allowed.
 *
 * <p>The JDK client resolves the host again when it connects; a name that changes its answer between the check and
 * the connection (DNS rebinding within the resolver's cache time) is not caught.
 */
public final class SourceFetcher implements OfficialStatusJob.Reader, AutoCloseable {
    static final String USER_AGENT = "Outcry/1.0 (+https://outcry.io; official status poller)";
    private static final int MAX_REDIRECTS = 3;

    /** Resolves a host name to its addresses; tests may answer for names of their own. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final HttpClient http;
    private final Duration timeout;
    private final long maxBytes;
    private final boolean allowPrivate;
    private final Resolver resolver;
    private final Clock clock;

    SourceFetcher(Duration timeout, long maxBytes, boolean allowPrivate, Resolver resolver, Clock clock) {
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    @Override
    public Fetched fetch(String url, String etag, String lastModified) {
        URI origin = URI.create(url);
        URI uri = origin;
        try {
            for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
                String refused = refusal(uri);
                if (refused != null) {
                    return new Fetched.Failed(refused, null);
                }
                HttpResponse<byte[]> response = exchange(uri, etag, lastModified);
                if (response == null) {
                    return new Fetched.Failed("no complete answer within " + timeout.toSeconds() + " s", null);
                }
                int status = response.statusCode();
                if (!(status == 301 || status == 302 || status == 303 || status == 307 || status == 308)) {
                    return answer(response);
                }
                String location = header(response, "Location");
                if (location == null) {
                    return new Fetched.Failed("redirect " + status + " without a Location", null);
                }
                URI next = uri.resolve(location);
                if (!sameSite(origin, next)) {
                    return new Fetched.Failed("redirect to another site refused: " + next.getHost(), null);
                }
                uri = next;
            }
            return new Fetched.Failed("more than " + MAX_REDIRECTS + " redirects", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Fetched.Failed("interrupted", null);
        } catch (ExecutionException e) {
            return failure(e.getCause());
        }
    }

    /** One conditional GET with its validators; null when the whole exchange, body included, missed its deadline. */
    private HttpResponse<byte[]> exchange(URI uri, String etag, String lastModified)
            throws InterruptedException, ExecutionException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("User-Agent", USER_AGENT)
                .header("Accept", "application/json, application/rss+xml, application/atom+xml, "
                        + "application/xml;q=0.9, */*;q=0.5");
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        if (lastModified != null) {
            request.header("If-Modified-Since", lastModified);
        }
        CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(request.GET().build(),
                info -> new Capped(maxBytes));
        try {
            // One deadline for the whole exchange, body included: a server that trickles bytes is cut off.
            return pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            return null;
        }
    }

    /** What an answer that is not a redirect means: unchanged, a body, or a failure (with the pause a 429 asks). */
    private Fetched answer(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status == 304) {
            return new Fetched.NotModified();
        }
        if (status >= 200 && status < 300) {
            return new Fetched.Body(response.body(), header(response, "ETag"), header(response, "Last-Modified"));
        }
        // A 429 or 503 is the host asking for less: it says when, or at least that it wants a pause.
        Duration retryAfter = null;
        if (status == 429 || status == 503) {
            Duration asked = retryAfter(header(response, "Retry-After"));
            retryAfter = asked == null ? Duration.ZERO : asked;
        }
        return new Fetched.Failed("HTTP " + status, retryAfter);
    }

    private Fetched failure(Throwable cause) {
        if (cause instanceof TooLarge) {
            return new Fetched.Failed("answer larger than " + maxBytes / 1024 + " KiB", null);
        }
        if (cause instanceof HttpConnectTimeoutException || cause instanceof HttpTimeoutException) {
            return new Fetched.Failed("no answer within " + timeout.toSeconds() + " s", null);
        }
        return new Fetched.Failed("cannot read: " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : " " + cause.getMessage()), null);
    }

    /** Why the poller will not connect to this URL, or null when it may. */
    private String refusal(URI uri) {
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getUserInfo() != null) {
            return "not an http(s) URL";
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(uri.getHost());
        } catch (UnknownHostException e) {
            return "unknown host " + uri.getHost();
        }
        if (addresses.length == 0) {
            return "unknown host " + uri.getHost();
        }
        if (!allowPrivate) {
            for (InetAddress a : addresses) {
                if (!isPublic(a)) {
                    return "refused: " + uri.getHost() + " resolves to a non-public address " + a.getHostAddress();
                }
            }
        }
        return null;
    }

    /** Loopback, private (RFC 1918, fc00::/7), link-local, carrier-grade NAT, multicast and unspecified are not. */
    public static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return false; // unique local
            }
            boolean mapped = true; // ::ffff:a.b.c.d carries an IPv4 address
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isPublic(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
            return true;
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return first != 0 && !(first == 100 && second >= 64 && second < 128) && first < 224;
    }

    /** Same scheme and same site: the host, or hosts under the same last two labels (status.x.com, www.x.com). */
    static boolean sameSite(URI origin, URI next) {
        if (next.getHost() == null || !origin.getScheme().equals(next.getScheme())
                && !"https".equals(next.getScheme())) {
            return false;
        }
        return site(origin.getHost()).equals(site(next.getHost()));
    }

    private static String site(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.contains(":") || h.matches("[0-9.]+")) {
            return h; // an address literal is its own site
        }
        String[] labels = h.split("\\.");
        return labels.length <= 2 ? h : labels[labels.length - 2] + "." + labels[labels.length - 1];
    }

    /** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
    Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(clock.instant(), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (java.time.format.DateTimeParseException again) {
                return null;
            }
        }
    }

    private static String header(HttpResponse<?> response, String name) {
        Optional<String> v = response.headers().firstValue(name);
        return v.filter(s -> !s.isBlank()).orElse(null);
    }

    @Override
    public void close() {
        http.close();
    }

    /** Past the limit: the answer is abandoned, the connection closed. */
    static final class TooLarge extends RuntimeException {
        TooLarge() {
            super(null, null, false, false);
        }
    }

    /** Collects a body one buffer at a time and cancels it as soon as it passes the limit. */
    private static final class Capped implements HttpResponse.BodySubscriber<byte[]> {
        private final long max;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        private Flow.Subscription subscription;

        Capped(long max) {
            this.max = max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer b : buffers) {
                if (out.size() + (long) b.remaining() > max) {
                    subscription.cancel();
                    result.completeExceptionally(new TooLarge());
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                out.writeBytes(chunk);
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }
}
