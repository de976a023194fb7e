package org.nigrani.jobs.source.x;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;
import twitter4j.PaginationToken;
import twitter4j.TweetsResponse;
import twitter4j.TwitterObjectFactory;
import twitter4j.TwitterV2;

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
 * <p>The request, its bearer header and the failure handling below live in {@link TwitterV2Session}, shared with
 * {@link XPostLookup}.
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

    private final TwitterV2Session session;

    public XRecentSearch(Settings settings) {
        this(settings, Clock.systemUTC(), null, RandomGenerator.getDefault());
    }

    /**
     * @param sleeper waits before retries, or null for a real wait that {@link #close()} cuts short
     * @param random the source of back-off jitter
     */
    public XRecentSearch(Settings settings, Clock clock, FilteredStreamClient.Sleeper sleeper, RandomGenerator random) {
        this.session = new TwitterV2Session(settings, clock, sleeper, random);
    }

    public Settings settings() {
        return session.settings();
    }

    @Override
    public XPosts.Page fetch(XQuery query, String sinceId, String nextToken) throws IOException, InterruptedException {
        Objects.requireNonNull(query, "query");
        Long since = sinceId(query, sinceId);
        PaginationToken token = nextToken == null ? null : new PaginationToken(nextToken);
        return session.page(v2 -> v2.searchRecent(query.query(), null, EXPANSIONS, MAX_RESULTS, MEDIA_FIELDS, token,
                        null, null, since, null, TWEET_FIELDS, null, USER_FIELDS),
                PATH, "recent search for query '" + query.id() + "'", ENDPOINT_NAME);
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

    public long requests() {
        return session.requests();
    }

    @Override
    public long tooManyRequests() {
        return session.tooManyRequests();
    }

    public long errors() {
        return session.errors();
    }

    @Override
    public void close() {
        session.close();
    }

    @Override
    public String toString() {
        return "XRecentSearch[" + session.settings() + "]";
    }
}
