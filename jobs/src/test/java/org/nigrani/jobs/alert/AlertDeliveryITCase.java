package org.nigrani.jobs.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nigrani.jobs.alert.AlertJobs.DAYTIME;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.nigrani.elastic.schema.Indices;
import org.nigrani.elastic.testing.SharedElasticsearch;
import org.nigrani.elastic.testing.TestIndices;
import org.nigrani.jobs.alert.AlertJobs.PostLine;
import org.nigrani.jobs.testing.Elastic;

/**
 * Delivery through a mail server outage: every alert written to the outbox goes out exactly once, whether the
 * server comes back while the job runs or only after it has stopped (then the next run sends what was left), and
 * whether or not a run ends in the middle of a delivery.
 */
@ExtendWith(SharedElasticsearch.class)
class AlertDeliveryITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final int THRESHOLD = 60;

    @TempDir
    Path dir;

    private final Elastic elastic = new Elastic(SharedElasticsearch.restClient());
    private final int port = AlertJobs.freePort();
    /** Every message any mail server of the test received, across its restarts. */
    private final List<ReceivedMail> received = new ArrayList<>();
    private GreenMail mail;

    @BeforeEach
    void clean() throws Exception {
        TestIndices.deleteAll(SharedElasticsearch.restClient());
    }

    @AfterEach
    void stopMail() {
        mailDown();
    }

    /** Three incidents, four alerts: one to each head, and the joint one to both. */
    static List<PostLine> firstInput() {
        return List.of(
                PostLine.of("out-a", "auth_out_a",
                        "Video: police constables beating a street vendor at SITE Super Highway police station Karachi", DAYTIME)
                        .withVideo("https://video.example.org/v/out-a.mp4"),
                PostLine.of("out-b", "auth_out_b",
                        "Police constables beat a rickshaw driver with batons inside Sohrab Goth police station Karachi and broke his arm",
                        DAYTIME.plusSeconds(60)).withVideo("https://video.example.org/v/out-b.mp4"),
                PostLine.of("out-ab", "auth_out_ab",
                        "Constables from SITE Super Highway police station and Sohrab Goth police station together beat up protesting labourers in Karachi",
                        DAYTIME.plusSeconds(120)).withVideo("https://video.example.org/v/out-ab.mp4"));
    }

    /** Two more incidents for other heads. */
    static List<PostLine> laterInput() {
        return List.of(
                PostLine.of("out-korangi", "auth_out_korangi",
                        "Korangi police station constables beat a fruit vendor with batons, Karachi", DAYTIME.plusSeconds(180))
                        .withVideo("https://video.example.org/v/out-korangi.mp4"),
                PostLine.of("out-landhi", "auth_out_landhi",
                        "Police constables beat a street vendor with batons inside Landhi police station Karachi and broke his arm",
                        DAYTIME.plusSeconds(240)).withVideo("https://video.example.org/v/out-landhi.mp4"));
    }

    @Test
    void alertsFailWhileTheMailServerIsDownAndGoOutOnceWhenItIsBack() throws Exception {
        Path input = input("first.jsonl", firstInput());
        JobClient job = AlertJobs.job(dir, input, null, AlertJobs.settings(port, THRESHOLD, true, Duration.ofSeconds(60)))
                .executeAsync(AlertJobs.environment());

        // Nothing listens: each alert is tried, fails, and waits in the outbox for its next try.
        List<JsonNode> failing = awaitAlerts(job, 4, docs -> docs.stream().allMatch(d -> d.at("/alert/attempts").asInt() >= 2));
        for (JsonNode d : failing) {
            assertThat(d.at("/alert/status").asText()).isEqualTo("pending");
            assertThat(d.at("/alert/last_error").asText()).contains("127.0.0.1:" + port);
            assertThat(d.has("sent_at")).isFalse();
        }
        assertThat(received).isEmpty();

        mailUp();
        job.getJobExecutionResult().get(60, TimeUnit.SECONDS);

        List<JsonNode> docs = alerts();
        assertThat(docs).hasSize(4).allSatisfy(d -> {
            assertThat(d.at("/alert/status").asText()).isEqualTo("sent");
            assertThat(d.at("/alert/attempts").asInt()).isGreaterThanOrEqualTo(3);
            assertThat(d.at("/alert/last_error").isNull()).isTrue();
        });
        assertEachSentExactlyOnce(docs);
        assertThat(collectMail()).extracting(ReceivedMail::mailbox).containsExactlyInAnyOrder(
                "sho.site@police.example", "sho.site@police.example", "sho.sohrab-goth@police.example", "sho.sohrab-goth@police.example");
    }

    @Test
    void alertsLeftPendingWhenARunEndsGoOutOnceWithTheNextRunAndNothingSentIsSentAgain() throws Exception {
        // A first run delivers the first input's alerts.
        mailUp();
        AlertJobs.job(dir, input("first.jsonl", firstInput()), null, AlertJobs.settings(port, THRESHOLD, true, Duration.ofSeconds(30)))
                .execute(AlertJobs.environment());
        Map<String, JsonNode> sent = byId(alerts());
        assertThat(sent).hasSize(4);
        assertThat(collectMail()).hasSize(4);

        // The mail server goes down; a replay with more posts ends after two seconds of failed deliveries.
        mailDown();
        List<PostLine> all = new ArrayList<>(firstInput());
        all.addAll(laterInput());
        Path replay = input("replay.jsonl", all);
        AlertJobs.job(dir, replay, null, AlertJobs.settings(port, THRESHOLD, true, Duration.ofSeconds(2)))
                .execute(AlertJobs.environment());
        Map<String, JsonNode> afterOutage = byId(alerts());
        assertThat(afterOutage).hasSize(6).containsKeys(sent.keySet().toArray(String[]::new));
        for (Map.Entry<String, JsonNode> e : afterOutage.entrySet()) {
            JsonNode d = e.getValue();
            if (sent.containsKey(e.getKey())) {
                // Decided again and recognised: untouched, not tried again.
                assertThat(d.at("/alert/status").asText()).isEqualTo("sent");
                assertThat(d.at("/alert/attempts").asInt()).isEqualTo(1);
                assertThat(d.at("/alert/sent_at").asText()).isEqualTo(sent.get(e.getKey()).at("/alert/sent_at").asText());
            } else {
                assertThat(d.at("/alert/status").asText()).isEqualTo("pending");
                assertThat(d.at("/alert/attempts").asInt()).isGreaterThanOrEqualTo(1);
                assertThat(d.at("/alert/last_error").asText()).contains("127.0.0.1:" + port);
            }
        }

        // The server is back; the same replay runs again: the pending two go out, nothing else does.
        mailUp();
        AlertJobs.job(dir, replay, null, AlertJobs.settings(port, THRESHOLD, true, Duration.ofSeconds(30)))
                .execute(AlertJobs.environment());
        List<JsonNode> docs = alerts();
        assertThat(docs).hasSize(6).allSatisfy(d -> assertThat(d.at("/alert/status").asText()).isEqualTo("sent"));
        for (JsonNode d : docs) {
            if (sent.containsKey(d.at("/alert/id").asText())) {
                assertThat(d.at("/alert/attempts").asInt()).isEqualTo(1);
            }
        }
        assertEachSentExactlyOnce(docs);
        assertThat(collectMail()).extracting(ReceivedMail::mailbox).containsExactlyInAnyOrder(
                "sho.site@police.example", "sho.site@police.example", "sho.sohrab-goth@police.example",
                "sho.sohrab-goth@police.example", "sho.korangi@police.example", "sho.landhi@police.example");
    }

    @Test
    void aDeliveryUnderWayWhenARunEndsIsRecordedAndNotSentAgainByTheNextRun() throws Exception {
        List<PostLine> one = firstInput().subList(0, 1);
        Path input = input("one.jsonl", one);
        String accepted;
        // The server takes two seconds per message and the run waits only 100 ms for deliveries, so the writer is
        // closed while the message is on its way: the send must still be recorded, or the next run sends it again.
        try (SlowSmtpServer slow = new SlowSmtpServer(port, Duration.ofSeconds(2))) {
            AlertJobs.job(dir, input, null, AlertJobs.settings(port, THRESHOLD, true, Duration.ofMillis(100)))
                    .execute(AlertJobs.environment());
            assertThat(slow.accepted()).hasSize(1);
            accepted = slow.accepted().get(0);
        }
        JsonNode doc = only(alerts());
        assertThat("<" + doc.at("/alert/id").asText() + "@nigrani.local>").isEqualTo(accepted);
        assertThat(doc.at("/alert/status").asText()).as("the message the server accepted").isEqualTo("sent");

        mailUp();
        AlertJobs.job(dir, input, null, AlertJobs.settings(port, THRESHOLD, true, Duration.ofSeconds(30)))
                .execute(AlertJobs.environment());
        assertThat(collectMail()).isEmpty();
        assertThat(only(alerts()).at("/alert/attempts").asInt()).isEqualTo(1);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static <T> T only(List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private Path input(String name, List<PostLine> posts) {
        Path file = dir.resolve(name);
        AlertJobs.write(file, posts);
        return file;
    }

    private void mailUp() {
        mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
    }

    /** Stops the server, keeping what it received. */
    private void mailDown() {
        if (mail != null) {
            received.addAll(ReceivedMail.all(mail));
            mail.stop();
            mail = null;
        }
    }

    private List<ReceivedMail> collectMail() {
        List<ReceivedMail> all = new ArrayList<>(received);
        if (mail != null) {
            all.addAll(ReceivedMail.all(mail));
        }
        return all;
    }

    /** Each outbox document's message arrived once, and nothing else arrived. */
    private void assertEachSentExactlyOnce(List<JsonNode> docs) {
        Map<String, Long> perMessageId = collectMail().stream()
                .collect(Collectors.groupingBy(ReceivedMail::messageId, Collectors.counting()));
        Map<String, Long> expected = docs.stream()
                .collect(Collectors.toMap(d -> "<" + d.at("/alert/id").asText() + "@nigrani.local>", d -> 1L));
        assertThat(perMessageId).isEqualTo(expected);
    }

    private List<JsonNode> alerts() {
        return elastic.all(Indices.ALERTS).stream().map(h -> h.get("_source")).toList();
    }

    private static Map<String, JsonNode> byId(List<JsonNode> docs) {
        return docs.stream().collect(Collectors.toMap(d -> d.at("/alert/id").asText(), Function.identity()));
    }

    /** Waits up to 30 s for {@code count} outbox documents that satisfy {@code condition}. */
    private List<JsonNode> awaitAlerts(JobClient job, int count, Predicate<List<JsonNode>> condition)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            List<JsonNode> docs = alerts();
            if (docs.size() == count && condition.test(docs)) {
                return docs;
            }
            if (job.getJobStatus().get().isGloballyTerminalState()) {
                job.getJobExecutionResult().get();
                throw new AssertionError("the job ended early");
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + count + " alerts, have " + docs);
            }
            Thread.sleep(100);
        }
    }
}
