package org.nigrani.jobs.index;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.metrics.Counter;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.ResponseListener;
import org.elasticsearch.client.RestClient;
import org.nigrani.elastic.ElasticConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends buffered documents as bulk requests and sorts every failure three ways.
 *
 * <ul>
 *   <li>Retriable (connection errors, 429, 5xx, for the whole request or single items): retried after an
 *       exponential back-off with jitter, for as long as it takes; checkpoints wait for them, so nothing is lost.
 *   <li>Permanent for one item (a 4xx such as a mapping error): the item becomes a dead letter, the rest goes on.
 *   <li>Fatal (the whole request refused with 4xx: bad credentials, a missing privilege): the job fails with the
 *       status and Elasticsearch's message, since retrying cannot help.
 * </ul>
 * Each bulk body is one NDJSON byte array sent through the low-level client, which avoids the typed client's
 * many small writes (elastic/elasticsearch-java#1339).
 */
final class ElasticsearchSinkWriter extends AsyncSinkWriter<BulkEntry, BulkEntry> {

    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchSinkWriter.class);
    private static final ContentType NDJSON = ContentType.create("application/x-ndjson");
    private static final byte[] NEWLINE = {'\n'};

    private final ElasticConnection connection;
    private final IndexSettings settings;
    private final RestClient client;
    private final ScheduledExecutorService retries;
    private final Counter indexed;
    private final Counter retried;
    private final Counter deadLettered;
    private final Counter dropped;
    private volatile int consecutiveFailures;
    /** Updates whose document was missing, by identity (retried entries come back as the same objects), and tries. */
    private final java.util.Map<BulkEntry, Integer> missingDocumentTries =
            java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());
    static final int MISSING_DOCUMENT_ATTEMPTS = 30;
    static final long MISSING_DOCUMENT_DELAY_MS = 1000;

    ElasticsearchSinkWriter(
            ElementConverter<BulkEntry, BulkEntry> converter,
            WriterInitContext context,
            AsyncSinkWriterConfiguration configuration,
            ElasticConnection connection,
            IndexSettings settings,
            Collection<BufferedRequestState<BulkEntry>> restored) {
        super(converter, context, configuration, restored);
        this.connection = connection;
        this.settings = settings;
        this.client = connection.openRestClient();
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nigrani-es-retry");
            t.setDaemon(true);
            return t;
        });
        this.indexed = context.metricGroup().counter("nigraniDocsIndexed");
        this.retried = context.metricGroup().counter("nigraniIndexRetries");
        this.deadLettered = context.metricGroup().counter("nigraniIndexDeadLettered");
        this.dropped = context.metricGroup().counter("nigraniIndexDropped");
    }

    @Override
    protected void submitRequestEntries(List<BulkEntry> entries, ResultHandler<BulkEntry> handler) {
        Request request = new Request("POST", "/_bulk");
        request.setEntity(new ByteArrayEntity(ndjson(entries), NDJSON));
        client.performRequestAsync(request, new ResponseListener() {
            @Override
            public void onSuccess(Response response) {
                try {
                    handleResponse(entries, BulkResult.parse(response.getEntity().getContent()), handler);
                } catch (IOException | RuntimeException e) {
                    retryLater(entries, handler, "unreadable bulk response: " + e.getMessage());
                }
            }

            @Override
            public void onFailure(Exception e) {
                handleFailure(entries, e, handler);
            }
        });
    }

    private void handleResponse(List<BulkEntry> entries, BulkResult result, ResultHandler<BulkEntry> handler) {
        if (!result.errors()) {
            consecutiveFailures = 0;
            indexed.inc(entries.size());
            handler.complete();
            return;
        }
        if (result.items().size() != entries.size()) {
            retryLater(entries, handler, "bulk response has " + result.items().size() + " items for " + entries.size() + " documents");
            return;
        }
        List<BulkEntry> again = new ArrayList<>();
        List<BulkEntry> waiting = new ArrayList<>();
        boolean wait = false;
        for (int i = 0; i < entries.size(); i++) {
            BulkEntry entry = entries.get(i);
            BulkResult.Item item = result.items().get(i);
            if (item.ok() || entry.op() == BulkEntry.Op.CREATE && item.status() == 409) {
                // A create that finds its document there is a replay of an append-only write: done already.
                indexed.inc();
                if (!missingDocumentTries.isEmpty()) {
                    missingDocumentTries.remove(entry);
                }
            } else if (item.retriable()) {
                again.add(entry);
                wait = true;
            } else if (waitsForDocument(entry, item)) {
                waiting.add(entry);
            } else if (entry.deadLetter()) {
                // A dead letter that cannot be written either: say so loudly rather than loop on it.
                dropped.inc();
                LOG.error("Elasticsearch refused dead letter {} for {} at offset {}: status {} {}: {}", entry.id(),
                        entry.sourcePath(), entry.sourceOffset(), item.status(), item.errorType(), item.errorReason());
            } else {
                deadLettered.inc();
                LOG.warn("Elasticsearch refused post {} ({} at offset {}): status {} {}; sent to the dead-letter index",
                        entry.postId(), entry.sourcePath(), entry.sourceOffset(), item.status(), item.errorType());
                again.add(DeadLetterDocument.refused(entry, item));
            }
        }
        if (again.isEmpty() && waiting.isEmpty()) {
            consecutiveFailures = 0;
            handler.complete();
        } else if (wait) {
            again.addAll(waiting);
            retryLater(again, handler, "some items were rejected for load or unavailable shards");
        } else if (!waiting.isEmpty()) {
            // Not a failure of Elasticsearch: the document is on its way in another request. Wait a little.
            again.addAll(waiting);
            retries.schedule(() -> handler.retryForEntries(again), MISSING_DOCUMENT_DELAY_MS, TimeUnit.MILLISECONDS);
        } else {
            handler.retryForEntries(again);
        }
    }

    /**
     * Whether an update that found no document should be tried again: it never creates one, and the document it
     * changes is written by another path of the job (a flagged post's evidence, its reach), possibly in a bulk
     * request still under way. After {@link #MISSING_DOCUMENT_ATTEMPTS} tries it is dead-lettered with the reason.
     */
    private boolean waitsForDocument(BulkEntry entry, BulkResult.Item item) {
        if (entry.op() != BulkEntry.Op.UPDATE || entry.upsert().length > 0 || item.status() != 404
                || !"document_missing_exception".equals(item.errorType())) {
            return false;
        }
        int tries = missingDocumentTries.merge(entry, 1, Integer::sum);
        if (tries < MISSING_DOCUMENT_ATTEMPTS) {
            return true;
        }
        missingDocumentTries.remove(entry);
        return false;
    }

    private void handleFailure(List<BulkEntry> entries, Exception e, ResultHandler<BulkEntry> handler) {
        if (e instanceof ResponseException re) {
            int status = re.getResponse().getStatusLine().getStatusCode();
            if (status != 429 && status < 500) {
                handler.completeExceptionally(new IllegalStateException("Elasticsearch refused a bulk request with status "
                        + status + " (" + connection.describe() + "); this will not get better by retrying: "
                        + firstLine(re.getMessage()), re));
                return;
            }
        }
        retryLater(entries, handler, e.getClass().getSimpleName() + ": " + firstLine(String.valueOf(e.getMessage())));
    }

    private void retryLater(List<BulkEntry> entries, ResultHandler<BulkEntry> handler, String why) {
        int failures = ++consecutiveFailures;
        long base = settings.initialBackoff().toMillis() << Math.min(failures - 1, 20);
        long delay = Math.min(settings.maxBackoff().toMillis(), base);
        delay = delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
        retried.inc(entries.size());
        if (failures == 1 || failures % 10 == 0) {
            LOG.warn("Elasticsearch bulk request failed ({} in a row), retrying {} documents in {} ms: {}",
                    failures, entries.size(), delay, why);
        }
        retries.schedule(() -> handler.retryForEntries(entries), delay, TimeUnit.MILLISECONDS);
    }

    /** The action line's start for each {@link BulkEntry.Op}, in its order. */
    private static final byte[][] ACTIONS = {
            "{\"index\":{\"_index\":\"".getBytes(StandardCharsets.US_ASCII),
            "{\"create\":{\"_index\":\"".getBytes(StandardCharsets.US_ASCII),
            "{\"update\":{\"_index\":\"".getBytes(StandardCharsets.US_ASCII)};

    static byte[] ndjson(List<BulkEntry> entries) {
        int size = 0;
        for (BulkEntry e : entries) {
            size += e.document().length + e.index().length() + e.id().length() + 40
                    + (e.upsert() == null ? 0 : e.upsert().length + 40);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(size);
        JsonStringEncoder quote = JsonStringEncoder.getInstance();
        for (BulkEntry e : entries) {
            body.writeBytes(ACTIONS[e.op().ordinal()]);
            body.writeBytes(quote.quoteAsUTF8(e.index()));
            body.writeBytes("\",\"_id\":\"".getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(quote.quoteAsUTF8(e.id()));
            switch (e.op()) {
                case INDEX, CREATE -> {
                    body.writeBytes("\"}}\n".getBytes(StandardCharsets.US_ASCII));
                    body.writeBytes(e.document());
                }
                case UPDATE -> {
                    // Merged into the stored document, so fields others own (the console's triage) survive.
                    body.writeBytes("\",\"retry_on_conflict\":3}}\n{\"doc\":".getBytes(StandardCharsets.US_ASCII));
                    body.writeBytes(e.document());
                    if (e.upsert().length > 0) {
                        body.writeBytes(",\"upsert\":".getBytes(StandardCharsets.US_ASCII));
                        body.writeBytes(e.upsert());
                    }
                    body.writeBytes("}".getBytes(StandardCharsets.US_ASCII));
                }
            }
            body.writeBytes(NEWLINE);
        }
        return body.toByteArray();
    }

    @Override
    protected long getSizeInBytes(BulkEntry entry) {
        return entry.document().length + (entry.upsert() == null ? 0 : entry.upsert().length) + 64L;
    }

    @Override
    public void close() {
        super.close();
        retries.shutdownNow();
        try {
            client.close();
        } catch (IOException e) {
            LOG.warn("closing the Elasticsearch client failed", e);
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
