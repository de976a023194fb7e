package org.nigrani.jobs.source.x;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
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
import twitter4j.PaginationToken;
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
 * X API v2 recent search ({@code GET /2/tweets/search/recent}), one page per {@link #fetch}, through twitter4j
 * with the twitter4j-v2 extension ({@link TwitterV2#searchRecent}).
 *
 * <p>The extension sends every parameter we need (query, since_id, next_token, max_results and the field and
 * expansion lists, passed through verbatim) but answers with its own model, {@link TweetsResponse}, which has no
 * {@code note_tweet}, withheld details or media variants. So the client turns on twitter4j's JSON store and takes
 * the page back as JSON ({@link TwitterObjectFactory#getRawJSON}) for {@link XPosts#read}, the one mapping shared
 * by search, lookup and the stream. That JSON is the body as twitter4j's {@code JSONObject} re-serialises it: the
 * same members and values, not necessarily the same bytes.
 *
 * <p>Limitation of the extension: it models every post of the page before we see the JSON, and its model is strict
 * (numeric {@code id}, a {@code text}). A page with one post it cannot model fails as a whole (an
 * {@link IOException} naming the query) instead of reporting that post as {@link XPosts.Unusable}.
 *
 * <p>Failures: 401/403 throw {@link CredentialsRefusedException} at once. 429 waits until
 * {@code x-rate-limit-reset} (or {@link Backoff.Kind#RATE_LIMITED} when the reset is unknown or past); a
 * successful page whose {@code x-rate-limit-remaining} is 0 makes the next call wait for the reset. 5xx and network
 * errors are retried with {@link Backoff#withFullJitter full-jitter} back-off. At most
 * {@link Settings#maxAttempts()} requests per fetch, then an {@link IOException} naming the query and the last
 * status. Other 4xx (a query X rejects) and bodies that cannot be read throw an {@link IOException} at once.
 * Messages never contain the token or post text. Not thread-safe: one instance per reader.
 */
public final class XRecentSearch implements SearchPages {

    private static final Logger LOG = LoggerFactory.getLogger(XRecentSearch.class);

    public static final String PATH = "/2/tweets/search/recent";
    public static final int MAX_RESULTS = 100;
    public static final String TWEET_FIELDS = "created_at,lang,author_id,public_metrics,referenced_tweets,attachments,"
            + "in_reply_to_user_id,geo,withheld,note_tweet";
    public static final String EXPANSIONS = "author_id,attachments.media_keys,referenced_tweets.id,geo.place_id";
    public static final String MEDIA_FIELDS = "type,url,preview_image_url,duration_ms,public_metrics,variants";
    public static final String USER_FIELDS = "username,name";
    /** The endpoint name posts carry in their source ({@code x:search}). */
    public static final String ENDPOINT_NAME = "search";

    /** The X API base, e.g. {@code https://api.x.com}. */
    public static final URI DEFAULT_BASE_URI = URI.create("https://api.x.com");

    /**
     * @param baseUri X API base, e.g. {@code https://api.x.com} (without {@code /2})
     * @param bearerToken the app's bearer token; never printed
     * @param tokenLabel where the token came from, e.g. {@code NIGRANI_X_BEARER_TOKEN}, named in errors
     * @param maxAttempts requests per {@link #fetch} at most, counting retries after 429, 5xx and network errors
     * @param timeout connect and read timeout of one request
     */
    public record Settings(URI baseUri, String bearerToken, String tokenLabel, int maxAttempts, Duration timeout) {

        public static final int DEFAULT_MAX_ATTEMPTS = 6;
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

        public Settings {
            Objects.requireNonNull(baseUri, "baseUri");
            Objects.requireNonNull(tokenLabel, "tokenLabel");
            if (bearerToken == null || bearerToken.isBlank()) {
                throw new IllegalArgumentException("no X bearer token: set " + tokenLabel);
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
            }
            timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
            if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("timeout must be positive and under 24 days: " + timeout);
            }
        }

        public static Settings of(URI baseUri, String bearerToken, String tokenLabel) {
            return new Settings(baseUri, bearerToken, tokenLabel, DEFAULT_MAX_ATTEMPTS, DEFAULT_TIMEOUT);
        }

        public Settings withMaxAttempts(int attempts) {
            return new Settings(baseUri, bearerToken, tokenLabel, attempts, timeout);
        }

        @Override
        public String toString() {
            return "Settings[baseUri=" + baseUri + ", bearerToken=<redacted, from " + tokenLabel + ">"
                    + ", maxAttempts=" + maxAttempts + ", timeout=" + timeout + "]";
        }
    }

    /** Looks up an environment variable; serializable so a {@link Factory} can travel in the job graph. */
    @FunctionalInterface
    public interface Environment extends Serializable {
        String get(String name);
    }

    /** The process environment ({@link System#getenv(String)}). */
    public enum SystemEnvironment implements Environment {
        INSTANCE;

        @Override
        public String get(String name) {
            return System.getenv(name);
        }
    }

    /**
     * Opens {@link XRecentSearch} clients where the source runs. Holds the base URI and the NAME of the environment
     * variable with the bearer token, never the token: it is read in {@link #open()}.
     */
    public record Factory(URI baseUri, String tokenVariable, Environment environment) implements SearchPages.Factory {

        public Factory {
            Objects.requireNonNull(baseUri, "baseUri");
            Objects.requireNonNull(tokenVariable, "tokenVariable");
            if (tokenVariable.isBlank()) {
                throw new IllegalArgumentException("tokenVariable must name an environment variable");
            }
            environment = environment == null ? SystemEnvironment.INSTANCE : environment;
        }

        public Factory(URI baseUri, String tokenVariable) {
            this(baseUri, tokenVariable, SystemEnvironment.INSTANCE);
        }

        /** @throws IllegalStateException naming the variable when it is unset or blank */
        @Override
        public XRecentSearch open() {
            String token = environment.get(tokenVariable);
            if (token == null || token.isBlank()) {
                throw new IllegalStateException("no X bearer token for recent search: the environment variable "
                        + tokenVariable + " is unset or empty");
            }
            return new XRecentSearch(Settings.of(baseUri, token.strip(), tokenVariable));
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final FilteredStreamClient.Sleeper sleeper;
    private final RandomGenerator random;
    private final XPosts posts;
    private final TwitterV2 v2;
    private final String endpoint;
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private volatile boolean closed;
    /** Set when a page said no calls remain: the next request waits until then. */
    private Instant notBefore;

    private final LongAdder requests = new LongAdder();
    private final LongAdder tooManyRequests = new LongAdder();
    private final LongAdder errors = new LongAdder();

    public XRecentSearch(Settings settings) {
        this(settings, Clock.systemUTC(), null, RandomGenerator.getDefault());
    }

    /**
     * @param sleeper waits before retries, or null for a real wait that {@link #close()} cuts short
     * @param random the source of back-off jitter
     */
    public XRecentSearch(Settings settings, Clock clock, FilteredStreamClient.Sleeper sleeper, RandomGenerator random) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.sleeper = sleeper != null
                ? sleeper
                : d -> closedLatch.await(d.toNanos(), TimeUnit.NANOSECONDS);
        this.posts = new XPosts(clock);
        String base = settings.baseUri().toString().replaceAll("/+$", "");
        this.endpoint = "GET " + base + PATH;
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

    public Settings settings() {
        return settings;
    }

    @Override
    public XPosts.Page fetch(XQuery query, String sinceId, String nextToken) throws IOException, InterruptedException {
        Objects.requireNonNull(query, "query");
        Long since = sinceId(query, sinceId);
        PaginationToken token = nextToken == null ? null : new PaginationToken(nextToken);
        Backoff backoff = Backoff.withFullJitter(random);
        String last = "no request";
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            if (closed) {
                throw new IOException("recent search for query '" + query.id() + "' stopped: the client is closed");
            }
            waitForWindow();
            requests.increment();
            Duration wait;
            try {
                TweetsResponse response = v2.searchRecent(query.query(), null, EXPANSIONS, MAX_RESULTS, MEDIA_FIELDS, token,
                        null, null, since, null, TWEET_FIELDS, null, USER_FIELDS);
                remember(rateLimit(response.getRateLimitStatus()));
                return read(query, TwitterObjectFactory.getRawJSON(response));
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
                    throw new IOException("recent search for query '" + query.id() + "' was refused with HTTP " + status
                            + " at " + endpoint + "; not retried");
                } else if (e.getCause() instanceof JSONException) {
                    // twitter4j answers a 200 whose body is not JSON, or that twitter4j-v2 cannot model, this way.
                    errors.increment();
                    throw new IOException("recent search for query '" + query.id() + "' got a page that cannot be read"
                            + " (invalid_json: twitter4j-v2 could not parse it: " + describe(e.getCause()) + ")");
                } else if (e.isCausedByNetworkIssue()) {
                    errors.increment();
                    last = "network error " + e.getCause().getClass().getSimpleName();
                    wait = backoff.next(Backoff.Kind.NETWORK);
                } else {
                    errors.increment();
                    throw new IOException("recent search for query '" + query.id() + "' failed at " + endpoint + ": "
                            + describe(e.getCause() != null ? e.getCause() : e));
                }
            }
            if (attempt < settings.maxAttempts()) {
                LOG.warn("recent search for query '{}': {} at {}, retry {} of {} in {}", query.id(), last, endpoint, attempt,
                        settings.maxAttempts() - 1, wait);
                sleeper.sleep(wait);
            }
        }
        throw new IOException("recent search for query '" + query.id() + "' failed after " + settings.maxAttempts()
                + " attempts at " + endpoint + ", last: " + last);
    }

    private static Long sinceId(XQuery query, String sinceId) {
        if (sinceId == null) {
            return null;
        }
        try {
            long id = Long.parseLong(sinceId);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("since_id of query '" + query.id() + "' must be a post id, was '"
                + sinceId + "'");
    }

    private XPosts.Page read(XQuery query, String json) throws IOException {
        if (json == null) {
            errors.increment();
            throw new IOException("recent search for query '" + query.id() + "': twitter4j kept no JSON of the page");
        }
        try {
            return posts.read(json.getBytes(StandardCharsets.UTF_8), ENDPOINT_NAME);
        } catch (UnreadableResponse e) {
            errors.increment();
            throw new IOException("recent search for query '" + query.id() + "' got a page that cannot be read ("
                    + e.reason() + ": " + e.getMessage() + ")", e);
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

    private void waitForWindow() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Instant until = notBefore;
        if (until != null) {
            notBefore = null;
            Duration d = Duration.between(clock.instant(), until);
            if (!d.isNegative() && !d.isZero()) {
                LOG.info("recent search: no calls left in this rate-limit window, waiting {}", d);
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

    public long requests() {
        return requests.sum();
    }

    public long tooManyRequests() {
        return tooManyRequests.sum();
    }

    public long errors() {
        return errors.sum();
    }

    @Override
    public void close() {
        closed = true;
        closedLatch.countDown();
    }

    @Override
    public String toString() {
        return "XRecentSearch[" + settings + "]";
    }
}
