package org.nigrani.jobs.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nigrani.jobs.incident.IncidentFixtures.HATRI;
import static org.nigrani.jobs.incident.IncidentFixtures.T0;
import static org.nigrani.jobs.incident.IncidentFixtures.atStation;
import static org.nigrani.jobs.incident.IncidentFixtures.plain;
import static org.nigrani.jobs.incident.IncidentFixtures.post;

import java.time.Duration;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nigrani.jobs.enrich.EnrichedPost;

class TextLinkerTest {

    private static final String CAPTION = "Sohrab Goth ke paas police walon ne Afghan rickshaw driver ko maara aur 3000 rupay cheen liye, "
            + "card dikhane par bhi nahi chhora";
    private OneInputStreamOperatorTestHarness<EnrichedPost, LinkedPost> harness;

    @BeforeEach
    void open() throws Exception {
        harness = harness();
        harness.open();
    }

    private static OneInputStreamOperatorTestHarness<EnrichedPost, LinkedPost> harness() throws Exception {
        return new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(
                new TextLinker(new IncidentSettings(Duration.ofSeconds(1), Duration.ofHours(72)))));
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private List<String> keys(EnrichedPost... posts) throws Exception {
        for (EnrichedPost p : posts) {
            harness.processElement(p, 0);
        }
        return harness.extractOutputValues().stream().map(LinkedPost::key).toList();
    }

    @Test
    void copiesOfACaptionJoinTheFirstOnesIncident() throws Exception {
        List<String> keys = keys(plain("1", T0, CAPTION),
                plain("2", T0.plusSeconds(60), "RT @witness: " + CAPTION),
                plain("3", T0.plusSeconds(120), CAPTION.replace("3000", "teen hazar") + " #JusticeForAfghans @KarachiPolice_"),
                plain("4", T0.plusSeconds(180), "Traffic police ka ASI har rickshaw wale se 200 rupay bhatta leta hai Gulshan chowrangi par"));
        assertThat(keys.subList(0, 3)).containsOnly(keys.get(0));
        assertThat(keys.get(3)).isNotEqualTo(keys.get(0));
    }

    @Test
    void aTextOnlyCopyOfAVideosCaptionJoinsTheVideosIncident() throws Exception {
        List<String> keys = keys(post("1", T0, CAPTION, "https://video.example.org/v/9.mp4", List.of(), "violence", null, 10),
                plain("2", T0.plusSeconds(60), CAPTION + " 😡😡"));
        assertThat(keys.get(0)).startsWith("video:");
        assertThat(keys.get(1)).isEqualTo(keys.get(0));
    }

    @Test
    void aVideoPostKeepsItsVideosKeyEvenWhenItCopiesAnotherText() throws Exception {
        List<String> keys = keys(plain("1", T0, CAPTION),
                post("2", T0.plusSeconds(60), CAPTION, "https://video.example.org/v/9.mp4", List.of(), "violence", null, 10));
        assertThat(keys.get(1)).startsWith("video:").isNotEqualTo(keys.get(0));
    }

    @Test
    void aRepostWithNewWordsJoinsItsOriginal() throws Exception {
        List<String> keys = keys(atStation("1", T0, HATRI, "extortion"),
                post("2", T0.plusSeconds(60), "Shameful, share karo jab tak koi action na ho", null, List.of(), "other_misconduct", "1", 0));
        assertThat(keys.get(1)).isEqualTo(keys.get(0));
    }

    @Test
    void theIndexSurvivesARestartFromACheckpoint() throws Exception {
        String first = keys(plain("1", T0, CAPTION)).get(0);
        OperatorSubtaskState checkpoint = harness.snapshot(1, 1);
        harness.close();
        harness = harness();
        harness.initializeState(checkpoint);
        harness.open();
        assertThat(keys(plain("2", T0.plusSeconds(60), "RT @witness: " + CAPTION))).containsExactly(first);
    }

    @Test
    void postsAWholeGapOlderThanTheNewestAreForgotten() throws Exception {
        List<String> keys = keys(plain("1", T0, CAPTION),
                plain("2", T0.plus(Duration.ofDays(5)), "Unrelated: traffic police ne rickshaw wale se 500 rupay liye Saddar mein"),
                plain("3", T0.plus(Duration.ofDays(5)).plusSeconds(1), "RT @witness: " + CAPTION));
        assertThat(keys.get(2)).isNotEqualTo(keys.get(0));
    }

    @Test
    void shortTextsAreNeverLinkedByText() throws Exception {
        List<String> keys = keys(plain("1", T0, "Shame on police"), plain("2", T0.plusSeconds(1), "Shame on police"));
        assertThat(keys.get(1)).isNotEqualTo(keys.get(0));
    }

    @Test
    void similarityEstimatesAreCloseForCopiesAndLowForDifferentPosts() {
        int[] a = NearDuplicates.signature(CAPTION);
        assertThat(NearDuplicates.similarity(a, NearDuplicates.signature("RT @x: " + CAPTION))).isGreaterThan(0.8);
        assertThat(NearDuplicates.similarity(a, NearDuplicates.signature(
                "Hatri thana police picked up three Afghan men from their shop last night without any FIR"))).isLessThan(0.3);
    }
}
