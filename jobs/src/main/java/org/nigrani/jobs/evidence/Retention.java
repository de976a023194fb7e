package org.nigrani.jobs.evidence;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.elasticsearch.client.RestClient;
import org.nigrani.evidence.EvidenceStore;
import org.nigrani.evidence.RetentionPolicy;
import org.nigrani.evidence.RetentionPolicy.Decision;
import org.nigrani.evidence.RetentionPolicy.Link;
import org.nigrani.evidence.StoredItem;

/**
 * Removes stored evidence whose incidents are past their retention rule, leaving a {@code removed} tombstone in the
 * custody log and marking the item removed on every post that pointed at it.
 *
 * <p>Each captured item is decided by {@link RetentionPolicy#decide} from the incidents of the posts linking it. A
 * removal goes: tombstone, then delete, then mark. A crash between the steps then leaves a tombstone for bytes that
 * may still be there, which the next run sees and completes; never bytes gone without a tombstone saying why. An item
 * that already has its tombstone is not decided again: the run only finishes its delete and marking.
 */
public final class Retention {

    /** Items decided together (their posts and incidents read in a few requests), and posts read per request. */
    static final int PAGE = 200;

    /** One item removed (or, in a dry run, that would be). */
    public record Removal(String sha256, long size, String rule, String incident, int posts) {}

    /** One item the run could not handle, and why. */
    public record Failure(String sha256, String reason) {}

    /**
     * What a run did.
     *
     * @param checked distinct captured items looked at
     * @param kept items kept by the policy, {@code unlinked} of them because no post links them any more
     * @param alreadyRemoved items with a tombstone from an earlier run, {@code completed} of them finished by this one
     * @param bytesFreed bytes deleted from the store (in a dry run: that would be)
     */
    public record Summary(boolean dryRun, int checked, int kept, int unlinked, int alreadyRemoved, int completed,
            List<Removal> removed, long bytesFreed, List<Failure> errors) {

        public Summary {
            removed = List.copyOf(removed);
            errors = List.copyOf(errors);
        }
    }

    private final EvidenceStore store;
    private final RetentionPolicy policy;
    private final Clock clock;
    private final CustodyLog log;
    private final LinkedPosts posts;
    private final IncidentStatuses incidents;
    private final int pageSize;

    public Retention(RestClient client, EvidenceStore store, RetentionPolicy policy, Clock clock) {
        this(client, store, policy, clock, PAGE);
    }

    /** With a smaller page, so that tests page with a handful of items. */
    Retention(RestClient client, EvidenceStore store, RetentionPolicy policy, Clock clock, int pageSize) {
        this.pageSize = pageSize;
        ElasticCalls es = new ElasticCalls(Objects.requireNonNull(client, "client"));
        this.store = Objects.requireNonNull(store, "store");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = new CustodyLog(es);
        this.posts = new LinkedPosts(es, pageSize);
        this.incidents = new IncidentStatuses(es);
    }

    /**
     * Goes through every captured item once.
     *
     * @param dryRun decide and report, but change nothing
     * @throws IOException when Elasticsearch cannot be read; a failure on one item is in the summary instead
     */
    public Summary sweep(boolean dryRun) throws IOException {
        Instant now = clock.instant();
        Tally tally = new Tally();
        posts.refresh();
        CustodyLog.Page page = log.captured(null, pageSize);
        while (!page.items().isEmpty()) {
            sweepPage(page.items(), now, dryRun, tally);
            if (page.after() == null) {
                break;
            }
            page = log.captured(page.after(), pageSize);
        }
        return new Summary(dryRun, tally.checked, tally.kept, tally.unlinked, tally.alreadyRemoved, tally.completed,
                tally.removed, tally.bytesFreed, tally.errors);
    }

    private void sweepPage(List<CustodyLog.Captured> items, Instant now, boolean dryRun, Tally tally) throws IOException {
        List<String> hashes = items.stream().map(CustodyLog.Captured::sha256).toList();
        Map<String, CustodyLog.Tombstone> tombstones = log.tombstones(hashes);
        List<LinkedPosts.Post> linking = posts.linking(hashes);
        Set<String> incidentIds = new LinkedHashSet<>();
        linking.stream().map(LinkedPosts.Post::incident).filter(Objects::nonNull).forEach(incidentIds::add);
        Map<String, Link> statuses = incidents.of(incidentIds);
        for (CustodyLog.Captured item : items) {
            tally.checked++;
            List<LinkedPosts.Post> mine = linking.stream().filter(p -> p.links(item.sha256())).toList();
            try {
                CustodyLog.Tombstone tombstone = tombstones.get(item.sha256());
                if (tombstone != null) {
                    tally.alreadyRemoved++;
                    if (!dryRun && complete(item.sha256(), tombstone, mine, tally)) {
                        tally.completed++;
                    }
                    continue;
                }
                List<Link> links = mine.stream()
                        .map(p -> p.incident() == null ? new Link(null, null, null)
                                : statuses.getOrDefault(p.incident(), new Link(p.incident(), null, null)))
                        .distinct().toList();
                Decision decision = policy.decide(links, now);
                if (!decision.remove()) {
                    tally.kept++;
                    tally.unlinked += mine.isEmpty() ? 1 : 0;
                    continue;
                }
                remove(item, decision, mine, now, dryRun, tally);
            } catch (IOException | RuntimeException e) {
                tally.errors.add(new Failure(item.sha256(), e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        }
    }

    private void remove(CustodyLog.Captured item, Decision decision, List<LinkedPosts.Post> linking, Instant now,
            boolean dryRun, Tally tally) throws IOException {
        Optional<StoredItem> stored = store.describe(item.sha256());
        long size = stored.map(StoredItem::size).orElse(item.size());
        if (dryRun) {
            tally.removed.add(new Removal(item.sha256(), size, decision.rule(), decision.incident(), linking.size()));
            tally.bytesFreed += stored.map(StoredItem::size).orElse(0L);
            return;
        }
        // Tombstone first: should the run stop after it, the next run finds it and finishes the removal.
        log.writeTombstone(item.sha256(), now, decision.incident(), size,
                stored.map(StoredItem::contentType).orElse(null), decision.rule());
        if (store.delete(item.sha256())) {
            tally.bytesFreed += stored.map(StoredItem::size).orElse(0L);
        }
        // Marking last: a post saying "removed" while the bytes are still there would be the one wrong state.
        for (LinkedPosts.Post post : linking) {
            posts.markRemoved(post, item.sha256(), reason(decision.rule()), now);
        }
        tally.removed.add(new Removal(item.sha256(), size, decision.rule(), decision.incident(), linking.size()));
    }

    /**
     * Finishes a removal an earlier run began: deletes the bytes if still there and marks the posts. Bytes captured
     * again after the tombstone (a new post sharing the removed media) are left alone.
     *
     * @return whether anything was left to do
     */
    private boolean complete(String sha256, CustodyLog.Tombstone tombstone, List<LinkedPosts.Post> linking, Tally tally)
            throws IOException {
        if (linking.stream().anyMatch(p -> p.capturedAfter(sha256, tombstone.at()))) {
            return false;
        }
        boolean done = false;
        Optional<StoredItem> stored = store.describe(sha256);
        if (store.delete(sha256)) {
            tally.bytesFreed += stored.map(StoredItem::size).orElse(0L);
            done = true;
        }
        for (LinkedPosts.Post post : linking) {
            // Only posts the search shows unmarked: a daily rerun must not read every post of every removed item again.
            done |= post.unmarked(sha256) && posts.markRemoved(post, sha256, reason(tombstone.detail()), tombstone.at()) > 0;
        }
        return done;
    }

    static String reason(String rule) {
        return "retention: " + rule;
    }

    /** Counts kept while a run goes. */
    private static final class Tally {
        int checked;
        int kept;
        int unlinked;
        int alreadyRemoved;
        int completed;
        long bytesFreed;
        final List<Removal> removed = new ArrayList<>();
        final List<Failure> errors = new ArrayList<>();
    }
}
