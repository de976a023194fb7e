package org.nigrani.jobs;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.nigrani.elastic.ElasticConnection;
import org.nigrani.evidence.CaptureSettings;
import org.nigrani.evidence.EvidenceStore;
import org.nigrani.jobs.evidence.CaptureEvidence;
import org.nigrani.jobs.evidence.Capturer;
import org.nigrani.jobs.evidence.EvidenceDocuments;
import org.nigrani.jobs.alert.Alert;
import org.nigrani.jobs.alert.AlertDecider;
import org.nigrani.jobs.alert.AlertSettings;
import org.nigrani.jobs.alert.AlertSink;
import org.nigrani.jobs.alert.DigestCollector;
import org.nigrani.jobs.alert.SmtpSender;
import org.nigrani.jobs.classify.ClassifierSettings;
import org.nigrani.jobs.classify.ClassifyPosts;
import org.nigrani.jobs.enrich.EnrichPosts;
import org.nigrani.jobs.enrich.EnrichSettings;
import org.nigrani.jobs.incident.Incident;
import org.nigrani.jobs.incident.IncidentKeys;
import org.nigrani.jobs.incident.IncidentPost;
import org.nigrani.jobs.incident.IncidentSettings;
import org.nigrani.jobs.incident.IncidentTracker;
import org.nigrani.jobs.incident.LinkedPost;
import org.nigrani.jobs.incident.ReachRefresh;
import org.nigrani.jobs.incident.ReachUpdate;
import org.nigrani.jobs.incident.TextLinker;
import org.nigrani.jobs.index.ReachDocument;
import org.nigrani.jobs.source.x.PostLookup;
import org.nigrani.jobs.index.IncidentDocument;
import org.nigrani.jobs.index.BulkEntry;
import org.nigrani.jobs.index.DeadLetterDocument;
import org.nigrani.jobs.index.ElasticsearchSink;
import org.nigrani.jobs.index.FlaggedPostDocument;
import org.nigrani.jobs.settings.MonitorSettings;
import org.nigrani.jobs.settings.SourceSettings;
import org.nigrani.jobs.source.JsonLinesSource;
import org.nigrani.jobs.source.ParsePosts;
import org.nigrani.jobs.source.RawLine;
import org.nigrani.jobs.source.x.XPostLookup;
import org.nigrani.jobs.source.x.XRecentSearch;
import org.nigrani.jobs.source.x.XSearchSource;
import org.nigrani.jobs.source.x.XStreamSource;
import org.nigrani.jobs.settings.XSettings;
import org.nigrani.nlp.station.StationDirectory;

/**
 * The monitoring pipeline: raw lines → posts → classifier → extraction → incidents → Elasticsearch, with every
 * rejected line dead-lettered; beside it, flagged posts' media and snapshots captured as evidence.
 *
 * <p>The one place that wires the job. It takes its source and sink, so tests and benchmarks swap them;
 * {@link #fromSettings} builds the real ones. {@code main} lets {@code flink run} start it on a cluster.
 */
public final class MonitorJob {

    public static final String JOB_NAME = "nigrani-monitor";

    private final Source<RawLine, ?, ?> source;
    private final Sinks sinks;
    private final SourceSettings sourceSettings;
    private final ClassifierSettings classifierSettings;
    private final EnrichSettings enrichSettings;
    private final IncidentSettings incidentSettings;
    private final ReachRefresh.Settings reachSettings;
    private final PostLookup.Factory lookups;
    private final AlertSettings alertSettings;
    private final Evidence evidence;

    /** What to capture as evidence of flagged posts, and the capturer to do it on each task manager. */
    private record Evidence(CaptureSettings settings, Capturer.Factory capturers) implements java.io.Serializable {}

    /**
     * Where the job's documents go; each a sink of its own, so the post path stays one chain up to the incident
     * tracker and a slow index does not hold up the others.
     *
     * @param flagged flagged posts
     * @param incidents incident documents
     * @param deadLetters rejected lines
     * @param alerts alerts to deliver (run with parallelism 1); null: no alerts are decided
     */
    public record Sinks(Sink<BulkEntry> flagged, Sink<BulkEntry> incidents, Sink<BulkEntry> deadLetters, Sink<Alert> alerts) {
        public Sinks {
            Objects.requireNonNull(flagged, "flagged");
            Objects.requireNonNull(incidents, "incidents");
            Objects.requireNonNull(deadLetters, "deadLetters");
        }

        /** Without alerts. */
        public Sinks(Sink<BulkEntry> flagged, Sink<BulkEntry> incidents, Sink<BulkEntry> deadLetters) {
            this(flagged, incidents, deadLetters, null);
        }
    }

    /** A job whose posts cannot be looked up again (files): no reach refresh. */
    public MonitorJob(Source<RawLine, ?, ?> source, Sinks sinks, SourceSettings sourceSettings,
            ClassifierSettings classifierSettings, EnrichSettings enrichSettings, IncidentSettings incidentSettings) {
        this(source, sinks, sourceSettings, classifierSettings, enrichSettings, incidentSettings, ReachRefresh.Settings.DEFAULT, null);
    }

    /** @param lookups looks flagged posts with video up again on {@code reachSettings}' schedule; null for none */
    public MonitorJob(Source<RawLine, ?, ?> source, Sinks sinks, SourceSettings sourceSettings,
            ClassifierSettings classifierSettings, EnrichSettings enrichSettings, IncidentSettings incidentSettings,
            ReachRefresh.Settings reachSettings, PostLookup.Factory lookups) {
        this(source, sinks, sourceSettings, classifierSettings, enrichSettings, incidentSettings, reachSettings, lookups, null, null);
    }

    private MonitorJob(Source<RawLine, ?, ?> source, Sinks sinks, SourceSettings sourceSettings,
            ClassifierSettings classifierSettings, EnrichSettings enrichSettings, IncidentSettings incidentSettings,
            ReachRefresh.Settings reachSettings, PostLookup.Factory lookups, AlertSettings alertSettings, Evidence evidence) {
        this.alertSettings = alertSettings;
        this.evidence = evidence;
        this.reachSettings = Objects.requireNonNull(reachSettings, "reachSettings");
        this.lookups = lookups;
        this.source = Objects.requireNonNull(source, "source");
        this.sinks = Objects.requireNonNull(sinks, "sinks");
        this.sourceSettings = Objects.requireNonNull(sourceSettings, "sourceSettings");
        this.classifierSettings = Objects.requireNonNull(classifierSettings, "classifierSettings");
        this.enrichSettings = Objects.requireNonNull(enrichSettings, "enrichSettings");
        this.incidentSettings = Objects.requireNonNull(incidentSettings, "incidentSettings");
    }

    /** The same job with other sinks. */
    public MonitorJob withSinks(Sinks other) {
        return new MonitorJob(source, other, sourceSettings, classifierSettings, enrichSettings, incidentSettings,
                reachSettings, lookups, alertSettings, evidence);
    }

    /** The same job reading another source: a benchmark's paced replay of the same lines. */
    public MonitorJob withSource(Source<RawLine, ?, ?> other) {
        return new MonitorJob(other, sinks, sourceSettings, classifierSettings, enrichSettings, incidentSettings,
                reachSettings, lookups, alertSettings, evidence);
    }

    /**
     * The same job deciding alerts under {@code settings} (delivered by {@link Sinks#alerts()}); disabled settings
     * or null: none.
     */
    public MonitorJob withAlerts(AlertSettings settings) {
        return new MonitorJob(source, sinks, sourceSettings, classifierSettings, enrichSettings, incidentSettings,
                reachSettings, lookups, settings != null && settings.enabled() ? settings : null, evidence);
    }

    /**
     * The same job capturing flagged posts' media and snapshots as evidence under {@code settings}, each task manager
     * opening its capturer from {@code capturers}; disabled settings or null: no capture.
     */
    public MonitorJob withEvidence(CaptureSettings settings, Capturer.Factory capturers) {
        return new MonitorJob(source, sinks, sourceSettings, classifierSettings, enrichSettings, incidentSettings,
                reachSettings, lookups, alertSettings,
                settings != null && settings.enabled() ? new Evidence(settings, Objects.requireNonNull(capturers, "capturers")) : null);
    }

    /** The real job: the configured JSON Lines source and the Elasticsearch sink on {@code connection}. */
    public static MonitorJob fromSettings(MonitorSettings settings, ElasticConnection connection) {
        // Read once here so that a broken directory stops the start with its message, not a task later.
        StationDirectory.load(settings.enrich().stationsPath());
        SourceSettings s = settings.source();
        XSettings x = settings.x();
        AlertSettings alerts = settings.alert();
        if (alerts.enabled()) {
            // Built once here so that a missing webhook variable or an unreadable CA file stops the start.
            AlertSink.webhookUrl(alerts);
            if (alerts.smtp() != null) {
                new SmtpSender(alerts.smtp());
            }
        }
        if (settings.evidence().capture().enabled()) {
            // Opened once here so that a missing credential variable or an unwritable folder stops the start.
            try (EvidenceStore store = settings.evidence().openStore()) {
                store.exists("0".repeat(64));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot open the evidence store " + settings.evidence().describeStore(), e);
            }
        }
        return new MonitorJob(
                s.fromX() ? xSource(s, x) : JsonLinesSource.of(s.path(), s.watching() ? s.watchInterval() : null, s.maxLineBytes()),
                new Sinks(new ElasticsearchSink(connection, settings.index()),
                        new ElasticsearchSink(connection, settings.index().inOrder()),
                        new ElasticsearchSink(connection, settings.index()),
                        alerts.enabled() ? new AlertSink(connection, alerts, settings.enrich().stations()) : null),
                s,
                settings.classifier(),
                settings.enrich(),
                settings.incident(),
                s.fromX() ? new ReachRefresh.Settings(x.reachRefresh(), ReachRefresh.Settings.DEFAULT.tick()) : ReachRefresh.Settings.DEFAULT,
                // Only X posts can be looked up again; a file's posts keep the reach they were read with.
                s.fromX() ? new XPostLookup.Factory(x.baseUrl(), x.bearerTokenEnv()) : null)
                .withAlerts(alerts)
                .withEvidence(settings.evidence().capture(), Capturer.Factory.of(settings.evidence()));
    }

    /**
     * X recent search polled for ever, or the filtered stream backfilled by recent search; the bearer token's
     * variable is checked here, so a missing one stops the start.
     */
    private static Source<RawLine, ?, ?> xSource(SourceSettings s, XSettings x) {
        String token = System.getenv(x.bearerTokenEnv());
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("source.type x-search needs the X bearer token in the environment variable "
                    + x.bearerTokenEnv() + " (x.bearer-token-env), which is not set");
        }
        if (SourceSettings.X_STREAM.equals(s.type())) {
            return XStreamSource.continuous(x.baseUrl(), x.bearerTokenEnv(), x.queries());
        }
        return XSearchSource.continuous(new XRecentSearch.Factory(x.baseUrl(), x.bearerTokenEnv()), x.queries(), x.pollInterval());
    }

    /** Adds the pipeline to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        // Records are immutable, so chained operators may pass them on without a defensive copy.
        env.getConfig().enableObjectReuse();
        DataStream<RawLine> lines = env.fromSource(source,
                        // Stamped with the time it was read: where an alert's end-to-end latency starts.
                        WatermarkStrategy.<RawLine>noWatermarks().withTimestampAssigner((line, previous) -> System.currentTimeMillis()),
                        "Read posts")
                .uid("source-posts");
        SingleOutputStreamOperator<Post> posts = lines
                .process(new ParsePosts(sourceSettings.platform(), sourceSettings.maxTextChars()))
                .uid("parse-posts").name("Parse posts");
        SingleOutputStreamOperator<LinkedPost> linked = posts
                .flatMap(new ClassifyPosts(classifierSettings)).uid("classify-posts").name("Classify posts")
                .map(new EnrichPosts(enrichSettings)).uid("enrich-posts").name("Extract stations and entities")
                .process(new TextLinker(incidentSettings)).setParallelism(1).setMaxParallelism(1)
                .uid("link-copies").name("Link copies of one text");
        DataStream<ReachUpdate> reach = linked.keyBy(new ReachRefresh.OneSchedule())
                .process(new ReachRefresh(reachSettings, lookups)).uid("reach-refresh").name("Refresh reach of flagged videos");
        SingleOutputStreamOperator<IncidentPost> tracked = linked.keyBy(new IncidentKeys())
                .connect(reach.keyBy(new IncidentKeys.OfReach()))
                .process(new IncidentTracker(incidentSettings)).uid("track-incidents").name("Track incidents");
        DataStream<BulkEntry> reachDocuments = tracked.getSideOutput(IncidentTracker.REACH)
                .map(new ReachDocument()).returns(TypeInformation.of(BulkEntry.class))
                .uid("reach-documents").name("Reach updates of flagged posts");
        DataStream<BulkEntry> postDocuments = tracked.map(new FlaggedPostDocument()).returns(TypeInformation.of(BulkEntry.class))
                .uid("flagged-post-documents").name("Flagged post documents")
                .union(reachDocuments);
        if (evidence != null) {
            CaptureSettings capture = evidence.settings();
            DataStream<BulkEntry> evidenceDocuments = AsyncDataStream.unorderedWait(tracked,
                            new CaptureEvidence(capture, evidence.capturers()),
                            CaptureEvidence.timeout(capture).toMillis(), TimeUnit.MILLISECONDS,
                            CaptureEvidence.capacity(capture))
                    .uid("capture-evidence").name("Capture evidence")
                    .flatMap(new EvidenceDocuments()).returns(TypeInformation.of(BulkEntry.class))
                    .uid("evidence-documents").name("Evidence and custody documents");
            postDocuments = postDocuments.union(evidenceDocuments);
        }
        postDocuments.sinkTo(sinks.flagged()).uid("elasticsearch-sink").name("Index flagged posts");
        DataStream<Incident> incidents = tracked.getSideOutput(IncidentTracker.INCIDENTS);
        incidents
                .map(new IncidentDocument()).returns(TypeInformation.of(BulkEntry.class))
                .uid("incident-documents").name("Incident documents")
                .sinkTo(sinks.incidents()).uid("incident-sink").name("Index incidents");
        if (alertSettings != null && sinks.alerts() != null) {
            SingleOutputStreamOperator<Alert> alerts = incidents.keyBy(new AlertDecider.ByIncident())
                    .process(new AlertDecider(alertSettings, enrichSettings.stations(), incidentSettings.gap().multipliedBy(2)))
                    .uid("decide-alerts").name("Decide alerts");
            DataStream<Alert> digests = alerts.getSideOutput(AlertDecider.DIGESTS)
                    .keyBy(new AlertDecider.ByRecipient())
                    .process(new DigestCollector(alertSettings.policy())).uid("collect-digests").name("Collect daily digests");
            // One writer: at start it takes over every pending alert in the outbox, which two writers would both send.
            alerts.union(digests).sinkTo(sinks.alerts()).setParallelism(1).setMaxParallelism(1)
                    .uid("alert-sink").name("Deliver alerts");
        }
        posts.getSideOutput(ParsePosts.DEAD_LETTERS)
                .map(new DeadLetterDocument()).returns(TypeInformation.of(BulkEntry.class))
                .uid("dead-letter-documents").name("Dead-letter documents")
                .sinkTo(sinks.deadLetters()).uid("dead-letter-sink").name("Index dead letters");
    }

    public JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.execute(JOB_NAME);
    }

    public JobClient executeAsync(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.executeAsync(JOB_NAME);
    }

    /** Entry point for {@code flink run}: {@code --config config/monitor.yaml}; needs an external Elasticsearch. */
    public static void main(String[] args) throws Exception {
        Path config = Path.of(args.length == 2 && "--config".equals(args[0]) ? args[1] : "config/monitor.yaml");
        MonitorSettings settings = MonitorSettings.load(config, Path.of("").toAbsolutePath());
        if (settings.elasticsearch().embedded()) {
            throw new IllegalArgumentException(config + ": on a Flink cluster set elasticsearch.mode: external and "
                    + "elasticsearch.hosts; the embedded Elasticsearch is for local runs");
        }
        ElasticConnection connection = settings.elasticsearch().externalConnection();
        Environments.installSchema(connection, settings.index());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Environments.configure(env, settings.job());
        fromSettings(settings, connection).execute(env);
    }
}
