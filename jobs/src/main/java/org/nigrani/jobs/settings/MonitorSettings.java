package org.nigrani.jobs.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.nigrani.jobs.classify.ClassifierSettings;
import org.nigrani.jobs.enrich.EnrichSettings;
import org.nigrani.jobs.incident.IncidentSettings;
import org.nigrani.jobs.index.IndexSettings;

/**
 * Everything {@code config/monitor.yaml} configures, validated as it is read.
 *
 * <p>Every key has a row in README's configuration table; a key that is not known fails the start, because a
 * misspelt key that is silently ignored is a setting the operator believes in but does not have.
 */
public record MonitorSettings(
        SourceSettings source,
        ClassifierSettings classifier,
        ElasticsearchSettings elasticsearch,
        XSettings x,
        EnrichSettings enrich,
        IncidentSettings incident,
        IndexSettings index,
        JobSettings job) {

    public MonitorSettings {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(classifier, "classifier");
        Objects.requireNonNull(elasticsearch, "elasticsearch");
        if (source.fromX()) {
            Objects.requireNonNull(x, "x");
        }
        Objects.requireNonNull(enrich, "enrich");
        Objects.requireNonNull(incident, "incident");
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(job, "job");
    }

    /** Reads and validates a settings file; relative paths in it are taken from {@code workingDir}. */
    public static MonitorSettings load(Path file, Path workingDir) {
        if (!Files.isRegularFile(file)) {
            throw new SettingsException(file + ": configuration file not found");
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new SettingsException(file + ": not valid YAML: " + e.getMessage(), e);
        }
        if (root != null && !root.isObject() && !root.isMissingNode()) {
            throw new SettingsException(file + ": the top level must be a mapping of sections (source, classifier, ...)");
        }
        return read(new SettingsReader(file.toString(), root, workingDir));
    }

    /** The X settings, read (so their keys are known) whatever the source, but built only when X is the source. */
    private static XSettings xSettings(SettingsReader r, boolean used) {
        java.net.URI baseUrl = r.urls("x.base-url").stream().findFirst().orElse(XSettings.DEFAULT_BASE_URL);
        String tokenEnv = r.string("x.bearer-token-env", XSettings.DEFAULT_TOKEN_ENV);
        java.time.Duration poll = r.duration("x.poll-interval", XSettings.DEFAULT_POLL_INTERVAL);
        List<org.nigrani.jobs.source.x.XQuery> queries = r.records("x.queries", List.of("id", "query")).stream()
                .map(q -> new org.nigrani.jobs.source.x.XQuery(q.get("id"), q.get("query"))).toList();
        List<java.time.Duration> reach = r.durations("x.reach-refresh", XSettings.DEFAULT_REACH_REFRESH);
        return used ? new XSettings(baseUrl, tokenEnv, poll, queries, reach) : null;
    }

    static MonitorSettings read(SettingsReader r) {
        try {
            SourceSettings source = new SourceSettings(
                    r.oneOf("source.type", "file", List.of("file", "folder", SourceSettings.X_SEARCH, SourceSettings.X_STREAM)),
                    r.path("source.path", "samples/posts.jsonl"),
                    r.duration("source.watch-interval", SourceSettings.DEFAULT_WATCH_INTERVAL),
                    r.string("source.platform", "x"),
                    r.integer("source.max-text-chars", SourceSettings.DEFAULT_MAX_TEXT_CHARS),
                    (int) Math.min(Integer.MAX_VALUE, r.bytes("source.max-line-bytes", SourceSettings.DEFAULT_MAX_LINE_BYTES)));
            ClassifierSettings classifier = ClassifierSettings.of(
                    r.path("classifier.model-dir", null),
                    r.decimal("classifier.threshold", ClassifierSettings.DEFAULT_THRESHOLD));
            ElasticsearchSettings elasticsearch = new ElasticsearchSettings(
                    r.oneOf("elasticsearch.mode", "embedded", List.of("embedded", "external")),
                    r.urls("elasticsearch.hosts"),
                    r.string("elasticsearch.api-key-env", null),
                    r.string("elasticsearch.username-env", null),
                    r.string("elasticsearch.password-env", null),
                    r.path("elasticsearch.ca-certificate", null),
                    r.integer("elasticsearch.embedded.port", ElasticsearchSettings.DEFAULT_EMBEDDED_PORT),
                    r.string("elasticsearch.embedded.heap", ElasticsearchSettings.DEFAULT_EMBEDDED_HEAP),
                    r.path("elasticsearch.embedded.data-dir", ElasticsearchSettings.DEFAULT_EMBEDDED_DATA_DIR));
            XSettings x = xSettings(r, source.fromX());
            EnrichSettings enrich = EnrichSettings.of(r.path("enrich.stations", EnrichSettings.DEFAULT_STATIONS));
            IncidentSettings incident = new IncidentSettings(
                    r.duration("incident.flush-interval", IncidentSettings.DEFAULT_FLUSH_INTERVAL),
                    r.duration("incident.gap", IncidentSettings.DEFAULT_GAP));
            IndexSettings index = new IndexSettings(
                    r.integer("index.bulk-max-actions", IndexSettings.DEFAULT_MAX_BATCH_ACTIONS),
                    r.bytes("index.bulk-max-bytes", IndexSettings.DEFAULT_MAX_BATCH_BYTES),
                    r.duration("index.flush-interval", IndexSettings.DEFAULT_FLUSH_INTERVAL),
                    r.integer("index.max-in-flight", IndexSettings.DEFAULT_MAX_IN_FLIGHT),
                    r.integer("index.max-buffered", IndexSettings.DEFAULT_MAX_BUFFERED),
                    r.duration("index.initial-backoff", IndexSettings.DEFAULT_INITIAL_BACKOFF),
                    r.duration("index.max-backoff", IndexSettings.DEFAULT_MAX_BACKOFF),
                    r.integer("index.replicas", 0),
                    r.string("index.refresh-interval", "1s"));
            JobSettings job = new JobSettings(
                    r.integer("job.parallelism", JobSettings.DEFAULT_PARALLELISM),
                    r.duration("job.checkpoint-interval", JobSettings.DEFAULT_CHECKPOINT_INTERVAL),
                    r.path("job.checkpoint-dir", JobSettings.DEFAULT_CHECKPOINT_DIR));
            r.rejectUnknownKeys();
            return new MonitorSettings(source, classifier, elasticsearch, x, enrich, incident, index, job);
        } catch (IllegalArgumentException e) {
            throw r.invalid(e);
        }
    }
}
