package org.nigrani.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.elasticsearch.client.RestClient;
import org.nigrani.console.ConsoleApp;
import org.nigrani.console.store.Es;
import org.nigrani.elastic.schema.Indices;
import org.nigrani.jobs.MonitorJob;
import org.nigrani.jobs.settings.MonitorSettings;
import org.nigrani.nlp.classify.Evaluation;
import org.nigrani.nlp.classify.Labels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/monitor run}: runs the job as configured, in a local MiniCluster. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the monitoring job as configured, in a local Flink MiniCluster.")
class RunCommand implements Callable<Integer> {

    @Option(names = "--config", defaultValue = "config/monitor.yaml", description = "Settings file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Override
    public Integer call() throws Exception {
        run(config, System.out, false, false);
        return 0;
    }

    /**
     * Runs the job and prints its summary; with {@code fresh}, first deletes what an earlier run indexed; with
     * {@code keepUp}, waits for Ctrl-C before stopping Elasticsearch.
     */
    static void run(Path config, PrintStream out, boolean fresh, boolean keepUp) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        MonitorSettings settings = MonitorSettings.load(config, root);
        try (LocalStack stack = LocalStack.open(settings, root, out)) {
            if (fresh) {
                stack.clearIndices();
                clearOutbox(settings);
            }
            long lines = settings.source().watching() ? -1 : JobRunner.countLines(settings.source().path());
            String reading = settings.source().fromX()
                    ? (settings.source().type().equals("x-stream")
                            ? "X filtered stream at " + settings.x().baseUrl() + " (" + settings.x().queries().size()
                                    + " rules, gaps backfilled by recent search; Ctrl-C to stop)"
                            : "X recent search at " + settings.x().baseUrl() + " (" + settings.x().queries().size()
                                    + " queries every " + settings.x().pollInterval().toSeconds() + " s; Ctrl-C to stop)")
                    : root.relativize(settings.source().path())
                            + (settings.source().watching() ? " (watching for new files; Ctrl-C to stop)" : "");
            out.printf("Reading %s with the classifier at threshold %.2f ...%n", reading, settings.classifier().threshold());
            JobRunner.Summary s = JobRunner.run(MonitorJob.fromSettings(settings, stack.connection()), settings.job(), lines, out);
            long flaggedDocs = stack.count(Indices.FLAGGED_POSTS);
            long deadDocs = stack.count(Indices.DEAD_LETTER);
            long incidentDocs = stack.count(Indices.INCIDENTS);
            printSummary(out, s, stack.url(), flaggedDocs, incidentDocs, deadDocs);
            printIncidents(out, stack.topIncidents(5));
            printAlerts(out, settings, root, stack.alerts(10_000));
            printEvidence(out, settings, root, stack.evidenceItems());
            Path labels = settings.source().path().resolveSibling("labels.jsonl");
            if (!settings.source().watching() && Files.isRegularFile(labels)) {
                printAgreement(out, root.relativize(labels), stack.flaggedPostIds());
            }
            printQueries(out, stack.url());
            if (keepUp) {
                try (RestClient client = stack.connection().openRestClient();
                        ConsoleApp console = startConsole(settings, client, out)) {
                    if (console == null) {
                        out.printf("%nElasticsearch stays up at %s for your queries. Press Ctrl-C to stop it.%n", stack.url());
                    } else {
                        out.printf("%nElasticsearch stays up at %s for your queries, and the console at %s. "
                                + "Press Ctrl-C to stop both.%n", stack.url(), console.url());
                    }
                    Thread.currentThread().join();
                }
            }
        }
    }

    /**
     * The console for the demo, with its account ({@link DemoAccount}) and the lines that say how to sign in; null,
     * with the reason printed, when it cannot start (its port taken, say): Elasticsearch stays up regardless.
     */
    static ConsoleApp startConsole(MonitorSettings settings, RestClient client, PrintStream out) {
        DemoAccount.Credentials demo = DemoAccount.ensure(new Es(client));
        ConsoleApp console;
        try {
            console = ConsoleCommand.start(settings, client);
        } catch (RuntimeException e) {
            out.printf("%nThe console could not start on %s:%d (%s); choose another console.port in the settings.%n",
                    settings.console().host(), settings.console().port(), MonitorCommand.messageOf(e));
            return null;
        }
        out.println();
        out.printf("Console: %s%n", console.url());
        out.printf("  sign in as %s with password %s (a %s; the password is new each demo run)%n", demo.username(),
                demo.password(), demo.role().key());
        out.println("  more accounts: bin/monitor user add NAME --role investigator|supervisor|admin");
        return console;
    }

    /** How the flagged posts compare with an answer key beside the input ({@code {"id":..,"label":..}} per line). */
    static void printAgreement(PrintStream out, Path labels, Set<String> flagged) throws IOException {
        ObjectMapper json = new ObjectMapper();
        int tp = 0;
        int fp = 0;
        int fn = 0;
        int tn = 0;
        Set<String> labelled = new HashSet<>();
        for (String line : Files.readAllLines(labels, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = json.readTree(line);
            String id = n.path("id").asText();
            labelled.add(id);
            boolean positive = Labels.POLICE_MISCONDUCT.equals(n.path("label").asText());
            boolean predicted = flagged.contains(id);
            tp += positive && predicted ? 1 : 0;
            fp += !positive && predicted ? 1 : 0;
            fn += positive && !predicted ? 1 : 0;
            tn += !positive && !predicted ? 1 : 0;
        }
        Evaluation.Counts counts = new Evaluation.Counts(tp, fp, fn, tn);
        out.printf("Against %s (%,d labelled posts): precision %.2f, recall %.2f, F1 %.2f for police_misconduct%n",
                labels, labelled.size(), counts.precision(), counts.recall(), counts.f1());
    }

    static void printSummary(PrintStream out, JobRunner.Summary s, String url, long flaggedDocs, long incidentDocs, long deadDocs) {
        out.println();
        out.println("Summary");
        out.printf("  posts read      %,10d%n", s.read());
        out.printf("  flagged         %,10d%n", s.flagged());
        out.printf("  dead-lettered   %,10d%n", s.deadLettered());
        out.printf("  indexed         %,10d   (documents Elasticsearch acknowledged: flagged posts, incident updates, dead letters, evidence records)%n", s.indexed());
        out.printf("  time taken      %10.1f s (%,.0f posts/s)%n", s.took().toMillis() / 1000.0, s.postsPerSecond());
        out.printf("In Elasticsearch: %s has %,d documents, %s has %,d, %s has %,d.%n", Indices.FLAGGED_POSTS, flaggedDocs,
                Indices.INCIDENTS, incidentDocs, Indices.DEAD_LETTER, deadDocs);
    }

    /** The most urgent incidents; only what the job derived (station, category, counts), never post text. */
    static void printIncidents(PrintStream out, List<JsonNode> incidents) {
        if (incidents.isEmpty()) {
            return;
        }
        out.println();
        out.println("Most urgent incidents (priority, band, posts, kind, station, category):");
        for (JsonNode n : incidents) {
            JsonNode station = n.path("stations").path(0);
            out.printf("  %3d %s %,6d  %-7s %-32s %s%n", n.at("/priority/score").asInt(), n.at("/priority/band").asText(),
                    n.at("/incident/post_count").asLong(), n.at("/incident/kind").asText(),
                    station.isMissingNode() ? "(no station named)" : station.path("name").asText() + ", " + station.path("city").asText(),
                    n.path("category").asText());
        }
    }

    /** Deletes the {@code .eml} files an earlier demo left in the outbox folder (with its alerts index cleared). */
    private static void clearOutbox(MonitorSettings settings) throws IOException {
        if (!settings.alert().enabled() || settings.alert().smtp() != null) {
            return;
        }
        Path outbox = Path.of(settings.alert().outboxDir());
        if (Files.isDirectory(outbox)) {
            try (var files = Files.list(outbox)) {
                for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".eml")).toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    /** What the alert outbox holds: counts by status and kind, the latency of the alerts sent at once, a few subjects. */
    static void printAlerts(PrintStream out, MonitorSettings settings, Path root, List<JsonNode> alerts) {
        if (!settings.alert().enabled()) {
            return;
        }
        java.util.Map<String, Integer> byStatus = new java.util.TreeMap<>();
        java.util.Map<String, Integer> byKind = new java.util.TreeMap<>();
        List<Long> latencies = new java.util.ArrayList<>();
        for (JsonNode a : alerts) {
            byStatus.merge(a.at("/alert/status").asText(), 1, Integer::sum);
            byKind.merge(a.at("/alert/kind").asText(), 1, Integer::sum);
            if (!a.at("/alert/held").asBoolean() && a.at("/alert/latency_ms").isNumber()) {
                latencies.add(a.at("/alert/latency_ms").asLong());
            }
        }
        out.println();
        String where = settings.alert().smtp() != null
                ? "SMTP " + settings.alert().smtp().host() + ":" + settings.alert().smtp().port()
                : root.relativize(Path.of(settings.alert().outboxDir()).toAbsolutePath()) + "/ (one .eml file each)";
        out.printf("Alerts: %,d to %s; by status %s, by kind %s%n", alerts.size(), where, byStatus, byKind);
        if (!latencies.isEmpty()) {
            java.util.Collections.sort(latencies);
            out.printf("  from a post's arrival to its alert: p50 %.1f s, p95 %.1f s, max %.1f s (%,d alerts sent at once)%n",
                    percentile(latencies, 0.50) / 1000.0, percentile(latencies, 0.95) / 1000.0,
                    latencies.get(latencies.size() - 1) / 1000.0, latencies.size());
        }
        alerts.stream().filter(a -> !"digest".equals(a.at("/alert/kind").asText())).limit(5).forEach(a ->
                out.printf("  %-10s %-44s %s%n", a.at("/alert/kind").asText(), a.at("/recipients/0/name").asText(),
                        a.at("/alert/subject").asText()));
        if (settings.alert().smtp() == null && !alerts.isEmpty()) {
            out.printf("  open one in a mail client (Thunderbird: File > Open > Saved Message), or read it: less %s/*.eml%n",
                    root.relativize(Path.of(settings.alert().outboxDir()).toAbsolutePath()));
        }
    }

    /** What evidence capture kept and what it could not, by kind, status and the reason's code. */
    static void printEvidence(PrintStream out, MonitorSettings settings, Path root, List<JsonNode> items) {
        if (!settings.evidence().capture().enabled()) {
            return;
        }
        java.util.Map<String, Integer> kept = new java.util.TreeMap<>();
        java.util.Map<String, Integer> notKept = new java.util.TreeMap<>();
        java.util.Set<String> hashes = new java.util.HashSet<>();
        int stamped = 0;
        for (JsonNode item : items) {
            if ("captured".equals(item.path("status").asText())) {
                kept.merge(item.path("kind").asText(), 1, Integer::sum);
                hashes.add(item.path("sha256").asText());
                stamped += "granted".equals(item.at("/timestamp/status").asText()) ? 1 : 0;
            } else {
                String reason = item.path("reason").asText();
                int space = reason.indexOf(':');
                notKept.merge(item.path("status").asText() + " (" + (space > 0 ? reason.substring(0, space) : reason) + ")", 1,
                        Integer::sum);
            }
        }
        out.println();
        out.printf("Evidence: %,d items kept as %,d distinct files in %s/, by kind %s; %,d with a timestamp token%s%n",
                kept.values().stream().mapToInt(Integer::intValue).sum(), hashes.size(),
                root.relativize(Path.of(settings.evidence().store()).toAbsolutePath()), kept, stamped,
                settings.evidence().capture().tsa() == null ? " (no evidence.tsa-url set)" : "");
        if (!notKept.isEmpty()) {
            out.printf("  not kept: %s%n", notKept);
        }
        hashes.stream().sorted().findFirst().ifPresent(h -> out.printf("  check one: bin/monitor evidence verify %s%n", h));
    }

    static long percentile(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    static void printQueries(PrintStream out, String url) {
        out.println();
        out.println("Try: the flagged posts about the SITE Super Highway video, most confident first:");
        out.printf("  curl -s -H 'Content-Type: application/json' '%s/%s/_search?pretty' -d '{\"query\":{\"match\":{\"message\":"
                + "\"super highway police video\"}},\"sort\":[{\"nigrani.classifier.score\":\"desc\"}],\"_source\":"
                + "[\"message\",\"nigrani.classifier\"],\"size\":5}'%n", url, Indices.FLAGGED_POSTS);
        out.println("the incidents, most urgent first, with the components of their priority:");
        out.printf("  curl -s -H 'Content-Type: application/json' '%s/%s/_search?pretty' -d '{\"sort\":[{\"nigrani.priority.score\":\"desc\"}],"
                + "\"_source\":[\"nigrani.incident\",\"nigrani.stations\",\"nigrani.category\",\"nigrani.priority\"],\"size\":3}'%n",
                url, Indices.INCIDENTS);
        out.println("and why lines were dead-lettered:");
        out.printf("  curl -s -H 'Content-Type: application/json' '%s/%s/_search?pretty' -d '{\"size\":0,\"aggs\":{\"reasons\":"
                + "{\"terms\":{\"field\":\"error.type\"}}}}'%n", url, Indices.DEAD_LETTER);
    }
}
