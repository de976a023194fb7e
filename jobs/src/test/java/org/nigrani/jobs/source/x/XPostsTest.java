package org.nigrani.jobs.source.x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.nigrani.jobs.Post;
import org.nigrani.jobs.source.x.XPosts.Meta;
import org.nigrani.jobs.source.x.XPosts.Page;
import org.nigrani.jobs.source.x.XPosts.Reason;
import org.nigrani.jobs.source.x.XPosts.Unusable;

class XPostsTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2024-05-17T00:00:00Z"), ZoneOffset.UTC);
    private static final Post.SourceRef SEARCH = new Post.SourceRef("x:recent-search", 0);
    private static final Post.SourceRef LOOKUP = new Post.SourceRef("x:lookup", 0);
    private final XPosts x = new XPosts(NOW);

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = XPostsTest.class.getResourceAsStream("/x/" + name)) {
            assertThat(in).as("fixture x/%s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    private Page read(String fixture, String endpoint) throws Exception {
        return x.read(fixture(fixture), endpoint);
    }

    private static UnreadableResponse unreadable(XPosts x, String body) {
        try {
            x.read(body.getBytes(StandardCharsets.UTF_8), "recent-search");
        } catch (UnreadableResponse e) {
            return e;
        }
        throw new AssertionError("expected the body to be unreadable");
    }

    @Test
    void eachPostKeepsWhatXSentForItInTheApisOwnShape() throws Exception {
        Page page = read("recent-search-page.json", "recent-search");
        for (Post post : page.posts()) {
            JsonNode received = new ObjectMapper().readTree(post.received().json());
            assertThat(received.at("/data/id").asText()).isEqualTo(post.id());
            assertThat(received.at("/data/text").isTextual()).isTrue();
            if (post.author() != null) {
                assertThat(received.at("/includes/users/0/username").asText()).isEqualTo(post.author());
            }
            assertThat(received.at("/includes/media").size()).isEqualTo(post.media().size());
            // The line the source hands on carries it, so the snapshot is what X said, not what was read from it.
            String line = new String(PostLines.write(post), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(new ObjectMapper().readTree(line).get("received")).isEqualTo(received);
            assertThat(line).doesNotContain("\n");
        }
        assertThat(page.posts()).anyMatch(p -> !p.media().isEmpty());
    }

    @Test
    void searchPageMapsEveryPostWithAuthorMediaMetricsAndMeta() throws Exception {
        Page page = read("recent-search-page.json", "recent-search");

        assertThat(page.unusable()).isEmpty();
        assertThat(page.meta()).isEqualTo(new Meta("1790361455688383290", "1790348159746214291", 3,
                "b26v89c19zqg8o3fpe4xn2c4hh7tgk1i5ddkquc4dtg8t"));
        assertThat(page.posts()).extracting(Post::id)
                .containsExactly("1790361455688383290", "1790352748314545892", "1790348159746214291");

        Post reply = page.posts().get(0);
        assertThat(reply).usingRecursiveComparison().ignoringFields("received").isEqualTo(new Post("x", "1790361455688383290",
                "https://x.com/karachi_nigah07/status/1790361455688383290", "karachi_nigah07",
                "@raabta_lhr_81 Ye pehli dafa nahi hua. Humare mohallay se bhi police walay raat ko 2 larkon ko utha kar"
                        + " le gaye aur 30 hazar le kar chora. Koi sunwai nahi hoti.",
                Instant.parse("2024-05-14T12:40:09Z"), "und", java.util.List.of(), new Post.Metrics(3, 27, 1904),
                "1790348159746214291", null, SEARCH));

        Post quote = page.posts().get(1);
        assertThat(quote.url()).isEqualTo("https://x.com/haqooq_watch_pk/status/1790352748314545892");
        assertThat(quote.author()).isEqualTo("haqooq_watch_pk");
        assertThat(quote.text()).startsWith("Custodial death in Peshawar: ").endsWith("https://t.co/Pq7Zr2VbXk");
        assertThat(quote.createdAt()).isEqualTo(Instant.parse("2024-05-14T12:05:33Z"));
        assertThat(quote.platformLang()).isEqualTo("en");
        assertThat(quote.media()).isEmpty();
        assertThat(quote.metrics()).isEqualTo(new Post.Metrics(88 + 12, 240, 30550));
        assertThat(quote.inReplyTo()).isNull(); // a quote is neither a reply nor a repost
        assertThat(quote.repostOf()).isNull();
        assertThat(quote.source()).isEqualTo(SEARCH);
        assertThat(quote.place()).isEqualTo(new Post.Place("3b77caf94bfc81fe", "Peshawar, Pakistan", "PK"));
        assertThat(page.posts().get(0).place()).as("untagged").isNull();

        Post photo = page.posts().get(2);
        assertThat(photo).usingRecursiveComparison().ignoringFields("received").isEqualTo(new Post("x", "1790348159746214291",
                "https://x.com/raabta_lhr_81/status/1790348159746214291", "raabta_lhr_81",
                "Two brothers were picked up from Shadman Market last night and beaten at the thana, family says. SHO"
                        + " demanding Rs 50,000 &amp; still no FIR. #PoliceTorture #Lahore https://t.co/Xk3vQ9pLmA",
                Instant.parse("2024-05-14T11:47:19Z"), "en",
                java.util.List.of(new Post.Media("photo", "https://pbs.twimg.com/media/GNk2xLbWQAAh7sT.jpg", null, null, null)),
                new Post.Metrics(212 + 18, 530, 48211), null, null, SEARCH));
        assertThat(photo.hasVideo()).isFalse();
    }

    @Test
    void lookupReportsDeletedAndWithheldPostsAndKeepsTheRest() throws Exception {
        Page page = read("lookup-partial.json", "lookup");

        assertThat(page.posts()).hasSize(1);
        Post post = page.posts().get(0);
        assertThat(post).usingRecursiveComparison().ignoringFields("received").isEqualTo(new Post("x", "1790102260282901911",
                "https://x.com/pindi_report_x/status/1790102260282901911", "pindi_report_x",
                "Islamabad police ne kal raat F-8 se ek journalist ko bina warrant utha liya. Ghar walon ko koi wajah nahi"
                        + " batayi gayi. #ReleaseHim",
                Instant.parse("2024-05-13T19:30:12Z"), "und", java.util.List.of(), new Post.Metrics(1402 + 97, 4120, 310477),
                null, null, LOOKUP));

        // The error about the quoted post (parameter referenced_tweets.id) is about an expansion, not a requested post.
        assertThat(page.unusable()).containsExactly(
                new Unusable("1789781307946699892", Reason.WITHHELD, "withheld in PK"),
                new Unusable("1790278379107740802", Reason.DELETED,
                        "Not Found Error: Could not find tweet with ids: [1790278379107740802]."));
        assertThat(page.meta()).isEqualTo(Meta.NONE);
    }

    @Test
    void repostTakesTheOriginalsFullTextAndMedia() throws Exception {
        Page page = read("repost.json", "recent-search");

        assertThat(page.unusable()).isEmpty();
        assertThat(page.posts()).hasSize(1);
        Post repost = page.posts().get(0);
        assertThat(repost.platform()).isEqualTo("x");
        assertThat(repost.id()).isEqualTo("1790627861099760808");
        assertThat(repost.url()).isEqualTo("https://x.com/karachi_nigah07/status/1790627861099760808");
        assertThat(repost.author()).isEqualTo("karachi_nigah07");
        assertThat(repost.text()).isEqualTo("Hyderabad mein police ne Press Club ke bahar parh-amn ehtijaj karne walon par"
                + " lathi charge kiya, kai log zakhmi. Video mein saaf dikh raha hai ke SHO khud danda chala raha hai. IG"
                + " Sindh notice lein. https://t.co/Hd4nRw7YcQ");
        assertThat(repost.createdAt()).isEqualTo(Instant.parse("2024-05-15T06:18:45Z"));
        assertThat(repost.platformLang()).isEqualTo("und");
        assertThat(repost.media()).containsExactly(
                new Post.Media("photo", "https://pbs.twimg.com/media/GNkRq8aXAAAmP2e.jpg", null, null, null));
        assertThat(repost.metrics()).isEqualTo(new Post.Metrics(96, 0, 0));
        assertThat(repost.inReplyTo()).isNull();
        assertThat(repost.repostOf()).isEqualTo("1790321840486567686");
        assertThat(repost.source()).isEqualTo(SEARCH);
        assertThat(page.meta()).isEqualTo(new Meta("1790627861099760808", "1790627861099760808", 1, null));
    }

    @Test
    void repostWithoutItsOriginalKeepsItsOwnText() throws Exception {
        String body = new String(fixture("repost.json"), StandardCharsets.UTF_8)
                .replace("\"tweets\": [", "\"other_tweets\": [");
        Post repost = x.read(body.getBytes(StandardCharsets.UTF_8), "recent-search").posts().get(0);
        assertThat(repost.text()).startsWith("RT @sindh_awaz_81: ").endsWith("Video mein saaf…");
        assertThat(repost.media()).isEmpty();
        assertThat(repost.repostOf()).isEqualTo("1790321840486567686");
    }

    @Test
    void videoTakesTheHighestBitrateMp4() throws Exception {
        Page page = read("video.json", "lookup");

        assertThat(page.unusable()).isEmpty();
        assertThat(page.posts()).hasSize(1);
        Post post = page.posts().get(0);
        assertThat(post).usingRecursiveComparison().ignoringFields("received").isEqualTo(new Post("x", "1791106942894571955",
                "https://x.com/peshawar_diary9/status/1791106942894571955", "peshawar_diary9",
                "Video: two constables beating a rickshaw driver at Hashtnagri chowk, Peshawar. Kal sham ka waqia hai,"
                        + " inquiry honi chahiye. https://t.co/Wm8rTq2ZbN",
                Instant.parse("2024-05-16T14:02:27Z"), "en",
                java.util.List.of(new Post.Media("video",
                        "https://video.twimg.com/ext_tw_video/1791106921612636160/pu/vid/avc1/720x1280/Hn3Vx8QpLr5Ym2Ka.mp4?tag=12",
                        "https://pbs.twimg.com/ext_tw_video_thumb/1791106921612636160/pu/img/aQ3k9LmZpX2vT7Rc.jpg",
                        47160L, 128734L)),
                new Post.Metrics(2210 + 145, 7045, 512904), null, null, LOOKUP));
        assertThat(post.hasVideo()).isTrue();
        assertThat(page.meta()).isEqualTo(Meta.NONE);
    }

    @Test
    void longPostTakesTheNoteTweetText() throws Exception {
        Post post = read("long-post.json", "recent-search").posts().get(0);

        assertThat(post.id()).isEqualTo("1791124353450346154");
        assertThat(post.url()).isEqualTo("https://x.com/insaf_mon_fsd/status/1791124353450346154");
        assertThat(post.author()).isEqualTo("insaf_mon_fsd");
        assertThat(post.text())
                .startsWith("Faisalabad: meri behan ke shohar ko 9 din se CIA staff ne ghair qanooni hirasat mein")
                .contains("kisi ne baat tak nahi ki.\n\nHe is a daily-wage labourer")
                .endsWith("Please share so the IG Punjab takes notice.")
                .doesNotContain("https://t.co/Lm9Qw3ZxVt");
        assertThat(post.createdAt()).isEqualTo(Instant.parse("2024-05-16T15:11:38Z"));
        assertThat(post.platformLang()).isEqualTo("und");
        assertThat(post.media()).isEmpty();
        assertThat(post.metrics()).isEqualTo(new Post.Metrics(57 + 4, 119, 9876));
        assertThat(post.inReplyTo()).isNull();
        assertThat(post.repostOf()).isNull();
        assertThat(post.source()).isEqualTo(SEARCH);
    }

    @Test
    void malformedPostIsReportedByFieldAndTheRestOfThePageIsKept() throws Exception {
        Page page = read("malformed.json", "recent-search");

        assertThat(page.posts()).extracting(Post::id).containsExactly("1790628175672967249");
        assertThat(page.posts().get(0).author()).isEqualTo("karachi_nigah07");
        assertThat(page.unusable()).containsExactly(
                new Unusable("1790304794834251327", Reason.MALFORMED, "field 'created_at' is missing or null"));
        assertThat(page.meta()).isEqualTo(new Meta("1790628175672967249", "1790304794834251327", 2, null));
    }

    @Test
    void illTypedFieldsAreNamedAndNeverQuoteTheText() throws Exception {
        String body = """
                {"data": [
                  {"id": "1790628175672967249", "text": "Thanay mein tashaddud", "created_at": "2024-05-15T06:20:00Z",
                   "public_metrics": {"like_count": "many"}},
                  {"id": "1790628175672967250", "text": 42, "created_at": "2024-05-15T06:20:00Z"},
                  {"id": "1790628175672967251", "text": "Thanay mein tashaddud", "created_at": "2024-05-15T06:20:00Z",
                   "attachments": {"media_keys": ["7_1"]}},
                  {"id": "17906281756729672510000", "text": "x", "created_at": "2024-05-15T06:20:00Z"},
                  {"id": "1790628175672967252", "text": "Thanay mein tashaddud", "created_at": "2030-01-01T00:00:00Z"},
                  "1790628175672967253"
                ],
                "includes": {"media": [{"media_key": "7_1", "type": "video", "variants": [{"content_type": "video/mp4", "bit_rate": -5, "url": "https://video.twimg.com/a.mp4"}]}]}}
                """;
        Page page = x.read(body.getBytes(StandardCharsets.UTF_8), "recent-search");

        assertThat(page.posts()).isEmpty();
        assertThat(page.unusable()).extracting(Unusable::id, Unusable::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("1790628175672967249", Reason.MALFORMED),
                org.assertj.core.groups.Tuple.tuple("1790628175672967250", Reason.MALFORMED),
                org.assertj.core.groups.Tuple.tuple("1790628175672967251", Reason.MALFORMED),
                org.assertj.core.groups.Tuple.tuple(null, Reason.MALFORMED),
                org.assertj.core.groups.Tuple.tuple("1790628175672967252", Reason.MALFORMED),
                org.assertj.core.groups.Tuple.tuple(null, Reason.MALFORMED));
        assertThat(page.unusable()).extracting(Unusable::detail).containsExactly(
                "field 'public_metrics.like_count' must be a non-negative integer, was string \"many\"",
                "field 'text' must be a string, was number 42",
                "field 'includes.media[media_key=7_1].variants[0].bit_rate' must be a non-negative integer, was number -5",
                "data[3]: field 'id' must be an id of 1-19 digits, was string \"17906281756729672510000\"",
                "field 'created_at' is 2030-01-01T00:00:00Z, outside the possible range 2006-03-21T00:00:00Z .. now + 1 day",
                "'data[5]' must be an object, was string \"1790628175672967253\"");
        assertThat(page.unusable()).extracting(Unusable::detail).noneMatch(d -> d.contains("tashaddud"));
    }

    @Test
    void postWithoutItsAuthorInIncludesGetsAHandleFreeUrl() throws Exception {
        String body = """
                {"data": {"id": "1790628175672967249", "author_id": "2840193765", "text": "FIR darj nahi ho rahi",
                  "created_at": "2024-05-15T06:20:00.000Z"}}
                """;
        Post post = x.read(body.getBytes(StandardCharsets.UTF_8), "lookup").posts().get(0);
        assertThat(post.author()).isNull();
        assertThat(post.url()).isEqualTo("https://x.com/i/web/status/1790628175672967249");
        assertThat(post.metrics()).isEqualTo(Post.Metrics.NONE);
        assertThat(post.platformLang()).isNull();
    }

    @Test
    void emptySearchPageHasOnlyMeta() throws Exception {
        Page page = x.read("{\"meta\":{\"result_count\":0}}".getBytes(StandardCharsets.UTF_8), "recent-search");
        assertThat(page.posts()).isEmpty();
        assertThat(page.unusable()).isEmpty();
        assertThat(page.meta()).isEqualTo(new Meta(null, null, 0, null));
    }

    @Test
    void bodyThatIsNotJsonIsUnreadable() throws Exception {
        assertThatThrownBy(() -> x.read(fixture("not-json.html"), "recent-search"))
                .isInstanceOf(UnreadableResponse.class)
                .hasMessageStartingWith("the body is not valid JSON: ")
                .extracting(e -> ((UnreadableResponse) e).reason()).isEqualTo("invalid_json");
    }

    @Test
    void bodiesThatAreNotPagesAreUnreadable() {
        assertThat(unreadable(x, "[1, 2]")).hasMessage("the body must be a JSON object, this one is a JSON array")
                .extracting(UnreadableResponse::reason).isEqualTo("not_an_object");
        assertThat(unreadable(x, "")).hasMessage("the body is empty");
        assertThat(unreadable(x, "{\"data\": \"1790628175672967249\"}"))
                .hasMessage("field 'data' must be an object or a list, was string \"1790628175672967249\"")
                .extracting(UnreadableResponse::reason).isEqualTo("wrong_type");
        assertThat(unreadable(x, "{\"includes\": {\"users\": {}}}"))
                .hasMessage("field 'includes.users' must be a list, was a JSON object");
        assertThat(unreadable(x, "{\"meta\": {\"next_token\": \"a b\"}}"))
                .hasMessage("field 'meta.next_token' must be 1-512 letters, digits, '_' or '-'");
        assertThat(unreadable(x, "{\"data\": [], \"data\": []}").reason()).isEqualTo("invalid_json");
        assertThat(unreadable(x, "{\"title\": \"Unauthorized\", \"type\": \"about:blank\", \"status\": 401,"
                        + " \"detail\": \"Unauthorized\"}"))
                .hasMessage("the body is an error document, not a page: 'Unauthorized' (about:blank)")
                .extracting(UnreadableResponse::reason).isEqualTo("error_response");
    }
}
