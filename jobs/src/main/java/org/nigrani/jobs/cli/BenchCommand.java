package org.nigrani.jobs.cli;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.elasticsearch.client.RestClient;
import org.nigrani.elastic.ElasticConnection;
import org.nigrani.elastic.local.LocalElasticsearch;
import org.nigrani.elastic.local.LocalElasticsearchSettings;
import org.nigrani.jobs.Environments;
import org.nigrani.jobs.MonitorJob;
import org.nigrani.jobs.Post;
import org.nigrani.jobs.alert.AlertSettings;
import org.nigrani.jobs.classify.ClassifierSettings;
import org.nigrani.jobs.classify.FlaggedPost;
import org.nigrani.jobs.enrich.EnrichPosts;
import org.nigrani.jobs.enrich.EnrichSettings;
import org.nigrani.jobs.enrich.EnrichedPost;
import org.nigrani.jobs.incident.IncidentKeys;
import org.nigrani.jobs.incident.IncidentPost;
import org.nigrani.jobs.incident.IncidentState;
import org.nigrani.jobs.index.BulkEntry;
import org.nigrani.jobs.index.FlaggedPostDocument;
import org.nigrani.jobs.settings.JobSettings;
import org.nigrani.jobs.settings.MonitorSettings;
import org.nigrani.jobs.settings.SourceSettings;
import org.nigrani.jobs.source.PostParser;
import org.nigrani.jobs.source.RawLine;
import org.nigrani.jobs.source.RejectedInput;
import org.nigrani.elastic.schema.Indices;
import org.nigrani.nlp.classify.MisconductClassifier;
import org.nigrani.nlp.extract.EntityExtractor;
import org.nigrani.nlp.station.StationDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/monitor bench}: replays many posts through the whole job on a fresh local Elasticsearch and prints
 * (a) the intake rate at the normal threshold, (b) the rate when every post is indexed, (c) a plain
 * elasticsearch-java bulk load of the same documents as (b), and (b)/(c); and (d) the time from a post's arrival to
 * the alert it leads to ({@link AlertLatencyBench}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the job's throughput against a plain bulk load, and its alert latency, on a fresh local Elasticsearch.")
class BenchCommand implements Callable<Integer> {

    @Option(names = "--posts", defaultValue = "200000", description = "Posts to replay (default: ${DEFAULT-VALUE}).")
    int posts;

    @Option(names = "--config", defaultValue = "config/monitor.yaml", description = "Settings for index and job tuning (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--heap", defaultValue = "512m", description = "Heap of the benchmark's Elasticsearch (default: ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--flagged-share", defaultValue = "0.05",
            description = "Share of replayed posts drawn from the sample posts the classifier flags, as in a real intake "
                    + "stream where most posts are not about police misconduct; -1 keeps the sample's own mix (default: ${DEFAULT-VALUE}).")
    double flaggedShare;

    @Option(names = "--rounds", defaultValue = "3", description = "Alternating rounds of (b) and (c), and rounds of (d) (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--only-latency", description = "Measure only (d), the alert latency; skip (a), (b) and (c).")
    boolean onlyLatency;

    @Option(names = "--latency", defaultValue = "both",
            description = "How (d) feeds its posts: paced (a steady rate, as a live stream), burst (all at once, as a "
                    + "backlog), both, or none to skip (d) (default: ${DEFAULT-VALUE}).")
    String latency;

    @Option(names = "--latency-rate", defaultValue = "200", description = "Posts/s in (d)'s paced runs (default: ${DEFAULT-VALUE}).")
    int latencyRate;

    @Option(names = "--latency-copies", defaultValue = "5",
            description = "Copies of the sample stream (d) replays one after the other, each with fresh ids and later "
                    + "post times (default: ${DEFAULT-VALUE}).")
    int latencyCopies;

    @Option(names = "--alert-threshold", defaultValue = "60",
            description = "Priority score that earns an incident an alert in (d) (default: ${DEFAULT-VALUE}).")
    int alertThreshold;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        List<AlertLatencyBench.Mode> modes = switch (latency) {
            case "paced" -> List.of(AlertLatencyBench.Mode.PACED);
            case "burst" -> List.of(AlertLatencyBench.Mode.BURST);
            case "both" -> List.of(AlertLatencyBench.Mode.PACED, AlertLatencyBench.Mode.BURST);
            case "none" -> List.of();
            default -> throw new IllegalArgumentException("--latency must be paced, burst, both or none, was '" + latency + "'");
        };
        if (onlyLatency && modes.isEmpty()) {
            throw new IllegalArgumentException("--only-latency with --latency none leaves nothing to measure");
        }
        if (latencyRate < 1) {
            throw new IllegalArgumentException("--latency-rate must be at least 1 post/s, was " + latencyRate);
        }
        Path root = Path.of("").toAbsolutePath();
        MonitorSettings settings = MonitorSettings.load(config, root);
        Path work = root.resolve(".local/bench");
        LocalElasticsearch.deleteFolder(work);
        Files.createDirectories(work);
        // One file per subtask: a file is one split, read by one subtask, as files in a drop folder are.
        Path input = Files.createDirectories(work.resolve("input"));
        if (!onlyLatency) {
            out.printf("Writing %,d posts to %s (%d files) from %s ...%n", posts, root.relativize(input),
                    settings.job().parallelism(), root.relativize(settings.source().path()));
            writeInput(settings.source().path(), input, posts, settings.job().parallelism(), flaggedShare,
                    MisconductClassifier.fromClasspath(settings.classifier().threshold()));
        }
        Path latencyInput = work.resolve("latency").resolve("posts.jsonl");
        if (!modes.isEmpty()) {
            long n = AlertLatencyBench.writeInput(settings.source().path(), latencyInput, latencyCopies, settings.incident().gap());
            out.printf("Writing %,d posts for (d) to %s: %d copies of %s ...%n", n, root.relativize(latencyInput), latencyCopies,
                    root.relativize(settings.source().path()));
        }

        out.println("Starting a fresh Elasticsearch for the benchmark ...");
        try (LocalElasticsearch es = LocalElasticsearch.start(LocalElasticsearchSettings.forProject(root)
                .withDataDir(work.resolve("es-data")).withHttpPort(LocalElasticsearchSettings.PICK_FREE_PORT).withHeap(heap))) {
            ElasticConnection connection = ElasticConnection.local(es.url());
            Environments.installSchema(connection, settings.index());
            List<String> report = new ArrayList<>();
            if (!onlyLatency) {
                report.addAll(throughput(mainPathOnly(settings), input, connection, out));
            }
            if (!modes.isEmpty()) {
                report.addAll(latency(settings, connection, latencyInput, work.resolve("outbox"), modes, out));
            }
            out.println();
            out.printf("Machine: %d cores, Java %s, Elasticsearch heap %s, job parallelism %d%s%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), heap,
                    settings.job().parallelism(), onlyLatency ? "" : String.format(", %,d posts in %d files", posts,
                            settings.job().parallelism()));
            report.forEach(out::println);
        }
        return 0;
    }

    /**
     * (a), (b) and (c), with alerts off: they measure intake and indexing, comparable with the figures from before
     * alerts existed, and leave nothing in the configured outbox. With alerts on, each run's end would also wait for
     * the delivery of the alerts it held for quiet hours (judged on post times, so released when the input ends);
     * (d) measures the alert path on its own, after these.
     *
     * @return the summary lines
     */
    private List<String> throughput(MonitorSettings settings, Path input, ElasticConnection connection, PrintStream out)
            throws Exception {
        SourceSettings source = new SourceSettings("file", input, SourceSettings.DEFAULT_WATCH_INTERVAL, "x",
                settings.source().maxTextChars(), settings.source().maxLineBytes());
        JobSettings job = settings.job();

        out.printf("(a) whole job, threshold %.2f ...%n", settings.classifier().threshold());
        JobRunner.Summary a = runJob(settings, source, settings.classifier(), connection, job, out);
        List<BulkEntry> docs = documents(input, source, settings.enrich());
        // Both sides run far more slowly until the JIT has compiled them (Elasticsearch's indexing, the job's
        // index-everything path): one untimed run of each first.
        out.println("warming up: one untimed run of (b) and one of (c) ...");
        LocalStack.clearIndices(connection);
        runJob(settings, source, new ClassifierSettings(settings.classifier().modelDir(), 0), connection, job, out);
        LocalStack.clearIndices(connection);
        bulkLoad(connection, docs, job.parallelism() * settings.index().maxInFlight(), settings.index().maxBatchActions());
        // (b) and (c) take turns, so neither gets all the benefit of a warmer Elasticsearch or JVM.
        double[] b = new double[rounds];
        double[] c = new double[rounds];
        long bIndexed = 0;
        for (int round = 0; round < rounds; round++) {
            LocalStack.clearIndices(connection);
            out.printf("(b) whole job, every post indexed (threshold 0), round %d ...%n", round + 1);
            JobRunner.Summary run = runJob(settings, source, new ClassifierSettings(settings.classifier().modelDir(), 0), connection, job, out);
            b[round] = run.indexed() / seconds(run.netRuntime());
            bIndexed = run.indexed();
            LocalStack.clearIndices(connection);
            out.printf("(c) plain elasticsearch-java bulk load of the same documents, round %d ...%n", round + 1);
            c[round] = bulkLoad(connection, docs, job.parallelism() * settings.index().maxInFlight(), settings.index().maxBatchActions());
        }

        List<String> report = new ArrayList<>();
        double aRate = a.read() / seconds(a.netRuntime());
        double bBest = java.util.Arrays.stream(b).max().orElse(0);
        double cBest = java.util.Arrays.stream(c).max().orElse(0);
        report.add(String.format("(a) posts/s through the whole job, threshold %.2f: %,.0f  (%,d read, %,d flagged = %.1f%%, %.1f s; %.1f s with MiniCluster start)",
                settings.classifier().threshold(), aRate, a.read(), a.flagged(), 100.0 * a.flagged() / Math.max(1, a.read()),
                seconds(a.netRuntime()), seconds(a.took())));
        for (int round = 0; round < rounds; round++) {
            report.add(String.format("round %d: (b) %,.0f posts/s indexed through the whole job · (c) %,.0f docs/s plain BulkIngester · (b)/(c) = %.2f",
                    round + 1, b[round], c[round], b[round] / c[round]));
        }
        double meanRatio = 0;
        for (int round = 0; round < rounds; round++) {
            meanRatio += b[round] / c[round] / rounds;
        }
        report.add(String.format("(b) best %,.0f posts/s (%,d indexed) · (c) best %,.0f docs/s (%,d documents) · best/best %.2f · mean of rounds %.2f",
                bBest, bIndexed, cBest, docs.size(), bBest / cBest, meanRatio));
        report.add("targets: (a) >= 20,000 posts/s, (b)/(c) >= 0.80");
        return report;
    }

    /**
     * (d): rounds of the replay with alerts on, paced and burst taking turns, each on empty indices and a fresh
     * outbox folder.
     *
     * @return the summary lines
     */
    private List<String> latency(MonitorSettings settings, ElasticConnection connection, Path input, Path outboxes,
            List<AlertLatencyBench.Mode> modes, PrintStream out) throws Exception {
        AlertLatencyBench bench = new AlertLatencyBench(settings, connection, input, outboxes, latencyRate, alertThreshold);
        List<AlertLatencyBench.Run> runs = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (AlertLatencyBench.Mode mode : modes) {
                out.printf("(d) alert latency, %s, round %d ...%n", describe(mode), round);
                runs.add(bench.run(mode, round, out));
            }
        }
        List<String> report = new ArrayList<>();
        report.add(String.format("(d) from a post's arrival at the source to its alert's delivery (.eml outbox): %,d posts (%d copies "
                + "of the sample), alert threshold %d, no quiet hours; first alerts and escalations, none held",
                bench.posts(), latencyCopies, alertThreshold));
        for (AlertLatencyBench.Mode mode : modes) {
            List<Long> all = new ArrayList<>();
            List<Long> steady = new ArrayList<>();
            for (AlertLatencyBench.Run r : runs) {
                if (r.mode() != mode) {
                    continue;
                }
                all.addAll(r.latency());
                steady.addAll(r.steady());
                report.add(String.format("  %s, round %d: %,d alerts (%,d first, %,d escalations) · latency %s · post → outbox %s"
                        + " · outbox → sent %s · from %d s on: %s · %,d held, %,d digests, %,d not sent, %,d .eml files",
                        describe(mode), r.round(), r.latency().size(), r.first(), r.escalations(),
                        AlertLatencyBench.percentiles(r.latency()), p95(r.toOutbox()), p95(r.outboxToSent()),
                        AlertLatencyBench.WARM_AFTER.toSeconds(), p95(r.steady()), r.held(), r.digests(), r.undelivered(),
                        r.emlFiles()));
            }
            java.util.Collections.sort(all);
            java.util.Collections.sort(steady);
            boolean met = !all.isEmpty() && RunCommand.percentile(all, 0.95) <= 10_000;
            report.add(String.format("(d) %s, all rounds: %,d alerts · latency %s · from %d s on: %s · target p95 <= 10 s: %s",
                    describe(mode), all.size(), AlertLatencyBench.percentiles(all), AlertLatencyBench.WARM_AFTER.toSeconds(),
                    AlertLatencyBench.percentiles(steady), all.isEmpty() ? "no alerts" : met ? "met" : "missed"));
        }
        return report;
    }

    private String describe(AlertLatencyBench.Mode mode) {
        return mode == AlertLatencyBench.Mode.PACED ? String.format("paced %,d posts/s", latencyRate) : "burst";
    }

    private static String p95(List<Long> sorted) {
        return sorted.isEmpty() ? "-" : String.format("p95 %.2f s", RunCommand.percentile(sorted, 0.95) / 1000.0);
    }

    /**
     * The settings with alerts and evidence capture off: (a)-(c) measure the main path; capture runs beside it and,
     * when it falls behind, records posts as not captured rather than slowing it.
     */
    private static MonitorSettings mainPathOnly(MonitorSettings s) {
        AlertSettings a = s.alert();
        org.nigrani.evidence.CaptureSettings c = s.evidence().capture();
        s = s.withEvidence(s.evidence().withCapture(
                new org.nigrani.evidence.CaptureSettings(false, c.tsa(), c.tsaTimeout(), c.fetch(), c.workers(), c.queue())));
        return s.withAlert(new AlertSettings(false, a.policy(), a.internalAffairs(), a.conflictToInternalAffairs(), a.email(),
                a.smtp(), a.outboxDir(), a.webhookUrlEnv(), a.initialBackoff(), a.maxBackoff(), a.maxAttempts(), a.drainTimeout()));
    }

    private static JobRunner.Summary runJob(MonitorSettings settings, SourceSettings source, ClassifierSettings classifier,
            ElasticConnection connection, JobSettings job, PrintStream out) throws Exception {
        MonitorJob monitorJob = MonitorJob.fromSettings(settings.withSource(source).withClassifier(classifier).withJob(job), connection);
        return JobRunner.run(monitorJob, job, JobRunner.countLines(source.path()), out);
    }

    /**
     * Repeats the valid sample posts with fresh ids until there are {@code n}, drawing the given share from the posts
     * the classifier flags (or keeping the sample's mix when the share is negative); malformed lines are left out.
     */
    static void writeInput(Path sample, Path targetDir, int n, int files, double flaggedShare, MisconductClassifier classifier)
            throws Exception {
        ObjectMapper json = new ObjectMapper();
        PostParser parser = new PostParser("x", SourceSettings.DEFAULT_MAX_TEXT_CHARS, Clock.systemUTC());
        List<ObjectNode> valid = new ArrayList<>();
        List<ObjectNode> flagged = new ArrayList<>();
        List<ObjectNode> other = new ArrayList<>();
        for (String line : Files.readAllLines(sample, StandardCharsets.UTF_8)) {
            try {
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                Post post = parser.parse(new RawLine("sample", 0, bytes, bytes.length));
                ObjectNode node = (ObjectNode) json.readTree(line);
                valid.add(node);
                (classifier.classify(post.text()).flagged() ? flagged : other).add(node);
            } catch (RejectedInput | RuntimeException skipped) {
                // only well-formed posts are replayed: the benchmark measures throughput, not rejection
            }
        }
        if (flagged.isEmpty() || other.isEmpty()) {
            throw new IllegalArgumentException("the sample " + sample + " needs both flagged and other valid posts");
        }
        java.util.Random random = new java.util.Random(42);
        List<BufferedWriter> writers = new ArrayList<>();
        for (int f = 0; f < files; f++) {
            writers.add(Files.newBufferedWriter(targetDir.resolve("posts-" + f + ".jsonl"), StandardCharsets.UTF_8));
        }
        for (int i = 0; i < n; i++) {
            List<ObjectNode> pool = flaggedShare < 0 ? valid : random.nextDouble() < flaggedShare ? flagged : other;
            ObjectNode post = pool.get(random.nextInt(pool.size())).deepCopy();
            post.put("id", "b" + i + "-" + post.path("id").asText());
            BufferedWriter w = writers.get(i % files);
            w.write(json.writeValueAsString(post));
            w.newLine();
        }
        for (BufferedWriter w : writers) {
            w.close();
        }
    }

    /** The documents (b) indexes, built outside the timed part. */
    private static List<BulkEntry> documents(Path input, SourceSettings source, EnrichSettings enrich) throws Exception {
        PostParser parser = new PostParser("x", source.maxTextChars(), Clock.systemUTC());
        MisconductClassifier classifier = MisconductClassifier.fromClasspath(0);
        EntityExtractor extractor = new EntityExtractor(StationDirectory.load(enrich.stationsPath()));
        List<BulkEntry> docs = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> listing = Files.list(input)) {
            files = listing.sorted().toList();
        }
        for (Path file : files) {
            try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
                for (String line : (Iterable<String>) lines::iterator) {
                    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                    Post post = parser.parse(new RawLine(file.toString(), 0, bytes, bytes.length));
                    FlaggedPost flagged = new FlaggedPost(post, classifier.classify(post.text()), "classpath:bundled");
                    EnrichedPost enriched = new EnrichedPost(flagged, EnrichPosts.enrich(extractor, post));
                    IncidentState incident = IncidentState.start(IncidentKeys.keyOf(enriched), enriched);
                    IncidentPost tracked = new IncidentPost(enriched, incident.id(), incident.priority(post.createdAt()));
                    docs.add(new BulkEntry(Indices.flaggedPostsIndexFor(post.createdAt()), post.documentId(),
                            FlaggedPostDocument.toJson(tracked, Instant.now()), file.toString(), 0, post.id(), false));
                }
            }
        }
        return docs;
    }

    private static double bulkLoad(ElasticConnection connection, List<BulkEntry> docs, int concurrency, int batch) throws Exception {
        try (RestClient rest = connection.openRestClient();
                RestClientTransport transport = new RestClientTransport(rest, new JacksonJsonpMapper())) {
            ElasticsearchClient client = new ElasticsearchClient(transport);
            long begin = System.nanoTime();
            try (BulkIngester<Void> ingester = BulkIngester.of(b -> b.client(client).maxOperations(batch)
                    .maxSize(5L * 1024 * 1024).maxConcurrentRequests(concurrency).flushInterval(1, TimeUnit.SECONDS))) {
                for (BulkEntry d : docs) {
                    ingester.add(op -> op.index(i -> i.index(d.index()).id(d.id())
                            .document(BinaryData.of(d.document(), ContentType.APPLICATION_JSON))));
                }
            }
            return docs.size() / ((System.nanoTime() - begin) / 1e9);
        }
    }

    private static double seconds(Duration d) {
        return Math.max(1e-9, d.toNanos() / 1e9);
    }
}
