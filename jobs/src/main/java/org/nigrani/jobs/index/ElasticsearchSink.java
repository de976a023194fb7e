package org.nigrani.jobs.index;

import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.connector.base.sink.writer.strategy.AIMDScalingStrategy;
import org.apache.flink.connector.base.sink.writer.strategy.CongestionControlRateLimitingStrategy;
import org.apache.flink.connector.base.sink.writer.strategy.RateLimitingStrategy;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.nigrani.elastic.ElasticConnection;

/**
 * A Flink Sink V2 that bulk-indexes documents into Elasticsearch, at least once.
 *
 * <p>Buffered documents are flushed on every checkpoint, and a checkpoint completes only when Elasticsearch has
 * acknowledged them; since every document carries a stable id, at-least-once delivery has an exactly-once effect.
 * Only the settings travel with the job graph: each writer builds and closes its own client.
 */
public final class ElasticsearchSink extends AsyncSinkBase<BulkEntry, BulkEntry> {

    private final ElasticConnection connection;
    private final IndexSettings settings;

    public ElasticsearchSink(ElasticConnection connection, IndexSettings settings) {
        super((ElementConverter<BulkEntry, BulkEntry>) (entry, context) -> entry,
                settings.maxBatchActions(),
                settings.maxInFlight(),
                settings.maxBuffered(),
                settings.maxBatchBytes(),
                settings.flushInterval().toMillis(),
                settings.maxBatchBytes(),
                // Past this a request is abandoned and retried: longer than the client's own socket timeout.
                connection.socketTimeout().plusSeconds(30).toMillis(),
                false);
        this.connection = connection;
        this.settings = settings;
    }

    @Override
    public StatefulSinkWriter<BulkEntry, BufferedRequestState<BulkEntry>> createWriter(WriterInitContext context) {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<BulkEntry, BufferedRequestState<BulkEntry>> restoreWriter(
            WriterInitContext context, Collection<BufferedRequestState<BulkEntry>> recoveredState) {
        AsyncSinkWriterConfiguration configuration = AsyncSinkWriterConfiguration.builder()
                .setMaxBatchSize(getMaxBatchSize())
                .setMaxBatchSizeInBytes(getMaxBatchSizeInBytes())
                .setMaxInFlightRequests(getMaxInFlightRequests())
                .setMaxBufferedRequests(getMaxBufferedRequests())
                .setMaxTimeInBufferMS(getMaxTimeInBufferMS())
                .setMaxRecordSizeInBytes(getMaxRecordSizeInBytes())
                .setRequestTimeoutMS(getRequestTimeoutMS())
                .setFailOnTimeout(getFailOnTimeout())
                .setRateLimitingStrategy(rateLimiting())
                .build();
        return new ElasticsearchSinkWriter(getElementConverter(), context, configuration, connection, settings, recoveredState);
    }

    /**
     * Flink's default starts with one batch in flight and adds ten documents per acknowledged request, which keeps
     * a 1,000-document sink at one request in flight for its first hundred thousand documents. Start at the
     * configured concurrency instead, and keep the halving on failure that backs off an overloaded cluster.
     */
    private RateLimitingStrategy rateLimiting() {
        int full = getMaxBatchSize() * getMaxInFlightRequests();
        return CongestionControlRateLimitingStrategy.builder()
                .setMaxInFlightRequests(getMaxInFlightRequests())
                .setInitialMaxInFlightMessages(full)
                .setScalingStrategy(AIMDScalingStrategy.builder(full).setIncreaseRate(getMaxBatchSize()).build())
                .build();
    }

    @Override
    public SimpleVersionedSerializer<BufferedRequestState<BulkEntry>> getWriterStateSerializer() {
        return new BulkEntrySerializer();
    }
}
