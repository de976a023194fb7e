package org.nigrani.jobs.source.x;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the X API v2 filtered stream ({@code GET /2/tweets/search/stream}) and its rules
 * ({@code /2/tweets/search/stream/rules}). Plain Java on {@code java.net.http}; the Flink source wraps it.
 *
 * <p>{@link #run} connects, hands every non-blank line (one post as JSON) to the consumer, counts blank lines
 * as keep-alives, treats a connection that sends no byte for {@link Settings#stallTimeout()} as stalled,
 * and reconnects after every loss with {@link Backoff}: network errors, stalls and dropped streams linearly,
 * HTTP errors exponentially, 429 until the {@code x-rate-limit-reset} (or exponentially from a minute when
 * the header is missing). Each reconnection after a loss is reported as a {@link Gap} so the caller can
 * backfill it with recent search. 401/403 throw {@link CredentialsRefusedException} and are not retried.
 * {@link #close()} stops {@code run} promptly from any thread.
 */
public final class FilteredStreamClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FilteredStreamClient.class);
    public static final String STREAM_PATH = "/2/tweets/search/stream";
    public static final String RULES_PATH = "/2/tweets/search/stream/rules";
    public static final int MAX_RULES = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A filtered-stream rule: its query {@code value} and an optional {@code tag}. */
    public record Rule(String value, String tag) {
        public Rule {
            Objects.requireNonNull(value, "value");
            if (value.isBlank()) {
                throw new IllegalArgumentException("a rule value must not be blank");
            }
        }
    }

    /** The time between losing a connection (the last byte it delivered) and having a new one. */
    public record Gap(Instant from, Instant to) {
        public Duration length() {
            return Duration.between(from, to);
        }
    }

    /** What {@link #syncRules()} changed; both empty when the rules were already in sync. */
    public record RulesSync(List<Rule> added, List<String> deletedIds) {
        public RulesSync {
            added = List.copyOf(added);
            deletedIds = List.copyOf(deletedIds);
        }

        public boolean changed() {
            return !added.isEmpty() || !deletedIds.isEmpty();
        }
    }

    /** Pauses the calling thread; injectable so tests need not wait. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * @param baseUri X API base, e.g. {@code https://api.x.com}
     * @param bearerToken the app's bearer token, read by the caller (from an environment variable); never printed
     * @param tokenLabel where the token came from, e.g. {@code NIGRANI_X_BEARER_TOKEN}, named in errors
     * @param stallTimeout no byte (neither data nor keep-alive) for this long means the connection stalled
     * @param rules the rules {@link #syncRules()} establishes (by value)
     * @param streamParameters query parameters of the stream request ({@code tweet.fields}, {@code expansions}, ...)
     */
    public record Settings(
            URI baseUri,
            String bearerToken,
            String tokenLabel,
            Duration stallTimeout,
            List<Rule> rules,
            Map<String, String> streamParameters) {

        public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(90);

        public Settings {
            Objects.requireNonNull(baseUri, "baseUri");
            Objects.requireNonNull(tokenLabel, "tokenLabel");
            if (bearerToken == null || bearerToken.isBlank()) {
                throw new IllegalArgumentException("no X bearer token: set " + tokenLabel);
            }
            stallTimeout = stallTimeout == null ? DEFAULT_STALL_TIMEOUT : stallTimeout;
            if (stallTimeout.isNegative() || stallTimeout.isZero()) {
                throw new IllegalArgumentException("stallTimeout must be positive: " + stallTimeout);
            }
            rules = rules == null ? List.of() : List.copyOf(rules);
            if (rules.size() > MAX_RULES) {
                throw new IllegalArgumentException("X allows at most " + MAX_RULES + " rules, got " + rules.size());
            }
            streamParameters = streamParameters == null
                    ? Map.of()
                    : Collections.unmodifiableMap(new LinkedHashMap<>(streamParameters));
        }

        public static Settings of(URI baseUri, String bearerToken, String tokenLabel, List<Rule> rules) {
            return new Settings(baseUri, bearerToken, tokenLabel, DEFAULT_STALL_TIMEOUT, rules, Map.of());
        }

        public Settings withStallTimeout(Duration timeout) {
            return new Settings(baseUri, bearerToken, tokenLabel, timeout, rules, streamParameters);
        }

        public Settings withStreamParameters(Map<String, String> parameters) {
            return new Settings(baseUri, bearerToken, tokenLabel, stallTimeout, rules, parameters);
        }

        @Override
        public String toString() {
            return "Settings[baseUri=" + baseUri + ", bearerToken=<redacted, from " + tokenLabel + ">"
                    + ", stallTimeout=" + stallTimeout + ", rules=" + rules + ", streamParameters=" + streamParameters + "]";
        }
    }

    private enum End { EOF, STALL, ERROR, CLOSED }

    private final Settings settings;
    private final HttpClient http;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Backoff backoff = Backoff.xApi();
    private final URI streamUri;
    private final URI rulesUri;
    private final String streamEndpoint;
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private final ScheduledExecutorService watchdog;

    private volatile boolean closed;
    private volatile CompletableFuture<?> pending;
    private volatile InputStream body;

    private final LongAdder connections = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private final LongAdder keepAlives = new LongAdder();
    private final LongAdder posts = new LongAdder();
    private final LongAdder tooManyRequests = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder stalls = new LongAdder();

    public FilteredStreamClient(Settings settings) {
        this(settings, null, Clock.systemUTC(), null);
    }

    /**
     * @param http the HTTP client, or null for a new HTTP/1.1 one
     * @param sleeper waits between reconnects, or null for a real wait that {@link #close()} cuts short
     */
    public FilteredStreamClient(Settings settings, HttpClient http, Clock clock, Sleeper sleeper) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = http != null
                ? http
                : HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10))
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = sleeper != null
                ? sleeper
                : d -> closedLatch.await(d.toNanos(), TimeUnit.NANOSECONDS);
        String base = settings.baseUri().toString().replaceAll("/+$", "");
        this.streamUri = URI.create(base + STREAM_PATH + query(settings.streamParameters()));
        this.rulesUri = URI.create(base + RULES_PATH);
        this.streamEndpoint = "GET " + base + STREAM_PATH;
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "x-stream-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    private static String query(Map<String, String> parameters) {
        if (parameters.isEmpty()) {
            return "";
        }
        return parameters.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&", "?", ""));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public Settings settings() {
        return settings;
    }

    // ---------------------------------------------------------------- rules

    /**
     * Makes the stream's rules the desired ones, comparing by value: deletes rules whose value is not desired
     * (and duplicates), adds desired values that are missing, leaves the rest. Sends no change when in sync.
     */
    public RulesSync syncRules() throws IOException, InterruptedException {
        JsonNode current = call(HttpRequest.newBuilder(rulesUri).GET(), "GET " + rulesUri);
        Set<String> seen = new HashSet<>();
        List<String> deleteIds = new ArrayList<>();
        Map<String, Rule> desired = new LinkedHashMap<>();
        for (Rule r : settings.rules()) {
            desired.putIfAbsent(r.value(), r);
        }
        for (JsonNode rule : current.path("data")) {
            String value = rule.path("value").asText();
            String id = rule.path("id").asText();
            if (!desired.containsKey(value) || !seen.add(value)) {
                deleteIds.add(id);
            }
        }
        List<Rule> add = desired.values().stream().filter(r -> !seen.contains(r.value())).toList();

        if (!deleteIds.isEmpty()) {
            ObjectNode body = JSON.createObjectNode();
            ArrayNode ids = body.putObject("delete").putArray("ids");
            deleteIds.forEach(ids::add);
            postRules(body);
        }
        if (!add.isEmpty()) {
            ObjectNode body = JSON.createObjectNode();
            ArrayNode list = body.putArray("add");
            for (Rule r : add) {
                ObjectNode o = list.addObject().put("value", r.value());
                if (r.tag() != null) {
                    o.put("tag", r.tag());
                }
            }
            postRules(body);
        }
        RulesSync result = new RulesSync(add, deleteIds);
        if (result.changed()) {
            LOG.info("X stream rules: added {}, deleted {}", add.size(), deleteIds.size());
        }
        return result;
    }

    private void postRules(ObjectNode body) throws IOException, InterruptedException {
        JsonNode answer = call(
                HttpRequest.newBuilder(rulesUri)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))),
                "POST " + rulesUri);
        if (answer.has("errors")) {
            LOG.warn("X stream rules change reported errors: {}", answer.get("errors"));
        }
    }

    private JsonNode call(HttpRequest.Builder request, String endpoint) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(
                request.header("Authorization", "Bearer " + settings.bearerToken())
                        .header("Accept", "application/json")
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new CredentialsRefusedException(status, endpoint, settings.tokenLabel());
        }
        if (status / 100 != 2) {
            RateLimit limit = RateLimit.from(response.headers());
            throw new IOException("HTTP " + status + " from " + endpoint
                    + (status == 429 ? " (rate limited until " + limit.reset().map(Instant::toString).orElse("unknown") + ")" : ""));
        }
        byte[] bytes = response.body();
        return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
    }

    // ---------------------------------------------------------------- stream

    /**
     * Streams until {@link #close()}: every post line goes to {@code onPost} (the bytes of one JSON object,
     * without the line ending), every reconnection after a loss goes to {@code onGap}. Returns normally once
     * closed. Exceptions thrown by the consumers end the run.
     *
     * @throws CredentialsRefusedException on 401/403
     * @throws InterruptedException if the calling thread is interrupted
     */
    public void run(Consumer<byte[]> onPost, Consumer<Gap> onGap) throws InterruptedException {
        Objects.requireNonNull(onPost, "onPost");
        Objects.requireNonNull(onGap, "onGap");
        Instant lostAt = null;
        while (!closed) {
            HttpResponse<InputStream> response;
            try {
                response = connect();
            } catch (IOException e) {
                if (closed) {
                    break;
                }
                errors.increment();
                Duration wait = backoff.next(Backoff.Kind.NETWORK);
                LOG.warn("X stream: cannot connect ({}); retrying in {}", e.toString(), wait);
                pause(wait);
                continue;
            }
            int status = response.statusCode();
            if (status != 200) {
                closeQuietly(response.body());
                if (status == 401 || status == 403) {
                    throw new CredentialsRefusedException(status, streamEndpoint, settings.tokenLabel());
                }
                Duration wait;
                if (status == 429) {
                    tooManyRequests.increment();
                    Duration fallback = backoff.next(Backoff.Kind.RATE_LIMITED);
                    Duration untilReset = RateLimit.from(response.headers()).waitBeforeNextCall(clock.instant(), true);
                    wait = untilReset.isZero() ? fallback : untilReset;
                } else {
                    errors.increment();
                    wait = backoff.next(Backoff.Kind.HTTP);
                }
                LOG.warn("X stream: HTTP {}; retrying in {}", status, wait);
                pause(wait);
                continue;
            }

            connections.increment();
            Instant connectedAt = clock.instant();
            if (lostAt != null) {
                reconnects.increment();
                LOG.info("X stream: reconnected; gap since {}", lostAt);
                onGap.accept(new Gap(lostAt, connectedAt));
            }
            Instant[] lastByteAt = {connectedAt};
            End end = read(response.body(), onPost, lastByteAt);
            lostAt = lastByteAt[0];
            if (end == End.CLOSED || closed) {
                break;
            }
            if (end == End.STALL) {
                stalls.increment();
            } else {
                errors.increment();
            }
            Duration wait = backoff.next(Backoff.Kind.NETWORK);
            LOG.warn("X stream: connection lost ({}); reconnecting in {}", end, wait);
            pause(wait);
        }
    }

    private void pause(Duration wait) throws InterruptedException {
        if (!closed) {
            sleeper.sleep(wait);
        }
    }

    private HttpResponse<InputStream> connect() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(streamUri)
                .header("Authorization", "Bearer " + settings.bearerToken())
                .header("Accept", "application/json")
                .GET()
                .build();
        CompletableFuture<HttpResponse<InputStream>> future =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        pending = future;
        try {
            if (closed) {
                future.cancel(true);
            }
            return future.get(settings.stallTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new HttpTimeoutException("no response from " + STREAM_PATH + " within " + settings.stallTimeout());
        } catch (CancellationException e) {
            throw new IOException("connection cancelled", e);
        } finally {
            pending = null;
            // A response that arrives after a cancel or close must not leak its connection.
            future.thenAccept(r -> {
                if (closed || future.isCancelled()) {
                    closeQuietly(r.body());
                }
            });
        }
    }

    private End read(InputStream in, Consumer<byte[]> onPost, Instant[] lastByteAt) {
        body = in;
        if (closed) {
            closeQuietly(in);
            return End.CLOSED;
        }
        long stallNanos = settings.stallTimeout().toNanos();
        // Time blocked in read() without a byte; a slow consumer does not count as a stall.
        long[] waitingSince = {System.nanoTime()};
        boolean[] stalled = {false};
        long period = Math.max(10, settings.stallTimeout().toMillis() / 10);
        ScheduledFuture<?> check;
        try {
            check = watchdog.scheduleAtFixedRate(() -> {
                long since;
                synchronized (waitingSince) {
                    since = waitingSince[0];
                }
                if (since != 0 && System.nanoTime() - since > stallNanos) {
                    synchronized (stalled) {
                        stalled[0] = true;
                    }
                    closeQuietly(in);
                }
            }, period, period, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            body = null;
            closeQuietly(in);
            return End.CLOSED;
        }

        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        boolean first = true;
        End end;
        try {
            while (true) {
                synchronized (waitingSince) {
                    waitingSince[0] = System.nanoTime();
                }
                int n = in.read(buffer);
                synchronized (waitingSince) {
                    waitingSince[0] = 0;
                }
                if (n < 0) {
                    end = End.EOF;
                    break;
                }
                if (n == 0) {
                    continue;
                }
                lastByteAt[0] = clock.instant();
                if (first) {
                    first = false;
                    backoff.reset();
                }
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        emit(line, onPost);
                        line.reset();
                    } else {
                        line.write(b);
                    }
                }
            }
        } catch (IOException e) {
            end = End.ERROR;
        } finally {
            check.cancel(false);
            body = null;
            closeQuietly(in);
        }
        synchronized (stalled) {
            if (stalled[0]) {
                end = End.STALL;
            }
        }
        return closed ? End.CLOSED : end;
    }

    private void emit(ByteArrayOutputStream line, Consumer<byte[]> onPost) {
        byte[] bytes = line.toByteArray();
        int length = bytes.length;
        while (length > 0 && (bytes[length - 1] == '\r' || bytes[length - 1] == ' ' || bytes[length - 1] == '\t')) {
            length--;
        }
        if (length == 0) {
            keepAlives.increment();
            return;
        }
        posts.increment();
        onPost.accept(length == bytes.length ? bytes : Arrays.copyOf(bytes, length));
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException | RuntimeException ignored) {
                // closing a broken stream
            }
        }
    }

    /** Stops {@link #run} promptly (from any thread): cancels a pending connect, ends the stream, cuts a wait short. */
    @Override
    public void close() {
        closed = true;
        closedLatch.countDown();
        CompletableFuture<?> p = pending;
        if (p != null) {
            p.cancel(true);
        }
        closeQuietly(body);
        watchdog.shutdownNow();
    }

    public boolean isClosed() {
        return closed;
    }

    public long connections() {
        return connections.sum();
    }

    /** Successful connections that followed a lost one (each reported as a gap). */
    public long reconnects() {
        return reconnects.sum();
    }

    public long keepAlives() {
        return keepAlives.sum();
    }

    public long posts() {
        return posts.sum();
    }

    /** HTTP 429 answers. */
    public long tooManyRequests() {
        return tooManyRequests.sum();
    }

    /** Failed connects, HTTP errors other than 429 and dropped streams. */
    public long errors() {
        return errors.sum();
    }

    public long stalls() {
        return stalls.sum();
    }
}
