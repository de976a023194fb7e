package org.nigrani.jobs.evidence;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.nigrani.evidence.CaptureSettings;
import org.nigrani.jobs.Post;
import org.nigrani.jobs.incident.IncidentPost;

/**
 * Captures flagged posts' evidence on worker threads of its own, so a slow media host holds a worker, never the job.
 *
 * <p>Two lanes: media on {@code evidence.workers} threads, snapshots on a lane of their own, so a storm of slow
 * media hosts never keeps the posts themselves from being kept. Each lane's queue is bounded and, together, smaller
 * than the async operator's capacity: when a lane's queue is full, its part of a post is recorded at once as not
 * captured ({@code busy}) instead of blocking the operator, which would hold up the incident tracker it shares its
 * input with.
 */
public final class CaptureEvidence extends RichAsyncFunction<IncidentPost, PostEvidence> {

    /** Snapshots are one small local write (or one put to a bucket) each. */
    static final int SNAPSHOT_THREADS = 2;
    /** Snapshots are quick, so more of them may wait: a storm that fills the media queue still has its posts kept. */
    static final int SNAPSHOT_QUEUE_FACTOR = 4;

    private final CaptureSettings settings;
    private final Capturer.Factory capturers;
    private transient Capturer capturer;
    private transient ThreadPoolExecutor media;
    private transient ThreadPoolExecutor snapshots;
    private transient Counter busy;

    public CaptureEvidence(CaptureSettings settings, Capturer.Factory capturers) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.capturers = Objects.requireNonNull(capturers, "capturers");
    }

    /** The async operator's capacity: every post a lane's threads hold or its queue keeps, and room to hand results on. */
    public static int capacity(CaptureSettings settings) {
        return settings.workers() + settings.queue() + SNAPSHOT_THREADS + SNAPSHOT_QUEUE_FACTOR * settings.queue() + 16;
    }

    /** How long one post's capture may take before it is recorded as timed out: past every item's own deadline. */
    public static Duration timeout(CaptureSettings settings) {
        return settings.worstCase(Capturer.MAX_URLS + 1);
    }

    @Override
    public void open(OpenContext context) throws Exception {
        capturer = capturers.open(settings);
        media = lane("evidence-media-", settings.workers(), settings.queue());
        snapshots = lane("evidence-snapshot-", SNAPSHOT_THREADS, SNAPSHOT_QUEUE_FACTOR * settings.queue());
        busy = getRuntimeContext().getMetricGroup().counter("evidenceBusy");
    }

    private static ThreadPoolExecutor lane(String name, int threads, int waiting) {
        AtomicInteger n = new AtomicInteger();
        BlockingQueue<Runnable> queue = waiting == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(waiting);
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, queue, r -> {
            Thread t = new Thread(r, name + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void asyncInvoke(IncidentPost p, ResultFuture<PostEvidence> result) {
        Post post = p.post().flagged().post();
        List<Capturer.Planned> mediaPlan = Capturer.mediaPlan(post);
        CompletableFuture<List<EvidenceItem>> kept = mediaPlan.isEmpty()
                ? CompletableFuture.completedFuture(List.of())
                : on(media, () -> capturer.media(post), mediaPlan);
        CompletableFuture<List<EvidenceItem>> snapshot =
                on(snapshots, () -> List.of(capturer.snapshot(post)), List.of(new Capturer.Planned("snapshot", post.url())));
        kept.thenCombine(snapshot, (m, s) -> {
            List<EvidenceItem> items = new ArrayList<>(m);
            items.addAll(s);
            return items;
        }).thenAccept(items -> result.complete(List.of(evidence(p, items))));
    }

    /** {@code work} on {@code lane}; if its queue is full, or the work fails, the planned items say why. */
    private CompletableFuture<List<EvidenceItem>> on(ThreadPoolExecutor lane, Supplier<List<EvidenceItem>> work,
            List<Capturer.Planned> planned) {
        try {
            return CompletableFuture.supplyAsync(work, lane)
                    .exceptionally(e -> Capturer.notCaptured(planned, "error: " + (e.getCause() == null ? e : e.getCause()),
                            Clock.systemUTC().instant()));
        } catch (RejectedExecutionException e) {
            busy.inc();
            return CompletableFuture.completedFuture(Capturer.notCaptured(planned, "busy: " + lane.getMaximumPoolSize()
                    + " threads and a queue of " + (lane.getQueue().size() + lane.getQueue().remainingCapacity())
                    + " were all taken", Clock.systemUTC().instant()));
        }
    }

    @Override
    public void timeout(IncidentPost p, ResultFuture<PostEvidence> result) {
        // A safety net past every item's own deadline: recorded, never a failed job.
        Post post = p.post().flagged().post();
        result.complete(List.of(evidence(p, Capturer.notCaptured(post, "timeout: the capture took longer than "
                + timeout(settings), Clock.systemUTC().instant()))));
    }

    private static PostEvidence evidence(IncidentPost p, List<EvidenceItem> items) {
        Post post = p.post().flagged().post();
        return new PostEvidence(post.documentId(), post.id(), post.createdAt(), p.incidentId(), post.source().path(), items);
    }

    @Override
    public void close() throws Exception {
        for (ThreadPoolExecutor lane : new ThreadPoolExecutor[] {media, snapshots}) {
            if (lane != null) {
                lane.shutdownNow();
                lane.awaitTermination(10, TimeUnit.SECONDS);
            }
        }
        if (capturer != null) {
            capturer.close();
        }
    }
}
