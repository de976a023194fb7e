package org.nigrani.jobs.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.nigrani.elastic.ElasticConnection;
import org.nigrani.elastic.testing.SharedElasticsearch;
import org.nigrani.jobs.Environments;
import org.nigrani.jobs.MonitorJob;
import org.nigrani.jobs.classify.ClassifierSettings;
import org.nigrani.jobs.enrich.EnrichSettings;
import org.nigrani.jobs.index.IndexSettings;
import org.nigrani.jobs.settings.SourceSettings;
import org.nigrani.jobs.source.JsonLinesSource;
import org.nigrani.jobs.testing.Jobs;

/** The whole monitoring job with alerts on, delivered over SMTP, as the alert integration tests run it. */
final class AlertJobs {

    static final Recipient INTERNAL_AFFAIRS = new Recipient("Internal Affairs desk", "internal-affairs@police.example", null);
    static final String CONSOLE = "https://console.nigrani.example";
    /** 13:30 in Karachi: outside the quiet hours, so nothing is held. */
    static final Instant DAYTIME = Instant.parse("2023-11-06T08:30:00Z");

    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertJobs() {}

    /**
     * Karachi quiet hours, the whole post text quoted (the most a message can show of a post), retries from 200 ms
     * to 1 s and never given up, so a test sees every retry within a second.
     */
    static AlertSettings settings(int smtpPort, int threshold, boolean conflictToInternalAffairs, Duration drainTimeout) {
        return new AlertSettings(true, AlertPolicy.Settings.karachi(threshold), INTERNAL_AFFAIRS, conflictToInternalAffairs,
                new AlertEmail.Settings("alerts@nigrani.example", CONSOLE, AlertEmail.QUOTE_FULL),
                new SmtpSender.Settings("127.0.0.1", smtpPort, false, null, null, Duration.ofSeconds(2), Duration.ofSeconds(5), null),
                null, null, Duration.ofMillis(200), Duration.ofSeconds(1), 0, drainTimeout);
    }

    /**
     * The job reading {@code input} (a file, or a folder watched every {@code watchInterval}; null for a bounded
     * replay) into the shared Elasticsearch, routing by the test station directory copied into {@code dir}.
     */
    static MonitorJob job(Path dir, Path input, Duration watchInterval, AlertSettings alerts) {
        ElasticConnection connection = ElasticConnection.local(SharedElasticsearch.url());
        Environments.installSchema(connection, IndexSettings.DEFAULTS);
        SourceSettings source = new SourceSettings("file", input,
                watchInterval == null ? SourceSettings.DEFAULT_WATCH_INTERVAL : watchInterval, "x", 10_000, 1 << 20);
        MonitorJob.Sinks sinks = Jobs.elasticsearchSinks(connection, IndexSettings.DEFAULTS);
        return new MonitorJob(JsonLinesSource.of(input, watchInterval, source.maxLineBytes()),
                new MonitorJob.Sinks(sinks.flagged(), sinks.incidents(), sinks.deadLetters(), new AlertSink(connection, alerts)),
                source, new ClassifierSettings(null, 0.5), EnrichSettings.of(stations(dir)), Jobs.INCIDENTS)
                .withAlerts(alerts);
    }

    static StreamExecutionEnvironment environment() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(500);
        return env;
    }

    /** The test station directory: one station per scenario, each head a test address; Hatri's names are hostile (as far as the reader lets them be). */
    static Path stations(Path dir) {
        Path file = dir.resolve("alert-stations.yaml");
        if (!Files.exists(file)) {
            try (InputStream in = AlertJobs.class.getResourceAsStream("/fixtures/alert-stations.yaml")) {
                Files.copy(in, file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file;
    }

    /** A port nothing listens on now, for a mail server to start on (or not). */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One input post, in the JSON Lines form the file source reads. Its author's handle and its URL are there to
     * prove that no alert repeats them.
     *
     * @param video the attached video's URL, or null for none
     * @param repostOf the id of the post this re-shares, or null
     */
    record PostLine(String id, String author, String text, Instant createdAt, String video, long views, long reposts,
            String repostOf) {

        static PostLine of(String id, String author, String text, Instant createdAt) {
            return new PostLine(id, author, text, createdAt, null, 100, 0, null);
        }

        PostLine withVideo(String url) {
            return new PostLine(id, author, text, createdAt, url, views, reposts, repostOf);
        }

        PostLine withReach(long newViews, long newReposts) {
            return new PostLine(id, author, text, createdAt, video, newViews, newReposts, repostOf);
        }

        PostLine repostOf(String original) {
            return new PostLine(id, author, text, createdAt, video, views, reposts, original);
        }

        String url() {
            return "https://x.com/" + author + "/status/" + id;
        }

        String json() {
            ObjectNode post = JSON.createObjectNode();
            post.put("platform", "x");
            post.put("id", id);
            post.put("url", url());
            post.put("author", author);
            post.put("text", text);
            post.put("created_at", createdAt.toString());
            post.put("lang", "en");
            if (video != null) {
                ObjectNode media = post.putArray("media").addObject();
                media.put("type", "video");
                media.put("url", video);
                media.put("view_count", views);
            }
            ObjectNode metrics = post.putObject("metrics");
            metrics.put("reposts", reposts);
            metrics.put("likes", 0);
            metrics.put("views", views);
            if (repostOf != null) {
                post.put("repost_of", repostOf);
            }
            try {
                return JSON.writeValueAsString(post);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static void write(Path file, List<PostLine> posts) {
        List<String> lines = new ArrayList<>(posts.size());
        posts.forEach(p -> lines.add(p.json()));
        try {
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drops a file into a watched folder whole: written beside it, then moved in, so no half is ever read. */
    static void drop(Path folder, String name, List<PostLine> posts) {
        Path staged = folder.resolveSibling(name + ".staged");
        write(staged, posts);
        try {
            Files.move(staged, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
