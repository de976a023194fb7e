package org.nigrani.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertLatencyBenchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void eachCopyHasFreshIdsItsOwnRepostsAndTimesBeyondTheGap() throws Exception {
        Path sample = dir.resolve("sample.jsonl");
        Files.write(sample, List.of(
                post("100", "2023-11-01T10:00:00.000Z", null),
                "{not json",
                post("101", "2023-11-03T10:00:00.000Z", "100")), StandardCharsets.UTF_8);
        Path target = dir.resolve("out").resolve("posts.jsonl");

        long written = AlertLatencyBench.writeInput(sample, target, 3, Duration.ofHours(72));

        List<JsonNode> posts = new ArrayList<>();
        for (String line : Files.readAllLines(target, StandardCharsets.UTF_8)) {
            posts.add(JSON.readTree(line));
        }
        assertThat(written).isEqualTo(6);
        assertThat(posts).extracting(p -> p.path("id").asText()).containsExactly("d0-100", "d0-101", "d1-100", "d1-101", "d2-100", "d2-101");
        assertThat(posts.get(3).path("repost_of").asText()).isEqualTo("d1-100");
        Instant endOfFirst = Instant.parse(posts.get(1).path("created_at").asText());
        Instant startOfSecond = Instant.parse(posts.get(2).path("created_at").asText());
        assertThat(Duration.between(endOfFirst, startOfSecond)).isGreaterThan(Duration.ofHours(72));
    }

    @Test
    void onlyDeliveredFirstAlertsAndEscalationsThatWereNotHeldCount() throws Exception {
        Instant warm = Instant.parse("2026-01-01T00:00:10Z");
        List<JsonNode> docs = List.of(
                alert("first", false, "sent", "2026-01-01T00:00:01Z", 1200),
                alert("escalation", false, "sent", "2026-01-01T00:00:20Z", 1100),
                alert("first", true, "sent", "2026-01-01T00:00:02Z", 36_000_000),
                JSON.readTree("{\"alert\":{\"kind\":\"digest\",\"held\":false,\"status\":\"sent\"}}"),
                JSON.readTree("{\"alert\":{\"kind\":\"first\",\"held\":false,\"status\":\"pending\"}}"));

        AlertLatencyBench.Run run = AlertLatencyBench.summarise(AlertLatencyBench.Mode.PACED, 1, docs, 4, warm);

        assertThat(run.latency()).containsExactly(1100L, 1200L);
        assertThat(run.steady()).containsExactly(1100L);
        assertThat(run.first()).isEqualTo(1);
        assertThat(run.escalations()).isEqualTo(1);
        assertThat(run.held()).isEqualTo(1);
        assertThat(run.digests()).isEqualTo(1);
        assertThat(run.undelivered()).isEqualTo(1);
        assertThat(run.toOutbox()).containsExactly(1000L, 1000L);
        assertThat(run.outboxToSent()).containsExactly(100L, 200L);
    }

    private static String post(String id, String createdAt, String repostOf) {
        return "{\"platform\":\"x\",\"id\":\"" + id + "\",\"url\":\"https://x.com/someone/status/" + id + "\","
                + "\"author\":\"someone\",\"text\":\"Police at the station took a bribe\",\"created_at\":\"" + createdAt + "\","
                + "\"lang\":\"en\",\"media\":[],\"metrics\":{\"reposts\":0,\"likes\":0,\"views\":0},\"in_reply_to\":null,"
                + "\"repost_of\":" + (repostOf == null ? "null" : "\"" + repostOf + "\"") + "}";
    }

    /** An outbox document: created a second after the post arrived, sent {@code latency} after arrival. */
    private static JsonNode alert(String kind, boolean held, String status, String arrived, long latency) throws Exception {
        Instant a = Instant.parse(arrived);
        return JSON.readTree("{\"alert\":{\"kind\":\"" + kind + "\",\"held\":" + held + ",\"status\":\"" + status
                + "\",\"post_arrived_at\":\"" + a + "\",\"created\":\"" + a.plusSeconds(1) + "\",\"sent_at\":\""
                + a.plusMillis(latency) + "\",\"latency_ms\":" + latency + "}}");
    }
}
