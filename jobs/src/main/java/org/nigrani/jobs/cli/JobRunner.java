package org.nigrani.jobs.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.nigrani.jobs.Environments;
import org.nigrani.jobs.MonitorJob;
import org.nigrani.jobs.settings.JobSettings;

/** Runs the job in a local MiniCluster, showing progress from the job's own counters, and sums it up. */
final class JobRunner {

    /** What a run did, from the job's counters. */
    record Summary(long read, long flagged, long deadLettered, long indexed, long indexRetries, Duration took, Duration netRuntime) {
        double postsPerSecond() {
            return read / Math.max(1e-9, took.toNanos() / 1e9);
        }
    }

    private JobRunner() {}

    static Summary run(MonitorJob job, JobSettings settings, long expectedLines, PrintStream out) throws Exception {
        LocalMetrics.reset();
        Configuration conf = Environments.configuration(settings);
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, settings.parallelism());
        LocalMetrics.register(conf);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(settings.parallelism(), conf);
        Environments.configure(env, settings);
        long begin = System.nanoTime();
        JobClient client = job.executeAsync(env);
        // Poll the result, not the status: a local MiniCluster shuts down as soon as the job ends.
        CompletableFuture<JobExecutionResult> result = client.getJobExecutionResult();
        boolean terminal = System.console() != null;
        try (ProgressBar bar = terminal ? new ProgressBarBuilder().setTaskName("Posts").setInitialMax(expectedLines)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build() : null) {
            long lastPlain = System.nanoTime();
            while (!result.isDone()) {
                Thread.sleep(200);
                long read = LocalMetrics.total("nigraniPostsRead");
                String extra = String.format("flagged %,d · dead-lettered %,d · indexed %,d",
                        LocalMetrics.total("nigraniPostsFlagged"), LocalMetrics.total("nigraniPostsDeadLettered"),
                        LocalMetrics.total("nigraniDocsIndexed"));
                if (bar != null) {
                    bar.stepTo(read);
                    bar.setExtraMessage(" " + extra);
                } else if (System.nanoTime() - lastPlain > 2_000_000_000L) {
                    lastPlain = System.nanoTime();
                    out.printf("  read %,d%s · %s%n", read, expectedLines > 0 ? " of " + String.format("%,d", expectedLines) : "", extra);
                }
            }
            if (bar != null) {
                bar.stepTo(LocalMetrics.total("nigraniPostsRead"));
            }
        }
        long net = result.get().getNetRuntime();
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        return new Summary(LocalMetrics.total("nigraniPostsRead"), LocalMetrics.total("nigraniPostsFlagged"),
                LocalMetrics.total("nigraniPostsDeadLettered"), LocalMetrics.total("nigraniDocsIndexed"),
                LocalMetrics.total("nigraniIndexRetries"), took, Duration.ofMillis(net));
    }

    /** Non-blank lines in a file, or in every file of a folder: the progress bar's end. */
    static long countLines(Path path) {
        try (Stream<Path> files = Files.isDirectory(path) ? Files.list(path) : Stream.of(path)) {
            long n = 0;
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                try (Stream<String> lines = Files.lines(f, java.nio.charset.StandardCharsets.ISO_8859_1)) {
                    n += lines.filter(l -> !l.isBlank()).count();
                }
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read input " + path, e);
        }
    }
}
