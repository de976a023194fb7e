package org.nigrani.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.nigrani.evidence.FetchOutcome.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches one media item of a flagged post into a caller-given file without letting a post's URL (or a redirect it
 * leads to) reach our own network.
 *
 * <p>Every hop is checked before any connection: scheme http/https, host on the platform's allow-list, and every
 * address the host resolves to passed by the {@link AddressGuard}. Redirects are followed here, never by the client.
 *
 * <p>DNS rebinding: for <b>http</b> the request is sent to the checked IP itself, with the original Host header, so a
 * second lookup that answers differently is never made. For <b>https</b> the JDK client cannot be given an address
 * while keeping SNI and certificate checks on the name, so it connects by name and resolves again: the check and the
 * connection can see different answers. With the default resolver the JVM's positive lookup cache (30 s unless
 * {@code networkaddress.cache.ttl} says otherwise) makes that second lookup return the answer we checked, which
 * narrows but does not close the gap; closing it needs a socket-level client or an egress firewall/proxy that also
 * refuses internal ranges. Deployments should have the firewall regardless.
 */
public final class SafeFetcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SafeFetcher.class);

    // The JDK client refuses a Host header unless this is set before its internals first load; we add "host" and
    // then check whether it took effect (it will not if some other code used java.net.http first).
    private static final boolean CAN_PIN_HTTP = allowHostHeader();

    private final FetchPolicy policy;
    private final HostResolver resolver;
    private final AddressGuard guard;
    private final Clock clock;
    private final HttpClient client;
    private final ExecutorService readers;

    public SafeFetcher(FetchPolicy policy) {
        this(policy, HostResolver.system(), AddressGuard.publicOnly(), Clock.systemUTC());
    }

    public SafeFetcher(FetchPolicy policy, HostResolver resolver, AddressGuard guard, Clock clock) {
        this.policy = policy;
        this.resolver = resolver;
        this.guard = guard;
        this.clock = clock;
        this.readers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "safe-fetcher");
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                // A system proxy would make the connection on our behalf and bypass the address check.
                .proxy(HttpClient.Builder.NO_PROXY)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(policy.connectTimeout())
                .executor(readers)
                .build();
        if (!CAN_PIN_HTTP) {
            LOG.warn("Host header cannot be set on java.net.http; http fetches connect by name (DNS rebinding gap)");
        }
    }

    /** Stops the reader threads; fetches still running are abandoned. */
    @Override
    public void close() {
        readers.shutdownNow();
    }

    /** Whether http requests go to the checked address (false only if java.net.http was initialised before us). */
    public static boolean pinsHttpAddress() {
        return CAN_PIN_HTTP;
    }

    /**
     * Fetches {@code url} for {@code platform} into {@code target} (created or replaced). On anything but CAPTURED the
     * target file does not exist afterwards.
     */
    public FetchOutcome fetch(String platform, String url, Path target) {
        long deadlineNanos = System.nanoTime() + policy.deadline().toNanos();
        FetchOutcome last = null;
        for (int attempt = 1; attempt <= policy.attempts(); attempt++) {
            last = attemptWithinDeadline(platform, url, target, deadlineNanos);
            if (!retryable(last) || attempt == policy.attempts()) {
                break;
            }
            long sleepNanos = policy.backoff().toNanos() << (attempt - 1);
            if (System.nanoTime() + sleepNanos >= deadlineNanos) {
                break;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(sleepNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (last.status() != Status.CAPTURED) {
            deleteQuietly(target);
        }
        return last;
    }

    private static boolean retryable(FetchOutcome outcome) {
        if (outcome.status() != Status.FAILED || outcome.reason() == null) {
            return false;
        }
        String r = outcome.reason();
        return r.startsWith("network:") || r.startsWith("http_429:") || r.startsWith("http_5");
    }

    /** One attempt, abandoned when the item's deadline passes even if the server keeps the connection trickling. */
    private FetchOutcome attemptWithinDeadline(String platform, String url, Path target, long deadlineNanos) {
        AtomicReference<InputStream> body = new AtomicReference<>();
        // Written by the reader thread, read here after a timeout.
        List<String> redirects = new CopyOnWriteArrayList<>();
        CompletableFuture<FetchOutcome> task = CompletableFuture.supplyAsync(
                () -> attempt(platform, url, target, deadlineNanos, body, redirects), readers);
        long remaining = deadlineNanos - System.nanoTime();
        try {
            return task.get(Math.max(remaining, 0), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            closeQuietly(body.get());
            try {
                task.get(1, TimeUnit.SECONDS); // let the reader stop writing before the file goes
            } catch (Exception ignored) {
                // it was abandoned; the outcome below is what counts
            }
            deleteQuietly(target);
            return outcome(Status.FAILED, "timeout: no complete response within " + policy.deadline(), url, redirects);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            task.cancel(true);
            closeQuietly(body.get());
            return outcome(Status.FAILED, "network: interrupted", url, redirects);
        } catch (ExecutionException e) {
            return outcome(Status.FAILED, "network: " + e.getCause(), url, redirects);
        }
    }

    private FetchOutcome attempt(String platform, String url, Path target, long deadlineNanos,
            AtomicReference<InputStream> body, List<String> redirects) {
        String current = url;
        String from = null;
        for (int hop = 0; ; hop++) {
            String suffix = from == null ? "" : " (redirect from " + from + ")";
            URI uri;
            try {
                uri = new URI(current);
            } catch (URISyntaxException e) {
                return outcome(Status.REFUSED, "url: not a valid URL " + current + suffix, current, redirects);
            }
            Checked checked = check(platform, uri);
            if (checked.refusal != null) {
                return outcome(Status.REFUSED, checked.refusal + suffix, current, redirects);
            }
            HttpResponse<InputStream> response;
            try {
                response = client.send(request(uri, checked.address, deadlineNanos),
                        HttpResponse.BodyHandlers.ofInputStream());
            } catch (HttpTimeoutException e) {
                return outcome(Status.FAILED, "timeout: " + e.getMessage() + suffix, current, redirects);
            } catch (IOException e) {
                return outcome(Status.FAILED, "network: " + e + suffix, current, redirects);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return outcome(Status.FAILED, "network: interrupted", current, redirects);
            }
            body.set(response.body());
            int code = response.statusCode();
            if (code >= 300 && code < 400 && code != 304) {
                closeQuietly(response.body());
                Optional<String> location = response.headers().firstValue("Location");
                if (location.isEmpty()) {
                    return outcome(Status.FAILED, "http_" + code + ": redirect without Location" + suffix, current,
                            redirects);
                }
                if (hop >= policy.maxRedirects()) {
                    return outcome(Status.REFUSED, "redirects: more than " + policy.maxRedirects() + suffix, current,
                            redirects);
                }
                String next;
                try {
                    next = uri.resolve(new URI(location.get().trim())).toString();
                } catch (URISyntaxException | IllegalArgumentException e) {
                    return outcome(Status.REFUSED, "url: invalid redirect Location " + location.get() + suffix,
                            current, redirects);
                }
                redirects.add(next);
                from = current;
                current = next;
                continue;
            }
            if (code != 200) {
                closeQuietly(response.body());
                return outcome(Status.FAILED, "http_" + code + ": server answered " + code + suffix, current,
                        redirects);
            }
            return save(response, current, target, redirects);
        }
    }

    private FetchOutcome save(HttpResponse<InputStream> response, String url, Path target, List<String> redirects) {
        String contentType = response.headers().firstValue("Content-Type").orElse(null);
        String mediaType = contentType == null ? null
                : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        try (InputStream in = response.body()) {
            if (!policy.contentTypeAllowed(mediaType)) {
                return outcome(Status.REFUSED, "content_type: " + (contentType == null ? "none given" : contentType)
                        + " is not allowed", url, redirects);
            }
            OptionalLong length = response.headers().firstValueAsLong("Content-Length");
            if (length.isPresent() && length.getAsLong() > policy.maxBytes()) {
                return outcome(Status.TOO_LARGE, "too_large: Content-Length " + length.getAsLong() + " exceeds "
                        + policy.maxBytes() + " bytes", url, redirects);
            }
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            long size = 0;
            byte[] buffer = new byte[16 * 1024];
            try (OutputStream out = Files.newOutputStream(target)) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    size += n;
                    if (size > policy.maxBytes()) {
                        out.close();
                        deleteQuietly(target);
                        return outcome(Status.TOO_LARGE, "too_large: body exceeds " + policy.maxBytes() + " bytes",
                                url, redirects);
                    }
                    sha256.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            return new FetchOutcome(Status.CAPTURED, null, url, mediaType, size,
                    HexFormat.of().formatHex(sha256.digest()), target, clock.instant(), redirects);
        } catch (IOException e) {
            deleteQuietly(target);
            return outcome(Status.FAILED, "network: " + e, url, redirects);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private record Checked(String refusal, InetAddress address) {
    }

    private Checked check(String platform, URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return new Checked("scheme: " + (scheme.isEmpty() ? "none" : scheme) + " is not http or https", null);
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            return new Checked("url: no host, or credentials in URL " + uri, null);
        }
        String host = FetchPolicy.normalHost(uri.getHost());
        if (!policy.hostAllowed(platform, host)) {
            return new Checked("host: " + host + " is not allowed for " + platform, null);
        }
        int port = port(uri);
        List<InetAddress> addresses;
        try {
            addresses = isLiteral(host) ? List.of(InetAddress.getByName(host)) : resolver.resolve(host);
        } catch (UnknownHostException e) {
            return new Checked("address: " + host + " does not resolve", null);
        }
        if (addresses.isEmpty()) {
            return new Checked("address: " + host + " does not resolve", null);
        }
        // One internal answer is enough to refuse: the client could pick any of them.
        for (InetAddress a : addresses) {
            Optional<String> refusal = guard.refusal(a, port);
            if (refusal.isPresent()) {
                String named = isLiteral(host) ? "" : " (" + host + ")";
                return new Checked("address: " + a.getHostAddress() + named + " is " + refusal.get(), null);
            }
        }
        return new Checked(null, addresses.get(0));
    }

    private HttpRequest request(URI uri, InetAddress checked, long deadlineNanos) {
        long remaining = Math.max(deadlineNanos - System.nanoTime(), 1_000_000L);
        Duration timeout = Duration.ofNanos(Math.min(policy.readTimeout().toNanos(), remaining));
        HttpRequest.Builder builder = HttpRequest.newBuilder().GET().timeout(timeout)
                .header("Accept", String.join(", ", policy.allowedContentTypes()));
        if (uri.getScheme().equalsIgnoreCase("http") && CAN_PIN_HTTP) {
            String ip = checked instanceof Inet6Address ? "[" + checked.getHostAddress() + "]" : checked.getHostAddress();
            int port = port(uri);
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            builder.uri(URI.create("http://" + ip + ":" + port + path + query))
                    .header("Host", uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + port);
        } else {
            builder.uri(uri);
        }
        return builder.build();
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    // Numeric hosts never go to the resolver: the test resolver must not be able to launder them, and DNS has no say.
    private static boolean isLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    private FetchOutcome outcome(Status status, String reason, String url, List<String> redirects) {
        return new FetchOutcome(status, reason, url, null, 0, null, null, clock.instant(), redirects);
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing is only to stop reading
            }
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete partial download {}", file, e);
        }
    }

    private static boolean allowHostHeader() {
        String property = "jdk.httpclient.allowRestrictedHeaders";
        String current = System.getProperty(property, "");
        if (!List.of(current.toLowerCase(Locale.ROOT).split("\\s*,\\s*")).contains("host")) {
            System.setProperty(property, current.isBlank() ? "host" : current + ",host");
        }
        try {
            HttpRequest.newBuilder(URI.create("http://192.0.2.1/")).header("Host", "probe.invalid").build();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
