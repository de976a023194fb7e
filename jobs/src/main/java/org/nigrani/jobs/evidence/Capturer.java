package org.nigrani.jobs.evidence;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.nigrani.evidence.CaptureSettings;
import org.nigrani.evidence.EvidenceSettings;
import org.nigrani.evidence.EvidenceStore;
import org.nigrani.evidence.FetchOutcome;
import org.nigrani.evidence.IssuedTimestamp;
import org.nigrani.evidence.SafeFetcher;
import org.nigrani.evidence.Sha256;
import org.nigrani.evidence.StoredItem;
import org.nigrani.evidence.TimestampException;
import org.nigrani.evidence.TimestampVerdict;
import org.nigrani.evidence.Timestamps;
import org.nigrani.jobs.Post;
import org.nigrani.jobs.source.x.PostLines;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one flagged post as evidence: its video (the variant the feed chose, the best one on X) and preview image or
 * its photos, fetched under the safe-fetch policy, and the post as received. Each distinct content is stored once
 * (the store is addressed by SHA-256), and a trusted timestamp is asked for only when none is kept for it yet.
 *
 * <p>Blocking: the job runs it on worker threads of its own, beside the main path. Thread-safe: workers share it.
 * A re-share storm names one media URL in hundreds of posts, so a URL being fetched is not fetched again by another
 * worker (it waits for the first), and a URL captured recently is linked without fetching.
 */
public final class Capturer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Capturer.class);

    /** X allows four media per post, each a video and a preview: more than this is not a real post. */
    static final int MAX_URLS = 8;
    private static final int RECENT_URLS = 10_000;
    private static final String SNAPSHOT_TYPE = "application/json";

    /** Opens a capturer on a task manager; serialisable, so the job's graph can carry it. */
    @FunctionalInterface
    public interface Factory extends Serializable {
        Capturer open(CaptureSettings settings) throws IOException;

        /** The store and TSA of {@code settings}, fetching under its policy from the public internet only. */
        static Factory of(EvidenceSettings settings) {
            return capture -> new Capturer(capture, settings.openStore(), new SafeFetcher(capture.fetch()), Clock.systemUTC());
        }
    }

    /** One thing to fetch for a post. */
    record Planned(String kind, String url) {}

    private final EvidenceStore store;
    private final SafeFetcher fetcher;
    private final Timestamps timestamps;
    private final Clock clock;
    private final Path incoming;
    private final Map<String, CompletableFuture<EvidenceItem>> inFlight = new ConcurrentHashMap<>();
    private final Map<String, EvidenceItem> recent = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, EvidenceItem> eldest) {
            return size() > RECENT_URLS;
        }
    });
    // Two URLs can carry the same bytes at the same moment: one lock per hash prefix makes "stored, then stamped"
    // one step, so the second finds the token and does not ask for another.
    private final Object[] hashLocks = new Object[64];

    public Capturer(CaptureSettings settings, EvidenceStore store, SafeFetcher fetcher, Clock clock) throws IOException {
        this.store = store;
        this.fetcher = fetcher;
        this.timestamps = settings.tsa() == null ? null : new Timestamps(settings.tsa(), settings.tsaTimeout());
        this.clock = clock;
        this.incoming = Files.createTempDirectory("nigrani-evidence-");
        for (int i = 0; i < hashLocks.length; i++) {
            hashLocks[i] = new Object();
        }
    }

    /** What a post offers to keep: video and preview, or photos, each URL once, then the snapshot. */
    static List<Planned> plan(Post post) {
        List<Planned> plan = new ArrayList<>(mediaPlan(post));
        plan.add(new Planned("snapshot", post.url()));
        return plan;
    }

    /** The media of {@link #plan}: everything but the snapshot. */
    static List<Planned> mediaPlan(Post post) {
        Map<String, String> urls = new LinkedHashMap<>();
        for (Post.Media m : post.media()) {
            if (m.url() != null) {
                urls.putIfAbsent(m.url(), m.moving() ? "video" : "image");
            }
            if (m.previewUrl() != null) {
                urls.putIfAbsent(m.previewUrl(), "image");
            }
        }
        List<Planned> plan = new ArrayList<>();
        urls.forEach((url, kind) -> {
            if (plan.size() < MAX_URLS) {
                plan.add(new Planned(kind, url));
            }
        });
        return plan;
    }

    /** The post's media, fetched and kept; each failure is recorded as the item's status. */
    public List<EvidenceItem> media(Post post) {
        return mediaPlan(post).stream().map(p -> media(post.platform(), p)).toList();
    }

    /** Every planned item recorded as not captured, for {@code reason} (busy, timeout). */
    static List<EvidenceItem> notCaptured(Post post, String reason, Instant at) {
        return notCaptured(plan(post), reason, at);
    }

    static List<EvidenceItem> notCaptured(List<Planned> plan, String reason, Instant at) {
        return plan.stream().map(p -> EvidenceItem.notCaptured(p.kind(), p.url(), "failed", reason, at)).toList();
    }

    private EvidenceItem media(String platform, Planned p) {
        EvidenceItem known = recent.get(p.url());
        if (known != null) {
            return known.reusedAs(p.kind(), p.url());
        }
        CompletableFuture<EvidenceItem> mine = new CompletableFuture<>();
        CompletableFuture<EvidenceItem> other = inFlight.putIfAbsent(p.url(), mine);
        if (other != null) {
            // The other worker fetches it itself, never queued behind us, so waiting cannot deadlock.
            EvidenceItem item = other.join();
            return item.captured() ? item.reusedAs(p.kind(), p.url()) : item;
        }
        try {
            EvidenceItem item = fetchAndStore(platform, p);
            if (item.captured()) {
                recent.put(p.url(), item);
            }
            mine.complete(item);
            return item;
        } catch (RuntimeException | Error e) {
            mine.complete(EvidenceItem.notCaptured(p.kind(), p.url(), "failed", "error: " + e, clock.instant()));
            throw e;
        } finally {
            inFlight.remove(p.url(), mine);
        }
    }

    private EvidenceItem fetchAndStore(String platform, Planned p) {
        Path target = incoming.resolve(java.util.UUID.randomUUID() + ".part");
        FetchOutcome o = fetcher.fetch(platform, p.url(), target);
        try {
            if (!o.captured()) {
                return new EvidenceItem(p.kind(), p.url(), o.finalUrl(), o.status().name().toLowerCase(java.util.Locale.ROOT),
                        o.reason(), null, o.size(), o.contentType(), o.fetchedAt(), null, false);
            }
            return keep(p.kind(), p.url(), o.finalUrl(), o.file(), o.sha256(), o.contentType(), o.fetchedAt());
        } finally {
            deleteQuietly(target);
            if (o.file() != null) {
                deleteQuietly(o.file());
            }
        }
    }

    /** The post as received, kept. */
    public EvidenceItem snapshot(Post post) {
        byte[] json = post.received() != null ? post.received().json() : PostLines.write(post);
        Instant at = clock.instant();
        Path file = incoming.resolve(java.util.UUID.randomUUID() + ".json");
        try {
            Files.write(file, json);
            return keep("snapshot", post.url(), null, file, Sha256.hex(new ByteArrayInputStream(json)), SNAPSHOT_TYPE, at);
        } catch (IOException e) {
            return EvidenceItem.notCaptured("snapshot", post.url(), "failed", "store: " + e.getMessage(), at);
        } finally {
            deleteQuietly(file);
        }
    }

    private EvidenceItem keep(String kind, String url, String finalUrl, Path file, String sha256, String type, Instant at) {
        synchronized (hashLocks[Math.floorMod(sha256.hashCode(), hashLocks.length)]) {
            StoredItem stored;
            try {
                stored = store.put(file, sha256, type);
            } catch (IOException | RuntimeException e) {
                return new EvidenceItem(kind, url, finalUrl, "failed", "store: " + e.getMessage(), null, 0, type, at, null, false);
            }
            return new EvidenceItem(kind, url, finalUrl, EvidenceItem.CAPTURED, null, stored.sha256(), stored.size(),
                    stored.contentType(), at, stamp(stored), !stored.alreadyPresent());
        }
    }

    /** The token kept for the item, or a new one when none is kept (new bytes, or an earlier request failed). */
    private EvidenceItem.Stamp stamp(StoredItem stored) {
        Optional<byte[]> kept;
        try {
            kept = stored.alreadyPresent() ? store.token(stored.sha256()) : Optional.empty();
        } catch (IOException e) {
            kept = Optional.empty();
        }
        if (kept.isPresent()) {
            TimestampVerdict v = Timestamps.verify(kept.get(), stored.sha256(), List.of());
            return new EvidenceItem.Stamp("granted", v.genTime(), v.tsaName(), v.valid() ? null : v.reason());
        }
        if (timestamps == null) {
            return EvidenceItem.Stamp.OFF;
        }
        try {
            IssuedTimestamp t = timestamps.request(stored.sha256());
            store.putToken(stored.sha256(), t.token());
            return new EvidenceItem.Stamp("granted", t.genTime(), t.tsaName(), null);
        } catch (TimestampException | IOException e) {
            return new EvidenceItem.Stamp("failed", null, timestamps.tsa().toString(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new EvidenceItem.Stamp("failed", null, timestamps.tsa().toString(), "interrupted");
        }
    }

    // A leftover temporary file costs disk, not evidence: say so and go on.
    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Cannot delete the temporary evidence file {}: {}", file, e.toString());
        }
    }

    @Override
    public void close() throws IOException {
        fetcher.close();
        store.close();
        try (var left = Files.list(incoming)) {
            for (Path p : (Iterable<Path>) left::iterator) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(incoming);
    }
}
