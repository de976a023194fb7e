package org.nigrani.jobs.source.x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nigrani.jobs.testing.XSearchReplay;

@Timeout(5)
class XRecentSearchTest {

    /** Shaped like X's tokens: already %-escaped, which twitter4j's own OAuth2Token would escape again. */
    private static final String TOKEN = "AAAAAAAAAAAAAAAAAAAAAsecret%2Btoken%3Dvalue";
    private static final String LABEL = "NIGRANI_X_BEARER_TOKEN";
    private static final XQuery QUERY = new XQuery("lahore-thana", "(police OR thana) lahore -is:retweet");
    private static final String PAGE_1 = XSearchReplay.resource("recent-search-page.json");
    private static final String NEXT_TOKEN = "b26v89c19zqg8o3fpe4xn2c4hh7tgk1i5ddkquc4dtg8t";
    private static final String PAGE_2 = PAGE_1.replaceFirst(",\\s*\"next_token\"\\s*:\\s*\"" + NEXT_TOKEN + "\"", "");
    private static final Instant NOW = Instant.parse("2024-05-14T13:00:00Z");

    private XSearchReplay x;
    private XRecentSearch search;
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        x = XSearchReplay.start();
    }

    @AfterEach
    void stop() {
        if (search != null) {
            search.close();
        }
        x.close();
    }

    private XRecentSearch search() {
        search = new XRecentSearch(XRecentSearch.Settings.of(x.baseUri(), TOKEN, LABEL),
                Clock.fixed(NOW, ZoneOffset.UTC), sleeps::add, new SplittableRandom(7));
        return search;
    }

    @Test
    void pagesThroughWithNextTokenAndTheSameSinceId() throws Exception {
        assertThat(PAGE_2).doesNotContain("next_token");
        x.then(XSearchReplay.page(PAGE_1), XSearchReplay.page(PAGE_2));
        search();

        XPosts.Page first = search.fetch(QUERY, "1790000000000000000", null);
        assertThat(first.posts()).hasSize(3);
        assertThat(first.posts().get(0).id()).isEqualTo("1790361455688383290");
        assertThat(first.meta().nextToken()).isEqualTo(NEXT_TOKEN);
        assertThat(first.meta().newestId()).isEqualTo("1790361455688383290");

        XPosts.Page second = search.fetch(QUERY, "1790000000000000000", first.meta().nextToken());
        assertThat(second.posts()).hasSize(3);
        assertThat(second.meta().nextToken()).isNull();

        List<XSearchReplay.Request> requests = x.requests();
        assertThat(requests).hasSize(2);
        Map<String, String> p1 = requests.get(0).parameters();
        assertThat(p1).containsEntry("query", QUERY.query())
                .containsEntry("since_id", "1790000000000000000")
                .containsEntry("max_results", "100")
                .containsEntry("tweet.fields", XRecentSearch.TWEET_FIELDS)
                .containsEntry("expansions", XRecentSearch.EXPANSIONS)
                .containsEntry("media.fields", XRecentSearch.MEDIA_FIELDS)
                .containsEntry("user.fields", XRecentSearch.USER_FIELDS)
                .doesNotContainKey("next_token");
        assertThat(requests.get(1).parameters())
                .containsEntry("next_token", NEXT_TOKEN)
                .containsEntry("since_id", "1790000000000000000")
                .containsEntry("query", QUERY.query());
        assertThat(search.requests()).isEqualTo(2);
        assertThat(search.errors()).isZero();
        assertThat(sleeps).isEmpty();
    }

    @Test
    void withoutSinceIdSendsNone() throws Exception {
        x.then(XSearchReplay.page(PAGE_2));
        search().fetch(QUERY, null, null);
        assertThat(x.requests().get(0).parameters()).doesNotContainKeys("since_id", "next_token");
    }

    @Test
    void sendsTheBearerTokenVerbatim() throws Exception {
        x.then(XSearchReplay.page(PAGE_2));
        search().fetch(QUERY, null, null);
        assertThat(x.requests().get(0).authorization()).isEqualTo("Bearer " + TOKEN);
        assertThat(search.toString()).doesNotContain(TOKEN).contains(LABEL);
        assertThat(search.settings().toString()).doesNotContain(TOKEN);
    }

    @Test
    void waitsForTheRateLimitResetAfter429() throws Exception {
        x.then(XSearchReplay.tooManyRequests(NOW.getEpochSecond() + 120), XSearchReplay.page(PAGE_2));
        XPosts.Page page = search().fetch(QUERY, null, null);
        assertThat(page.posts()).hasSize(3);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(120));
        assertThat(search.tooManyRequests()).isEqualTo(1);
        assertThat(search.requests()).isEqualTo(2);
    }

    @Test
    void a429WithoutResetBacksOffFromAMinute() throws Exception {
        x.then(XSearchReplay.status(429), XSearchReplay.page(PAGE_2));
        search().fetch(QUERY, null, null);
        assertThat(sleeps).hasSize(1);
        assertThat(sleeps.get(0)).isPositive().isLessThanOrEqualTo(Backoff.Kind.RATE_LIMITED.first());
    }

    @Test
    void anExhaustedWindowDelaysTheNextRequestUntilTheReset() throws Exception {
        x.then(XSearchReplay.lastPageOfWindow(PAGE_1, NOW.getEpochSecond() + 300), XSearchReplay.page(PAGE_2));
        search().fetch(QUERY, null, null);
        assertThat(sleeps).isEmpty();
        search.fetch(QUERY, null, NEXT_TOKEN);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(300));
    }

    @Test
    void retriesABurstOf503WithJitteredBackoff() throws Exception {
        x.then(XSearchReplay.status(503), XSearchReplay.status(503), XSearchReplay.status(503),
                XSearchReplay.page(PAGE_2));
        XPosts.Page page = search().fetch(QUERY, null, null);
        assertThat(page.posts()).hasSize(3);
        assertThat(sleeps).hasSize(3);
        for (int i = 0; i < sleeps.size(); i++) {
            assertThat(sleeps.get(i)).isPositive().isLessThanOrEqualTo(Backoff.Kind.HTTP.delay(i + 1));
        }
        assertThat(search.requests()).isEqualTo(4);
        assertThat(search.errors()).isEqualTo(3);
    }

    @Test
    void givesUpAfterTooMany503sNamingTheQuery() {
        for (int i = 0; i < 10; i++) {
            x.then(XSearchReplay.status(503));
        }
        search();
        assertThatThrownBy(() -> search.fetch(QUERY, null, null))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("lahore-thana")
                .hasMessageContaining("HTTP 503")
                .hasMessageContaining("6 attempts")
                .hasMessageNotContaining(TOKEN);
        assertThat(x.requests()).hasSize(XRecentSearch.Settings.DEFAULT_MAX_ATTEMPTS);
        assertThat(sleeps).hasSize(XRecentSearch.Settings.DEFAULT_MAX_ATTEMPTS - 1);
    }

    @Test
    void aBodyThatIsNotJsonIsAnIOException() {
        x.then(XSearchReplay.page(XSearchReplay.resource("not-json.html")));
        search();
        assertThatThrownBy(() -> search.fetch(QUERY, null, null))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("lahore-thana")
                .hasMessageContaining("invalid_json");
        assertThat(x.requests()).hasSize(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aPageXPostsCannotReadIsAnIOExceptionWithTheReason() {
        x.then(XSearchReplay.page("{\"data\": 5, \"meta\": {\"result_count\": 0}}"));
        search();
        assertThatThrownBy(() -> search.fetch(QUERY, null, null))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("lahore-thana")
                .hasMessageContaining("wrong_type");
    }

    @Test
    void a401IsCredentialsRefusedWithoutTheToken() {
        x.then(XSearchReplay.status(401));
        search();
        assertThatThrownBy(() -> search.fetch(QUERY, null, null))
                .isInstanceOf(CredentialsRefusedException.class)
                .hasMessageContaining(LABEL)
                .hasMessageContaining(XRecentSearch.PATH)
                .hasMessageNotContaining(TOKEN);
        assertThat(x.requests()).hasSize(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void otherClientErrorsAreNotRetried() {
        x.then(XSearchReplay.status(400));
        search();
        assertThatThrownBy(() -> search.fetch(QUERY, null, null))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("lahore-thana")
                .hasMessageContaining("HTTP 400");
        assertThat(x.requests()).hasSize(1);
    }

    @Test
    void factoryReadsTheTokenFromTheNamedVariableWhereItOpens() throws Exception {
        x.then(XSearchReplay.page(PAGE_2));
        XRecentSearch.Factory factory = new XRecentSearch.Factory(x.baseUri(), LABEL, new FakeEnvironment(TOKEN));
        assertThat(factory.toString()).doesNotContain(TOKEN);

        SearchPages.Factory copy = roundTrip(factory);
        try (SearchPages pages = copy.open()) {
            assertThat(pages.fetch(QUERY, null, null).posts()).hasSize(3);
        }
        assertThat(x.requests().get(0).authorization()).isEqualTo("Bearer " + TOKEN);
    }

    @Test
    void factoryNamesTheUnsetVariable() throws Exception {
        XRecentSearch.Factory factory = new XRecentSearch.Factory(x.baseUri(), "NIGRANI_X_TOKEN_UNSET",
                new FakeEnvironment(null));
        assertThatThrownBy(factory::open)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("NIGRANI_X_TOKEN_UNSET");
        // the default environment is the process's and survives serialization
        XRecentSearch.Factory system = roundTrip(new XRecentSearch.Factory(x.baseUri(), "NIGRANI_X_TOKEN_UNSET_2"));
        assertThat(system.environment()).isSameAs(XRecentSearch.SystemEnvironment.INSTANCE);
    }

    private record FakeEnvironment(String token) implements XRecentSearch.Environment {
        @Override
        public String get(String name) {
            return LABEL.equals(name) ? token : null;
        }

        @Override
        public String toString() {
            return "FakeEnvironment";
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
