package org.nigrani.jobs.source.x;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nigrani.jobs.Post;
import org.nigrani.jobs.source.PostParser;
import org.nigrani.jobs.source.RawLine;

class PostLinesTest {

    private final PostParser parser = new PostParser("file", PostParser.DEFAULT_MAX_TEXT_CHARS, Clock.systemUTC());

    private Post roundTrip(Post post) throws Exception {
        byte[] line = PostLines.write(post);
        assertThat(new String(line, StandardCharsets.UTF_8)).doesNotContain("\n").doesNotContain("\r");
        Post back = parser.parse(new RawLine("x:search:q", 7, line, line.length));
        assertThat(back.source()).isEqualTo(new Post.SourceRef("x:search:q", 7));
        return back;
    }

    private static Post withoutSource(Post p) {
        return new Post(p.platform(), p.id(), p.url(), p.author(), p.text(), p.createdAt(), p.platformLang(), p.media(),
                p.metrics(), p.inReplyTo(), p.repostOf(), null, p.place());
    }

    @Test
    void everyFieldSurvivesTheRoundTrip() throws Exception {
        Post post = new Post("x", "1786000000000000001", "https://x.com/witness/status/1786000000000000001", "witness_pk",
                "تھانے میں پولیس نے \"تشدد\" کیا\nsecond line\ttab \\ backslash \u2028 and \u0001",
                Instant.parse("2024-05-02T08:30:15.123Z"), "ur",
                List.of(new Post.Media("video", "https://video.twimg.com/v/1.mp4", "https://pbs.twimg.com/p/1.jpg", 45_000L, 120_000L),
                        new Post.Media("photo", "https://pbs.twimg.com/media/2.jpg", null, null, null)),
                new Post.Metrics(12, 340, 56_000), "1785999999999999999", "1785000000000000000",
                new Post.SourceRef("x:recent-search", 0), new Post.Place("3b77caf94bfc81fe", "Peshawar, Pakistan", "PK"));
        assertThat(withoutSource(roundTrip(post))).isEqualTo(withoutSource(post));
    }

    @Test
    void optionalFieldsLeftOutComeBackAbsent() throws Exception {
        Post post = new Post("x", "42", null, null, "police raid at night", Instant.parse("2024-01-01T00:00:00Z"), null,
                List.of(), Post.Metrics.NONE, null, null, null);
        byte[] line = PostLines.write(post);
        assertThat(new String(line, StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":\"42\",\"platform\":\"x\",\"text\":\"police raid at night\",\"created_at\":\"2024-01-01T00:00:00Z\"}");
        assertThat(withoutSource(roundTrip(post))).isEqualTo(post);
    }
}
