package org.nigrani.jobs.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.nigrani.elastic.ElasticConnection;
import org.nigrani.elastic.schema.Indices;
import org.nigrani.elastic.testing.SharedElasticsearch;
import org.nigrani.elastic.testing.TestIndices;
import org.nigrani.evidence.AddressGuard;
import org.nigrani.evidence.CaptureSettings;
import org.nigrani.evidence.EvidenceReport;
import org.nigrani.evidence.EvidenceVerifier;
import org.nigrani.evidence.FetchPolicy;
import org.nigrani.evidence.HostResolver;
import org.nigrani.evidence.LocalEvidenceStore;
import org.nigrani.evidence.SafeFetcher;
import org.nigrani.evidence.Sha256;
import org.nigrani.evidence.TimestampVerdict;
import org.nigrani.evidence.Timestamps;
import org.nigrani.evidence.testing.TestTsa;
import org.nigrani.jobs.Environments;
import org.nigrani.jobs.MonitorJob;
import org.nigrani.jobs.classify.ClassifierSettings;
import org.nigrani.jobs.index.IndexSettings;
import org.nigrani.jobs.settings.SourceSettings;
import org.nigrani.jobs.source.JsonLinesSource;
import org.nigrani.jobs.testing.Elastic;
import org.nigrani.jobs.testing.Jobs;

/**
 * The job capturing evidence of flagged posts from a local media server, in a MiniCluster against the real local
 * Elasticsearch, with tokens from a local test TSA. The media server answers on loopback under the names
 * {@code media.test} (the only loopback server the fetcher's guard admits) and {@code evil.test} (a public-looking
 * name that resolves to loopback, which it must refuse).
 */
@ExtendWith(SharedElasticsearch.class)
class EvidenceCaptureITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final byte[] VIDEO = bytes(96 * 1024, 1);
    private static final byte[] PREVIEW = bytes(8 * 1024, 2);
    private static final long MAX_BYTES = 256 * 1024;

    private static HttpServer media;
    private static HttpServer internal;
    private static TestTsa tsa;
    private static final Map<String, AtomicInteger> HITS = new ConcurrentHashMap<>();
    private static final AtomicInteger INTERNAL_HITS = new AtomicInteger();
    private static volatile CountDownLatch slowArrived = new CountDownLatch(1);
    private static volatile CountDownLatch slowRelease = new CountDownLatch(1);

    @TempDir
    Path dir;

    private final Elastic elastic = new Elastic(SharedElasticsearch.restClient());

    @BeforeAll
    static void startServers() throws Exception {
        media = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        media.setExecutor(Executors.newCachedThreadPool());
        media.createContext("/", EvidenceCaptureITCase::serve);
        media.start();
        // Stands for anything internal: reaching it at all is the failure.
        internal = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        internal.createContext("/", exchange -> {
            INTERNAL_HITS.incrementAndGet();
            respond(exchange, "video/mp4", VIDEO);
        });
        internal.start();
        tsa = TestTsa.selfSigned("Nigrani job test TSA");
    }

    @AfterAll
    static void stopServers() {
        media.stop(0);
        internal.stop(0);
        tsa.close();
    }

    @BeforeEach
    void clean() throws Exception {
        TestIndices.deleteAll(SharedElasticsearch.restClient());
        HITS.clear();
        INTERNAL_HITS.set(0);
    }

    private static void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        HITS.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        String query = exchange.getRequestURI().getQuery();
        switch (path) {
            case "/v/clip.mp4", "/v/same-bytes-elsewhere.mp4" -> respond(exchange, "video/mp4", VIDEO);
            case "/p/clip.jpg" -> respond(exchange, "image/jpeg", PREVIEW);
            case "/big.mp4" -> respond(exchange, "video/mp4", bytes((int) MAX_BYTES + 1, 3));
            case "/page.html" -> respond(exchange, "text/html", "<html>not a video</html>".getBytes(StandardCharsets.UTF_8));
            case "/redirect" -> {
                exchange.getResponseHeaders().set("Location", query.substring("to=".length()));
                exchange.sendResponseHeaders(302, -1);
                exchange.close();
            }
            case "/slow.mp4" -> {
                slowArrived.countDown();
                try {
                    slowRelease.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                respond(exchange, "video/mp4", bytes(32 * 1024, 9));
            }
            default -> {
                if (path.startsWith("/v/distinct-")) {
                    respond(exchange, "video/mp4", bytes(16 * 1024, path.hashCode()));
                } else {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                }
            }
        }
    }

    @Test
    void capturesHashesStampsOnceAndRecordsEveryRefusal() throws Exception {
        String m = "http://media.test:" + media.getAddress().getPort();
        String internalPort = String.valueOf(internal.getAddress().getPort());
        List<String> lines = new ArrayList<>();
        lines.add(post("1", m + "/v/clip.mp4", m + "/p/clip.jpg"));
        // A re-share storm: five more posts with the same video and preview, and one more URL with the same bytes.
        for (int i = 2; i <= 6; i++) {
            lines.add(post(String.valueOf(i), m + "/v/clip.mp4", m + "/p/clip.jpg"));
        }
        lines.add(post("7", m + "/v/same-bytes-elsewhere.mp4", null));
        // Server-side request forgery, by redirect and by name.
        lines.add(post("8", m + "/redirect?to=http://127.0.0.1:" + internalPort + "/secret.mp4", null));
        lines.add(post("9", m + "/redirect?to=http://169.254.169.254/latest/meta-data/", null));
        lines.add(post("10", m + "/redirect?to=http://10.1.2.3/x.mp4", null));
        lines.add(post("11", "http://evil.test:" + internalPort + "/v.mp4", null));
        // Too large, the wrong type, and a host not on the allow-list.
        lines.add(post("12", m + "/big.mp4", null));
        lines.add(post("13", m + "/page.html", null));
        lines.add(post("14", "https://elsewhere.example/v.mp4", null));
        Path input = Files.write(dir.resolve("posts.jsonl"), lines);
        Path store = dir.resolve("evidence");
        long tokensBefore = tsa.requests();

        job(input, store, settings(4, 100)).execute(env());

        Map<String, JsonNode> posts = flaggedPosts();
        assertThat(posts.keySet()).as("every test post is flagged, else this test proves nothing")
                .containsExactlyInAnyOrder("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14");

        String videoSha = Sha256.hex(new java.io.ByteArrayInputStream(VIDEO));
        String previewSha = Sha256.hex(new java.io.ByteArrayInputStream(PREVIEW));
        JsonNode first = posts.get("1");
        JsonNode video = item(first, "video");
        assertThat(video.path("status").asText()).isEqualTo("captured");
        assertThat(video.path("sha256").asText()).isEqualTo(videoSha);
        assertThat(video.path("size").asLong()).isEqualTo(VIDEO.length);
        assertThat(video.path("content_type").asText()).isEqualTo("video/mp4");
        assertThat(video.path("source_url").asText()).isEqualTo(m + "/v/clip.mp4");
        assertThat(video.path("fetched_at").asText()).isNotEmpty();
        assertThat(video.at("/timestamp/status").asText()).isEqualTo("granted");
        assertThat(item(first, "image").path("sha256").asText()).isEqualTo(previewSha);
        // The flagged post's own fields survive the evidence written into the same document.
        assertThat(first.path("message").asText()).contains("Hatri");

        // The snapshot is the line exactly as received.
        JsonNode snapshot = item(first, "snapshot");
        LocalEvidenceStore kept = new LocalEvidenceStore(store);
        try (InputStream in = kept.open(snapshot.path("sha256").asText())) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(lines.get(0));
        }
        assertThat(snapshot.path("content_type").asText()).isEqualTo("application/json");

        // One copy across many posts: every post of the storm links the same hash, the bytes are stored once.
        for (String id : List.of("2", "3", "4", "5", "6", "7")) {
            assertThat(item(posts.get(id), "video").path("sha256").asText()).as("post " + id).isEqualTo(videoSha);
        }
        try (var files = Files.walk(store)) {
            List<Path> content = files.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}")).toList();
            assertThat(content.stream().filter(p -> p.getFileName().toString().equals(videoSha))).hasSize(1);
            // video, preview, and one snapshot per post with a captured or refused item
            assertThat(content).hasSize(2 + posts.size());
        }
        assertThat(HITS.get("/v/clip.mp4").get()).as("a URL captured once is not fetched again for the storm").isEqualTo(1);
        // A token for each new item only: the video, the preview and the fourteen snapshots; none for the re-shares.
        assertThat(tsa.requests() - tokensBefore).isEqualTo(2 + posts.size());

        // The tokens verify against the TSA's certificate, and the stored files still have their hashes.
        TimestampVerdict verdict = Timestamps.verify(kept.token(videoSha).orElseThrow(), videoSha, List.of(tsa.certificate()));
        assertThat(verdict.valid()).as(verdict.reason()).isTrue();
        assertThat(verdict.trust()).isEqualTo(TimestampVerdict.Trust.TRUSTED);
        EvidenceVerifier verifier = new EvidenceVerifier(kept, List.of(tsa.certificate()));
        assertThat(verifier.verify(videoSha).outcome()).isEqualTo(EvidenceReport.Outcome.INTACT);

        // Custody: one "captured" for the stored bytes, "linked" for every other post pointing at them.
        Map<String, List<JsonNode>> custody = elastic.all(Indices.EVIDENCE).stream().map(h -> h.get("_source"))
                .filter(d -> d.path("sha256").asText().equals(videoSha))
                .collect(Collectors.groupingBy(d -> d.path("event").asText()));
        assertThat(custody.get("captured")).hasSize(1);
        assertThat(custody.get("captured").get(0).path("actor").asText()).isEqualTo("job");
        assertThat(custody.get("captured").get(0).at("/timestamp/status").asText()).isEqualTo("granted");
        assertThat(custody.get("linked")).hasSize(6);

        // Every forgery attempt refused for its address, recorded, and the internal server never reached.
        for (String id : List.of("8", "9", "10", "11")) {
            JsonNode refused = item(posts.get(id), "video");
            assertThat(refused.path("status").asText()).as("post " + id).isEqualTo("refused");
            assertThat(refused.path("reason").asText()).as("post " + id).startsWith("address");
            assertThat(refused.has("sha256")).isFalse();
        }
        assertThat(INTERNAL_HITS.get()).isZero();
        assertThat(item(posts.get("12"), "video").path("status").asText()).isEqualTo("too_large");
        assertThat(item(posts.get("13"), "video").path("status").asText()).isEqualTo("refused");
        assertThat(item(posts.get("13"), "video").path("reason").asText()).startsWith("content_type");
        assertThat(item(posts.get("14"), "video").path("reason").asText()).startsWith("host");

        // A tampered file is caught by the verifier (bin/monitor evidence verify runs the same).
        Path file = kept.contentPath(videoSha);
        file.toFile().setWritable(true);
        byte[] changed = VIDEO.clone();
        changed[100] ^= 1;
        Files.write(file, changed);
        assertThat(verifier.verify(videoSha).outcome()).isEqualTo(EvidenceReport.Outcome.TAMPERED);
    }

    @Test
    void aSlowMediaHostDoesNotHoldUpTheOtherPosts() throws Exception {
        slowArrived = new CountDownLatch(1);
        slowRelease = new CountDownLatch(1);
        String m = "http://media.test:" + media.getAddress().getPort();
        List<String> lines = new ArrayList<>();
        lines.add(post("50", m + "/slow.mp4", null));
        for (int i = 51; i <= 60; i++) {
            lines.add(post(String.valueOf(i), m + "/v/distinct-" + i + ".mp4", null));
        }
        Path folder = Files.createDirectories(dir.resolve("drop"));
        Files.write(dir.resolve("staged.jsonl"), lines);
        JobClient running = job(folder, dir.resolve("evidence"), settings(2, 10)).withSource(
                JsonLinesSource.of(folder, Duration.ofMillis(200), 2 * 1024 * 1024)).executeAsync(env());
        try {
            Files.move(dir.resolve("staged.jsonl"), folder.resolve("batch.jsonl"));
            assertThat(slowArrived.await(60, TimeUnit.SECONDS)).as("the slow host was asked").isTrue();
            // While the slow host holds one worker, every other post is indexed with its evidence captured.
            Map<String, JsonNode> posts = awaitPosts(p -> p.size() == 11
                    && p.entrySet().stream().filter(e -> !e.getKey().equals("50"))
                            .allMatch(e -> "captured".equals(item(e.getValue(), "video").path("status").asText())));
            assertThat(slowRelease.getCount()).as("still holding the slow request").isEqualTo(1);
            assertThat(posts.get("50").path("message").asText()).as("the slow post itself is indexed").isNotEmpty();
            assertThat(posts.get("50").at("/nigrani/evidence").isMissingNode()).isTrue();

            slowRelease.countDown();
            Map<String, JsonNode> done = awaitPosts(p -> p.containsKey("50")
                    && "captured".equals(item(p.get("50"), "video").path("status").asText()));
            assertThat(item(done.get("50"), "video").path("size").asLong()).isEqualTo(32 * 1024);
        } finally {
            slowRelease.countDown();
            running.cancel().get();
        }
    }

    @Test
    void aStormThatFillsTheMediaQueueStillKeepsEveryPost() throws Exception {
        slowArrived = new CountDownLatch(1);
        slowRelease = new CountDownLatch(1);
        String m = "http://media.test:" + media.getAddress().getPort();
        List<String> lines = new ArrayList<>();
        lines.add(post("70", m + "/slow.mp4", null));
        for (int i = 71; i < 90; i++) {
            lines.add(post(String.valueOf(i), m + "/v/distinct-" + i + ".mp4", null));
        }
        Path input = Files.write(dir.resolve("storm.jsonl"), lines);
        // One media worker, which the slow host holds, and room for five more: the other fourteen posts' media is busy.
        JobClient running = job(input, dir.resolve("evidence"), settings(1, 5)).executeAsync(env());
        try {
            assertThat(slowArrived.await(60, TimeUnit.SECONDS)).isTrue();
            awaitPosts(p -> p.size() == 20);
        } finally {
            slowRelease.countDown();
        }
        running.getJobExecutionResult().get(120, TimeUnit.SECONDS);

        Map<String, JsonNode> posts = flaggedPosts();
        assertThat(posts.values()).as("every post's snapshot is kept, on a lane the media does not hold up")
                .allMatch(p -> "captured".equals(item(p, "snapshot").path("status").asText()));
        Map<String, Long> media = posts.values().stream().collect(Collectors.groupingBy(
                p -> item(p, "video").path("status").asText() + " " + item(p, "video").path("reason").asText().split(":")[0],
                Collectors.counting()));
        assertThat(media).containsEntry("captured ", 6L).containsEntry("failed busy", 14L);
    }

    private Map<String, JsonNode> awaitPosts(java.util.function.Predicate<Map<String, JsonNode>> ready) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<String, JsonNode> posts = flaggedPosts();
        while (!ready.test(posts) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            posts = flaggedPosts();
        }
        assertThat(ready.test(posts)).as("posts now: %s", posts.keySet()).isTrue();
        return posts;
    }

    private Map<String, JsonNode> flaggedPosts() {
        Map<String, JsonNode> posts = new HashMap<>();
        for (JsonNode hit : elastic.all(Indices.FLAGGED_POSTS)) {
            posts.put(hit.at("/_source/nigrani/post_id").asText(), hit.get("_source"));
        }
        return posts;
    }

    /** The post's first evidence item of {@code kind}, or a missing node. */
    private static JsonNode item(JsonNode post, String kind) {
        for (JsonNode item : post.at("/nigrani/evidence")) {
            if (kind.equals(item.path("kind").asText())) {
                return item;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static CaptureSettings settings(int workers, int queue) {
        FetchPolicy policy = new FetchPolicy(
                // The forgery targets are allowed as hosts on purpose: what must stop them is the address check.
                Map.of("x", List.of("media.test", "evil.test", "127.0.0.1", "169.254.169.254", "10.1.2.3")),
                List.of("video/mp4", "image/jpeg"), MAX_BYTES, Duration.ofSeconds(2), Duration.ofSeconds(30),
                Duration.ofSeconds(45), 3, 1, Duration.ofMillis(100));
        return new CaptureSettings(true, tsa.url(), Duration.ofSeconds(10), policy, workers, queue);
    }

    private static MonitorJob job(Path input, Path store, CaptureSettings capture) {
        ElasticConnection connection = ElasticConnection.local(SharedElasticsearch.url());
        Environments.installSchema(connection, IndexSettings.DEFAULTS);
        SourceSettings source = new SourceSettings("file", input, SourceSettings.DEFAULT_WATCH_INTERVAL, "x", 10_000, 2 * 1024 * 1024);
        int mediaPort = media.getAddress().getPort();
        String storeDir = store.toString();
        Capturer.Factory capturers = settings -> new Capturer(settings, new LocalEvidenceStore(Path.of(storeDir)),
                new SafeFetcher(settings.fetch(), testNames(), onlyMediaServer(mediaPort), Clock.systemUTC()), Clock.systemUTC());
        return new MonitorJob(JsonLinesSource.of(input, null, source.maxLineBytes()),
                Jobs.elasticsearchSinks(connection, IndexSettings.DEFAULTS),
                source, new ClassifierSettings(null, 0.5), Jobs.enrichSettings(), Jobs.INCIDENTS)
                .withEvidence(capture, capturers);
    }

    /** media.test and evil.test are this machine; every other name resolves as usual. */
    private static HostResolver testNames() {
        return host -> host.equals("media.test") || host.equals("evil.test")
                ? List.of(InetAddress.getLoopbackAddress())
                : HostResolver.system().resolve(host);
    }

    /** Admits the media server's loopback port and nothing else internal. */
    private static AddressGuard onlyMediaServer(int port) {
        AddressGuard publicOnly = AddressGuard.publicOnly();
        return (address, p) -> address.isLoopbackAddress() && p == port ? Optional.empty() : publicOnly.refusal(address, p);
    }

    private static StreamExecutionEnvironment env() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(500);
        return env;
    }

    private static String post(String id, String videoUrl, String previewUrl) {
        return "{\"platform\":\"x\",\"id\":\"" + id + "\",\"url\":\"https://x.com/witness/status/" + id + "\","
                + "\"author\":\"witness_" + id + "\",\"text\":\"Video " + id + ": policemen at Hatri police station Hyderabad beat "
                + "and harass Afghan labourers and took their money, SHO watching. #SindhPolice\","
                + "\"created_at\":\"2023-11-0" + (1 + Integer.parseInt(id) % 8) + "T10:00:00.000Z\",\"lang\":\"en\","
                + "\"media\":[{\"type\":\"video\",\"url\":\"" + videoUrl + "\""
                + (previewUrl == null ? "" : ",\"preview_url\":\"" + previewUrl + "\"") + "}],"
                + "\"metrics\":{\"reposts\":1,\"likes\":2,\"views\":300}}";
    }

    private static void respond(HttpExchange exchange, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
