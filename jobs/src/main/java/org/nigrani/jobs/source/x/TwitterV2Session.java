package org.nigrani.jobs.source.x;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import twitter4j.HttpRequest;
import twitter4j.JSONException;
import twitter4j.RateLimitStatus;
import twitter4j.TweetsResponse;
import twitter4j.Twitter;
import twitter4j.TwitterException;
import twitter4j.TwitterFactory;
import twitter4j.TwitterObjectFactory;
import twitter4j.TwitterV2;
import twitter4j.TwitterV2ExKt;
import twitter4j.V2ConfigurationKt;
import twitter4j.auth.Authorization;
import twitter4j.conf.Configuration;
import twitter4j.conf.ConfigurationBuilder;

/**
 * What the X API v2 clients built on twitter4j-v2 ({@link XRecentSearch}, {@link XPostLookup}) share: the twitter4j
 * configuration (base URL, our own bearer header, the JSON store), and one request with X's failure rules around it.
 *
 * <p>{@link #page} sends the request until it succeeds or fails for good: 401/403 throw
 * {@link CredentialsRefusedException} at once; 429 waits until {@code x-rate-limit-reset} (or
 * {@link Backoff.Kind#RATE_LIMITED} when the reset is unknown or past); a successful page whose
 * {@code x-rate-limit-remaining} is 0 makes the next call wait for the reset; 5xx and network errors are retried
 * with full-jitter back-off; at most {@link XRecentSearch.Settings#maxAttempts()} requests. The body comes back as
 * JSON ({@link TwitterObjectFactory#getRawJSON}) read by {@link XPosts#read}. Messages never contain the token or
 * post text. Not thread-safe.
 */
final class TwitterV2Session {

    private static final Logger LOG = LoggerFactory.getLogger(TwitterV2Session.class);

    /** One request through the extension. */
    @FunctionalInterface
    interface Call {
        TweetsResponse send(TwitterV2 v2) throws TwitterException;
    }

    private final XRecentSearch.Settings settings;
    private final Clock clock;
    private final FilteredStreamClient.Sleeper sleeper;
    private final RandomGenerator random;
    private final XPosts posts;
    private final TwitterV2 v2;
    private final String base;
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private volatile boolean closed;
    /** Set when a page said no calls remain: the next request waits until then. */
    private Instant notBefore;

    private final LongAdder requests = new LongAdder();
    private final LongAdder tooManyRequests = new LongAdder();
    private final LongAdder errors = new LongAdder();

    /** @param sleeper waits before retries, or null for a real wait that {@link #close()} cuts short */
    TwitterV2Session(XRecentSearch.Settings settings, Clock clock, FilteredStreamClient.Sleeper sleeper,
            RandomGenerator random) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.sleeper = sleeper != null
                ? sleeper
                : d -> closedLatch.await(d.toNanos(), TimeUnit.NANOSECONDS);
        this.posts = new XPosts(clock);
        this.base = settings.baseUri().toString().replaceAll("/+$", "");
        int timeoutMillis = (int) settings.timeout().toMillis();
        Configuration conf = new ConfigurationBuilder()
                .setRestBaseURL(base + "/1.1/")
                .setJSONStoreEnabled(true) // keeps each response's JSON for TwitterObjectFactory.getRawJSON
                .setHttpRetryCount(0) // retries are ours: X's back-off rules, bounded, counted
                .setHttpConnectionTimeout(timeoutMillis)
                .setHttpReadTimeout(timeoutMillis)
                .setDebugEnabled(false)
                .setTrimUserEnabled(false)
                .build();
        // The extension keeps its base URL per (equal) Configuration, in a global map.
        V2ConfigurationKt.getV2Configuration(conf).setBaseURL(base + "/2/");
        Twitter twitter = new TwitterFactory(conf).getInstance(new Bearer(settings.bearerToken()));
        this.v2 = TwitterV2ExKt.getV2(twitter);
    }

    /**
     * App-only authentication with the token exactly as X issued it. twitter4j's own {@code OAuth2Token} URL-encodes
     * the token into the header, which breaks tokens that already contain {@code %}-escapes, as X's do.
     */
    private static final class Bearer implements Authorization {
        private static final long serialVersionUID = 1L;
        private final transient String header;

        Bearer(String token) {
            this.header = "Bearer " + token;
        }

        @Override
        public String getAuthorizationHeader(HttpRequest req) {
            return header;
        }

        @Override
        public boolean isEnabled() {
            return header != null;
        }

        @Override
        public String toString() {
            return "Bearer <redacted>";
        }
    }

    XRecentSearch.Settings settings() {
        return settings;
    }

    /** {@code GET <base><path>}, as errors name it. */
    String endpoint(String path) {
        return "GET " + base + path;
    }

    /**
     * Sends {@code call} with X's retry rules and reads the page.
     *
     * @param path the endpoint's path, named in errors
     * @param subject what is being fetched, e.g. {@code recent search for query 'q'}, starting every message
     * @param endpointName the endpoint name posts carry ({@link XPosts#read})
     */
    XPosts.Page page(Call call, String path, String subject, String endpointName)
            throws IOException, InterruptedException {
        String endpoint = endpoint(path);
        Backoff backoff = Backoff.withFullJitter(random);
        String last = "no request";
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            if (closed) {
                throw new IOException(subject + " stopped: the client is closed");
            }
            waitForWindow(subject);
            requests.increment();
            Duration wait;
            try {
                TweetsResponse response = call.send(v2);
                remember(rateLimit(response.getRateLimitStatus()));
                return read(subject, endpointName, TwitterObjectFactory.getRawJSON(response));
            } catch (TwitterException e) {
                int status = e.getStatusCode();
                if (status == 401 || status == 403) {
                    errors.increment();
                    throw new CredentialsRefusedException(status, endpoint, settings.tokenLabel());
                }
                if (status == 429) {
                    tooManyRequests.increment();
                    last = "HTTP 429";
                    Duration untilReset = rateLimit(e).waitBeforeNextCall(clock.instant(), true);
                    wait = untilReset.isZero() ? backoff.next(Backoff.Kind.RATE_LIMITED) : untilReset;
                } else if (status >= 500) {
                    errors.increment();
                    last = "HTTP " + status;
                    wait = backoff.next(Backoff.Kind.HTTP);
                } else if (status >= 300) {
                    errors.increment();
                    throw new IOException(subject + " was refused with HTTP " + status + " at " + endpoint
                            + "; not retried");
                } else if (e.getCause() instanceof JSONException) {
                    // twitter4j answers a 200 whose body is not JSON, or that twitter4j-v2 cannot model, this way.
                    errors.increment();
                    throw new IOException(subject + " got a page that cannot be read"
                            + " (invalid_json: twitter4j-v2 could not parse it: " + describe(e.getCause()) + ")");
                } else if (e.isCausedByNetworkIssue()) {
                    errors.increment();
                    last = "network error " + e.getCause().getClass().getSimpleName();
                    wait = backoff.next(Backoff.Kind.NETWORK);
                } else {
                    errors.increment();
                    throw new IOException(subject + " failed at " + endpoint + ": "
                            + describe(e.getCause() != null ? e.getCause() : e));
                }
            }
            if (attempt < settings.maxAttempts()) {
                LOG.warn("{}: {} at {}, retry {} of {} in {}", subject, last, endpoint, attempt,
                        settings.maxAttempts() - 1, wait);
                sleeper.sleep(wait);
            }
        }
        throw new IOException(subject + " failed after " + settings.maxAttempts() + " attempts at " + endpoint
                + ", last: " + last);
    }

    private XPosts.Page read(String subject, String endpointName, String json) throws IOException {
        if (json == null) {
            errors.increment();
            throw new IOException(subject + ": twitter4j kept no JSON of the page");
        }
        try {
            return posts.read(json.getBytes(StandardCharsets.UTF_8), endpointName);
        } catch (UnreadableResponse e) {
            errors.increment();
            throw new IOException(subject + " got a page that cannot be read (" + e.reason() + ": " + e.getMessage()
                    + ")", e);
        }
    }

    /** Names the failure without its message text when that could quote the body (twitter4j appends it). */
    private static String describe(Throwable t) {
        if (t == null) {
            return "unknown";
        }
        if (t instanceof JSONException || t instanceof TwitterException) {
            return t.getClass().getSimpleName();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private void waitForWindow(String subject) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Instant until = notBefore;
        if (until != null) {
            notBefore = null;
            Duration d = Duration.between(clock.instant(), until);
            if (!d.isNegative() && !d.isZero()) {
                LOG.info("{}: no calls left in this rate-limit window, waiting {}", subject, d);
                sleeper.sleep(d);
            }
        }
    }

    private void remember(RateLimit limit) {
        if (limit.exhausted()) {
            notBefore = limit.reset().orElse(null);
        }
    }

    private static RateLimit rateLimit(RateLimitStatus status) {
        if (status == null) {
            return RateLimit.UNKNOWN;
        }
        return new RateLimit(OptionalLong.of(status.getLimit()), OptionalLong.of(status.getRemaining()),
                Optional.of(Instant.ofEpochSecond(status.getResetTimeInSeconds())));
    }

    /**
     * The rate limit headers of a refused request. twitter4j's {@link TwitterException#getRateLimitStatus()} reads them
     * case-insensitively but only when all three are present and numeric; a 429 may carry only the reset. Its
     * {@link TwitterException#getResponseHeader} is an exact-case map lookup that throws NullPointerException for an
     * absent header (twitter4j 4.0.7), hence the guarded lookups in the spellings servers use.
     */
    private static RateLimit rateLimit(TwitterException e) {
        try {
            RateLimitStatus status = e.getRateLimitStatus();
            if (status != null) {
                return rateLimit(status);
            }
        } catch (RuntimeException ignored) {
            // a header that is not a number: read them one by one below
        }
        Map<String, List<String>> headers = new HashMap<>();
        for (String name : new String[] {RateLimit.LIMIT, RateLimit.REMAINING, RateLimit.RESET}) {
            String value = header(e, name);
            if (value != null) {
                headers.put(name, List.of(value));
            }
        }
        return RateLimit.from(HttpHeaders.of(headers, (k, v) -> true));
    }

    private static String header(TwitterException e, String lowerCaseName) {
        String titleCase = Arrays.stream(lowerCaseName.split("-"))
                .map(w -> Character.toUpperCase(w.charAt(0)) + w.substring(1))
                .collect(Collectors.joining("-"));
        String firstUpper = Character.toUpperCase(lowerCaseName.charAt(0)) + lowerCaseName.substring(1);
        for (String name : new String[] {lowerCaseName, titleCase, firstUpper}) {
            try {
                String value = e.getResponseHeader(name);
                if (value != null) {
                    return value;
                }
            } catch (RuntimeException absent) {
                // twitter4j 4.0.7: NullPointerException when the header is absent
            }
        }
        return null;
    }

    long requests() {
        return requests.sum();
    }

    long tooManyRequests() {
        return tooManyRequests.sum();
    }

    long errors() {
        return errors.sum();
    }

    void close() {
        closed = true;
        closedLatch.countDown();
    }
}
