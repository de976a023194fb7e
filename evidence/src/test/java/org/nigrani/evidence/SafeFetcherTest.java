package org.nigrani.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nigrani.evidence.FetchOutcome.Status;

class SafeFetcherTest {

    private static final byte[] VIDEO = bytes(6 * 1024, 1);
    private static final byte[] IMAGE = bytes(2 * 1024, 2);
    private static final long MAX_BYTES = 16 * 1024;
    private static final Instant NOW = Instant.parse("2026-11-27T01:00:00Z");

    @TempDir
    Path dir;

    private HttpServer server;
    private HttpServer otherLoopback;
    private int port;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final AtomicInteger otherHits = new AtomicInteger();
    private final List<String> hostHeaders = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServers() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        port = server.getAddress().getPort();
        server.createContext("/", this::serve);
        server.start();
        otherLoopback = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        otherLoopback.createContext("/", exchange -> {
            otherHits.incrementAndGet();
            respond(exchange, 200, "video/mp4", VIDEO);
        });
        otherLoopback.start();
    }

    @AfterEach
    void stopServers() {
        fetchers.forEach(SafeFetcher::close);
        server.stop(0);
        otherLoopback.stop(0);
    }

    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        hostHeaders.add(exchange.getRequestHeaders().getFirst("Host"));
        String query = exchange.getRequestURI().getQuery();
        try {
            switch (path) {
                case "/video.mp4" -> respond(exchange, 200, "video/mp4", VIDEO);
                case "/image.png" -> respond(exchange, 200, "image/png; charset=binary", IMAGE);
                case "/page.html" -> respond(exchange, 200, "text/html", "<html></html>".getBytes());
                case "/r1" -> redirect(exchange, 302, "http://a.cdn.example:" + port + "/r2");
                case "/r2" -> redirect(exchange, 301, "/video.mp4");
                case "/loop" -> redirect(exchange, 302, "/loop");
                case "/redirect" -> redirect(exchange, 302, query.substring("to=".length()));
                case "/big-length" -> respond(exchange, 200, "video/mp4", bytes((int) MAX_BYTES + 1, 3));
                case "/big-chunked" -> {
                    exchange.getResponseHeaders().set("Content-Type", "video/mp4");
                    exchange.sendResponseHeaders(200, 0); // 0 = chunked, no length announced
                    try (OutputStream out = exchange.getResponseBody()) {
                        for (int i = 0; i < 8; i++) {
                            out.write(bytes(4 * 1024, i));
                        }
                    }
                }
                case "/slow-headers" -> {
                    Thread.sleep(3000);
                    respond(exchange, 200, "video/mp4", VIDEO);
                }
                case "/slow-body" -> {
                    exchange.getResponseHeaders().set("Content-Type", "video/mp4");
                    exchange.sendResponseHeaders(200, VIDEO.length);
                    OutputStream out = exchange.getResponseBody();
                    out.write(VIDEO, 0, 100);
                    out.flush();
                    Thread.sleep(3000);
                    out.write(VIDEO, 100, VIDEO.length - 100);
                    out.close();
                }
                case "/flaky" -> {
                    if (hits.get(path).get() == 1) {
                        respond(exchange, 503, "text/plain", "busy".getBytes());
                    } else {
                        respond(exchange, 200, "video/mp4", VIDEO);
                    }
                }
                default -> respond(exchange, 404, "text/plain", "no".getBytes());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientWentAway) {
            // expected when the fetcher gives up mid-body
        }
    }

    private static void respond(HttpExchange exchange, int code, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(code, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void redirect(HttpExchange exchange, int code, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(code, -1);
        exchange.close();
    }

    private FetchPolicy policy(Duration deadline) {
        return new FetchPolicy(
                Map.of("x", List.of("media.example", "*.cdn.example", "127.0.0.1", "169.254.169.254", "10.0.0.5",
                        "192.168.1.1", "::1", "internal.example", "mixed.example", "evil-ip.example")),
                List.of("video/mp4", "image/jpeg", "image/png", "image/webp", "application/json"),
                MAX_BYTES, Duration.ofSeconds(2), Duration.ofSeconds(5), deadline, 3, 3, Duration.ofMillis(50));
    }

    /** Fake DNS: the media names point at the test server; others at internal addresses. */
    private static List<InetAddress> resolve(String host) throws UnknownHostException {
        return switch (host) {
            case "media.example", "a.cdn.example" -> List.of(InetAddress.getByName("127.0.0.1"));
            case "internal.example" -> List.of(InetAddress.getByName("127.0.0.1"));
            case "mixed.example" -> List.of(InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.1.2.3"));
            default -> throw new UnknownHostException(host);
        };
    }

    /** Admits exactly the test server (127.0.0.1 on its port); everything else gets the production verdict. */
    private AddressGuard testServerOnly() {
        AddressGuard production = AddressGuard.publicOnly();
        return (address, p) -> address.getHostAddress().equals("127.0.0.1") && p == port
                ? Optional.empty() : production.refusal(address, p);
    }

    private final List<SafeFetcher> fetchers = new CopyOnWriteArrayList<>();

    private SafeFetcher fetcher(Duration deadline) {
        return track(new SafeFetcher(policy(deadline), SafeFetcherTest::resolve, testServerOnly(),
                Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    private SafeFetcher track(SafeFetcher fetcher) {
        fetchers.add(fetcher);
        return fetcher;
    }

    private FetchOutcome fetch(String url) {
        return fetcher(Duration.ofSeconds(10)).fetch("x", url, dir.resolve("item.tmp"));
    }

    private String at(String path) {
        return "http://media.example:" + port + path;
    }

    private int totalHits() {
        return hits.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    @Test
    void capturesVideoWithItsHashAndConnectsToTheCheckedAddress() throws Exception {
        FetchOutcome outcome = fetch(at("/video.mp4"));

        assertThat(outcome.status()).isEqualTo(Status.CAPTURED);
        assertThat(outcome.reason()).isNull();
        assertThat(outcome.contentType()).isEqualTo("video/mp4");
        assertThat(outcome.size()).isEqualTo(VIDEO.length);
        assertThat(outcome.sha256()).isEqualTo(sha256(VIDEO));
        assertThat(Files.readAllBytes(outcome.file())).isEqualTo(VIDEO);
        assertThat(outcome.fetchedAt()).isEqualTo(NOW);
        assertThat(outcome.redirects()).isEmpty();
        // media.example exists only in the fake resolver: reaching the server proves the request went to the IP
        // we checked, with the name kept in the Host header.
        assertThat(SafeFetcher.pinsHttpAddress()).isTrue();
        assertThat(hostHeaders).containsExactly("media.example:" + port);
    }

    @Test
    void capturesImageIgnoringContentTypeParameters() {
        FetchOutcome outcome = fetch(at("/image.png"));

        assertThat(outcome.status()).isEqualTo(Status.CAPTURED);
        assertThat(outcome.contentType()).isEqualTo("image/png");
        assertThat(outcome.sha256()).isEqualTo(sha256(IMAGE));
    }

    @Test
    void followsRedirectChainWithinTheAllowList() {
        FetchOutcome outcome = fetch(at("/r1"));

        assertThat(outcome.status()).isEqualTo(Status.CAPTURED);
        assertThat(outcome.redirects()).containsExactly(
                "http://a.cdn.example:" + port + "/r2", "http://a.cdn.example:" + port + "/video.mp4");
        assertThat(outcome.finalUrl()).isEqualTo("http://a.cdn.example:" + port + "/video.mp4");
        assertThat(outcome.sha256()).isEqualTo(sha256(VIDEO));
    }

    @Test
    void refusesRedirectToHostNotOnTheAllowList() {
        FetchOutcome outcome = fetch(at("/redirect?to=http://evil.example:" + port + "/video.mp4"));

        assertThat(outcome.status()).isEqualTo(Status.REFUSED);
        assertThat(outcome.reason()).isEqualTo("host: evil.example is not allowed for x (redirect from "
                + at("/redirect?to=http://evil.example:" + port + "/video.mp4") + ")");
        assertThat(totalHits()).isEqualTo(1);
        assertThat(Files.exists(dir.resolve("item.tmp"))).isFalse();
    }

    @Test
    void refusesEndlessRedirects() {
        FetchOutcome outcome = fetch(at("/loop"));

        assertThat(outcome.status()).isEqualTo(Status.REFUSED);
        assertThat(outcome.reason()).startsWith("redirects: more than 3");
        assertThat(hits.get("/loop").get()).isEqualTo(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:OTHER/video.mp4 | address: 127.0.0.1 is loopback",
        "http://169.254.169.254/latest/meta-data/ | address: 169.254.169.254 is the cloud metadata address",
        "http://10.0.0.5/x | address: 10.0.0.5 is private",
        "http://192.168.1.1/x | address: 192.168.1.1 is private",
        "http://[::1]:OTHER/x | address: 0:0:0:0:0:0:0:1 is loopback",
        "http://internal.example/x | address: 127.0.0.1 (internal.example) is loopback",
        "http://mixed.example/x | address: 10.1.2.3 (mixed.example) is private"})
    void refusesRedirectsToInternalAddressesWithoutConnecting(String row) {
        String[] parts = row.split(" \\| ");
        String target = parts[0].replace("OTHER", String.valueOf(otherLoopback.getAddress().getPort()));
        String start = at("/redirect?to=" + URLEncoder.encode(target, StandardCharsets.UTF_8));

        FetchOutcome outcome = fetch(start);

        assertThat(outcome.status()).isEqualTo(Status.REFUSED);
        assertThat(outcome.reason()).isEqualTo(parts[1] + " (redirect from " + start + ")");
        assertThat(outcome.redirects()).containsExactly(target);
        assertThat(totalHits()).isEqualTo(1);
        assertThat(otherHits.get()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://internal.example/video.mp4", "http://127.0.0.1:OTHER/video.mp4",
        "http://169.254.169.254/latest/meta-data/", "http://[::1]:OTHER/video.mp4"})
    void refusesInternalAddressesGivenDirectly(String url) {
        FetchOutcome outcome = fetch(url.replace("OTHER", String.valueOf(otherLoopback.getAddress().getPort())));

        assertThat(outcome.status()).isEqualTo(Status.REFUSED);
        assertThat(outcome.reason()).startsWith("address: ");
        assertThat(otherHits.get()).isZero();
        assertThat(totalHits()).isZero();
    }

    @Test
    void refusesInternalNameOverHttpsBeforeConnecting() {
        FetchOutcome outcome = fetch("https://internal.example/video.mp4");

        assertThat(outcome.status()).isEqualTo(Status.REFUSED);
        assertThat(outcome.reason()).isEqualTo("address: 127.0.0.1 (internal.example) is loopback");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "ftp://media.example/video.mp4", "javascript:alert(1)",
        "gopher://media.example/"})
    void refusesOtherSchemes(String url) {
        FetchOutcome outcome = fetch(url);

        assertThat(outcome.status()).isEqualTo(Status.REFUSED);
        assertThat(outcome.reason()).startsWith("scheme: ");
        assertThat(totalHits()).isZero();
    }

    @Test
    void refusesRedirectToFileScheme() {
        FetchOutcome outcome = fetch(at("/redirect?to=file:///etc/passwd"));

        assertThat(outcome.status()).isEqualTo(Status.REFUSED);
        assertThat(outcome.reason()).startsWith("scheme: file is not http or https (redirect from ");
    }

    @Test
    void tooLargeByContentLengthIsRefusedBeforeReading() {
        FetchOutcome outcome = fetch(at("/big-length"));

        assertThat(outcome.status()).isEqualTo(Status.TOO_LARGE);
        assertThat(outcome.reason()).isEqualTo("too_large: Content-Length " + (MAX_BYTES + 1) + " exceeds "
                + MAX_BYTES + " bytes");
        assertThat(Files.exists(dir.resolve("item.tmp"))).isFalse();
    }

    @Test
    void tooLargeWhileStreamingChunkedBodyDeletesTheFile() {
        FetchOutcome outcome = fetch(at("/big-chunked"));

        assertThat(outcome.status()).isEqualTo(Status.TOO_LARGE);
        assertThat(outcome.reason()).isEqualTo("too_large: body exceeds " + MAX_BYTES + " bytes");
        assertThat(outcome.file()).isNull();
        assertThat(Files.exists(dir.resolve("item.tmp"))).isFalse();
    }

    @Test
    void wrongContentTypeIsRefused() {
        FetchOutcome outcome = fetch(at("/page.html"));

        assertThat(outcome.status()).isEqualTo(Status.REFUSED);
        assertThat(outcome.reason()).isEqualTo("content_type: text/html is not allowed");
        assertThat(Files.exists(dir.resolve("item.tmp"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/slow-headers", "/slow-body"})
    void slowServerFailsWithTimeoutAtAboutTheDeadline(String path) {
        long start = System.nanoTime();

        FetchOutcome outcome = fetcher(Duration.ofMillis(800)).fetch("x", at(path), dir.resolve("item.tmp"));

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).startsWith("timeout: ");
        assertThat(took).isBetween(Duration.ofMillis(700), Duration.ofMillis(2000));
        assertThat(Files.exists(dir.resolve("item.tmp"))).isFalse();
        assertThat(hits.get(path).get()).isEqualTo(1);
    }

    @Test
    void retriesAfter503AndCaptures() {
        FetchOutcome outcome = fetch(at("/flaky"));

        assertThat(outcome.status()).isEqualTo(Status.CAPTURED);
        assertThat(hits.get("/flaky").get()).isEqualTo(2);
    }

    @Test
    void notFoundFailsWithoutRetry() {
        FetchOutcome outcome = fetch(at("/gone"));

        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.reason()).isEqualTo("http_404: server answered 404");
        assertThat(hits.get("/gone").get()).isEqualTo(1);
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
