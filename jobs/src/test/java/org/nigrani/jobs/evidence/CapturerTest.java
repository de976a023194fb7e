package org.nigrani.jobs.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nigrani.jobs.Post;

class CapturerTest {

    private static Post post(List<Post.Media> media) {
        return new Post("x", "1", "https://x.com/a/status/1", "a", "text", Instant.parse("2023-11-06T13:31:56Z"), "en", media,
                null, null, null, new Post.SourceRef("/in/p.jsonl", 0));
    }

    @Test
    void plansTheVideoItsPreviewOrThePhotosThenTheSnapshot() {
        List<Capturer.Planned> plan = Capturer.plan(post(List.of(
                new Post.Media("video", "https://video.twimg.com/v.mp4", "https://pbs.twimg.com/p.jpg", 47_000L, 10L),
                new Post.Media("photo", "https://pbs.twimg.com/photo.jpg", null, null, null))));
        assertThat(plan).containsExactly(
                new Capturer.Planned("video", "https://video.twimg.com/v.mp4"),
                new Capturer.Planned("image", "https://pbs.twimg.com/p.jpg"),
                new Capturer.Planned("image", "https://pbs.twimg.com/photo.jpg"),
                new Capturer.Planned("snapshot", "https://x.com/a/status/1"));
        assertThat(Capturer.plan(post(List.of()))).containsExactly(new Capturer.Planned("snapshot", "https://x.com/a/status/1"));
    }

    @Test
    void fetchesEachUrlOnceAndAtMostEightPerPost() {
        List<Post.Media> media = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            media.add(new Post.Media("animated_gif", "https://video.twimg.com/" + (i % 6) + ".mp4", null, null, null));
        }
        media.add(new Post.Media("video", "https://video.twimg.com/0.mp4", "https://video.twimg.com/0.mp4", null, null));
        List<Capturer.Planned> plan = Capturer.plan(post(media));
        assertThat(plan).hasSize(7);
        assertThat(plan.subList(0, 6)).allMatch(p -> p.kind().equals("video"));
        assertThat(plan.stream().map(Capturer.Planned::url).distinct()).hasSize(7);
    }

    @Test
    void whenNothingCanBeFetchedEveryPlannedItemIsRecordedWithTheReason() {
        Instant at = Instant.parse("2026-11-27T02:00:00Z");
        List<EvidenceItem> items = Capturer.notCaptured(post(List.of(
                new Post.Media("video", "https://video.twimg.com/v.mp4", null, null, null))), "busy: all workers taken", at);
        assertThat(items).extracting(EvidenceItem::kind).containsExactly("video", "snapshot");
        assertThat(items).allMatch(i -> i.status().equals("failed") && i.reason().startsWith("busy") && i.sha256() == null);
    }
}
