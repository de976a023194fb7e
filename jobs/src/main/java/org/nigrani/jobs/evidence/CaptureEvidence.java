package org.nigrani.jobs.evidence;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * <p>The workers' queue is bounded and smaller than the async operator's capacity: when it is full, a post is
 * recorded at once as not captured ({@code busy}) instead of blocking the operator, which would hold up the incident
 * tracker it shares its input with.
 */
public final class CaptureEvidence extends RichAsyncFunction<IncidentPost, PostEvidence> {

    private final CaptureSettings settings;
    private final Capturer.Factory capturers;
    private transient Capturer capturer;
    private transient ThreadPoolExecutor workers;
    private transient Counter busy;

    public CaptureEvidence(CaptureSettings settings, Capturer.Factory capturers) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.capturers = Objects.requireNonNull(capturers, "capturers");
    }

    /** The async operator's capacity: every post a worker holds or the queue keeps, and room to hand results on. */
    public static int capacity(CaptureSettings settings) {
        return settings.workers() + settings.queue() + 16;
    }

    /** How long one post's capture may take before it is recorded as timed out: past every item's own deadline. */
    public static java.time.Duration timeout(CaptureSettings settings) {
        return settings.worstCase(Capturer.MAX_URLS + 1);
    }

    @Override
    public void open(OpenContext context) throws Exception {
        capturer = capturers.open(settings);
        AtomicInteger n = new AtomicInteger();
        workers = new ThreadPoolExecutor(settings.workers(), settings.workers(), 60, TimeUnit.SECONDS,
                settings.queue() == 0 ? new java.util.concurrent.SynchronousQueue<>() : new ArrayBlockingQueue<>(settings.queue()),
                r -> {
                    Thread t = new Thread(r, "evidence-capture-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        busy = getRuntimeContext().getMetricGroup().counter("evidenceBusy");
    }

    @Override
    public void asyncInvoke(IncidentPost p, ResultFuture<PostEvidence> result) {
        Post post = p.post().flagged().post();
        try {
            workers.execute(() -> {
                List<EvidenceItem> items;
                try {
                    items = capturer.capture(post);
                } catch (RuntimeException e) {
                    items = Capturer.notCaptured(post, "error: " + e, Clock.systemUTC().instant());
                }
                result.complete(List.of(evidence(p, items)));
            });
        } catch (RejectedExecutionException e) {
            busy.inc();
            result.complete(List.of(evidence(p, Capturer.notCaptured(post, "busy: " + settings.workers()
                    + " workers and a queue of " + settings.queue() + " were all taken", Clock.systemUTC().instant()))));
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
        if (workers != null) {
            workers.shutdownNow();
            workers.awaitTermination(10, TimeUnit.SECONDS);
        }
        if (capturer != null) {
            capturer.close();
        }
    }
}
