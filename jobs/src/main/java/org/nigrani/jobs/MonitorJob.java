package org.nigrani.jobs;

import java.nio.file.Path;
import java.util.Objects;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.nigrani.elastic.ElasticConnection;
import org.nigrani.jobs.classify.ClassifierSettings;
import org.nigrani.jobs.classify.ClassifyPosts;
import org.nigrani.jobs.index.BulkEntry;
import org.nigrani.jobs.index.DeadLetterDocument;
import org.nigrani.jobs.index.ElasticsearchSink;
import org.nigrani.jobs.index.FlaggedPostDocument;
import org.nigrani.jobs.settings.MonitorSettings;
import org.nigrani.jobs.settings.SourceSettings;
import org.nigrani.jobs.source.JsonLinesSource;
import org.nigrani.jobs.source.ParsePosts;
import org.nigrani.jobs.source.RawLine;

/**
 * The monitoring pipeline: raw lines → posts → classifier → Elasticsearch, with every rejected line dead-lettered.
 *
 * <p>The one place that wires the job. It takes its source and sink, so tests and benchmarks swap them;
 * {@link #fromSettings} builds the real ones. {@code main} lets {@code flink run} start it on a cluster.
 */
public final class MonitorJob {

    public static final String JOB_NAME = "nigrani-monitor";

    private final Source<RawLine, ?, ?> source;
    private final Sink<BulkEntry> flaggedSink;
    private final Sink<BulkEntry> deadLetterSink;
    private final SourceSettings sourceSettings;
    private final ClassifierSettings classifierSettings;

    /**
     * @param flaggedSink where flagged posts go
     * @param deadLetterSink where rejected lines go; a sink of its own rather than a union with the flagged posts,
     *     so the main path stays one chain from source to sink, with no serialisation between operators
     */
    public MonitorJob(Source<RawLine, ?, ?> source, Sink<BulkEntry> flaggedSink, Sink<BulkEntry> deadLetterSink,
            SourceSettings sourceSettings, ClassifierSettings classifierSettings) {
        this.source = Objects.requireNonNull(source, "source");
        this.flaggedSink = Objects.requireNonNull(flaggedSink, "flaggedSink");
        this.deadLetterSink = Objects.requireNonNull(deadLetterSink, "deadLetterSink");
        this.sourceSettings = Objects.requireNonNull(sourceSettings, "sourceSettings");
        this.classifierSettings = Objects.requireNonNull(classifierSettings, "classifierSettings");
    }

    /** The real job: the configured JSON Lines source and the Elasticsearch sink on {@code connection}. */
    public static MonitorJob fromSettings(MonitorSettings settings, ElasticConnection connection) {
        SourceSettings s = settings.source();
        return new MonitorJob(
                JsonLinesSource.of(s.path(), s.watching() ? s.watchInterval() : null, s.maxLineBytes()),
                new ElasticsearchSink(connection, settings.index()),
                new ElasticsearchSink(connection, settings.index()),
                s,
                settings.classifier());
    }

    /** Adds the pipeline to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        // Records are immutable, so chained operators may pass them on without a defensive copy.
        env.getConfig().enableObjectReuse();
        DataStream<RawLine> lines = env.fromSource(source, WatermarkStrategy.noWatermarks(), "Read posts")
                .uid("source-posts");
        SingleOutputStreamOperator<Post> posts = lines
                .process(new ParsePosts(sourceSettings.platform(), sourceSettings.maxTextChars()))
                .uid("parse-posts").name("Parse posts");
        posts.flatMap(new ClassifyPosts(classifierSettings)).uid("classify-posts").name("Classify posts")
                .map(new FlaggedPostDocument()).returns(TypeInformation.of(BulkEntry.class))
                .uid("flagged-post-documents").name("Flagged post documents")
                .sinkTo(flaggedSink).uid("elasticsearch-sink").name("Index flagged posts");
        posts.getSideOutput(ParsePosts.DEAD_LETTERS)
                .map(new DeadLetterDocument()).returns(TypeInformation.of(BulkEntry.class))
                .uid("dead-letter-documents").name("Dead-letter documents")
                .sinkTo(deadLetterSink).uid("dead-letter-sink").name("Index dead letters");
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
