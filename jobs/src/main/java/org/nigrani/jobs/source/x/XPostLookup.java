package org.nigrani.jobs.source.x;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * X API v2 post lookup ({@code GET /2/tweets?ids=…}) through twitter4j with the twitter4j-v2 extension
 * ({@link twitter4j.TwitterV2#getTweets}), asking for the same fields and expansions as {@link XRecentSearch}.
 *
 * <p>The request, the bearer header, waiting out 429s, retrying 5xx and network errors, and
 * {@link CredentialsRefusedException} on 401/403 are {@link TwitterV2Session}'s, as for recent search. The body is
 * read by {@link XPosts#read} as endpoint {@value #ENDPOINT_NAME}: ids X reports in {@code errors} as
 * resource-not-found come back as {@link XPosts.Reason#DELETED} (the extension keeps partial errors in its model
 * and does not fail the page for them), withheld posts as {@link XPosts.Reason#WITHHELD}. Not thread-safe.
 */
public final class XPostLookup implements PostLookup {

    public static final String PATH = "/2/tweets";
    /** The endpoint name posts carry in their source ({@code x:lookup}). */
    public static final String ENDPOINT_NAME = "lookup";

    /**
     * Opens {@link XPostLookup} clients where they run. Holds the base URI and the NAME of the environment variable
     * with the bearer token, never the token: it is read in {@link #open()}.
     */
    public record Factory(URI baseUri, String tokenVariable, XRecentSearch.Environment environment)
            implements PostLookup.Factory {

        public Factory {
            Objects.requireNonNull(baseUri, "baseUri");
            Objects.requireNonNull(tokenVariable, "tokenVariable");
            if (tokenVariable.isBlank()) {
                throw new IllegalArgumentException("tokenVariable must name an environment variable");
            }
            environment = environment == null ? XRecentSearch.SystemEnvironment.INSTANCE : environment;
        }

        public Factory(URI baseUri, String tokenVariable) {
            this(baseUri, tokenVariable, XRecentSearch.SystemEnvironment.INSTANCE);
        }

        /** @throws IllegalStateException naming the variable when it is unset or blank */
        @Override
        public XPostLookup open() {
            String token = environment.get(tokenVariable);
            if (token == null || token.isBlank()) {
                throw new IllegalStateException("no X bearer token for post lookup: the environment variable "
                        + tokenVariable + " is unset or empty");
            }
            return new XPostLookup(XRecentSearch.Settings.of(baseUri, token.strip(), tokenVariable));
        }
    }

    private final TwitterV2Session session;

    public XPostLookup(XRecentSearch.Settings settings) {
        this(settings, Clock.systemUTC(), null, RandomGenerator.getDefault());
    }

    /**
     * @param sleeper waits before retries, or null for a real wait that {@link #close()} cuts short
     * @param random the source of back-off jitter
     */
    public XPostLookup(XRecentSearch.Settings settings, Clock clock, FilteredStreamClient.Sleeper sleeper,
            RandomGenerator random) {
        this.session = new TwitterV2Session(settings, clock, sleeper, random);
    }

    public XRecentSearch.Settings settings() {
        return session.settings();
    }

    @Override
    public XPosts.Page lookup(List<String> ids) throws IOException, InterruptedException {
        long[] numeric = ids(ids);
        return session.page(v2 -> v2.getTweets(numeric, XRecentSearch.MEDIA_FIELDS, null, null,
                        XRecentSearch.TWEET_FIELDS, XRecentSearch.USER_FIELDS, XRecentSearch.EXPANSIONS),
                PATH, "post lookup of " + numeric.length + " ids", ENDPOINT_NAME);
    }

    private static long[] ids(List<String> ids) {
        Objects.requireNonNull(ids, "ids");
        if (ids.isEmpty() || ids.size() > MAX_IDS) {
            throw new IllegalArgumentException("post lookup takes 1 to " + MAX_IDS + " ids, got " + ids.size());
        }
        long[] out = new long[ids.size()];
        for (int i = 0; i < out.length; i++) {
            String id = ids.get(i);
            long value = -1;
            if (id != null && id.matches("[0-9]{1,19}")) {
                try {
                    value = Long.parseLong(id);
                } catch (NumberFormatException e) {
                    // below
                }
            }
            if (value <= 0) {
                throw new IllegalArgumentException("post lookup ids must be post ids, ids[" + i + "] was '" + id + "'");
            }
            out[i] = value;
        }
        return out;
    }

    public long requests() {
        return session.requests();
    }

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
        return "XPostLookup[" + session.settings() + "]";
    }
}
