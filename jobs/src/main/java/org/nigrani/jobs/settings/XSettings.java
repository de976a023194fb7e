package org.nigrani.jobs.settings;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.nigrani.jobs.source.x.XQuery;

/**
 * How posts are taken in from X ({@code source.type: x-search}).
 *
 * @param baseUrl the API's base URL; another for tests or an API-compatible gateway
 * @param bearerTokenEnv the environment variable that holds the bearer token (the token itself is never in a file)
 * @param pollInterval how often each query is run again for newer posts
 * @param queries the recent-search queries, one split each
 * @param reachRefresh when flagged posts with video are looked up again, counted from when they were flagged
 */
public record XSettings(URI baseUrl, String bearerTokenEnv, Duration pollInterval, List<XQuery> queries,
        List<Duration> reachRefresh) implements Serializable {

    public static final URI DEFAULT_BASE_URL = URI.create("https://api.x.com");
    public static final String DEFAULT_TOKEN_ENV = "NIGRANI_X_BEARER_TOKEN";
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(60);
    public static final List<Duration> DEFAULT_REACH_REFRESH =
            List.of(Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofHours(6), Duration.ofHours(24));
    /** X allows an app 450 recent-search requests in 15 minutes: one every 2 seconds. */
    static final Duration SEARCH_REQUEST_SPACING = Duration.ofSeconds(2);

    public XSettings {
        Objects.requireNonNull(baseUrl, "x.base-url");
        if (!"https".equals(baseUrl.getScheme()) && !"http".equals(baseUrl.getScheme()) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("x.base-url must be an http(s) URL with a host, was '" + baseUrl + "'");
        }
        if (bearerTokenEnv == null || !bearerTokenEnv.matches("[A-Z_][A-Z0-9_]{0,63}")) {
            throw new IllegalArgumentException("x.bearer-token-env must name an environment variable (A-Z, 0-9, _), was '"
                    + bearerTokenEnv + "'");
        }
        queries = List.copyOf(queries);
        reachRefresh = List.copyOf(reachRefresh);
        if (reachRefresh.isEmpty() || reachRefresh.stream().anyMatch(d -> d.toSeconds() < 60)) {
            throw new IllegalArgumentException("x.reach-refresh must list delays of a minute or more, was " + reachRefresh);
        }
        if (queries.isEmpty()) {
            throw new IllegalArgumentException("x.queries must list at least one query");
        }
        Set<String> ids = new HashSet<>();
        for (XQuery q : queries) {
            if (!ids.add(q.id())) {
                throw new IllegalArgumentException("x.queries: id '" + q.id() + "' is used twice");
            }
        }
        // Each query's first page per poll is one request: below this interval the queries alone exhaust the limit.
        Duration floor = SEARCH_REQUEST_SPACING.multipliedBy(queries.size());
        if (pollInterval.compareTo(floor) < 0) {
            throw new IllegalArgumentException("x.poll-interval must be at least " + floor.toSeconds() + "s for "
                    + queries.size() + " queries (X allows 450 searches in 15 minutes), was " + pollInterval);
        }
    }
}
