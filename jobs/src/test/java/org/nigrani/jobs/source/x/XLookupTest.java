package org.nigrani.jobs.source.x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nigrani.jobs.testing.XSearchReplay;

@Timeout(5)
class XLookupTest {

    private static final String TOKEN = "AAAAAAAAAAAAAAAAAAAAAsecret%2Btoken%3Dvalue";
    private static final String LABEL = "NIGRANI_X_BEARER_TOKEN";
    private static final String BODY = XSearchReplay.resource("lookup-partial.json");
    private static final String POST = "1790102260282901911";
    private static final String DELETED = "1790278379107740802";
    private static final String WITHHELD = "1789781307946699892";
    private static final List<String> IDS = List.of(POST, DELETED, WITHHELD);
    private static final Instant NOW = Instant.parse("2024-05-14T13:00:00Z");

    private XSearchReplay x;
    private XPostLookup lookup;
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        x = XSearchReplay.start(XSearchReplay.LOOKUP_PATH);
        lookup = new XPostLookup(XRecentSearch.Settings.of(x.baseUri(), TOKEN, LABEL),
                Clock.fixed(NOW, ZoneOffset.UTC), sleeps::add, new SplittableRandom(7));
    }

    @AfterEach
    void stop() {
        lookup.close();
        x.close();
    }

    @Test
    void sendsTheIdsCommaSeparatedWithTheSearchFieldsAndTheBearerToken() throws Exception {
        x.then(XSearchReplay.page(BODY));

        lookup.lookup(IDS);

        assertThat(x.requests()).hasSize(1);
        XSearchReplay.Request request = x.requests().get(0);
        assertThat(request.parameters())
                .containsEntry("ids", String.join(",", IDS))
                .containsEntry("tweet.fields", XRecentSearch.TWEET_FIELDS)
                .containsEntry("expansions", XRecentSearch.EXPANSIONS)
                .containsEntry("media.fields", XRecentSearch.MEDIA_FIELDS)
                .containsEntry("user.fields", XRecentSearch.USER_FIELDS);
        assertThat(request.authorization()).isEqualTo("Bearer " + TOKEN);
    }

    @Test
    void deletedAndWithheldIdsComeBackUnusableBesideThePost() throws Exception {
        x.then(XSearchReplay.page(BODY));

        XPosts.Page page = lookup.lookup(IDS);

        assertThat(page.posts()).hasSize(1);
        assertThat(page.posts().get(0).id()).isEqualTo(POST);
        assertThat(page.posts().get(0).source().path()).isEqualTo("x:lookup");
        Map<String, XPosts.Reason> reasons = page.unusable().stream()
                .collect(Collectors.toMap(XPosts.Unusable::id, XPosts.Unusable::reason));
        assertThat(reasons).containsExactlyInAnyOrderEntriesOf(Map.of(
                DELETED, XPosts.Reason.DELETED, WITHHELD, XPosts.Reason.WITHHELD));
        assertThat(page.meta()).isEqualTo(XPosts.Meta.NONE);
    }

    @Test
    void waitsForTheRateLimitResetAfter429ThenSucceeds() throws Exception {
        x.then(XSearchReplay.tooManyRequests(NOW.getEpochSecond() + 120), XSearchReplay.page(BODY));

        XPosts.Page page = lookup.lookup(IDS);

        assertThat(page.posts()).hasSize(1);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(120));
        assertThat(lookup.tooManyRequests()).isEqualTo(1);
        assertThat(x.requests()).hasSize(2);
    }

    @Test
    void refusedCredentialsFailAtOnceWithoutTheToken() {
        x.then(XSearchReplay.status(401), XSearchReplay.page(BODY));

        assertThatThrownBy(() -> lookup.lookup(IDS))
                .isInstanceOf(CredentialsRefusedException.class)
                .hasMessageContaining(LABEL)
                .hasMessageContaining(XPostLookup.PATH)
                .hasMessageNotContaining(TOKEN);
        assertThat(x.requests()).hasSize(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void takesOneToAHundredPostIds() {
        List<String> tooMany = LongStream.rangeClosed(1, 101).mapToObj(Long::toString).toList();
        assertThatThrownBy(() -> lookup.lookup(tooMany))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("101");
        assertThatThrownBy(() -> lookup.lookup(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> lookup.lookup(List.of("12", "not-an-id")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ids[1]");
        assertThat(x.requests()).isEmpty();
    }

    @Test
    void theFactoryReadsTheTokenFromTheNamedVariable() throws Exception {
        XPostLookup.Factory factory = new XPostLookup.Factory(x.baseUri(), "NIGRANI_X_LOOKUP_TOKEN",
                name -> name.equals("NIGRANI_X_LOOKUP_TOKEN") ? " " + TOKEN + " " : null);
        x.then(XSearchReplay.page(BODY));
        try (XPostLookup opened = factory.open()) {
            opened.lookup(List.of(POST));
        }
        assertThat(x.requests().get(0).authorization()).isEqualTo("Bearer " + TOKEN);
        assertThatThrownBy(() -> new XPostLookup.Factory(x.baseUri(), "NIGRANI_X_UNSET", name -> null).open())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("NIGRANI_X_UNSET");
    }
}
