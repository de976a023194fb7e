package org.nigrani.jobs.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.nigrani.jobs.index.BulkEntry;

/**
 * A sink that keeps what it receives in memory, under a name, for tests that count writes rather than read an
 * index. Static storage, because Flink serialises the sink into the job.
 */
public final class CollectingSink implements Sink<BulkEntry> {

    private static final Map<String, ConcurrentLinkedQueue<BulkEntry>> RECEIVED = new ConcurrentHashMap<>();

    private final String name;

    public CollectingSink(String name) {
        this.name = name;
        RECEIVED.put(name, new ConcurrentLinkedQueue<>());
    }

    public List<BulkEntry> received() {
        return new ArrayList<>(RECEIVED.get(name));
    }

    @Override
    public SinkWriter<BulkEntry> createWriter(WriterInitContext context) {
        ConcurrentLinkedQueue<BulkEntry> queue = RECEIVED.get(name);
        return new SinkWriter<>() {
            @Override
            public void write(BulkEntry element, Context ctx) {
                queue.add(element);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
