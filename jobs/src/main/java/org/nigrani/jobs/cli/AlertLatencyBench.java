package org.nigrani.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.nigrani.elastic.ElasticConnection;
import org.nigrani.elastic.local.LocalElasticsearch;
import org.nigrani.jobs.MonitorJob;
import org.nigrani.jobs.Post;
import org.nigrani.jobs.alert.AlertPolicy;
import org.nigrani.jobs.alert.AlertSettings;
import org.nigrani.jobs.settings.MonitorSettings;
import org.nigrani.jobs.settings.SourceSettings;
import org.nigrani.jobs.source.PostParser;
import org.nigrani.jobs.source.RawLine;
import org.nigrani.jobs.source.RejectedInput;

/**
 * Figure (d) of {@code bin/monitor bench}: the time from a post's arrival (the job's source reading it) to the alert
 * it leads to going out, read back from the {@code alerts} outbox ({@code alert.latency_ms}).
 *
 * <p>The input is the sample stream replayed several times in a row, each copy with fresh ids and its post times
 * moved on by more than the incident gap, so every copy makes incidents and alerts of its own, as a later stretch of
 * the same live stream would. Two ways of feeding it:
 * <ul>
 *   <li>paced: a steady rate, as a live stream arrives; what the latency target is about;</li>
 *   <li>burst: the whole file read as fast as the job can, as after a restart with a backlog; its latency is mostly
 *       queueing behind the backlog.</li>
 * </ul>
 * Alerts go to a fresh {@code .eml} folder per run, with no quiet hours (they would hold most alerts, judged on post
 * times) and no webhook.
 */
final class AlertLatencyBench {

    enum Mode { PACED, BURST }

    /** Posts read this long after the job was submitted count as steady state: the JIT has compiled the pipeline. */
    static final Duration WARM_AFTER = Duration.ofSeconds(10);

    /**
     * What one run's outbox says about its first alerts and escalations that were not held; latencies in
     * milliseconds, sorted.
     *
     * @param latency from the post's arrival to delivery ({@code alert.latency_ms})
     * @param steady the same for posts read {@link #WARM_AFTER} or later after the job was submitted
     * @param toOutbox from the post's arrival to the alert sink starting to write its outbox document
     * @param outboxToSent from there to delivery: the outbox write and the wait for the delivery thread
     */
    record Run(Mode mode, int round, int first, int escalations, int held, int digests, int undelivered, long emlFiles,
            List<Long> latency, List<Long> steady, List<Long> toOutbox, List<Long> outboxToSent) {}

    private final MonitorSettings settings;
    private final int threshold;
    private final ElasticConnection connection;
    private final Path input;
    private final long posts;
    private final Path outboxes;
    private final int rate;

    /**
     * @param settings the configured settings; source and alerts are replaced for the runs
     * @param input the replay file ({@link #writeInput})
     * @param outboxes a folder for each run's {@code .eml} folder
     * @param rate posts per second in the paced runs
     * @param threshold the alert threshold (priority score)
     */
    AlertLatencyBench(MonitorSettings settings, ElasticConnection connection, Path input, Path outboxes, int rate, int threshold) {
        this.connection = connection;
        this.input = input;
        this.posts = JobRunner.countLines(input);
        this.outboxes = outboxes;
        this.rate = rate;
        this.threshold = threshold;
        SourceSettings s = settings.source();
        this.settings = settings.withSource(new SourceSettings("file", input, SourceSettings.DEFAULT_WATCH_INTERVAL, s.platform(),
                s.maxTextChars(), s.maxLineBytes()));
    }

    long posts() {
        return posts;
    }

    /**
     * Writes {@code copies} copies of the sample's well-formed posts, one after the other, to {@code target}. Each copy
     * gets fresh ids (reposts and replies point into their own copy) and post times moved on by a whole number of
     * days longer than the sample's span plus {@code gap}, so no incident, text link or repost reaches across copies.
     *
     * @return the number of posts written
     */
    static long writeInput(Path sample, Path target, int copies, Duration gap) throws IOException {
        if (copies < 1) {
            throw new IllegalArgumentException("the sample is replayed at least once, not " + copies + " times");
        }
        ObjectMapper json = new ObjectMapper();
        PostParser parser = new PostParser("x", SourceSettings.DEFAULT_MAX_TEXT_CHARS, Clock.systemUTC());
        List<ObjectNode> valid = new ArrayList<>();
        Instant first = Instant.MAX;
        Instant last = Instant.MIN;
        for (String line : Files.readAllLines(sample, StandardCharsets.UTF_8)) {
            try {
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                Post post = parser.parse(new RawLine("sample", 0, bytes, bytes.length));
                valid.add((ObjectNode) json.readTree(line));
                first = post.createdAt().isBefore(first) ? post.createdAt() : first;
                last = post.createdAt().isAfter(last) ? post.createdAt() : last;
            } catch (RejectedInput | RuntimeException skipped) {
                // only well-formed posts are replayed: dead letters never lead to an alert
            }
        }
        if (valid.isEmpty()) {
            throw new IllegalArgumentException("the sample " + sample + " has no well-formed posts");
        }
        Duration shift = Duration.ofDays(Duration.between(first, last).plus(gap).toDays() + 2);
        Instant newest = last.plus(shift.multipliedBy(copies - 1));
        if (newest.isAfter(Instant.now())) {
            throw new IllegalArgumentException(copies + " copies of the sample would reach " + newest
                    + ", in the future, which the job refuses: use fewer copies");
        }
        Files.createDirectories(target.getParent());
        try (BufferedWriter w = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
            for (int copy = 0; copy < copies; copy++) {
                String prefix = "d" + copy + "-";
                Duration by = shift.multipliedBy(copy);
                for (ObjectNode original : valid) {
                    ObjectNode post = original.deepCopy();
                    post.put("id", prefix + post.path("id").asText());
                    for (String ref : List.of("repost_of", "in_reply_to")) {
                        if (post.path(ref).isTextual()) {
                            post.put(ref, prefix + post.path(ref).asText());
                        }
                    }
                    post.put("created_at", Instant.parse(post.path("created_at").asText()).plus(by).toString());
                    w.write(json.writeValueAsString(post));
                    w.newLine();
                }
            }
        }
        return (long) copies * valid.size();
    }

    /** One run of the whole job over the replay file, alerts on, then what the outbox recorded. */
    Run run(Mode mode, int round, PrintStream out) throws Exception {
        LocalStack.clearIndices(connection);
        Path outbox = outboxes.resolve(mode.name().toLowerCase(Locale.ROOT) + "-" + round);
        LocalElasticsearch.deleteFolder(outbox);
        MonitorSettings s = settings.withAlert(alerts(settings.alert(), threshold, outbox));
        MonitorJob job = MonitorJob.fromSettings(s, connection);
        if (mode == Mode.PACED) {
            job = job.withSource(new DataGeneratorSource<>(new ReplayLines(input.toString()), posts,
                    RateLimiterStrategy.perSecond(rate), TypeInformation.of(RawLine.class)));
        }
        Instant submitted = Instant.now();
        JobRunner.run(job, s.job(), posts, out);
        long emlFiles;
        try (Stream<Path> files = Files.isDirectory(outbox) ? Files.list(outbox) : Stream.empty()) {
            emlFiles = files.filter(f -> f.getFileName().toString().endsWith(".eml")).count();
        }
        return summarise(mode, round, LocalStack.alerts(connection, 10_000), emlFiles, submitted.plus(WARM_AFTER));
    }

    static Run summarise(Mode mode, int round, List<JsonNode> documents, long emlFiles, Instant warm) {
        int first = 0;
        int escalations = 0;
        int held = 0;
        int digests = 0;
        int undelivered = 0;
        List<Long> latency = new ArrayList<>();
        List<Long> steady = new ArrayList<>();
        List<Long> toOutbox = new ArrayList<>();
        List<Long> outboxToSent = new ArrayList<>();
        for (JsonNode d : documents) {
            JsonNode a = d.path("alert");
            String kind = a.path("kind").asText();
            if (!"sent".equals(a.path("status").asText())) {
                undelivered++;
            }
            if ("digest".equals(kind)) {
                digests++;
                continue;
            }
            if (a.path("held").asBoolean()) {
                // It waited for the end of quiet hours: its latency says nothing about the pipeline.
                held++;
                continue;
            }
            if (!a.path("latency_ms").isNumber()) {
                continue;
            }
            first += "first".equals(kind) ? 1 : 0;
            escalations += "escalation".equals(kind) ? 1 : 0;
            latency.add(a.path("latency_ms").asLong());
            Instant arrived = Instant.parse(a.path("post_arrived_at").asText());
            if (!arrived.isBefore(warm)) {
                steady.add(a.path("latency_ms").asLong());
            }
            Instant created = Instant.parse(a.path("created").asText());
            Instant sent = Instant.parse(a.path("sent_at").asText());
            toOutbox.add(Duration.between(arrived, created).toMillis());
            outboxToSent.add(Duration.between(created, sent).toMillis());
        }
        Collections.sort(latency);
        Collections.sort(steady);
        Collections.sort(toOutbox);
        Collections.sort(outboxToSent);
        return new Run(mode, round, first, escalations, held, digests, undelivered, emlFiles, latency, steady, toOutbox, outboxToSent);
    }

    /**
     * The configured alert settings with no quiet hours, the given threshold, and email to {@code outbox} only (no SMTP
     * server, no webhook).
     */
    private static AlertSettings alerts(AlertSettings configured, int threshold, Path outbox) {
        AlertPolicy.Settings p = configured.policy();
        return new AlertSettings(true, new AlertPolicy.Settings(threshold, p.quietFrom(), p.quietFrom(), p.zone(),
                p.alwaysBand(), p.digestAt()), configured.internalAffairs(), configured.conflictToInternalAffairs(),
                configured.email(), null, outbox.toString(), null, configured.initialBackoff(),
                configured.maxBackoff(), configured.maxAttempts(), configured.drainTimeout());
    }

    /** "p50 1.2 s, p95 2.0 s, max 2.4 s" of sorted milliseconds. */
    static String percentiles(List<Long> sorted) {
        if (sorted.isEmpty()) {
            return "none";
        }
        return String.format("p50 %.2f s, p95 %.2f s, max %.2f s", RunCommand.percentile(sorted, 0.50) / 1000.0,
                RunCommand.percentile(sorted, 0.95) / 1000.0, sorted.get(sorted.size() - 1) / 1000.0);
    }

    /** The replay file's lines in order, handed out at the generator's pace; read from the file when the reader opens. */
    static final class ReplayLines implements GeneratorFunction<Long, RawLine> {

        private final String path;
        private transient List<byte[]> lines;
        private transient long[] offsets;

        ReplayLines(String path) {
            this.path = path;
        }

        @Override
        public void open(SourceReaderContext context) throws IOException {
            lines = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of(path), StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    lines.add(line.getBytes(StandardCharsets.UTF_8));
                }
            }
            offsets = new long[lines.size()];
            long at = 0;
            for (int i = 0; i < offsets.length; i++) {
                offsets[i] = at;
                at += lines.get(i).length + 1;
            }
        }

        @Override
        public RawLine map(Long index) {
            int i = (int) (index % lines.size());
            byte[] bytes = lines.get(i);
            return new RawLine(path, offsets[i], bytes, bytes.length);
        }
    }
}
