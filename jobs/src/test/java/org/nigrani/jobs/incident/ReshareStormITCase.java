package org.nigrani.jobs.incident;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nigrani.jobs.MonitorJob;
import org.nigrani.jobs.classify.ClassifierSettings;
import org.nigrani.jobs.index.BulkEntry;
import org.nigrani.jobs.settings.SourceSettings;
import org.nigrani.jobs.source.RawLine;
import org.nigrani.jobs.testing.CollectingSink;
import org.nigrani.jobs.testing.Jobs;
import org.nigrani.nlp.classify.MisconductClassifier;

/** Ten thousand re-shares of one video through the whole job: one incident, and a handful of incident writes. */
class ReshareStormITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final int POSTS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CAPTIONS = List.of(
            "Watch: SITE Super Highway police beating Afghan labourers who showed their PoR cards",
            "RT @raasta_diaries: cops abuse Afghan labourers with valid cards and threaten to send them to the camp",
            "Ye video dekho, police wale card dikhane ke bawajood mazdooron ko maar rahe hain",
            "Shameful. Policemen slapping and dragging documented Afghan workers on camera");

    static RawLine reshare(long i) {
        String json = "{\"id\":\"s" + i + "\",\"text\":\"" + CAPTIONS.get((int) (i % CAPTIONS.size())) + " " + i
                + "\",\"created_at\":\"" + Instant.parse("2023-11-06T13:31:56Z").plusSeconds(i) + "\","
                + "\"repost_of\":\"1721520792927985478\","
                + "\"media\":[{\"type\":\"video\",\"url\":\"https://video.example.org/v/1700175462883619190.mp4\",\"view_count\":"
                + (1000 + i * 10) + "}]}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return new RawLine("storm", i, bytes, bytes.length);
    }

    @Test
    void tenThousandResharesAreOneIncidentWrittenAHandfulOfTimes() throws Exception {
        MisconductClassifier classifier = MisconductClassifier.fromClasspath(0.5);
        for (long i = 0; i < CAPTIONS.size(); i++) {
            assertThat(classifier.classify(CAPTIONS.get((int) i) + " " + i).flagged()).as(CAPTIONS.get((int) i)).isTrue();
        }
        CollectingSink posts = new CollectingSink("storm-posts");
        CollectingSink incidents = new CollectingSink("storm-incidents");
        CollectingSink deadLetters = new CollectingSink("storm-dead");
        DataGeneratorSource<RawLine> source = new DataGeneratorSource<>(
                (GeneratorFunction<Long, RawLine>) ReshareStormITCase::reshare, POSTS, TypeInformation.of(RawLine.class));
        MonitorJob job = new MonitorJob(source, new MonitorJob.Sinks(posts, incidents, deadLetters),
                new SourceSettings("file", Path.of("unused"), SourceSettings.DEFAULT_WATCH_INTERVAL, "x", 10_000, 1 << 20),
                new ClassifierSettings(null, 0.5), Jobs.enrichSettings(), Jobs.INCIDENTS);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        long started = System.nanoTime();
        job.execute(env);
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(deadLetters.received()).isEmpty();
        List<BulkEntry> postDocs = posts.received();
        assertThat(postDocs).hasSize(POSTS);
        Set<String> incidentIds = postDocs.stream().map(e -> read(e).at("/nigrani/incident/id").asText()).collect(Collectors.toSet());
        assertThat(incidentIds).hasSize(1);

        List<BulkEntry> writes = incidents.received();
        assertThat(writes).extracting(BulkEntry::id).containsOnly(incidentIds.iterator().next());
        JsonNode doc = writes.stream().map(ReshareStormITCase::read)
                .max(Comparator.comparingLong(d -> d.at("/nigrani/incident/version").asLong())).orElseThrow();
        assertThat(doc.at("/nigrani/incident/post_count").asLong()).isEqualTo(POSTS);
        assertThat(doc.at("/nigrani/incident/kind").asText()).isEqualTo("video");
        assertThat(doc.at("/nigrani/reach/views").asLong()).isEqualTo(1000 + (POSTS - 1) * 10L);
        // The flush interval is 200 ms: one write to open, at most one per interval, one at the end of input.
        assertThat(writes).hasSizeBetween(2, (int) Math.ceil(seconds / 0.2) + 2);
        assertThat(writes.size()).isLessThan(POSTS / 50);
    }

    private static JsonNode read(BulkEntry e) {
        try {
            return JSON.readTree(e.document());
        } catch (Exception x) {
            throw new AssertionError(x);
        }
    }
}
