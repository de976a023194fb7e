package org.nigrani.jobs.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.nigrani.console.ConsoleSettings;
import org.nigrani.jobs.alert.AlertEmail;
import org.nigrani.jobs.alert.AlertPolicy;
import org.nigrani.jobs.alert.AlertSettings;
import org.nigrani.jobs.alert.Recipient;
import org.nigrani.jobs.alert.SmtpSender;
import org.nigrani.evidence.CaptureSettings;
import org.nigrani.evidence.EvidenceSettings;
import org.nigrani.evidence.FetchPolicy;
import org.nigrani.evidence.RetentionPolicy;
import org.nigrani.evidence.S3Settings;
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
        JobSettings job,
        AlertSettings alert,
        ConsoleSettings console,
        EvidenceSettings evidence) {

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
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(console, "console");
    }

    /** The same settings reading another source (benchmarks replay their own input). */
    public MonitorSettings withSource(SourceSettings other) {
        return new MonitorSettings(other, classifier, elasticsearch, x, enrich, incident, index, job, alert, console, evidence);
    }

    public MonitorSettings withClassifier(ClassifierSettings other) {
        return new MonitorSettings(source, other, elasticsearch, x, enrich, incident, index, job, alert, console, evidence);
    }

    public MonitorSettings withJob(JobSettings other) {
        return new MonitorSettings(source, classifier, elasticsearch, x, enrich, incident, index, other, alert, console, evidence);
    }

    public MonitorSettings withAlert(AlertSettings other) {
        return new MonitorSettings(source, classifier, elasticsearch, x, enrich, incident, index, job, other, console, evidence);
    }

    public MonitorSettings withEvidence(EvidenceSettings other) {
        return new MonitorSettings(source, classifier, elasticsearch, x, enrich, incident, index, job, alert, console, other);
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

    private static AlertSettings alertSettings(SettingsReader r) {
        AlertSettings d = AlertSettings.local(AlertSettings.DEFAULT_OUTBOX, "http://localhost:7070");
        AlertPolicy.Settings dp = d.policy();
        String quiet = r.string("alert.quiet-hours", dp.quietFrom() + "-" + dp.quietTo()).trim();
        String[] hours = quiet.split("\\s*-\\s*");
        java.time.LocalTime from;
        java.time.LocalTime to;
        try {
            if (hours.length != 2) {
                throw new java.time.format.DateTimeParseException("", quiet, 0);
            }
            from = java.time.LocalTime.parse(hours[0]);
            to = java.time.LocalTime.parse(hours[1]);
        } catch (java.time.format.DateTimeParseException e) {
            throw r.error("alert.quiet-hours", "must be two times of day such as 22:00-07:00 (equal times: none); was '" + quiet + "'");
        }
        java.time.ZoneId zone;
        String zoneName = r.string("alert.zone", dp.zone().getId());
        try {
            zone = java.time.ZoneId.of(zoneName);
        } catch (java.time.DateTimeException e) {
            throw r.error("alert.zone", "must be a time zone such as Asia/Karachi; was '" + zoneName + "'");
        }
        AlertPolicy.Settings policy = new AlertPolicy.Settings(
                r.integer("alert.threshold", dp.threshold()), from, to, zone,
                r.oneOf("alert.always-band", dp.alwaysBand(), List.of("P1", "P2", "P3", "P4")),
                r.time("alert.digest-at", dp.digestAt()));
        Recipient ia = new Recipient(r.string("alert.internal-affairs.name", d.internalAffairs().name()),
                r.string("alert.internal-affairs.email", d.internalAffairs().email()), null);
        AlertEmail.Settings email = new AlertEmail.Settings(r.string("alert.from", d.email().from()),
                r.string("alert.console-base-url", d.email().consoleBaseUrl()),
                r.oneOf("alert.quote", d.email().quote(), List.of(AlertEmail.QUOTE_OFF, AlertEmail.QUOTE_EXCERPT, AlertEmail.QUOTE_FULL)));
        String host = r.string("alert.smtp.host", null);
        int port = r.integer("alert.smtp.port", 587);
        boolean startTls = r.bool("alert.smtp.starttls", true);
        String userEnv = r.string("alert.smtp.username-env", null);
        String passwordEnv = r.string("alert.smtp.password-env", null);
        java.nio.file.Path ca = r.path("alert.smtp.ca-certificate", null);
        SmtpSender.Settings smtp = host == null || host.isBlank() ? null
                : new SmtpSender.Settings(host.trim(), port, startTls, userEnv, passwordEnv, null, null,
                        ca == null ? null : ca.toString());
        return new AlertSettings(
                r.bool("alert.enabled", true),
                policy,
                ia,
                r.bool("alert.conflict-to-internal-affairs", d.conflictToInternalAffairs()),
                email,
                smtp,
                r.path("alert.outbox", AlertSettings.DEFAULT_OUTBOX).toString(),
                r.string("alert.webhook.url-env", null),
                r.duration("alert.initial-backoff", d.initialBackoff()),
                r.duration("alert.max-backoff", d.maxBackoff()),
                r.integer("alert.max-attempts", d.maxAttempts()),
                r.duration("alert.drain-timeout", d.drainTimeout()));
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
            AlertSettings alert = alertSettings(r);
            ConsoleSettings d = ConsoleSettings.defaults();
            ConsoleSettings console = new ConsoleSettings(
                    r.string("console.host", d.host()),
                    r.integer("console.port", d.port()),
                    r.duration("console.session-idle", d.sessionIdle()),
                    r.integer("console.max-failed-logins", d.maxFailedLogins()),
                    r.duration("console.lockout", d.lockout()),
                    r.bool("console.secure-cookies", d.secureCookies()),
                    enrich.stationsPath());
            EvidenceSettings evidence = evidenceSettings(r);
            r.rejectUnknownKeys();
            return new MonitorSettings(source, classifier, elasticsearch, x, enrich, incident, index, job, alert, console, evidence);
        } catch (IllegalArgumentException e) {
            throw r.invalid(e);
        }
    }

    private static EvidenceSettings evidenceSettings(SettingsReader r) {
        java.nio.file.Path store = r.path("evidence.store", EvidenceSettings.DEFAULT_STORE);
        java.nio.file.Path trust = r.path("evidence.tsa-trust", null);
        CaptureSettings c = CaptureSettings.DEFAULT;
        FetchPolicy f = c.fetch();
        String tsa = r.string("evidence.tsa-url", null);
        FetchPolicy fetch = fetchPolicy(
                r.stringLists("evidence.hosts", f.allowedHosts()),
                r.strings("evidence.content-types", f.allowedContentTypes()),
                r.bytes("evidence.max-bytes", f.maxBytes()),
                r.duration("evidence.connect-timeout", f.connectTimeout()),
                r.duration("evidence.read-timeout", f.readTimeout()),
                r.duration("evidence.deadline", f.deadline()),
                r.integer("evidence.max-redirects", f.maxRedirects()),
                r.integer("evidence.attempts", f.attempts()),
                r.duration("evidence.backoff", f.backoff()));
        CaptureSettings capture = new CaptureSettings(
                r.bool("evidence.capture", c.enabled()),
                tsaUrl(tsa),
                r.duration("evidence.tsa-timeout", c.tsaTimeout()),
                fetch,
                r.integer("evidence.workers", c.workers()),
                r.integer("evidence.queue", c.queue()));
        String storeType = r.oneOf("evidence.store-type", "local", List.of("local", "s3"));
        // Every key is read whatever the type, so that a misspelt one is reported either way.
        String endpoint = r.string("evidence.s3.endpoint", null);
        String region = r.string("evidence.s3.region", S3Settings.DEFAULT_REGION);
        String bucket = r.string("evidence.s3.bucket", null);
        String prefix = r.string("evidence.s3.prefix", S3Settings.DEFAULT_PREFIX);
        String accessKeyEnv = r.string("evidence.s3.access-key-env", S3Settings.DEFAULT_ACCESS_KEY_ENV);
        String secretKeyEnv = r.string("evidence.s3.secret-key-env", S3Settings.DEFAULT_SECRET_KEY_ENV);
        boolean pathStyle = r.bool("evidence.s3.path-style", S3Settings.DEFAULT_PATH_STYLE);
        S3Settings s3 = null;
        if (storeType.equals("s3")) {
            if (endpoint == null || endpoint.isBlank()) {
                throw r.error("evidence.s3.endpoint", "is required when evidence.store-type is s3");
            }
            s3 = new S3Settings(java.net.URI.create(endpoint.strip()), region, bucket, prefix == null ? "" : prefix,
                    accessKeyEnv, secretKeyEnv, pathStyle);
        }
        java.util.Map<String, java.time.Duration> keep = new java.util.LinkedHashMap<>();
        for (String status : RetentionPolicy.STATUSES) {
            keep.put(status, r.duration("evidence.retention." + status, RetentionPolicy.DEFAULT.keepFor(status)));
        }
        return new EvidenceSettings(store.toString(), trust == null ? null : trust.toString(), capture, s3,
                RetentionPolicy.of(keep));
    }

    /** The fetch policy, its complaints put in the words of the configuration keys. */
    private static FetchPolicy fetchPolicy(java.util.Map<String, List<String>> hosts, List<String> types, long maxBytes,
            java.time.Duration connect, java.time.Duration read, java.time.Duration deadline, int redirects, int attempts,
            java.time.Duration backoff) {
        try {
            return new FetchPolicy(hosts, types, maxBytes, connect, read, deadline, redirects, attempts, backoff);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            for (String[] name : new String[][] {{"allowedHosts", "hosts"}, {"allowedContentTypes", "content-types"},
                    {"maxBytes", "max-bytes"}, {"connectTimeout", "connect-timeout"}, {"readTimeout", "read-timeout"},
                    {"deadline", "deadline"}, {"maxRedirects", "max-redirects"}, {"attempts", "attempts"}, {"backoff", "backoff"}}) {
                if (m != null && m.startsWith(name[0] + ":")) {
                    throw new IllegalArgumentException("evidence." + name[1] + m.substring(name[0].length()), e);
                }
            }
            throw e;
        }
    }

    private static java.net.URI tsaUrl(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return new java.net.URI(value.strip());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("evidence.tsa-url '" + value + "' is not a URL: " + e.getReason(), e);
        }
    }
}
