package org.nigrani.jobs.cli;

import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A Flink metric reporter that keeps the job's own counters readable in the same JVM, summed over subtasks.
 *
 * <p>It exists for the command line's progress bar and summary when the job runs in a local MiniCluster, where
 * reading the counters directly is live and free; on a cluster, use any of Flink's reporters instead.
 */
public final class LocalMetrics implements MetricReporter {

    static final String PREFIX = "nigrani";
    private static final Map<String, Set<Counter>> LIVE = new ConcurrentHashMap<>();
    private static final Map<String, AtomicLong> FINISHED = new ConcurrentHashMap<>();

    /** Registers this reporter in a MiniCluster configuration. */
    static void register(Configuration conf) {
        conf.setString("metrics.reporter.nigrani_local.factory.class", Factory.class.getName());
        conf.setString("metrics.reporter.nigrani_local.interval", "1 s");
    }

    /** The counter's total so far over every subtask, including finished ones. */
    static long total(String name) {
        long sum = FINISHED.getOrDefault(name, new AtomicLong()).get();
        for (Counter c : LIVE.getOrDefault(name, Set.of())) {
            sum += c.getCount();
        }
        return sum;
    }

    /** Forgets every count, before a new run in the same JVM. */
    static void reset() {
        LIVE.clear();
        FINISHED.clear();
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        if (metric instanceof Counter counter && name.startsWith(PREFIX)) {
            LIVE.computeIfAbsent(name, n -> ConcurrentHashMap.newKeySet()).add(counter);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        if (metric instanceof Counter counter && name.startsWith(PREFIX)) {
            Set<Counter> live = LIVE.get(name);
            if (live != null && live.remove(counter)) {
                FINISHED.computeIfAbsent(name, n -> new AtomicLong()).addAndGet(counter.getCount());
            }
        }
    }

    /** Flink creates reporters through a factory found by the service loader. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new LocalMetrics();
        }
    }
}
