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
 * elasticsearch-java bulk load of the same documents as (b), and (b)/(c).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the job's throughput against a plain bulk load on a fresh local Elasticsearch.")
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

    @Option(names = "--rounds", defaultValue = "3", description = "Alternating rounds of (b) and (c) (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Path root = Path.of("").toAbsolutePath();
        MonitorSettings settings = MonitorSettings.load(config, root);
        Path work = root.resolve(".local/bench");
        LocalElasticsearch.deleteFolder(work);
        Files.createDirectories(work);
        // One file per subtask: a file is one split, read by one subtask, as files in a drop folder are.
        Path input = Files.createDirectories(work.resolve("input"));
        out.printf("Writing %,d posts to %s (%d files) from %s ...%n", posts, root.relativize(input),
                settings.job().parallelism(), root.relativize(settings.source().path()));
        writeInput(settings.source().path(), input, posts, settings.job().parallelism(), flaggedShare,
                MisconductClassifier.fromClasspath(settings.classifier().threshold()));

        out.println("Starting a fresh Elasticsearch for the benchmark ...");
        try (LocalElasticsearch es = LocalElasticsearch.start(LocalElasticsearchSettings.forProject(root)
                .withDataDir(work.resolve("es-data")).withHttpPort(LocalElasticsearchSettings.PICK_FREE_PORT).withHeap(heap))) {
            ElasticConnection connection = ElasticConnection.local(es.url());
            Environments.installSchema(connection, settings.index());
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

            double aRate = a.read() / seconds(a.netRuntime());
            double bBest = java.util.Arrays.stream(b).max().orElse(0);
            double cBest = java.util.Arrays.stream(c).max().orElse(0);
            out.println();
            out.printf("Machine: %d cores, Java %s, Elasticsearch heap %s, job parallelism %d, %,d posts in %d files%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), heap, job.parallelism(),
                    posts, job.parallelism());
            out.printf("(a) posts/s through the whole job, threshold %.2f: %,.0f  (%,d read, %,d flagged = %.1f%%, %.1f s; %.1f s with MiniCluster start)%n",
                    settings.classifier().threshold(), aRate, a.read(), a.flagged(), 100.0 * a.flagged() / Math.max(1, a.read()),
                    seconds(a.netRuntime()), seconds(a.took()));
            for (int round = 0; round < rounds; round++) {
                out.printf("round %d: (b) %,.0f posts/s indexed through the whole job · (c) %,.0f docs/s plain BulkIngester · (b)/(c) = %.2f%n",
                        round + 1, b[round], c[round], b[round] / c[round]);
            }
            double meanRatio = 0;
            for (int round = 0; round < rounds; round++) {
                meanRatio += b[round] / c[round] / rounds;
            }
            out.printf("(b) best %,.0f posts/s (%,d indexed) · (c) best %,.0f docs/s (%,d documents) · best/best %.2f · mean of rounds %.2f%n",
                    bBest, bIndexed, cBest, docs.size(), bBest / cBest, meanRatio);
            out.printf("targets: (a) >= 20,000 posts/s, (b)/(c) >= 0.80%n");
        }
        return 0;
    }

    private static JobRunner.Summary runJob(MonitorSettings settings, SourceSettings source, ClassifierSettings classifier,
            ElasticConnection connection, JobSettings job, PrintStream out) throws Exception {
        MonitorJob monitorJob = MonitorJob.fromSettings(new MonitorSettings(source, classifier, settings.elasticsearch(), settings.x(),
                settings.enrich(), settings.incident(), settings.index(), job, settings.alert(), settings.console()), connection);
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
